/**
 * What every conversion of a preview's or an audit's findings shares (SARIF, JUnit, GitLab Code
 * Quality, the baseline, the report): their levels, their fingerprints, the resource a URN names,
 * and one sorted list without repeats, so that every format shows the same findings in the same order.
 */
import type { Result } from "sarif";
import { RULES } from "../../../policies/src/rules";
import { fingerprintOf, levelOfEnforcement } from "../sarif/common";
import { PolicyFinding } from "./events";

/** SDK texts for a policy that could not run on unknown values; they are notes, not violations. */
const PREVIEW_NOTE = /can't run (?:policy|remediation) '[^']*' from policy pack '[^']*' during preview|can't be known during preview/;

export function isPreviewNote(message: string): boolean {
    return PREVIEW_NOTE.test(message);
}

/**
 * "excepted by the policy exception EXC-1: …" for a violation the engine's policy exceptions matched
 * (it then blocks nothing, whatever its level); undefined for any other.
 */
export function exceptionText(finding: PolicyFinding): string | undefined {
    if (finding.exceptions.length === 0) {
        return undefined;
    }
    const named = finding.exceptions.map((e) => `${e.id}: ${e.reason}`).join("; ");
    return `excepted by the policy exception${finding.exceptions.length === 1 ? "" : "s"} ${named}`;
}

/** Notes, remediations and excepted violations block nothing; the rest by their enforcement level. */
export function levelOf(finding: PolicyFinding): Result.level {
    if (finding.kind === "remediation" || isPreviewNote(finding.message) || finding.exceptions.length > 0) {
        return "note";
    }
    return levelOfEnforcement(finding.enforcementLevel);
}

/** The pack's version inside SDK texts ("policy pack 'upstash-guard@v0.1.0'") changes with every release, not with the finding. */
const PACK_VERSION_IN_TEXT = /(policy pack '[^'@]*)@v[^']*'/g;

/** The message as a fingerprint sees it: no pack version, no run of whitespace. */
function stableMessage(message: string): string {
    return message.replace(PACK_VERSION_IN_TEXT, "$1'").replace(/\s+/g, " ").trim();
}

/** Same policy, same resource, same problem → same fingerprint, whatever the run or the pack version. */
function findingFingerprint(finding: PolicyFinding): string {
    return fingerprintOf([finding.kind, finding.policyName, finding.resourceUrn ?? "", stableMessage(finding.message)]);
}

export interface UrnParts {
    type: string;
    name: string;
}

/**
 * `urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`: the resource's own type is the last
 * `$`-separated part of the qualified type; the name is everything after it (names may hold `::`).
 */
export function urnParts(urn: string): UrnParts | undefined {
    const parts = urn.split("::");
    if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) {
        return undefined;
    }
    const qualifiedType = parts[2];
    return { type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
}

const DESCRIPTIONS: ReadonlyMap<string, string> = new Map(RULES.map(({ info }) => [info.name, info.description]));

/**
 * The SDK reports a violation as "<policy description>\n<message>" (`makeReportViolationFun` in
 * @pulumi/policy's server.js). The description is the rule's, already in the SARIF rule; the result
 * keeps the finding's own words, which also keeps fingerprints when a description is reworded.
 */
function withoutDescription(finding: PolicyFinding): PolicyFinding {
    const description = DESCRIPTIONS.get(finding.policyName);
    if (description === undefined || !finding.message.startsWith(`${description}\n`)) {
        return finding;
    }
    return { ...finding, message: finding.message.slice(description.length + 1).trim() };
}

const LEVEL_RANK: Readonly<Record<Result.level, number>> = { error: 0, warning: 1, note: 2, none: 3 };

/**
 * Engine events arrive in the order resources finish analysis, which varies; a report should not.
 * After what the fingerprint reads, the rest breaks ties: of two findings with one fingerprint, the
 * one kept is the most blocking (then by pack and the rest), whatever the input's order.
 */
function sortKey(f: PolicyFinding): string {
    return [f.policyName, f.resourceUrn ?? "", f.kind, f.message, String(LEVEL_RANK[levelOf(f)]), f.policyPackName, f.enforcementLevel, f.severity ?? "", JSON.stringify(f.exceptions)].join("\u0000");
}

/** A finding with the fingerprint every format gives it. */
export interface DistinctFinding extends PolicyFinding {
    fingerprint: string;
}

/**
 * The findings of a preview or an audit in a stable order, each once (a policy may report the same
 * problem twice, and a preview repeats a resource's findings when it is analysed again), with the
 * policy's description taken off their messages.
 */
export function distinctFindings(findings: readonly PolicyFinding[]): DistinctFinding[] {
    const seen = new Set<string>();
    const distinct: DistinctFinding[] = [];
    // Each key is built once: 50,000 findings would otherwise build about two million of them while sorting.
    const keyed = findings.map(withoutDescription).map((finding) => ({ finding, key: sortKey(finding) }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { finding } of keyed) {
        const fingerprint = findingFingerprint(finding);
        if (!seen.has(fingerprint)) {
            seen.add(fingerprint);
            distinct.push({ ...finding, fingerprint });
        }
    }
    return distinct;
}

/** "cache" for a resource's finding, "the stack" for a stack-wide one: how messages name where a finding is. */
export function placeOf(finding: PolicyFinding): string {
    return finding.resourceUrn === undefined ? "the stack" : urnParts(finding.resourceUrn)?.name ?? finding.resourceUrn;
}
