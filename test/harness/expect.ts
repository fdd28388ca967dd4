/**
 * Assertions the rule specs share: which URNs a policy flagged, at which level, with what words,
 * and that no message holds any part of a credential.
 */
import { strict as assert } from "assert";
import { AnalyzeResult, Diagnostic, Level } from "./analyzer";
import { leakedFragments } from "./fake-credentials";
import { of } from "./pack";

/** How the SDK words a "can't be known during preview" note. */
export const PREVIEW_NOTE = /^can't run policy '([^']+)' from policy pack '[^']+' during preview: /;

/** Violations proper: everything but the "can't run … during preview" notes. */
export function violations(result: AnalyzeResult | Diagnostic[], policy: string): Diagnostic[] {
    return of(result, policy).filter((d) => !PREVIEW_NOTE.test(d.message));
}

/** The "can't run … during preview" notes of a policy. */
export function previewNotes(result: AnalyzeResult | Diagnostic[], policy: string): Diagnostic[] {
    return of(result, policy).filter((d) => PREVIEW_NOTE.test(d.message));
}

/** Asserts exactly these URNs were flagged, each at `level`, each message matching every pattern. */
export function assertFlagged(found: Diagnostic[], urns: string[], level: Level, patterns: RegExp[] = []): void {
    assert.deepEqual(found.map((d) => d.urn).sort(), [...urns].sort(), `flagged: ${found.map((d) => d.message).join("\n")}`);
    for (const d of found) {
        assert.equal(d.enforcementLevel, level);
        for (const pattern of patterns) {
            assert.match(d.message, pattern);
        }
    }
}

/** Asserts the policy said it cannot decide during preview (advisory), naming what it could not know. */
export function assertPreviewNote(result: AnalyzeResult | Diagnostic[], policy: string, patterns: RegExp[] = []): Diagnostic {
    const notes = previewNotes(result, policy);
    assert.equal(notes.length, 1, `expected one preview note, got: ${of(result, policy).map((d) => d.message).join("\n")}`);
    assert.equal(notes[0].enforcementLevel, "advisory");
    assert.ok(notes[0].message.startsWith(`can't run policy '${policy}'`));
    for (const pattern of patterns) {
        assert.match(notes[0].message, pattern);
    }
    return notes[0];
}

/** Asserts no message of the result holds any 8-character run of any secret. */
export function assertNoLeak(result: AnalyzeResult | Diagnostic[], secrets: string[]): void {
    const list = Array.isArray(result) ? result : result.diagnostics;
    assert.deepEqual(leakedFragments(list.map((d) => d.message).join("\n"), secrets), []);
}

/**
 * Violations of a resource policy from one `Analyze` call, attributed to the analyzed resource as the
 * engine does (the SDK leaves `urn` empty there).
 */
export function resourceViolations(result: AnalyzeResult, policy: string, urn: string): Diagnostic[] {
    return violations(result, policy).map((d) => (d.urn === "" ? { ...d, urn } : d));
}
