/**
 * `upstash-guard sarif`: the streamed JSON of a blocked `pulumi preview --json --policy-pack`, and
 * the output of an audit (`pulumi policy analyze --json --policy-pack`), as Pulumi v3.248.0 prints
 * them (see cli/src/preview/events.ts), become SARIF 2.1.0 that validates against the official
 * schema and passes the SARIF multitool's GitHub ingestion rules.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Log, Result } from "sarif";
import { RULES } from "../../policies/src/rules";
import { DEFAULT_DOCS_BASE_URL } from "../../policies/src/framework/rule";
import { FINGERPRINT_KEY } from "../../cli/src/sarif/common";
import { HIDDEN } from "../../cli/src/redact";
import { fakeCredentials, leakedFragments } from "../harness/fake-credentials";
import { FIXTURES, SUMMARY_EVENT, assertValidSarif, eventLines, fixture, multitoolProblems, policyEvent, tempDir, upstashGuard } from "./helpers";

const CACHE_URN = "urn:pulumi:dev::shop::upstash:index/redisDatabase:RedisDatabase::cache";

async function sarifOf(input: string, args: string[] = []): Promise<Log> {
    const res = await upstashGuard(["sarif", ...args], input);
    assert.strictEqual(res.code, 0, res.stderr);
    const log = JSON.parse(res.stdout) as unknown;
    assertValidSarif(log);
    return log;
}

function results(log: Log): Result[] {
    return log.runs[0].results ?? [];
}

/** "rule resource level" of every result, sorted, the resource as its logical location names it. */
function resultTriples(log: Log): string[] {
    return results(log).map((r) => `${r.ruleId} ${r.locations?.[0]?.logicalLocations?.[0]?.name ?? "-"} ${r.level}`).sort();
}

/** The findings of examples/many-mistakes as SARIF results, sorted: the same in its preview and in its audit. */
const MANY_MISTAKES_FINDINGS: readonly string[] = [
    "upstash-budget-required cache error",
    "upstash-credentials-only-in-secret-env-vars web-env error",
    "upstash-no-client-exposed-credentials web-env error",
    "upstash-rate-limit-public-apis web warning",
    "upstash-separate-database-per-stage cache error",
    "upstash-separate-database-per-stage cache error",
    "upstash-tls-required cache error",
];

function byRule(log: Log, ruleId: string): Result[] {
    return results(log).filter((r) => r.ruleId === ruleId);
}

