/**
 * Rolling the pack out on a stack that is already deployed, under the real engine, language host
 * and providers: audit the stack (`pulumi policy analyze --json`), baseline the audit with the
 * built `upstash-guard baseline` into the team's existing `--policy-pack-config`, then
 *  1. `pulumi preview --policy-pack ./policies --policy-pack-config <baseline>` of the same program
 *     passes;
 *  2. one new mistake in the program blocks, with exactly that one new finding;
 *  3. with the baseline's expiry moved into the past, every old finding comes back, saying that its
 *     exemption expired.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { leakedFragments } from "../harness/fake-credentials";
import { ExistingStack, makeExisting } from "./checkpoint";
import { CLIS, DUMMY_UPSTASH_API_KEY, PolicyEvent, PreviewResult, REPO, Workspace, cliLabel, findingsOf, notesOf, triples } from "./engine";
import { EXPECTED } from "./expected";

const PROGRAM_FILES = ["Pulumi.yaml", "index.ts"];
const COMMAND = path.join(REPO, "cli", "bin", "upstash-guard.js");
const EXPIRES = "2999-12-31";

/** The team's config before the baseline: a level for all, bare levels and settings, which the baseline must keep. */
const TEAM_CONFIG = `{
  "all": "mandatory",
  "upstash-tls-required": "mandatory",
  "upstash-rate-limit-public-apis": "advisory",
  "upstash-budget-required": { "maxMonthlyBudget": { "production": 500, "default": 50 } }
}
`;

/** The new mistake: a database that sets everything right but its budget. */
const NEW_MISTAKE = `
new upstash.RedisDatabase("sessions", { databaseName: "shop-sessions-dev", region: "global", primaryRegion: "eu-west-1", tls: true });
`;

function mandatory(events: PolicyEvent[]): PolicyEvent[] {
    return findingsOf(events).filter((e) => e.enforcementLevel === "mandatory");
}

