/**
 * The pack guards Pulumi YAML programs too: examples/yaml-many-mistakes, the YAML twin of
 * examples/many-mistakes, under the real engine, the Pulumi YAML language host and the real
 * providers, gives exactly the TypeScript program's findings, on a new and on an existing stack.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { makeExisting } from "./checkpoint";
import { CLIS, PolicyEvent, REPO, Workspace, assertAuditEqualsPreview, cliLabel, findingsOf, notesOf, triples } from "./engine";
import { EXPECTED } from "./expected";

const TWIN = EXPECTED["many-mistakes"];

function split(events: PolicyEvent[]): { findings: string[]; notes: string[] } {
    return {
        findings: triples(findingsOf(events)),
        // Notes of stack checks name the stack resource, `<project>-<stack>`: compare them without it.
        notes: triples(notesOf(events)).map((t) => t.replace(/ \S+-dev /, " <stack> ")),
    };
}

for (const cli of CLIS) describe(`a Pulumi YAML program (runtime: yaml) under the real engine (${cliLabel(cli)})`, function () {
    this.timeout(600_000);
    let ws: Workspace;
    let dir: string;

    before(() => {
        ws = new Workspace(cli);
        dir = ws.program("yaml-many-mistakes", path.join(REPO, "examples", "yaml-many-mistakes"), ["Pulumi.yaml"]);
        ws.initStack(dir, "dev");
    });
    after(() => ws.dispose());

    it("is blocked on its first preview exactly like its TypeScript twin", () => {
        const result = ws.preview(dir, "dev");
        assert.notEqual(result.exitCode, 0);
        const { findings, notes } = split(result.events);
        assert.deepEqual(findings, [...TWIN.findings].sort());
        assert.deepEqual(notes, (TWIN.newStackNotes ?? []).map((t) => t.replace(/ \S+-dev /, " <stack> ")).sort());
    });

    it("is blocked as an existing stack with the same findings and no note, and its audit reports the same", () => {
        makeExisting(ws, dir, "dev");
        const result = ws.preview(dir, "dev");
        assert.deepEqual(result.changes, []);
        assert.notEqual(result.exitCode, 0);
        assert.deepEqual(split(result.events), { findings: [...TWIN.findings].sort(), notes: [] });
        assertAuditEqualsPreview(ws.analyze(dir, { stack: "dev" }), result);
    });
});
