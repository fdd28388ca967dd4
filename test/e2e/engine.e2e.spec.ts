/**
 * The pack under the real Pulumi engine, the real Node.js language host and the real Upstash and
 * Vercel providers (all built by scripts/toolchain.sh): every example and the reference stack through
 * `pulumi preview --policy-pack ./policies`, in both states the engine can be in:
 *  1. the first preview of a new stack (the providers' computed outputs unknown);
 *  2. a preview of an existing stack, imported with `pulumi stack import` from a checkpoint built out
 *     of the real providers' planned state (checkpoint.ts), previewed without refresh.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { SHAPES_FILE, recordProviderShapes } from "../../scripts/record-provider-shapes";
import { leakedFragments } from "../harness/fake-credentials";
import { credentialsAmong, makeExisting } from "./checkpoint";
import { CLIS, DUMMY_UPSTASH_API_KEY, PolicyEvent, ProbedRequest, REPO, Workspace, assertAuditEqualsPreview, cliLabel, findingsOf, notesOf, probedRequests, triples } from "./engine";
import { EXPECTED, REFERENCE_NOTES, blocks } from "./expected";
import type { Log } from "sarif";
import { FINGERPRINT_KEY } from "../../cli/src/sarif/common";
import { upstashGuard } from "../cli/helpers";

const PROGRAM_FILES = ["Pulumi.yaml", "index.ts"];
const SECRETS_IN_PLAY = [DUMMY_UPSTASH_API_KEY];

const PROD_HOST = "shop-prod-41823.upstash.io";

function assertAtMostOneNotePerPolicy(events: PolicyEvent[]): void {
    const policies = notesOf(events).map((e) => e.policyName);
    assert.deepEqual(policies, [...new Set(policies)], `more than one preview note for a policy: ${policies.join(", ")}`);
}

for (const cli of CLIS) describe(`under the real Pulumi engine, language host and providers (pulumi preview --policy-pack; ${cliLabel(cli)})`, function () {
    this.timeout(900_000);
    let ws: Workspace;
    let reference: string;

    before(() => {
        ws = new Workspace(cli);
        reference = ws.program("shop", REPO, ["Pulumi.yaml", "stack"]);
    });
    after(() => ws.dispose());

    it("the real providers still hand the pack the shapes the fixtures were recorded from", () => {
        const recorded = JSON.parse(fs.readFileSync(SHAPES_FILE, "utf8")) as unknown;
        assert.deepEqual(recordProviderShapes(ws), recorded, "run `npm run record-shapes` and review the change");
    });

    describe("state 1: first preview of a new stack", () => {
        for (const stack of ["dev", "prod"]) {
            it(`the reference stack passes for ${stack}, with at most one note per policy`, () => {
                ws.initStack(reference, stack);
                const result = ws.preview(reference, stack);
                assert.equal(result.exitCode, 0, result.output);
                assert.deepEqual(triples(result.events), REFERENCE_NOTES(stack).sort());
                assertAtMostOneNotePerPolicy(result.events);
                const tlsNote = notesOf(result.events).find((e) => e.policyName === "upstash-tls-required")?.message ?? "";
                assert.match(tlsNote, /'redis-url' variable UPSTASH_REDIS_REST_URL/);
                assert.match(tlsNote, /'vector-url' variable UPSTASH_VECTOR_REST_URL/);
                assert.deepEqual(leakedFragments(result.output, SECRETS_IN_PLAY), []);
            });
        }

        for (const [name, expected] of Object.entries(EXPECTED)) {
            it(`examples/${name}: ${expected.findings.length} finding(s), deploy ${blocks(expected.findings) ? "blocked" : "allowed"}`, () => {
                const dir = ws.program(name, path.join(REPO, "examples", name), PROGRAM_FILES);
                ws.initStack(dir, "dev");
                const result = ws.preview(dir, "dev");
                assert.deepEqual(triples(findingsOf(result.events)), [...expected.findings].sort());
                assert.deepEqual(triples(notesOf(result.events)), [...(expected.newStackNotes ?? [])].sort());
                assert.equal(result.exitCode !== 0, blocks(expected.findings), `exit code ${result.exitCode}`);
                assert.deepEqual(leakedFragments(result.output, SECRETS_IN_PLAY), []);
            });
        }

        it("examples/tls-unverified: a finding a mandatory policy says at the advisory level reaches the engine as advisory and does not fail the run; no part of the secret URL is shown", () => {
            const dir = ws.program("tls-unverified", path.join(REPO, "examples", "tls-unverified"), PROGRAM_FILES);
            ws.initStack(dir, "dev");
            const exempt = { exemptions: [{ resource: "digest", reason: "moving to https in TASK-12", expires: "2999-01-01" }, { resource: "insecure", reason: "removed in TASK-13", expires: "2999-01-01" }] };
            const result = ws.preview(dir, "dev", { "upstash-tls-required": exempt });
            assert.equal(result.exitCode, 0, result.output);
            assert.deepEqual(triples(findingsOf(result.events)), ["upstash-rate-limit-public-apis web advisory", "upstash-tls-required java-url advisory"]);
            const said = findingsOf(result.events).find((e) => e.policyName === "upstash-tls-required")?.message ?? "";
            assert.match(said, /variable JAVA_REDIS_URL has a URL to the Upstash host eu1-tasks-40412\.upstash\.io with `verifyPeer=CA`: Lettuce then checks the certificate's chain but not that it is the host's/);
            const blocking = ws.preview(dir, "dev");
            const process = findingsOf(blocking.events).find((e) => e.resourceUrn?.endsWith("::insecure"))?.message ?? "";
            assert.match(process, /variable NODE_TLS_REJECT_UNAUTHORIZED sets `NODE_TLS_REJECT_UNAUTHORIZED=0` in an app that gets Upstash values \(CELERY_BROKER_URL, JAVA_REDIS_URL, UPSTASH_REDIS_REST_TOKEN, UPSTASH_REDIS_REST_URL\)/);
            assert.deepEqual(leakedFragments(blocking.output, SECRETS_IN_PLAY), []);
        });

        it("says what the real Upstash provider filled in: the default budget and an unset tls", () => {
            const dir = ws.program("many-mistakes", path.join(REPO, "examples", "many-mistakes"), PROGRAM_FILES);
            ws.initStack(dir, "dev");
            const result = ws.preview(dir, "dev");
            const message = (policy: string) => findingsOf(result.events).find((e) => e.policyName === policy)?.message ?? "";
            assert.match(message("upstash-budget-required"), /RedisDatabase 'cache' sets no `budget`: it relies on the provider's default of 20 USD per month/);
            assert.match(message("upstash-tls-required"), /RedisDatabase 'cache' does not set `tls` \(the provider fills in `false`\)/);
        });

        it("--policy-pack-config changes levels and exemptions", () => {
            const dir = ws.program("configured", path.join(REPO, "examples", "client-exposed-token"), PROGRAM_FILES);
            ws.initStack(dir, "configured");
            const softened = ws.preview(dir, "configured", {
                "upstash-no-client-exposed-credentials": "advisory",
                "upstash-credentials-only-in-secret-env-vars": { enforcementLevel: "advisory" },
            });
            assert.equal(softened.exitCode, 0, softened.output);
            assert.deepEqual(triples(softened.events), [
                "upstash-credentials-only-in-secret-env-vars public-token advisory",
                "upstash-no-client-exposed-credentials public-token advisory",
            ]);
            const exemption = { exemptions: [{ resource: "public-*", reason: "throwaway demo", expires: "2999-01-01" }] };
            const exempt = ws.preview(dir, "configured", { "upstash-no-client-exposed-credentials": exemption, "upstash-credentials-only-in-secret-env-vars": exemption });
            assert.equal(exempt.exitCode, 0, exempt.output);
            assert.deepEqual(exempt.events, []);
            const expired = ws.preview(dir, "configured", { "upstash-no-client-exposed-credentials": { exemptions: [{ resource: "public-token", reason: "old", expires: "2001-01-01" }] } });
            assert.notEqual(expired.exitCode, 0);
            assert.ok(expired.events.some((e) => e.policyName === "upstash-no-client-exposed-credentials" && /expired on 2001-01-01/.test(e.message)));
        });

        it("at `remediate`, the engine applies the pack's fixes: sensitive variables and TLS on", () => {
            const dir = ws.program("remediated", path.join(REPO, "examples", "plain-token-variable"), PROGRAM_FILES);
            ws.initStack(dir, "remediated");
            const result = ws.preview(dir, "remediated", { "upstash-credentials-only-in-secret-env-vars": "remediate" });
            assert.equal(result.exitCode, 0, result.output);
            assert.deepEqual(triples(result.events), []);
            const tls = ws.program("tls-remediated", path.join(REPO, "examples", "tls-off"), PROGRAM_FILES);
            ws.initStack(tls, "remediated");
            const fixed = ws.preview(tls, "remediated", { "upstash-tls-required": "remediate" });
            // The database gets `tls: true`, and the QStash schedule's http:// destination becomes https:// on the same host.
            assert.equal(fixed.exitCode, 0, fixed.output);
            assert.deepEqual(triples(fixed.events), []);
        });

        it("says only what is known: provenance names the database (and the component), not which output; a URL built from it is in the TLS note", () => {
            const message = (name: string, policy: string): string => {
                const dir = ws.program(name, path.join(REPO, "examples", name), PROGRAM_FILES);
                ws.initStack(dir, "dev");
                const result = ws.preview(dir, "dev");
                return result.events.find((e) => e.policyName === policy)?.message ?? "";
            };
            const teamComponent = message("team-component", "upstash-credentials-only-in-secret-env-vars");
            assert.match(teamComponent, /ProjectEnvironmentVariable 'cache-token' variable CACHE_TOKEN carries a credential of RedisDatabase 'cache-db' "shop-dev" \(its restToken, readOnlyRestToken or password; which one is not known until the update\)/);
            const composed = message("composed-redis-url", "upstash-credentials-only-in-secret-env-vars");
            assert.match(composed, /variable CACHE_URL carries a credential of RedisDatabase 'cache' "shop-dev"/);
            assert.doesNotMatch(composed, /REST token/);
            assert.match(message("composed-redis-url", "upstash-tls-required"), /during preview: not yet known, checked again when the update runs: the scheme and query of ProjectEnvironmentVariable 'cache-url' variable CACHE_URL\n?$/);
        });

        it("the same program previewed four times: byte-identical policy events and the same SARIF fingerprints", async () => {
            const dir = ws.program("shared-database", path.join(REPO, "examples", "shared-database"), PROGRAM_FILES);
            ws.initStack(dir, "dev");
            const runs: { events: string[]; fingerprints: string[] }[] = [];
            for (let i = 0; i < 4; i++) {
                const result = ws.preview(dir, "dev");
                const sarif = await upstashGuard(["sarif"], result.stdout);
                assert.equal(sarif.code, 0, sarif.stderr);
                const log = JSON.parse(sarif.stdout) as Log;
                runs.push({
                    // The engine prints each resource's events as it analyses it, an order no pack decides: compare them as a set.
                    events: result.stdout.split("\n").filter((l) => l.includes('"policyEvent"')).map((l) => JSON.stringify((JSON.parse(l) as { policyEvent: unknown }).policyEvent)).sort(),
                    fingerprints: (log.runs[0].results ?? []).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY] ?? "").sort(),
                });
            }
            const shared = runs[0].events.find((e) => e.includes("feeds both production and preview"));
            assert.match(shared ?? "", /deployments: ProjectEnvironmentVariable 'cache-token' variable CACHE_TOKEN \(production\); ProjectEnvironmentVariable 'kv-token' variable KV_REST_API_TOKEN \(preview\); ProjectEnvironmentVariable 'redis-token' variable UPSTASH_REDIS_REST_TOKEN \(production, preview\)\./);
            for (const run of runs.slice(1)) {
                assert.deepEqual(run.events, runs[0].events);
                assert.deepEqual(run.fingerprints, runs[0].fingerprints);
            }
        });

        it("a malformed --policy-pack-config is rejected, naming the key", () => {
            const dir = ws.program("misconfigured", path.join(REPO, "examples", "no-budget"), PROGRAM_FILES);
            ws.initStack(dir, "misconfigured");
            const result = ws.preview(dir, "misconfigured", { "upstash-budget-required": { maxMonthlyBudgets: { default: 10 } } });
            assert.notEqual(result.exitCode, 0);
            assert.match(result.output, /maxMonthlyBudgets/);
        });
    });

    describe("state 2: preview of an existing stack (outputs known)", () => {
        const secretsByProgram = new Map<string, string[]>();
        const deployed = new Map<string, { dir: string; secrets: string[] }>();

        /** An example's `dev` stack, deployed as far as the engine can tell (once per workspace). */
        function deployedExample(name: string): { dir: string; secrets: string[] } {
            const known = deployed.get(name);
            if (known) {
                return known;
            }
            const dir = ws.program(name, path.join(REPO, "examples", name), PROGRAM_FILES);
            ws.initStack(dir, "dev");
            const made = { dir, secrets: credentialsAmong(makeExisting(ws, dir, "dev").secrets) };
            deployed.set(name, made);
            return made;
        }

        before(() => {
            // The reference stack's two stages, deployed as far as the engine can tell (prod is read by dev-reads-prod).
            for (const stack of ["prod", "dev"]) {
                ws.initStack(reference, stack);
                secretsByProgram.set(`shop/${stack}`, makeExisting(ws, reference, stack).secrets);
            }
        });

        for (const stack of ["prod", "dev"]) {
            it(`the reference stack (${stack}) passes with nothing to change and nothing left unsaid, in a preview and in an audit`, () => {
                const result = ws.preview(reference, stack);
                assert.equal(result.exitCode, 0, result.output);
                assert.deepEqual(result.changes, [], "the imported checkpoint should match the program");
                assert.deepEqual(triples(result.events), []);
                const audit = ws.analyze(reference, { stack });
                assertAuditEqualsPreview(audit, result);
                const secrets = [...SECRETS_IN_PLAY, ...(secretsByProgram.get(`shop/${stack}`) ?? [])];
                assert.deepEqual(leakedFragments(JSON.stringify(result.events), secrets), []);
                assert.deepEqual(leakedFragments(audit.output, secrets), []);
            });
        }

        for (const [name, expected] of Object.entries(EXPECTED)) {
            const findings = expected.existingFindings ?? expected.findings;
            it(`examples/${name}: ${expected.existingFindings ? "what the known values say" : "the same findings"}, and no note`, () => {
                const { dir, secrets } = deployedExample(name);
                const result = ws.preview(dir, "dev");
                assert.deepEqual(result.changes, [], "the imported checkpoint should match the program");
                assert.deepEqual(triples(result.events), [...findings].sort());
                assert.equal(result.exitCode !== 0, blocks(findings), `exit code ${result.exitCode}`);
                const audit = ws.analyze(dir, { stack: "dev" });
                assertAuditEqualsPreview(audit, result);
                assert.deepEqual(leakedFragments(JSON.stringify(result.events), [...SECRETS_IN_PLAY, ...secrets]), []);
                assert.deepEqual(leakedFragments(audit.output, [...SECRETS_IN_PLAY, ...secrets]), []);
            });
        }

        it("an audit with stageTag configured judges by the stack name and says so once per stage policy; the preview, which names the stack, does not", () => {
            const { dir } = deployedExample("many-mistakes");
            const config = { "upstash-budget-required": { stageTag: "stage" }, "upstash-separate-database-per-stage": { stageTag: "stage" } };
            const audit = ws.analyze(dir, { stack: "dev" }, config);
            assert.deepEqual(triples(findingsOf(audit.events)), [...EXPECTED["many-mistakes"].findings].sort());
            // v3.248.0 attributes a stack check's note in an audit to no resource; v3.277.0 to the stack.
            assert.deepEqual(notesOf(audit.events).map((e) => `${e.policyName} ${e.enforcementLevel}`).sort(), ["upstash-budget-required advisory", "upstash-separate-database-per-stage advisory"]);
            const stackUrn = "urn:pulumi:dev::many-mistakes::pulumi:pulumi:Stack::many-mistakes-dev";
            assert.deepEqual(notesOf(audit.events).map((e) => e.resourceUrn ?? ""), cli === "newest" ? [stackUrn, stackUrn] : ["", ""]);
            for (const note of notesOf(audit.events)) {
                assert.match(note.message, /the stage was taken from the stack name "dev", not from the stack tag "stage" \(stageTag\), because the engine sent no stack tags/);
            }
            assert.deepEqual(notesOf(ws.preview(dir, "dev", config).events), []);
        });

        if (cli === "newest") {
            it("`pulumi policy analyze --file` of a `pulumi stack export` reports what the audit of the stack reports, with no program and no project", () => {
                const { dir } = deployedExample("many-mistakes");
                const file = path.join(ws.root, "many-mistakes-dev.json");
                ws.must(dir, ["stack", "export", "--stack", "dev", "--file", file]);
                const elsewhere = fs.mkdtempSync(path.join(ws.root, "no-project-"));
                const fromFile = ws.analyze(elsewhere, { file });
                assert.deepEqual(triples(fromFile.events), [...EXPECTED["many-mistakes"].findings].sort(), fromFile.output);
                assert.notEqual(fromFile.exitCode, 0);
                assert.deepEqual(triples(fromFile.events), triples(ws.analyze(dir, { stack: "dev" }).events));
            });
        }

        if (cli === "newest") {
            it("a version 2 --policy-pack-config: its policy exceptions let the audit pass, its events name the exception, every conversion shows those findings as excepted, and its `policies` reach the pack", async () => {
                const { dir } = deployedExample("many-mistakes");
                const plain = ws.analyze(dir, { stack: "dev" });
                const blocking = plain.events.filter((e) => e.enforcementLevel === "mandatory");
                assert.ok(blocking.length > 0 && plain.exitCode !== 0);
                const reason = "accepted until the stage split (TICKET-7)";
                const config = {
                    version: 2,
                    policies: {},
                    exceptions: { "EXC-1": { reason, match: blocking.map((e) => ({ policies: [e.policyName], targets: [e.resourceUrn ?? ""] })) } },
                };
                const excepted = ws.analyze(dir, { stack: "dev" }, config);
                assert.equal(excepted.exitCode, 0, excepted.output);
                assert.deepEqual(triples(excepted.events), triples(plain.events), "the same findings, reported");
                const raw = excepted.stdout.split("\n").filter((l) => l.includes('"policyEvent"')).map((l) => (JSON.parse(l) as { policyEvent: { enforcementLevel: string; exceptions?: unknown } }).policyEvent);
                for (const event of raw) {
                    assert.deepEqual(event.exceptions, event.enforcementLevel === "mandatory" ? [{ id: "EXC-1", reason }] : undefined);
                }
                const junit = await upstashGuard(["junit"], excepted.stdout);
                assert.match(junit.stderr, / 0 failed, \d+ skipped/);
                assert.match(junit.stdout, /<skipped message="excepted by the policy exception EXC-1: accepted until the stage split \(TICKET-7\)">/);
                const gitlab = JSON.parse((await upstashGuard(["gitlab"], excepted.stdout)).stdout) as { severity: string }[];
                assert.deepEqual([...new Set(gitlab.map((i) => i.severity))].sort(), ["critical", "info"], "advisory findings keep their severity");
                const sarif = JSON.parse((await upstashGuard(["sarif"], excepted.stdout)).stdout) as Log;
                const results = sarif.runs[0].results ?? [];
                assert.equal(results.filter((r) => r.level === "error").length, 0);
                assert.equal(results.filter((r) => r.suppressions?.[0]?.justification?.startsWith("excepted by the policy exception EXC-1")).length, blocking.length);
                const fingerprints = (log: Log): string[] => (log.runs[0].results ?? []).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY] ?? "").sort();
                assert.deepEqual(fingerprints(sarif), fingerprints(JSON.parse((await upstashGuard(["sarif"], plain.stdout)).stdout) as Log), "an exception keeps each finding's fingerprint");
                // The pack's own settings of a version 2 file are under `policies`: the engine hands them to the pack as before.
                const settings = ws.analyze(dir, { stack: "dev" }, { version: 2, policies: { "upstash-rate-limit-public-apis": "disabled" } });
                assert.deepEqual(triples(settings.events), triples(plain.events).filter((t) => !t.startsWith("upstash-rate-limit-public-apis ")));
                assert.ok(triples(plain.events).some((t) => t.startsWith("upstash-rate-limit-public-apis ")));
            });
        }

        it("examples/dev-reads-prod: a dev stack reading the prod database through a StackReference is caught by productionHosts", () => {
            const dir = ws.program("dev-reads-prod", path.join(REPO, "examples", "dev-reads-prod"), PROGRAM_FILES);
            ws.initStack(dir, "dev");
            makeExisting(ws, dir, "dev", { readStackReferences: true });
            // A preview does not show the StackReference: the token it read looks pasted in (the note says how to exempt it).
            const readToken = "upstash-no-hardcoded-credentials redis-read-only-token advisory";
            const unconfigured = ws.preview(dir, "dev");
            assert.deepEqual(triples(unconfigured.events), [readToken]);
            const result = ws.preview(dir, "dev", { "upstash-separate-database-per-stage": { productionHosts: [PROD_HOST] } });
            assert.deepEqual(triples(result.events), ["upstash-separate-database-per-stage redis-url mandatory", readToken].sort());
            assert.notEqual(result.exitCode, 0);
        });

        it("examples/dev-reads-prod: an audit sees the StackReference a preview hides, and finds the production host with no productionHosts set", () => {
            const dir = ws.program("dev-reads-prod", path.join(REPO, "examples", "dev-reads-prod"), PROGRAM_FILES);
            const state = JSON.parse(ws.must(dir, ["stack", "export", "--stack", "dev"])) as { deployment: { resources: { type: string; external?: boolean }[] } };
            assert.ok(state.deployment.resources.some((r) => r.type === "pulumi:pulumi:StackReference" && r.external === true), "the state holds the StackReference");
            const audit = ws.analyze(dir, { stack: "dev" });
            // The token came from the reference, an origin: not hard-coded, but production's.
            assert.deepEqual(triples(audit.events), ["upstash-separate-database-per-stage redis-read-only-token mandatory", "upstash-separate-database-per-stage redis-url mandatory"], audit.output);
            const said = (name: string) => audit.events.find((e) => e.resourceUrn?.endsWith(`::${name}`))?.message ?? "";
            assert.match(said("redis-url"), /read from the production stack "prod" through the StackReference organization\/shop\/prod \(its outputs\.cacheEndpoint\)/);
            assert.match(said("redis-read-only-token"), /uses a production database credential, read from the production stack "prod" through the StackReference organization\/shop\/prod \(its outputs\.cacheReadOnlyToken\)/);
            assert.notEqual(audit.exitCode, 0);
            // With productionHosts listing the same host, the field is reported once, as a preview reports it.
            const configured = ws.analyze(dir, { stack: "dev" }, { "upstash-separate-database-per-stage": { productionHosts: [PROD_HOST] } });
            assert.deepEqual(triples(configured.events), ["upstash-separate-database-per-stage redis-read-only-token mandatory", "upstash-separate-database-per-stage redis-url mandatory"]);
        });

        it("pins down what the engine shows a policy pack (pulumi/pulumi#3950 and provenance)", () => {
            const dir = ws.program("engine-facts", path.join(REPO, "examples", "engine-facts"), PROGRAM_FILES);
            ws.initStack(dir, "dev");
            ws.must(dir, ["config", "set", "plain", "plain-config-value", "--stack", "dev"]);
            ws.must(dir, ["config", "set", "--secret", "secret", "secret-config-value", "--stack", "dev"]);
            const out = path.join(ws.root, "engine-facts.json");
            const res = ws.pulumi(dir, ["preview", "--stack", "dev", "--policy-pack", path.join(REPO, "test", "e2e", "probe-pack")], undefined, { ENGINE_PROBE_OUT: out });
            assert.equal(res.status, 0, res.stderr + res.stdout);
            const seen = JSON.parse(fs.readFileSync(out, "utf8")) as { type: string; name: string; props: Record<string, string>; propertyDependencies: Record<string, string[]> }[];
            const byName = new Map(seen.map((r) => [r.name, r]));
            // StackReferences (read resources, like `.get()`) never reach stack validation.
            assert.ok(!seen.some((r) => r.type === "pulumi:pulumi:StackReference"), "StackReference sent to policies");
            // A resource output is unknown on a new stack and its provenance is recorded.
            assert.equal(byName.get("from-output")?.props.value, "unknown");
            assert.deepEqual(byName.get("from-output")?.propertyDependencies.value, ["cache"]);
            // Literals and config values (secret or not) are known plaintext with no provenance: they look alike.
            for (const name of ["literal", "from-config", "from-secret-config"]) {
                assert.equal(byName.get(name)?.props.value, "string", name);
                assert.deepEqual(byName.get(name)?.propertyDependencies.value ?? [], [], name);
            }
            // A StackReference output is known at preview and carries no provenance either.
            assert.equal(byName.get("from-stack-reference")?.props.value, "string");
            assert.deepEqual(byName.get("from-stack-reference")?.propertyDependencies.value ?? [], []);
            // The real Vercel provider adds computed attributes to the planned outputs, unknown until created.
            for (const computed of ["id", "comment", "customEnvironmentIds", "teamId"]) {
                assert.equal(byName.get("literal")?.props[computed], "unknown", computed);
            }
            const analyzed = fs.readFileSync(`${out}.analyze.jsonl`, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { name: string; props: Record<string, string> });
            const analyzedByName = new Map(analyzed.map((r) => [r.name, r]));
            // Analyze gets the checked inputs: no computed attribute, no secret output of the database…
            assert.equal(analyzedByName.get("from-output")?.props.value, "unknown");
            assert.equal(analyzedByName.get("from-output")?.props.customEnvironmentIds, undefined);
            assert.equal(analyzedByName.get("from-secret-config")?.props.value, "string");
            assert.equal(analyzedByName.get("cache")?.props.restToken, undefined);
            assert.equal(analyzedByName.get("cache")?.props.tls, "boolean");
            // …and the Upstash provider's defaults filled in, but not their list: the engine drops `__defaults`
            // from Analyze and sends it only to Remediate.
            assert.equal(analyzedByName.get("cache")?.props.autoScale, "boolean");
            assert.equal(analyzedByName.get("cache")?.props.__defaults, undefined);
            const remediated = fs.readFileSync(`${out}.remediate.jsonl`, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { name: string; defaults: Record<string, unknown> });
            assert.deepEqual(remediated.find((r) => r.name === "cache")?.defaults, { autoScale: false, eviction: false, prodPack: false });
            // What framework/engineRequests.ts reads from the requests themselves, as they arrive.
            const requests = readRequests(out);
            assert.deepEqual(requests.find((r) => r.method === "configure")?.policies, ["record-remediate", "record-resources", "record-stack"]);
            // A preview names the stack, with its tags: none here, as this stack has none and a file backend adds none of its own (Pulumi Cloud adds `pulumi:project`…).
            assert.deepEqual(requests.find((r) => r.method === "configureStack"), { method: "configureStack", stack: "dev", project: "engine-facts", organization: "organization", dryRun: true, tags: [] });
            assert.deepEqual(JSON.parse(fs.readFileSync(`${out}.tags.json`, "utf8")), []);
            assert.deepEqual(requests.find((r) => r.method === "remediate" && r.name === "cache")?.defaults, DEFAULTED);
            assert.equal(requests.find((r) => r.method === "analyze" && r.name === "cache")?.defaults, null, "Analyze carries no __defaults");
        });

        it("pins down what `pulumi policy analyze` sends a pack: a ConfigureStack naming nothing, Configure, stored inputs with __defaults in Remediate, read resources", () => {
            const dir = ws.program("engine-facts", path.join(REPO, "examples", "engine-facts"), PROGRAM_FILES);
            ws.initStack(dir, "dev");
            makeExisting(ws, dir, "dev", { readStackReferences: true });
            const out = path.join(ws.root, "engine-facts-audit.json");
            const probe = path.join(REPO, "test", "e2e", "probe-pack");
            const res = ws.pulumi(dir, ["policy", "analyze", "--stack", "dev", "--policy-pack", probe], undefined, { ENGINE_PROBE_OUT: out });
            assert.equal(res.status, 0, res.stderr + res.stdout);
            const requests = readRequests(out);
            assert.deepEqual(requests.find((r) => r.method === "configure")?.policies, ["record-remediate", "record-resources", "record-stack"]);
            // ConfigureStack comes, naming nothing: no stack, project, organisation or tag.
            assert.deepEqual(requests.find((r) => r.method === "configureStack"), { method: "configureStack", stack: "", project: "", organization: "", dryRun: false, tags: [] });
            assert.deepEqual(JSON.parse(fs.readFileSync(`${out}.tags.json`, "utf8")), [], "no stack tags reach a policy");
            assert.deepEqual(requests.find((r) => r.method === "remediate" && r.name === "cache")?.defaults, DEFAULTED);
            assert.equal(requests.find((r) => r.method === "analyze" && r.name === "cache")?.defaults, null, "Analyze carries no __defaults");
            // Remediate then Analyze for each resource, then one AnalyzeStack at the end.
            const order = requests.filter((r) => r.method === "remediate" || r.method === "analyze" || r.method === "analyzeStack").map((r) => r.method);
            assert.equal(order[order.length - 1], "analyzeStack");
            assert.equal(order.filter((m) => m === "analyzeStack").length, 1);
            assert.deepEqual(order.slice(0, -1), order.slice(0, -1).map((_, i) => (i % 2 === 0 ? "remediate" : "analyze")));
            // The state shows the pack what a preview hides: the StackReference, with the other stack's outputs known.
            const seen = JSON.parse(fs.readFileSync(out, "utf8")) as { type: string; name: string; shape: Record<string, unknown> }[];
            const reference = seen.find((r) => r.type === "pulumi:pulumi:StackReference");
            // The imported checkpoint keeps the prod stack's outputs in plaintext (a real `pulumi up` stores the token as a
            // secret, and the reference would name it in secretOutputNames); the pack reads the values either way.
            assert.deepEqual(reference?.shape, { name: "string", outputs: { cacheEndpoint: "string", cacheReadOnlyToken: "string", projectName: "string" }, secretOutputNames: [] });
        });
    });
});

/** The names every real Upstash `RedisDatabase` of the examples gets filled by the provider's Check. */
const DEFAULTED = ["autoScale", "eviction", "prodPack"];

/** The probe's requests without the pack process's id, which these facts do not compare. */
function readRequests(out: string): Omit<ProbedRequest, "pid">[] {
    return probedRequests(out).map(({ pid: _pid, ...request }) => request);
}