for (const cli of CLIS) describe(`a baseline of an audited, deployed stack under the real Pulumi engine (policy analyze → upstash-guard baseline → preview; ${cliLabel(cli)})`, function () {
    this.timeout(1_800_000);
    let ws: Workspace;
    let dir: string;
    let existing: ExistingStack;
    let audit: PreviewResult;
    let baselineFile: string;
    let baselineStderr: string;
    let teamConfig: string;

    function secretsInPlay(): string[] {
        return [DUMMY_UPSTASH_API_KEY, ...existing.secrets];
    }

    before(() => {
        ws = new Workspace(cli);
        dir = ws.program("baselined", path.join(REPO, "examples", "many-mistakes"), PROGRAM_FILES);
        ws.initStack(dir, "dev");
        existing = makeExisting(ws, dir, "dev");
        teamConfig = path.join(ws.root, "team-policy-config.json");
        fs.writeFileSync(teamConfig, TEAM_CONFIG);
        audit = ws.analyze(dir, { stack: "dev" }, teamConfig);
        const auditFile = path.join(ws.root, "audit.jsonl");
        fs.writeFileSync(auditFile, audit.stdout);
        baselineFile = path.join(ws.root, "policy-config.json");
        const args = ["baseline", "--input", auditFile, "--reason", "INC-42: deployed before the pack", "--expires", EXPIRES, "--config", teamConfig, "--output", baselineFile];
        const res = spawnSync(process.execPath, [COMMAND, ...args], { encoding: "utf8" });
        assert.equal(res.status, 0, res.stderr);
        baselineStderr = res.stderr;
    });
    after(() => ws?.dispose());

    it("the audit of the deployed stack finds the example's findings, blocks, and the baseline exempts every blocking one", () => {
        assert.notEqual(audit.exitCode, 0, "policy analyze exits non-zero on mandatory violations");
        assert.deepEqual(triples(findingsOf(audit.events)), [...EXPECTED["many-mistakes"].findings].sort());
        assert.deepEqual(notesOf(audit.events), []);
        type Entry = { enforcementLevel?: string; exemptions?: { resource: string; reason: string; expires: string }[] };
        const config = JSON.parse(fs.readFileSync(baselineFile, "utf8")) as Record<string, Entry>;
        // The team's keys first, in their order, with their values; a bare level became an object with that level.
        assert.deepEqual(Object.keys(config).slice(0, 4), ["all", "upstash-tls-required", "upstash-rate-limit-public-apis", "upstash-budget-required"]);
        assert.equal(config.all, "mandatory");
        assert.equal(config["upstash-tls-required"].enforcementLevel, "mandatory");
        assert.equal(config["upstash-rate-limit-public-apis"], "advisory");
        assert.deepEqual((config["upstash-budget-required"] as { maxMonthlyBudget?: unknown }).maxMonthlyBudget, { production: 500, default: 50 });
        const exempted = Object.entries(config).flatMap(([policy, entry]) => (typeof entry === "object" ? (entry.exemptions ?? []) : []).map((e) => `${policy} ${e.resource}`));
        const blocking = [...new Set(mandatory(audit.events).map((e) => `${e.policyName} ${e.resourceUrn}`))];
        assert.deepEqual(exempted.sort(), blocking.sort());
        assert.ok(Object.values(config).every((entry) => typeof entry !== "object" || (entry.exemptions ?? []).every((e) => e.expires === EXPIRES && e.reason === "INC-42: deployed before the pack")));
        assert.match(baselineStderr, new RegExp(`${blocking.length} exemptions added, expiring ${EXPIRES}`));
        assert.match(baselineStderr, /1 event: advisory: it does not block/);
        assert.deepEqual(leakedFragments(`${fs.readFileSync(baselineFile, "utf8")}\n${baselineStderr}\n${audit.output}`, secretsInPlay()), []);
    });

    it("`upstash-guard sarif` gives the audit the results of the existing stack's preview: same rules, levels, locations, texts, fingerprints", () => {
        const sarifOf = (stdout: string): unknown => {
            const input = path.join(ws.root, `sarif-input-${Math.random().toString(36).slice(2)}.jsonl`);
            fs.writeFileSync(input, stdout);
            const res = spawnSync(process.execPath, [COMMAND, "sarif", "--input", input], { encoding: "utf8" });
            assert.equal(res.status, 0, res.stderr);
            return (JSON.parse(res.stdout) as { runs: { results: unknown[] }[] }).runs[0].results;
        };
        const preview = ws.preview(dir, "dev", teamConfig);
        assert.notEqual(preview.exitCode, 0);
        const results = sarifOf(audit.stdout) as unknown[];
        assert.equal(results.length, findingsOf(audit.events).length, "one result per finding");
        assert.deepEqual(results, sarifOf(preview.stdout));
    });

    it("1. the preview of the same program with the baseline passes: nothing blocks, the advisory finding stays", () => {
        const result = ws.preview(dir, "dev", baselineFile);
        assert.equal(result.exitCode, 0, result.output);
        assert.deepEqual(mandatory(result.events), []);
        assert.deepEqual(triples(findingsOf(result.events)), ["upstash-rate-limit-public-apis web advisory"]);
        assert.deepEqual(result.changes, [], "the existing stack previews with no change");
        // The engine itself prints the imported state of an existing stack; what the pack says is in the events (as in engine.e2e.spec.ts).
        assert.deepEqual(leakedFragments(JSON.stringify(result.events), secretsInPlay()), []);
    });

    it("2. one new mistake in the program blocks, with exactly that one new finding", () => {
        fs.appendFileSync(path.join(dir, "index.ts"), NEW_MISTAKE);
        try {
            const result = ws.preview(dir, "dev", baselineFile);
            assert.notEqual(result.exitCode, 0, result.output);
            assert.deepEqual(triples(mandatory(result.events)), ["upstash-budget-required sessions mandatory"]);
            assert.deepEqual(triples(findingsOf(result.events)), ["upstash-budget-required sessions mandatory", "upstash-rate-limit-public-apis web advisory"]);
            assert.deepEqual(result.changes, ["create sessions"]);
        } finally {
            fs.copyFileSync(path.join(REPO, "examples", "many-mistakes", "index.ts"), path.join(dir, "index.ts"));
        }
    });

    it("3. with the expiry moved into the past, every old finding comes back, saying its exemption expired", () => {
        const expiredFile = path.join(ws.root, "policy-config-expired.json");
        fs.writeFileSync(expiredFile, fs.readFileSync(baselineFile, "utf8").split(`"expires": "${EXPIRES}"`).join('"expires": "2001-01-01"'));
        const result = ws.preview(dir, "dev", expiredFile);
        assert.notEqual(result.exitCode, 0, result.output);
        assert.deepEqual(triples(findingsOf(result.events)), [...EXPECTED["many-mistakes"].findings].sort());
        for (const event of mandatory(result.events)) {
            assert.ok(event.message.includes(`an exemption for '${event.resourceUrn}' expired on 2001-01-01; it no longer applies`), event.message);
        }
    });
});
