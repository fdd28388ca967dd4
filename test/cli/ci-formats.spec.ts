/**
 * `upstash-guard junit` and `upstash-guard gitlab`: the recorded preview and audit of
 * examples/many-mistakes become a JUnit XML file valid against Jenkins' JUnit XSD and a GitLab Code
 * Quality report valid against the format GitLab documents (test/cli/formats/SOURCE.md), with the
 * findings, levels and fingerprints of the SARIF of the same input, and no credential text.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Log } from "sarif";
import { RULES } from "../../policies/src/rules";
import { FINGERPRINT_KEY } from "../../cli/src/sarif/common";
import { HIDDEN } from "../../cli/src/redact";
import { CodeQualityIssue } from "../../cli/src/ci/gitlab";
import { fakeCredentials, leakedFragments } from "../harness/fake-credentials";
import { assertValidCodeQuality, assertValidJunit } from "./formats/validate";
import { REPO, SUMMARY_EVENT, eventLines, fixture, multitoolProblems, policyEvent, projectWith, tempDir, upstashGuard } from "./helpers";

const PROJECT_FILE = "examples/many-mistakes/Pulumi.yaml";
const CACHE_URN = "urn:pulumi:dev::many-mistakes::upstash:index/redisDatabase:RedisDatabase::cache";


async function run(command: string, input: string, args: string[] = []): Promise<string> {
    const res = await upstashGuard([command, "--project-file", PROJECT_FILE, ...args], input);
    assert.strictEqual(res.code, 0, res.stderr);
    return res.stdout;
}

interface SarifFinding {
    policy: string;
    level: string;
    fingerprint: string;
}

async function sarifFindings(input: string): Promise<SarifFinding[]> {
    const log = JSON.parse(await run("sarif", input)) as Log;
    return (log.runs[0].results ?? []).map((r) => ({ policy: r.ruleId ?? "", level: r.level ?? "", fingerprint: r.partialFingerprints?.[FINGERPRINT_KEY] ?? "" }));
}

function unescapeXml(text: string): string {
    return text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

interface JunitCase {
    suite: string;
    name: string;
    classname: string;
    failures: string[];
    skipped: string[];
    skippedMessage: string | undefined;
    output: string;
}

/** The test cases of our own output, read back (its shape is fixed by junit.ts; the XSD check proves it well-formed). */
function junitCases(xml: string): JunitCase[] {
    const cases: JunitCase[] = [];
    for (const suite of xml.matchAll(/<testsuite name="([^"]*)"[^>]*>([\s\S]*?)<\/testsuite>/g)) {
        for (const c of suite[2].matchAll(/<testcase name="([^"]*)" classname="([^"]*)"(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
            const body = c[3] ?? "";
            const skipped = [...body.matchAll(/<skipped message="([^"]*)">([\s\S]*?)<\/skipped>/g)];
            cases.push({
                suite: unescapeXml(suite[1]),
                name: unescapeXml(c[1]),
                classname: unescapeXml(c[2]),
                failures: [...body.matchAll(/<failure [^>]*>([\s\S]*?)<\/failure>/g)].map((m) => unescapeXml(m[1])),
                skipped: skipped.map((m) => unescapeXml(m[2])),
                skippedMessage: skipped[0] === undefined ? undefined : unescapeXml(skipped[0][1]),
                output: [...body.matchAll(/<system-out>([\s\S]*?)<\/system-out>/g)].map((m) => unescapeXml(m[1])).join("\n"),
            });
        }
    }
    return cases;
}

/** "policy level fingerprint" as the JUnit file shows each finding: a failure is an error, system-out a warning, a skip a note. */
function junitTriples(cases: readonly JunitCase[], fingerprints: readonly string[]): string[] {
    const triples: string[] = [];
    for (const c of cases) {
        for (const fingerprint of fingerprints) {
            const mark = `fingerprint ${fingerprint}`;
            if (c.failures.some((f) => f.includes(mark))) {
                triples.push(`${c.suite} error ${fingerprint}`);
            } else if (c.skipped.some((s) => s.includes(mark))) {
                triples.push(`${c.suite} note ${fingerprint}`);
            } else if (c.output.includes(`advisory: `) && c.output.includes(mark)) {
                triples.push(`${c.suite} warning ${fingerprint}`);
            }
        }
    }
    return triples.sort();
}

const SEVERITY_OF_POLICY = new Map(RULES.map(({ info }) => [info.name, info.severity]));
const CODE_QUALITY_SEVERITY: Record<string, string> = { low: "minor", medium: "major", high: "critical", critical: "blocker" };

for (const [kind, file] of [["audit", "many-mistakes.analyze.jsonl"], ["preview", "many-mistakes.preview.jsonl"]] as const) {
    describe(`upstash-guard junit and gitlab: the recorded ${kind} of examples/many-mistakes`, function () {
        this.timeout(120_000);
        const input = fixture(file);
        let sarif: SarifFinding[];
        let xml: string;
        let gitlab: string;
        before(async () => {
            sarif = await sarifFindings(input);
            xml = await run("junit", input);
            gitlab = await run("gitlab", input);
        });

        it("is a JUnit file valid against Jenkins' JUnit XSD", async () => {
            await assertValidJunit(xml, file);
        });

        it("is a Code Quality report valid against GitLab's documented format", () => {
            assertValidCodeQuality(gitlab);
        });

        it("shows the SARIF's findings, levels and fingerprints in JUnit: errors as failures, warnings in system-out, notes skipped", () => {
            assert.ok(sarif.length >= 7);
            const fingerprints = sarif.map((f) => f.fingerprint);
            const expected = sarif.map((f) => `${f.policy} ${f.level} ${f.fingerprint}`).sort();
            assert.deepStrictEqual(junitTriples(junitCases(xml), fingerprints), expected);
        });

        it("shows the SARIF's findings and fingerprints in GitLab, each with its policy's severity (notes as info)", () => {
            const issues = JSON.parse(gitlab) as CodeQualityIssue[];
            const shown = issues.map((i) => `${i.check_name} ${i.severity} ${i.fingerprint}`).sort();
            const expected = sarif
                .map((f) => `${f.policy} ${f.level === "note" ? "info" : CODE_QUALITY_SEVERITY[SEVERITY_OF_POLICY.get(f.policy) ?? ""]} ${f.fingerprint}`)
                .sort();
            assert.deepStrictEqual(shown, expected);
            for (const issue of issues) {
                assert.deepStrictEqual(issue.location, { path: PROJECT_FILE, lines: { begin: 1 } });
            }
            const budget = issues.find((i) => i.check_name === "upstash-budget-required");
            assert.ok(budget?.description.startsWith("cache (upstash:index/redisDatabase:RedisDatabase): "), budget?.description);
        });

        it("has one suite per policy of the pack, each case a resource named by its URN under the policy's class", () => {
            const cases = junitCases(xml);
            for (const { info } of RULES) {
                const own = cases.filter((c) => c.suite === info.name);
                assert.ok(own.length > 0, info.name);
                assert.ok(own.every((c) => c.classname === `upstash-guard.${info.name}`));
            }
            const budget = cases.filter((c) => c.suite === "upstash-budget-required");
            assert.deepStrictEqual(budget.map((c) => c.name), [CACHE_URN]);
            assert.strictEqual(budget[0].failures.length, 1);
        });

        it("says nothing of the values: every message is the pack's redacted text", () => {
            assert.ok(!xml.includes("restToken") && !gitlab.includes("restToken"));
            assert.deepStrictEqual(leakedFragments(xml + gitlab, Object.values(fakeCredentials(3))), []);
        });
    });
}

describe("upstash-guard junit and gitlab", function () {
    this.timeout(120_000);

    it("lists, in a streamed preview, every resource the engine says a policy checked, passing ones included", async () => {
        const cases = junitCases(await run("junit", fixture("many-mistakes.preview.jsonl")));
        const tls = cases.filter((c) => c.suite === "upstash-tls-required");
        assert.deepStrictEqual(
            tls.map((c) => c.name.replace(/^urn:pulumi:dev::many-mistakes::/, "")).sort(),
            [
                "pulumi:providers:upstash::default_0_5_0_github_/api.github.com/upstash/pulumi-upstash",
                "pulumi:providers:vercel::default_5_4_1_github_/api.github.com/pulumiverse",
                "pulumi:pulumi:Stack::many-mistakes-dev",
                "upstash:index/redisDatabase:RedisDatabase::cache",
                "vercel:index/project:Project::web",
                "vercel:index/projectEnvironmentVariables:ProjectEnvironmentVariables::web-env",
            ],
        );
        assert.deepStrictEqual(tls.filter((c) => c.failures.length > 0).map((c) => c.name), [CACHE_URN]);
    });

    it("gives the same bytes for the same events in any order", async () => {
        const lines = fixture("many-mistakes.preview.jsonl").trim().split("\n");
        const reversed = [...lines].reverse().join("\n") + "\n";
        for (const command of ["junit", "gitlab"]) {
            assert.strictEqual(await run(command, reversed), await run(command, fixture("many-mistakes.preview.jsonl")), command);
        }
    });

    describe("with the stack's --policy-pack-config", () => {
        const config = (expires: string): string =>
            path.join(
                projectWith({ "config.json": JSON.stringify({ "upstash-budget-required": { exemptions: [{ resource: "cache", reason: "budget agreed in TICKET-12", expires }] } }) }),
                "config.json",
            );

        it("shows a finding its exemption covers as skipped in JUnit and as info in GitLab, with the reason", async () => {
            const args = ["--policy-pack-config", config("2999-12-31")];
            const xml = await run("junit", fixture("many-mistakes.analyze.jsonl"), args);
            await assertValidJunit(xml);
            const [budget] = junitCases(xml).filter((c) => c.suite === "upstash-budget-required");
            assert.deepStrictEqual(budget.failures, []);
            assert.strictEqual(budget.skippedMessage, "exempt (until 2999-12-31): budget agreed in TICKET-12");
            const gitlab = await run("gitlab", fixture("many-mistakes.analyze.jsonl"), args);
            assertValidCodeQuality(gitlab);
            const issue = (JSON.parse(gitlab) as CodeQualityIssue[]).find((i) => i.check_name === "upstash-budget-required");
            assert.strictEqual(issue?.severity, "info");
            assert.ok(issue?.description.startsWith("exempt (until 2999-12-31): budget agreed in TICKET-12. cache"), issue?.description);
            const others = junitCases(xml).filter((c) => c.suite === "upstash-tls-required");
            assert.strictEqual(others[0].failures.length, 1, "an exemption of one policy leaves the others' findings alone");
        });

        it("keeps a finding whose exemption expired as a failure", async () => {
            const xml = await run("junit", fixture("many-mistakes.analyze.jsonl"), ["--policy-pack-config", config("2020-01-01")]);
            const [budget] = junitCases(xml).filter((c) => c.suite === "upstash-budget-required");
            assert.strictEqual(budget.failures.length, 1);
        });
    });

    it("shows an output cut short as an error case in JUnit, and says so on standard error for GitLab", async () => {
        const cut = fixture("many-mistakes.analyze.jsonl").split("\n").filter((l) => !l.includes('"summaryEvent"')).join("\n");
        const xml = await run("junit", cut);
        await assertValidJunit(xml);
        assert.match(xml, /<testsuites name="upstash-guard" tests="\d+" failures="\d+" errors="1">/);
        assert.match(xml, /<error type="unfinished" message="The output ends before the engine&apos;s summary/);
        const res = await upstashGuard(["gitlab", "--project-file", PROJECT_FILE], cut);
        assert.match(res.stderr, /the output ends before the engine's summary/);
    });

    it("keeps markup, control characters and credentials of another pack's messages out of both files", async () => {
        const secrets = fakeCredentials(17);
        const input = eventLines([
            policyEvent({
                policyName: "acme-<no>-plain-\"secrets\"",
                policyPackName: "acme & co",
                enforcementLevel: "mandatory",
                severity: "high",
                resourceUrn: `urn:pulumi:dev::shop::vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable::${secrets.restToken}`,
                message: `value '${secrets.restToken}' of KV_REST_API_TOKEN is <plain> & bad\u0007; also rediss://default:${secrets.password}@eu1-shop-41823.upstash.io:6379 ]]>`,
            }),
            policyEvent({ policyName: "acme-tags", policyPackName: "acme & co", enforcementLevel: "advisory", message: "no cost-center tag" }),
            policyEvent({ policyName: "acme-odd", policyPackName: "acme & co", enforcementLevel: `advisory ${secrets.qstashToken}`, severity: secrets.signingKey, message: "odd level" }),
            SUMMARY_EVENT,
        ]);
        const all = Object.values(secrets);
        const junit = await upstashGuard(["junit", "--project-file", PROJECT_FILE], input);
        const gitlab = await upstashGuard(["gitlab", "--project-file", PROJECT_FILE], input);
        for (const res of [junit, gitlab]) {
            assert.strictEqual(res.code, 0, res.stderr);
            assert.deepStrictEqual(leakedFragments(res.stdout + res.stderr, all), []);
            assert.ok(res.stdout.includes(HIDDEN));
        }
        await assertValidJunit(junit.stdout);
        assertValidCodeQuality(gitlab.stdout);
        const foreign = junitCases(junit.stdout).filter((c) => c.classname.startsWith("acme & co."));
        assert.deepStrictEqual(foreign.map((c) => [c.suite, c.failures.length]), [["acme-<no>-plain-\"secrets\"", 1], ["acme-odd", 0], ["acme-tags", 0]]);
        assert.match(foreign[2].output, /^advisory: no cost-center tag/);
        const severities = (JSON.parse(gitlab.stdout) as CodeQualityIssue[]).map((i) => `${i.check_name} ${i.severity}`);
        assert.deepStrictEqual(severities, ["acme-<no>-plain-\"secrets\" critical", "acme-odd info", "acme-tags minor"]);
    });

    it("shows a violation the engine's policy exception matched as excepted everywhere: skipped, info, a SARIF suppression, exempted in the report, left out of a baseline", async () => {
        const secrets = fakeCredentials(23);
        const exceptions = [{ id: "EXC-7", reason: `paid plan agreed; old token ${secrets.restToken}` }];
        const input = eventLines([
            policyEvent({ policyName: "upstash-budget-required", enforcementLevel: "mandatory", severity: "high", resourceUrn: CACHE_URN, message: "RedisDatabase 'cache' sets no budget.", exceptions }),
            policyEvent({ policyName: "upstash-tls-required", enforcementLevel: "mandatory", severity: "high", resourceUrn: CACHE_URN, message: "RedisDatabase 'cache' has TLS off." }),
            SUMMARY_EVENT,
        ]);
        const outputs: string[] = [];
        const xml = await run("junit", input);
        await assertValidJunit(xml);
        const [budget] = junitCases(xml).filter((c) => c.suite === "upstash-budget-required");
        assert.deepStrictEqual(budget.failures, []);
        assert.strictEqual(budget.skippedMessage, `excepted by the policy exception EXC-7: paid plan agreed; old token ${HIDDEN}`);
        assert.strictEqual(junitCases(xml).filter((c) => c.suite === "upstash-tls-required")[0].failures.length, 1, "only the excepted finding is");
        const gitlab = await run("gitlab", input);
        assertValidCodeQuality(gitlab);
        assert.deepStrictEqual((JSON.parse(gitlab) as CodeQualityIssue[]).map((i) => `${i.check_name} ${i.severity}`), ["upstash-budget-required info", "upstash-tls-required critical"]);
        const sarif = await run("sarif", input);
        const [excepted, blocking] = (JSON.parse(sarif) as Log).runs[0].results ?? [];
        assert.strictEqual(excepted.level, "note");
        assert.deepStrictEqual(excepted.suppressions, [{ kind: "external", status: "accepted", justification: `excepted by the policy exception EXC-7: paid plan agreed; old token ${HIDDEN}` }]);
        assert.strictEqual(blocking.level, "error");
        const sarifFile = path.join(tempDir("excepted-sarif"), "excepted.sarif");
        fs.writeFileSync(sarifFile, sarif);
        assert.deepStrictEqual(multitoolProblems(sarifFile), [], "a suppression passes GitHub's ingestion rules");
        const audit = path.join(tempDir("excepted"), "audit.json");
        fs.writeFileSync(audit, input);
        const report = await upstashGuard(["report", `acme/shop/dev=${audit}`, "--format", "markdown", "--generated-at", "2026-12-07T00:00:00Z"]);
        assert.strictEqual(report.code, 0, report.stderr);
        assert.match(report.stdout, /\| acme\/shop\/dev \| 1 \| 0 \| 1 \|/);
        const baseline = await upstashGuard(["baseline", "--reason", "TICKET-1", "--expires", "2999-01-01"], input);
        assert.strictEqual(baseline.code, 0, baseline.stderr);
        assert.deepStrictEqual(Object.keys(JSON.parse(baseline.stdout) as Record<string, unknown>), ["upstash-tls-required"]);
        assert.match(baseline.stderr, /already excepted by a policy exception/);
        outputs.push(xml, gitlab, sarif, report.stdout, report.stderr, baseline.stdout, baseline.stderr);
        assert.deepStrictEqual(leakedFragments(outputs.join("\n"), Object.values(secrets)), []);
    });

    it("keeps, of two packs' findings with one fingerprint, the blocking one under the same suite, whatever the order", async () => {
        const shared = { policyName: "no-public-db", resourceUrn: CACHE_URN, message: "public" };
        const events = [
            policyEvent({ ...shared, policyPackName: "pack-b", enforcementLevel: "advisory", exceptions: [{ id: "EXC-1", reason: "ok" }] }),
            policyEvent({ ...shared, policyPackName: "pack-a", enforcementLevel: "mandatory" }),
            { policyAnalyzeSummaryEvent: { resourceUrn: CACHE_URN, policyPackName: "pack-b", policyPackVersion: "1", policyPackVersionTag: "1", passed: ["no-public-db"] } },
            { policyAnalyzeSummaryEvent: { resourceUrn: CACHE_URN, policyPackName: "pack-a", policyPackVersion: "1", policyPackVersionTag: "1", failed: ["no-public-db"] } },
        ];
        for (const command of ["junit", "gitlab", "sarif"]) {
            const forward = await run(command, eventLines([...events, SUMMARY_EVENT]));
            assert.strictEqual(await run(command, eventLines([...[...events].reverse(), SUMMARY_EVENT])), forward, command);
        }
        const [one] = junitCases(await run("junit", eventLines([...events, SUMMARY_EVENT]))).filter((c) => c.suite === "no-public-db");
        assert.strictEqual(one.classname, "pack-a.no-public-db");
        assert.strictEqual(one.failures.length, 1, "the blocking finding is the one kept");
    });

    it("writes to --output and names what it wrote on standard error", async () => {
        const dir = tempDir("ci-formats");
        const res = await upstashGuard(["junit", "-i", path.join(REPO, "test/cli/fixtures/many-mistakes.analyze.jsonl"), "-o", path.join(dir, "out.xml"), "--project-file", PROJECT_FILE]);
        assert.strictEqual(res.code, 0, res.stderr);
        assert.match(res.stderr, /wrote JUnit XML to .*out\.xml: \d+ suites, 9 test cases, 5 failed, 0 skipped, 0 errors/);
        assert.ok(fs.readFileSync(path.join(dir, "out.xml"), "utf8").startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
        const gitlab = await upstashGuard(["gitlab", "-i", path.join(REPO, "test/cli/fixtures/many-mistakes.analyze.jsonl"), "--project-file", PROJECT_FILE]);
        assert.match(gitlab.stderr, /wrote GitLab Code Quality report to standard output: 7 issues \(2 blocker, 5 critical, 0 major, 0 minor, 0 info\)/);
    });

    it("refuses a --project-file outside the folder it runs in (GitLab could not open it), writing nothing", async () => {
        for (const command of ["junit", "gitlab"]) {
            const res = await upstashGuard([command, "--project-file", "../elsewhere/Pulumi.yaml"], fixture("many-mistakes.analyze.jsonl"));
            assert.strictEqual(res.code, 2, command);
            assert.match(res.stderr, /is not a file inside the folder the command runs in/);
            assert.strictEqual(res.stdout, "");
        }
    });
});
