/**
 * `upstash-guard baseline`: every finding of an audit or a preview becomes an exemption of its
 * policy for its resource (by URN) in a `--policy-pack-config` file, merged without disturbing the
 * file; the pack accepts what it writes, in resource checks and stack checks alike; bad input
 * writes nothing; no part of a value is ever written or printed.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { HIDDEN } from "../../cli/src/redact";
import { Diagnostic } from "../harness/analyzer";
import { fakeCredentials, leakedFragments } from "../harness/fake-credentials";
import { runPreview } from "../harness/pack";
import { StackFixture } from "../harness/stack";
import { FIXTURES, SUMMARY_EVENT, eventLines, fixture, policyEvent, tempDir, upstashGuard } from "./helpers";

const CACHE_URN = "urn:pulumi:dev::shop::upstash:index/redisDatabase:RedisDatabase::cache";
const WEB_ENV_URN = "urn:pulumi:dev::shop::vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable::web-env";
const STACK_URN = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev";
const TERMS = ["--reason", "INC-7: burn down by Q2", "--expires", "2999-12-31"];

type Config = Record<string, unknown>;

/** An audit's events: two blocking findings on the database, one on a variable, one advisory, a note, a remediation, a stack-wide finding. */
function auditEvents(): object[] {
    return [
        policyEvent({ policyName: "upstash-tls-required", enforcementLevel: "mandatory", resourceUrn: CACHE_URN, message: "RedisDatabase 'cache' sets `tls: false`." }),
        policyEvent({ policyName: "upstash-budget-required", enforcementLevel: "mandatory", resourceUrn: CACHE_URN, message: "RedisDatabase 'cache' sets no `budget`." }),
        policyEvent({ policyName: "upstash-no-client-exposed-credentials", enforcementLevel: "mandatory", resourceUrn: WEB_ENV_URN, message: "in the browser" }),
        policyEvent({ policyName: "upstash-rate-limit-public-apis", enforcementLevel: "advisory", resourceUrn: "urn:pulumi:dev::shop::vercel:index/project:Project::web", message: "no rate limit" }),
        policyEvent({
            policyName: "upstash-tls-required",
            enforcementLevel: "advisory",
            resourceUrn: STACK_URN,
            message: "can't run policy 'upstash-tls-required' from policy pack 'upstash-guard@v0.1.0' during preview: not yet known",
        }),
        { policyRemediationEvent: { resourceUrn: CACHE_URN, color: "raw", policyName: "upstash-tls-required", policyPackName: "upstash-guard", policyPackVersion: "0.1.0", policyPackVersionTag: "0.1.0", before: {}, after: {} } },
        policyEvent({ policyName: "upstash-separate-database-per-stage", enforcementLevel: "mandatory", message: "stack-wide, no resource" }),
        policyEvent({ policyName: "acme-cost-center-tag", policyPackName: "acme-guardrails", enforcementLevel: "mandatory", resourceUrn: CACHE_URN, message: "no tag" }),
        { summaryEvent: { ...SUMMARY_EVENT.summaryEvent, isPreview: false } },
    ];
}

function exemptionsOf(config: Config, policy: string): { resource: string; reason: string; expires: string }[] {
    const entry = config[policy] as { exemptions?: { resource: string; reason: string; expires: string }[] } | undefined;
    return entry?.exemptions ?? [];
}