describe("upstash-guard sarif", function () {
    this.timeout(120_000);

    describe("a blocked preview (streamed engine events)", () => {
        let log: Log;
        before(async () => {
            log = await sarifOf(fixture("preview-blocked.jsonl"));
        });

        it("has one rule per policy of the pack, with its metadata and docs page", () => {
            const rules = log.runs[0].tool.driver.rules ?? [];
            for (const { info } of RULES) {
                const rule = rules.find((r) => r.id === info.name);
                assert.ok(rule, `rule ${info.name}`);
                assert.strictEqual(rule.shortDescription?.text, info.description);
                assert.strictEqual(rule.help?.text, info.remediationSteps);
                assert.strictEqual(rule.helpUri, `${DEFAULT_DOCS_BASE_URL}/${info.name}.md`);
                assert.strictEqual(rule.properties?.severity, info.severity);
                assert.strictEqual(rule.defaultConfiguration?.level, info.enforcementLevel === "advisory" ? "warning" : "error");
                assert.ok(rule.properties?.tags?.includes("security"));
            }
        });

        it("maps mandatory to error, advisory to warning, and 'can't run … during preview' to note", () => {
            const levels = results(log).map((r) => `${r.ruleId} ${r.level}`).sort();
            assert.deepStrictEqual(levels, [
                "acme-cost-center-tag warning",
                "upstash-budget-required error",
                "upstash-credentials-only-in-secret-env-vars note",
                "upstash-no-client-exposed-credentials error",
                "upstash-rate-limit-public-apis warning",
                "upstash-tls-required error",
            ]);
        });

        it("locates each finding at its resource (type and URN) and at Pulumi.yaml", () => {
            const [tls] = byRule(log, "upstash-tls-required");
            const location = tls.locations?.[0];
            assert.deepStrictEqual(location?.physicalLocation?.artifactLocation, { uri: "Pulumi.yaml", uriBaseId: "%SRCROOT%" });
            assert.strictEqual(location?.physicalLocation?.region?.startLine, 1);
            assert.deepStrictEqual(location?.logicalLocations, [
                { name: "cache", fullyQualifiedName: CACHE_URN, kind: "resource", properties: { resourceType: "upstash:index/redisDatabase:RedisDatabase" } },
            ]);
            // A stack check's note names the stack resource.
            const [note] = byRule(log, "upstash-credentials-only-in-secret-env-vars");
            assert.strictEqual(note.locations?.[0]?.logicalLocations?.[0]?.properties?.resourceType, "pulumi:pulumi:Stack");
        });

        it("keeps the finding's own words: no colour directives, no policy description (the rule has it)", () => {
            const [tls] = byRule(log, "upstash-tls-required");
            assert.strictEqual(tls.message.text, "RedisDatabase 'cache' sets `tls: false`. Set `tls: true` so every connection to the database is encrypted.");
            assert.ok(!JSON.stringify(log).includes("<{%"));
            // Another pack's description is unknown here, so its message stays whole.
            const [acme] = byRule(log, "acme-cost-center-tag");
            assert.strictEqual(acme.message.text, "Every resource carries a cost-center tag.\nProject storefront has no cost-center tag.");
        });

        it("gives a rule with what the events say to a policy of another pack", () => {
            const rule = log.runs[0].tool.driver.rules?.find((r) => r.id === "acme-cost-center-tag");
            assert.ok(rule?.shortDescription?.text?.includes("acme-guardrails"));
            const [result] = byRule(log, "acme-cost-center-tag");
            assert.strictEqual(log.runs[0].tool.driver.rules?.[result.ruleIndex ?? -1]?.id, "acme-cost-center-tag");
        });

        it("says the preview finished", () => {
            assert.strictEqual(log.runs[0].invocations?.[0]?.executionSuccessful, true);
        });

        it("passes the SARIF multitool's validation, GitHub ingestion rules included", () => {
            const file = path.join(tempDir("sarif"), "preview.sarif");
            fs.writeFileSync(file, JSON.stringify(log));
            assert.deepStrictEqual(multitoolProblems(file), []);
        });
    });

    describe("a real blocked preview: examples/many-mistakes under the engine (recorded, see record-fixtures.ts)", () => {
        let log: Log;
        before(async () => {
            log = await sarifOf(fixture("many-mistakes.preview.jsonl"));
        });

        it("has one result per policy event, at the level its enforcement says", () => {
            const events = fixture("many-mistakes.preview.jsonl").split("\n").filter((l) => l.includes('"policyEvent"'));
            assert.strictEqual(results(log).length, events.length);
            assert.deepStrictEqual(resultTriples(log), [...MANY_MISTAKES_FINDINGS, "upstash-tls-required many-mistakes-dev note"]);
        });

        it("gives results the finding's own words, not the policy description the SDK puts first", () => {
            for (const result of results(log)) {
                const rule = RULES.find(({ info }) => info.name === result.ruleId);
                assert.ok(rule && !result.message.text?.includes(rule.info.description), result.message.text);
                assert.ok((result.message.text ?? "").length > 20);
            }
        });

        it("passes the SARIF multitool's validation, GitHub ingestion rules included", () => {
            const file = path.join(tempDir("sarif"), "many-mistakes.sarif");
            fs.writeFileSync(file, JSON.stringify(log));
            assert.deepStrictEqual(multitoolProblems(file), []);
        });
    });

    describe("a real audit: `pulumi policy analyze --json` of examples/many-mistakes deployed (recorded, see record-fixtures.ts)", () => {
        let log: Log;
        let preview: Log;
        before(async () => {
            log = await sarifOf(fixture("many-mistakes.analyze.jsonl"));
            preview = await sarifOf(fixture("many-mistakes.preview.jsonl"));
        });

        it("is what the engine prints for an audit: engine events only, ending with a summary that is not a preview's", () => {
            const events = fixture("many-mistakes.analyze.jsonl").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
            assert.deepStrictEqual([...new Set(events.map((e) => Object.keys(e).find((k) => k.endsWith("Event"))))], ["policyEvent", "summaryEvent"]);
            assert.strictEqual((events[events.length - 1].summaryEvent as { isPreview: boolean }).isPreview, false);
        });

        it("has one result per policy event, at the level its enforcement says, and no preview note", () => {
            assert.deepStrictEqual(resultTriples(log), MANY_MISTAKES_FINDINGS);
            assert.strictEqual(log.runs[0].invocations?.[0]?.executionSuccessful, true);
        });

        it("locates, words and fingerprints a finding as in a preview: same rule, location, text, same fingerprint", () => {
            const key = (r: Result) => `${r.ruleId} ${r.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName ?? ""} ${r.message.text ?? ""}`;
            const previewByKey = new Map(results(preview).map((r) => [key(r), r]));
            // The budget finding reads the same in the first preview and in the audit of the deployed stack.
            const budget = byRule(log, "upstash-budget-required")[0];
            const same = previewByKey.get(key(budget));
            assert.ok(same, key(budget));
            assert.deepStrictEqual(budget.locations, same.locations);
            assert.strictEqual(budget.partialFingerprints?.[FINGERPRINT_KEY], same.partialFingerprints?.[FINGERPRINT_KEY]);
            const matched: string[] = [];
            for (const result of results(log)) {
                const match = previewByKey.get(key(result));
                if (match) {
                    assert.deepStrictEqual(result, match);
                    matched.push(String(result.ruleId));
                } else {
                    // The first preview knew the token by where it came from; the deployed state holds its value.
                    assert.match(result.message.text ?? "", /\(recognised by its value\)/);
                }
            }
            assert.deepStrictEqual(matched.sort(), ["upstash-budget-required", "upstash-rate-limit-public-apis", "upstash-separate-database-per-stage", "upstash-separate-database-per-stage", "upstash-tls-required"]);
        });

        it("passes the SARIF multitool's validation, GitHub ingestion rules included", () => {
            const file = path.join(tempDir("sarif"), "many-mistakes-audit.sarif");
            fs.writeFileSync(file, JSON.stringify(log));
            assert.deepStrictEqual(multitoolProblems(file), []);
        });
    });

    describe("fingerprints", () => {
        it("are the same across runs, whatever order the engine emitted the events in", async () => {
            const lines = fixture("preview-blocked.jsonl").trim().split("\n");
            const first = await sarifOf(lines.join("\n"));
            const second = await sarifOf([...lines].reverse().join("\n"));
            assert.deepStrictEqual(second, first);
            const fingerprints = results(first).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
            assert.ok(fingerprints.every((f) => typeof f === "string" && /^[0-9a-f]{64}$/.test(f)));
            assert.strictEqual(new Set(fingerprints).size, fingerprints.length, "one fingerprint per finding");
        });

        it("ignore the pack's version in SDK notes, so a release does not reopen every alert", async () => {
            const note = (version: string) =>
                eventLines([
                    policyEvent({
                        policyName: "upstash-tls-required",
                        policyPackVersion: version,
                        enforcementLevel: "advisory",
                        message: `can't run policy 'upstash-tls-required' from policy pack 'upstash-guard@v${version}' during preview: not yet known, checked again when the update runs: RedisDatabase 'cache' tls`,
                    }),
                    SUMMARY_EVENT,
                ]);
            const [a] = results(await sarifOf(note("0.1.0")));
            const [b] = results(await sarifOf(note("0.2.0")));
            assert.strictEqual(a.level, "note");
            assert.strictEqual(a.partialFingerprints?.[FINGERPRINT_KEY], b.partialFingerprints?.[FINGERPRINT_KEY]);
        });

        it("differ for another resource or another problem", async () => {
            const event = (urn: string, message: string) => eventLines([policyEvent({ policyName: "upstash-tls-required", enforcementLevel: "mandatory", resourceUrn: urn, message }), SUMMARY_EVENT]);
            const base = results(await sarifOf(event(CACHE_URN, "RedisDatabase 'cache' sets `tls: false`.")))[0];
            const otherResource = results(await sarifOf(event(`${CACHE_URN}2`, "RedisDatabase 'cache' sets `tls: false`.")))[0];
            const otherProblem = results(await sarifOf(event(CACHE_URN, "RedisDatabase 'cache' does not set `tls`.")))[0];
            const fp = (r: Result) => r.partialFingerprints?.[FINGERPRINT_KEY];
            assert.notStrictEqual(fp(base), fp(otherResource));
            assert.notStrictEqual(fp(base), fp(otherProblem));
        });
    });

    describe("never copies a value", () => {
        const secrets = fakeCredentials(11);
        const all = Object.values(secrets);

        it("hides credential-shaped text in another pack's message, in a resource name and in a policy name", async () => {
            const input = eventLines([
                policyEvent({
                    policyName: "acme-no-plain-secrets",
                    policyPackName: "acme-guardrails",
                    enforcementLevel: "mandatory",
                    resourceUrn: `urn:pulumi:dev::shop::vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable::${secrets.restToken}`,
                    message: `value '${secrets.restToken}' of KV_REST_API_TOKEN is plain; also QSTASH_TOKEN=${secrets.qstashToken} and rediss://default:${secrets.password}@eu1-shop-41823.upstash.io:6379`,
                }),
                policyEvent({ policyName: secrets.signingKey, enforcementLevel: "advisory", message: "a policy named like a key" }),
                SUMMARY_EVENT,
            ]);
            const res = await upstashGuard(["sarif"], input);
            assert.strictEqual(res.code, 0, res.stderr);
            assert.deepStrictEqual(leakedFragments(res.stdout + res.stderr, all), []);
            const log = JSON.parse(res.stdout) as Log;
            assertValidSarif(log);
            const [result] = byRule(log, "acme-no-plain-secrets");
            assert.ok(result.message.text?.includes(HIDDEN));
            assert.ok(result.message.text?.includes("of KV_REST_API_TOKEN is plain"), "the rest of the message stays");
            assert.strictEqual(result.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName, `urn:pulumi:dev::shop::vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable::${HIDDEN}`);
        });

        it("reads no remediation values: a remediation is a note naming policy and resource only", async () => {
            const input = eventLines([
                {
                    policyRemediationEvent: {
                        resourceUrn: CACHE_URN,
                        color: "raw",
                        policyName: "upstash-tls-required",
                        policyPackName: "upstash-guard",
                        policyPackVersion: "0.1.0",
                        policyPackVersionTag: "0.1.0",
                        before: { tls: false, password: secrets.password },
                        after: { tls: true, password: secrets.password },
                    },
                },
                SUMMARY_EVENT,
            ]);
            const res = await upstashGuard(["sarif"], input);
            assert.strictEqual(res.code, 0, res.stderr);
            assert.deepStrictEqual(leakedFragments(res.stdout, all), []);
            const log = JSON.parse(res.stdout) as Log;
            assertValidSarif(log);
            const [result] = results(log);
            assert.strictEqual(result.level, "note");
            assert.ok(result.message.text?.startsWith("cache: The policy remediated this resource"));
        });

        it("never echoes a line of input it cannot parse", async () => {
            const res = await upstashGuard(["sarif"], `{"preludeEvent":{"config":{}}}\nnot json ${secrets.restToken}\n`);
            assert.strictEqual(res.code, 3);
            assert.match(res.stderr, /line 2 is not JSON/);
            assert.deepStrictEqual(leakedFragments(res.stderr + res.stdout, all), []);
        });
    });

    describe("inputs it refuses, with what to do", () => {
        it("the default preview digest, which has no policy events (exit 3)", async () => {
            // Recorded from the same blocked preview as many-mistakes.preview.jsonl, without streaming.
            const digest = fixture("many-mistakes.digest.json");
            assert.ok(!digest.includes("policy"), "the digest of a blocked preview holds no policy finding");
            const res = await upstashGuard(["sarif", "--input", path.join(FIXTURES, "many-mistakes.digest.json")]);
            assert.strictEqual(res.code, 3);
            assert.match(res.stderr, /PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true/);
            assert.strictEqual(res.stdout, "");
        });

        it("empty input, JSON that is not engine events, a missing file (exit 3)", async () => {
            assert.strictEqual((await upstashGuard(["sarif"], "")).code, 3);
            assert.strictEqual((await upstashGuard(["sarif"], '{"hello": "world"}')).code, 3);
            assert.strictEqual((await upstashGuard(["sarif"], '[{"hello": "world"}]')).code, 3);
            const missing = await upstashGuard(["sarif", "--input", path.join(FIXTURES, "no-such-file.jsonl")]);
            assert.strictEqual(missing.code, 3);
            assert.match(missing.stderr, /no such file/);
        });

        it("a policy event without its fields (exit 3)", async () => {
            const res = await upstashGuard(["sarif"], eventLines([{ policyEvent: { message: "x" } }]));
            assert.strictEqual(res.code, 3);
            assert.match(res.stderr, /no `policyName`/);
        });
    });

    describe("other forms of the same events", () => {
        it("reads a JSON array of events (Automation API onEvent) and {events: [...]} (Pulumi Cloud)", async () => {
            const events = fixture("preview-blocked.jsonl").trim().split("\n").map((l) => JSON.parse(l) as object);
            const fromLines = await sarifOf(fixture("preview-blocked.jsonl"));
            assert.deepStrictEqual(await sarifOf(JSON.stringify(events)), fromLines);
            assert.deepStrictEqual(await sarifOf(JSON.stringify({ events })), fromLines);
        });

        it("strips colours already removed (NO_COLOR) and terminal escapes alike", async () => {
            const input = eventLines([
                { policyEvent: { resourceUrn: CACHE_URN, message: "\u001b[31mRedisDatabase 'cache' sets `tls: false`.\u001b[0m\n", color: "never", policyName: "upstash-tls-required", policyPackName: "upstash-guard", policyPackVersion: "0.1.0", policyPackVersionTag: "0.1.0", enforcementLevel: "mandatory" } },
                SUMMARY_EVENT,
            ]);
            const [result] = results(await sarifOf(input));
            assert.strictEqual(result.message.text, "RedisDatabase 'cache' sets `tls: false`.");
        });

        it("reports a finding without a resource (a stack policy that names none) at the project file only", async () => {
            const log = await sarifOf(eventLines([policyEvent({ policyName: "acme-stack-wide", policyPackName: "acme-guardrails", enforcementLevel: "advisory", message: "Stack has no owner tag." }), SUMMARY_EVENT]));
            const [result] = results(log);
            assert.strictEqual(result.locations?.[0]?.logicalLocations, undefined);
            assert.strictEqual(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri, "Pulumi.yaml");
        });

        it("warns when the preview output ends before the engine's summary", async () => {
            const log = await sarifOf(eventLines([policyEvent({ policyName: "upstash-tls-required", enforcementLevel: "mandatory", resourceUrn: CACHE_URN, message: "x" })]));
            assert.strictEqual(log.runs[0].invocations?.[0]?.executionSuccessful, false);
            assert.match(log.runs[0].invocations?.[0]?.toolExecutionNotifications?.[0]?.message.text ?? "", /did not finish/);
        });

        it("writes to --output and points results at --project-file", async () => {
            const dir = tempDir("out");
            const out = path.join(dir, "results.sarif");
            const res = await upstashGuard(["sarif", "-i", path.join(FIXTURES, "preview-blocked.jsonl"), "-o", out, "--project-file", "infra/Pulumi.yaml"]);
            assert.strictEqual(res.code, 0, res.stderr);
            assert.strictEqual(res.stdout, "");
            assert.match(res.stderr, /3 errors, 2 warnings, 1 note/);
            const log = JSON.parse(fs.readFileSync(out, "utf8")) as Log;
            assertValidSarif(log);
            assert.ok(results(log).every((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === "infra/Pulumi.yaml"));
        });
    });
});