function todayUtc(offsetDays = 0): string {
    return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

describe("upstash-guard baseline", function () {
    this.timeout(60_000);

    describe("from an audit, without --config", () => {
        it("exempts each blocking finding's policy for its URN, prints the config, and says what it added and left out", async () => {
            const res = await upstashGuard(["baseline", ...TERMS], eventLines(auditEvents()));
            assert.strictEqual(res.code, 0, res.stderr);
            const config = JSON.parse(res.stdout) as Config;
            // Policies in the pack's order; one exemption per (policy, URN), with the terms given.
            assert.deepStrictEqual(Object.keys(config), ["upstash-no-client-exposed-credentials", "upstash-tls-required", "upstash-budget-required"]);
            assert.deepStrictEqual(exemptionsOf(config, "upstash-tls-required"), [{ resource: CACHE_URN, reason: "INC-7: burn down by Q2", expires: "2999-12-31" }]);
            assert.deepStrictEqual(exemptionsOf(config, "upstash-budget-required").map((e) => e.resource), [CACHE_URN]);
            assert.deepStrictEqual(exemptionsOf(config, "upstash-no-client-exposed-credentials").map((e) => e.resource), [WEB_ENV_URN]);
            assert.match(res.stderr, /3 exemptions added, expiring 2999-12-31, written to standard output/);
            assert.match(res.stderr, /upstash-tls-required: 1 added\n {4}\+ urn:pulumi:dev::shop::upstash:index\/redisDatabase:RedisDatabase::cache\n/);
            assert.match(res.stderr, /not baselined: 5 events/);
            assert.match(res.stderr, /1 event: advisory: it does not block \(--include-advisory/);
            assert.match(res.stderr, /1 event: a note that a policy could not judge a value unknown during preview/);
            assert.match(res.stderr, /1 event: a remediation/);
            assert.match(res.stderr, /1 event: a finding on no resource/);
            assert.match(res.stderr, /1 event: not a policy of upstash-guard/);
        });

        it("--include-advisory adds advisory findings, never notes, nor anything said on the stack resource", async () => {
            const stackNote = policyEvent({ policyName: "upstash-budget-required", enforcementLevel: "advisory", resourceUrn: STACK_URN, message: "the stage came from the stack name" });
            const res = await upstashGuard(["baseline", ...TERMS, "--include-advisory"], eventLines([stackNote, ...auditEvents()]));
            assert.strictEqual(res.code, 0, res.stderr);
            const config = JSON.parse(res.stdout) as Config;
            assert.deepStrictEqual(exemptionsOf(config, "upstash-rate-limit-public-apis").map((e) => e.resource), ["urn:pulumi:dev::shop::vercel:index/project:Project::web"]);
            assert.deepStrictEqual(exemptionsOf(config, "upstash-tls-required").map((e) => e.resource), [CACHE_URN]);
            assert.deepStrictEqual(exemptionsOf(config, "upstash-budget-required").map((e) => e.resource), [CACHE_URN]);
            assert.match(res.stderr, /1 event: on the stack resource itself/);
        });

        it("writes the same bytes whatever order the engine emitted the events in, and one exemption for a finding reported twice", async () => {
            const events = auditEvents();
            const first = await upstashGuard(["baseline", ...TERMS], eventLines(events));
            const second = await upstashGuard(["baseline", ...TERMS], eventLines([...events.slice(0, -1).reverse(), events[0], events[events.length - 1]]));
            assert.strictEqual(second.code, 0, second.stderr);
            assert.strictEqual(second.stdout, first.stdout);
        });

        for (const [what, file, left] of [
            ["a real audit (pulumi policy analyze --json)", "many-mistakes.analyze.jsonl", /not baselined: 1 event\n {2}1 event: advisory/],
            ["a real streamed preview", "many-mistakes.preview.jsonl", /not baselined: 2 events\n {2}1 event: advisory: .*\n {2}1 event: a note/],
        ] as const) {
            it(`reads the recorded output of ${what}: one exemption per blocking (policy, resource)`, async () => {
                const res = await upstashGuard(["baseline", ...TERMS, "--input", path.join(FIXTURES, file)]);
                assert.strictEqual(res.code, 0, res.stderr);
                const config = JSON.parse(res.stdout) as Config;
                const pairs = Object.keys(config).flatMap((policy) => exemptionsOf(config, policy).map((e) => `${policy} ${e.resource.split("::").pop() ?? ""}`));
                assert.deepStrictEqual(pairs.sort(), [
                    "upstash-budget-required cache",
                    "upstash-credentials-only-in-secret-env-vars web-env",
                    "upstash-no-client-exposed-credentials web-env",
                    "upstash-separate-database-per-stage cache",
                    "upstash-tls-required cache",
                ]);
                assert.match(res.stderr, /5 exemptions added/);
                assert.match(res.stderr, left);
            });
        }
    });

    describe("merged into --config", () => {
        const existing = [
            "{",
            '    "all": "mandatory",',
            '    "upstash-tls-required": "advisory",',
            '    "upstash-budget-required": {',
            '        "maxMonthlyBudget": { "production": 500, "2026": 40, "default": 50 },',
            '        "exemptions": [',
            `            { "resource": "${CACHE_URN}", "reason": "old one", "expires": "2001-01-01" }`,
            "        ]",
            "    },",
            '    "upstash-no-client-exposed-credentials": { "extraClientPrefixes": ["APP_PUBLIC_"] }',
            "}",
            "",
        ].join("\n");

        function configFile(text = existing): string {
            const file = path.join(tempDir("baseline"), "policy-config.json");
            fs.writeFileSync(file, text);
            return file;
        }

        it("adds to a version 2 config (newer CLIs) under `policies`, keeping `version`, `environments` and the engine's `exceptions`", async () => {
            const file = path.join(tempDir("baseline-v2"), "config.json");
            const exceptions = { "EXC-1": { reason: "agreed", match: [{ policies: ["upstash-tls-required"], targets: [WEB_ENV_URN] }] } };
            fs.writeFileSync(file, `${JSON.stringify({ version: 2, environments: ["acme/policy"], exceptions }, null, 2)}\n`);
            const res = await upstashGuard(["baseline", ...TERMS, "--config", file], eventLines(auditEvents()));
            assert.strictEqual(res.code, 0, res.stderr);
            const config = JSON.parse(fs.readFileSync(file, "utf8")) as { version: number; environments: string[]; exceptions: unknown; policies: Config };
            assert.deepStrictEqual(Object.keys(config), ["version", "environments", "exceptions", "policies"]);
            assert.deepStrictEqual(config.exceptions, exceptions);
            assert.deepStrictEqual(Object.keys(config.policies), ["upstash-no-client-exposed-credentials", "upstash-tls-required", "upstash-budget-required"]);
            assert.deepStrictEqual(exemptionsOf(config.policies, "upstash-tls-required"), [{ resource: CACHE_URN, reason: "INC-7: burn down by Q2", expires: "2999-12-31" }]);
            const again = await upstashGuard(["baseline", ...TERMS, "--config", file, "--output", "-"], eventLines(auditEvents()));
            assert.match(again.stderr, /nothing new to baseline in standard input: 3 findings already exempted by URN/);
        });

        it("refuses a config of a version it does not know, changing nothing", async () => {
            const file = path.join(tempDir("baseline-v3"), "config.json");
            fs.writeFileSync(file, '{ "version": 3, "policies": {} }\n');
            const res = await upstashGuard(["baseline", ...TERMS, "--config", file], eventLines(auditEvents()));
            assert.strictEqual(res.code, 3);
            assert.match(res.stderr, /a policy pack config of a "version" other than 2; this command reads the unversioned form and version 2/);
            assert.strictEqual(fs.readFileSync(file, "utf8"), '{ "version": 3, "policies": {} }\n');
        });

        it("updates --config in place when there is no --output, keeping every key, its order and its formatting", async () => {
            const file = configFile();
            const res = await upstashGuard(["baseline", ...TERMS, "--config", file], eventLines(auditEvents()));
            assert.strictEqual(res.code, 0, res.stderr);
            assert.strictEqual(res.stdout, "");
            assert.match(res.stderr, new RegExp(`2 exemptions added, expiring 2999-12-31, written to ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`));
            const text = fs.readFileSync(file, "utf8");
            const config = JSON.parse(text) as Config;
            assert.deepStrictEqual(Object.keys(config), ["all", "upstash-tls-required", "upstash-budget-required", "upstash-no-client-exposed-credentials"]);
            assert.strictEqual(config.all, "mandatory");
            // A bare level becomes an object with that level and the exemptions.
            assert.deepStrictEqual(config["upstash-tls-required"], {
                enforcementLevel: "advisory",
                exemptions: [{ resource: CACHE_URN, reason: "INC-7: burn down by Q2", expires: "2999-12-31" }],
            });
            // A URN already exempted (here by an expired exemption) is not added again, nor renewed.
            assert.deepStrictEqual(exemptionsOf(config, "upstash-budget-required"), [{ resource: CACHE_URN, reason: "old one", expires: "2001-01-01" }]);
            assert.match(res.stderr, /upstash-budget-required: 0 added, 1 already exempted by URN \(not renewed\)/);
            // Keys JSON.parse would reorder (an integer-like key) and the one-line object stay as they were written.
            assert.ok(text.includes('"maxMonthlyBudget": { "production": 500, "2026": 40, "default": 50 },'), text);
            assert.deepStrictEqual(config["upstash-no-client-exposed-credentials"], {
                extraClientPrefixes: ["APP_PUBLIC_"],
                exemptions: [{ resource: WEB_ENV_URN, reason: "INC-7: burn down by Q2", expires: "2999-12-31" }],
            });
            // Four-space indentation, as the file had.
            assert.match(text, /\n {4}"upstash-tls-required": \{\n {8}"enforcementLevel": "advisory",/);
        });

        it("writes to --output and leaves --config as it was; a second run adds nothing", async () => {
            const file = configFile();
            const out = path.join(path.dirname(file), "baseline.json");
            const res = await upstashGuard(["baseline", ...TERMS, "--config", file, "--output", out], eventLines(auditEvents()));
            assert.strictEqual(res.code, 0, res.stderr);
            assert.strictEqual(fs.readFileSync(file, "utf8"), existing);
            const again = await upstashGuard(["baseline", ...TERMS, "--config", out, "--output", "-"], eventLines(auditEvents()));
            assert.strictEqual(again.code, 0, again.stderr);
            assert.strictEqual(again.stdout, "");
            assert.match(again.stderr, /nothing new to baseline in standard input: 3 findings already exempted by URN; nothing written/);
        });

        it("appends to an existing exemptions array without touching its entries", async () => {
            const file = configFile(`{\n  "upstash-tls-required": {\n    "exemptions": [\n      { "resource": "legacy-*", "reason": "INC-1", "expires": "2030-01-01" }\n    ]\n  }\n}\n`);
            const res = await upstashGuard(["baseline", ...TERMS, "--config", file], eventLines(auditEvents()));
            assert.strictEqual(res.code, 0, res.stderr);
            const config = JSON.parse(fs.readFileSync(file, "utf8")) as Config;
            assert.deepStrictEqual(exemptionsOf(config, "upstash-tls-required").map((e) => e.resource), ["legacy-*", CACHE_URN]);
        });
    });

    describe("the pack accepts what it writes (resource checks and stack checks), until it expires", () => {
        function findingsOf(diagnostics: Diagnostic[]): string[] {
            return diagnostics.filter((d) => !/during preview/.test(d.message)).map((d) => `${d.policyName} ${d.urn.split("::").pop() ?? ""} ${d.enforcementLevel}`).sort();
        }

        it("exempted findings pass; with the expiry moved into the past each comes back saying its exemption expired", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { budget: undefined, tls: false });
            s.envVar("web-env", { key: "NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" } });
            const before = await runPreview(s.resources);
            // Resource checks (tls, budget) and stack checks (client-exposed, secret-only, rate limit) both fail.
            assert.deepStrictEqual(findingsOf(before), [
                "upstash-budget-required cache mandatory",
                "upstash-credentials-only-in-secret-env-vars web-env mandatory",
                "upstash-no-client-exposed-credentials web-env mandatory",
                "upstash-rate-limit-public-apis web-env advisory",
                "upstash-tls-required cache mandatory",
            ]);
            const events = before.map((d) => policyEvent({ policyName: d.policyName, enforcementLevel: d.enforcementLevel, resourceUrn: d.urn, message: d.message }));
            const res = await upstashGuard(["baseline", ...TERMS, "--include-advisory"], eventLines([...events, SUMMARY_EVENT]));
            assert.strictEqual(res.code, 0, res.stderr);
            const config = JSON.parse(res.stdout) as Config;
            assert.deepStrictEqual(findingsOf(await runPreview(s.resources, { config: config as never })), []);
            const expired = JSON.parse(res.stdout.split("2999-12-31").join("2001-01-01")) as Config;
            const back = await runPreview(s.resources, { config: expired as never });
            assert.deepStrictEqual(findingsOf(back), findingsOf(before));
            for (const d of back.filter((x) => !/during preview/.test(x.message))) {
                assert.match(d.message, /an exemption for 'urn:pulumi:dev::shop::[^']+' expired on 2001-01-01; it no longer applies/);
            }
        });
    });

    describe("never writes any part of a value", () => {
        const secrets = fakeCredentials(23);

        it("skips a finding whose URN may hold a credential, says so without the value, and writes the others", async () => {
            const leakyUrn = `urn:pulumi:dev::shop::vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable::${secrets.restToken}`;
            const input = eventLines([
                policyEvent({ policyName: "upstash-credentials-only-in-secret-env-vars", enforcementLevel: "mandatory", resourceUrn: leakyUrn, message: "plain" }),
                policyEvent({ policyName: "upstash-tls-required", enforcementLevel: "mandatory", resourceUrn: CACHE_URN, message: "tls off" }),
                SUMMARY_EVENT,
            ]);
            const res = await upstashGuard(["baseline", ...TERMS], input);
            assert.strictEqual(res.code, 0, res.stderr);
            assert.deepStrictEqual(leakedFragments(res.stdout + res.stderr, Object.values(secrets)), []);
            const config = JSON.parse(res.stdout) as Config;
            assert.deepStrictEqual(Object.keys(config), ["upstash-tls-required"]);
            assert.ok(
                res.stderr.includes(
                    `upstash-credentials-only-in-secret-env-vars on urn:pulumi:dev::shop::vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable::${HIDDEN}: its URN looks like it may hold a credential`,
                ),
                res.stderr,
            );
        });

        it("refuses a reason that may hold a credential, without repeating it (exit 2)", async () => {
            const res = await upstashGuard(["baseline", "--reason", `token ${secrets.restToken} leaked`, "--expires", "2999-12-31"], eventLines(auditEvents()));
            assert.strictEqual(res.code, 2);
            assert.match(res.stderr, /--reason has a word that looks like it may hold a credential/);
            assert.deepStrictEqual(leakedFragments(res.stdout + res.stderr, Object.values(secrets)), []);
            assert.strictEqual(res.stdout, "");
        });

        it("skips a URN holding `*`, which the pack would read as a wildcard", async () => {
            const input = eventLines([policyEvent({ policyName: "upstash-tls-required", enforcementLevel: "mandatory", resourceUrn: `${CACHE_URN}*`, message: "tls off" }), SUMMARY_EVENT]);
            const res = await upstashGuard(["baseline", ...TERMS], input);
            assert.strictEqual(res.code, 0, res.stderr);
            assert.strictEqual(res.stdout, "");
            assert.match(res.stderr, /nothing to baseline/);
            assert.match(res.stderr, /its URN holds `\*`/);
        });
    });

    describe("refuses bad input and writes nothing", () => {
        let dir: string;
        let config: string;
        const original = '{\n  "all": "mandatory"\n}\n';
        beforeEach(() => {
            dir = tempDir("refused");
            config = path.join(dir, "policy-config.json");
            fs.writeFileSync(config, original);
        });

        async function refused(args: string[], input: string, code: number, message: RegExp): Promise<void> {
            const out = path.join(dir, "out.json");
            const res = await upstashGuard(["baseline", ...args, "--output", out], input);
            assert.strictEqual(res.code, code, res.stderr);
            assert.match(res.stderr, message);
            assert.strictEqual(res.stdout, "");
            assert.ok(!fs.existsSync(out), "nothing written to --output");
            assert.strictEqual(fs.readFileSync(config, "utf8"), original);
            assert.deepStrictEqual(fs.readdirSync(dir).sort(), ["policy-config.json"]);
        }

        it("the preview digest, which holds no policy finding (exit 3)", async () => {
            await refused([...TERMS, "--config", config], fixture("many-mistakes.digest.json"), 3, /preview digest/);
        });

        it("input that is not JSON, and an empty input (exit 3)", async () => {
            await refused([...TERMS, "--config", config], "Previewing update (dev):\n", 3, /line 1 is not JSON/);
            await refused([...TERMS, "--config", config], "", 3, /the input is empty/);
        });

        it("a missing or empty reason (exit 2)", async () => {
            await refused(["--expires", "2999-12-31", "--config", config], eventLines(auditEvents()), 2, /required option '--reason <text>' not specified/);
            await refused(["--reason", "  ", "--expires", "2999-12-31", "--config", config], eventLines(auditEvents()), 2, /--reason is empty/);
        });

        it("an expiry that is missing, not a date of the calendar, or already past (exit 2); today is allowed", async () => {
            const reason = ["--reason", "INC-7", "--config", config];
            await refused(reason, eventLines(auditEvents()), 2, /required option '--expires <YYYY-MM-DD>' not specified/);
            for (const bad of ["2027-02-30", "next-week", "2027-2-3", "31.12.2027"]) {
                await refused([...reason, "--expires", bad], eventLines(auditEvents()), 2, /--expires is not a date of the calendar as YYYY-MM-DD/);
            }
            await refused([...reason, "--expires", todayUtc(-1)], eventLines(auditEvents()), 2, /is already past \(today is \d{4}-\d{2}-\d{2}, UTC\)/);
            const today = await upstashGuard(["baseline", "--reason", "INC-7", "--expires", todayUtc()], eventLines(auditEvents()));
            assert.strictEqual(today.code, 0, today.stderr);
        });

        it("a --config that is not JSON, not an object, or has a policy entry of another shape (exit 3)", async () => {
            for (const [text, message] of [
                ["{ all: mandatory }", /not JSON; expected a policy pack config/],
                ['{ "all": "mandatory", } ', /not JSON/],
                ['["upstash-tls-required"]', /a JSON array, not an object/],
                ["null", /a JSON null, not an object/],
                ['{ "upstash-tls-required": 3 }', /'upstash-tls-required' is neither an enforcement level nor an object/],
                ['{ "upstash-tls-required": { "exemptions": {} } }', /'upstash-tls-required.exemptions' is not an array/],
            ] as const) {
                fs.writeFileSync(config, text);
                const res = await upstashGuard(["baseline", ...TERMS, "--config", config, "--output", path.join(dir, "out.json")], eventLines(auditEvents()));
                assert.strictEqual(res.code, 3, `${text}: ${res.stderr}`);
                assert.match(res.stderr, message);
                assert.strictEqual(fs.readFileSync(config, "utf8"), text);
                assert.ok(!fs.existsSync(path.join(dir, "out.json")));
            }
        });

        it("a --config whose policy would get more exemptions than the pack accepts (exit 3)", async () => {
            const full = { "upstash-tls-required": { exemptions: Array.from({ length: 1000 }, (_, i) => ({ resource: `legacy-${i}`, reason: "INC-1" })) } };
            const text = JSON.stringify(full);
            fs.writeFileSync(config, text);
            const res = await upstashGuard(["baseline", ...TERMS, "--config", config], eventLines(auditEvents()));
            assert.strictEqual(res.code, 3, res.stderr);
            assert.match(res.stderr, /'upstash-tls-required' would hold more than the 1000 exemptions a policy accepts/);
            assert.strictEqual(fs.readFileSync(config, "utf8"), text);
        });

        it("a --config that does not exist (exit 3)", async () => {
            fs.rmSync(config);
            const res = await upstashGuard(["baseline", ...TERMS, "--config", config], eventLines(auditEvents()));
            assert.strictEqual(res.code, 3);
            assert.match(res.stderr, /no such file/);
            assert.ok(!fs.existsSync(config));
        });
    });

    describe("nothing to baseline", () => {
        it("says so, exits 0 and writes nothing", async () => {
            const dir = tempDir("nothing");
            const out = path.join(dir, "out.json");
            const advisoryOnly = eventLines([policyEvent({ policyName: "upstash-rate-limit-public-apis", enforcementLevel: "advisory", resourceUrn: CACHE_URN, message: "x" }), SUMMARY_EVENT]);
            for (const input of [eventLines([SUMMARY_EVENT]), advisoryOnly]) {
                const res = await upstashGuard(["baseline", ...TERMS, "--output", out], input);
                assert.strictEqual(res.code, 0, res.stderr);
                assert.match(res.stderr, /nothing to baseline in standard input: no finding to exempt; nothing written/);
                assert.strictEqual(res.stdout, "");
                assert.ok(!fs.existsSync(out));
            }
        });

        it("warns when the input ends before the engine's summary", async () => {
            const res = await upstashGuard(["baseline", ...TERMS], eventLines(auditEvents().slice(0, 1)));
            assert.strictEqual(res.code, 0, res.stderr);
            assert.match(res.stderr, /ends before the engine's summary/);
        });
    });

    it("has its own --help, with the exit codes", async () => {
        const res = await upstashGuard(["baseline", "--help"]);
        assert.strictEqual(res.code, 0);
        assert.match(res.stdout, /--reason <text>/);
        assert.match(res.stdout, /--expires <YYYY-MM-DD>/);
        assert.match(res.stdout, /--include-advisory/);
        assert.match(res.stdout, /Exit codes:/);
    });
});
