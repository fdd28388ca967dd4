/**
 * `upstash-guard report` as a command: what it counts from real audits, that it is deterministic,
 * that it never shows a credential and never lets input text become markup, the Markdown summary,
 * the history and its bounds, and the inputs it refuses. What a person sees in a browser is in
 * report-browser.spec.ts.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { HIDDEN } from "../../cli/src/redact";
import { MAX_RUNS } from "../../cli/src/report/history";
import { markdownCell } from "../../cli/src/report/markdown";
import { leakedFragments } from "../harness/fake-credentials";
import { FIXTURES, tempDir, upstashGuard } from "./helpers";
import { ALL_SECRETS, EXPECTED, Fleet, HOSTILE_MESSAGE, HOSTILE_NAME, HOSTILE_STACK, buildFleet, fleetReport, syntheticFleet } from "./report-fleet";

const GITHUB_SUMMARY_LIMIT = 1024 * 1024;

/** The JSON the page's script reads. */
function pageData(html: string): { strings: string[]; findings: number[][] } {
    const match = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html);
    assert.ok(match, "the page holds its data");
    return JSON.parse(match[1]) as { strings: string[]; findings: number[][] };
}

function totalOf(html: string, id: string): number {
    const match = new RegExp(`data-total="${id}">([\\d,]+)<`).exec(html);
    assert.ok(match, id);
    return Number(match[1].replace(/,/g, ""));
}

describe("upstash-guard report", function () {
    let fleet: Fleet;
    let html: string;

    before(async function () {
        fleet = await buildFleet();
        html = (await fleetReport(fleet)).text;
    });

    describe("from real audits and a baseline config", () => {
        it("counts what the inputs hold: blocking, advisory, exempted, notes, exemptions expired and expiring, stacks clean and with findings", () => {
            assert.strictEqual(totalOf(html, "blocking"), EXPECTED.blocking);
            assert.strictEqual(totalOf(html, "advisory"), EXPECTED.advisory);
            assert.strictEqual(totalOf(html, "exempted"), EXPECTED.exempted);
            assert.strictEqual(totalOf(html, "exemptions-expired"), EXPECTED.exemptionsExpired);
            assert.strictEqual(totalOf(html, "exemptions-expiring"), EXPECTED.exemptionsExpiring);
            assert.strictEqual(totalOf(html, "stacks"), EXPECTED.stacks);
            assert.strictEqual(totalOf(html, "stacks-clean"), EXPECTED.stacksClean);
            assert.strictEqual(totalOf(html, "stacks-with-findings"), EXPECTED.stacksWithFindings);
            const all = EXPECTED.blocking + EXPECTED.advisory + EXPECTED.exempted + EXPECTED.note;
            assert.strictEqual(pageData(html).findings.length, all, "every finding is in the list");
        });

        it("is the same bytes for the same inputs, in any order", async () => {
            const again = await upstashGuard(["report", ...[...fleet.inputs].reverse(), "-c", ...fleet.configArgs, "--generated-at", fleet.generatedAt]);
            assert.strictEqual(again.code, 0, again.stderr);
            assert.ok(again.stdout === html, "byte-identical");
            assert.match(html, new RegExp(`datetime="${fleet.generatedAt.replace(/\./g, "\\.")}"`));
        });

        it("links each policy to its docs page and says how to fix it, naming the component, from the pack's own metadata", () => {
            assert.match(html, /href="https:\/\/github\.com\/upstash-guard\/upstash-guard\/blob\/main\/docs\/policies\/upstash-tls-required\.md"/);
            assert.match(html, /The upstash-guard component `StageRedisDatabase` always sets `tls: true`/);
        });

        it("is self-contained: no URL it would load, and a Content-Security-Policy that allows only its own inline style and script", () => {
            // The data script is JSON the page parses, never markup; the rest is what the browser reads as HTML.
            const markup = html.replace(/<script type="application\/json" id="report-data">[^<]*<\/script>/, "");
            assert.doesNotMatch(markup, /<(link|img|iframe|object|embed)\b/i);
            assert.doesNotMatch(markup, /\s(src|srcset)=/i);
            assert.doesNotMatch(markup, /url\(/i);
            assert.strictEqual((html.match(/<script\b/g) ?? []).length, 2, "the data and the script");
            const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1].replace(/&#39;/g, "'");
            assert.ok(csp);
            assert.match(csp, /default-src 'none'/);
            assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+';/);
            assert.match(csp, /connect-src 'none'/);
            assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
        });
    });

    describe("secrecy and hostile input", () => {
        it("shows no part of a planted credential (message, resource name, exemption reason) in the page, the summary, the history or on standard error", async () => {
            const historyFile = path.join(tempDir("secrets"), "history.json");
            const page = await fleetReport(fleet, ["--history", historyFile]);
            const summary = await fleetReport(fleet, ["--format", "markdown"]);
            for (const text of [page.text, page.stderr, summary.text, fs.readFileSync(historyFile, "utf8")]) {
                assert.deepStrictEqual(leakedFragments(text, ALL_SECRETS), []);
            }
            assert.ok(page.text.includes(HIDDEN), "what was hidden says so");
        });

        it("escapes every input text: hostile resource names, messages and stack names never become markup", () => {
            assert.ok(!html.includes(HOSTILE_NAME) && !html.includes(`<img src=x`) && !html.includes("<i>injected"));
            assert.ok(html.includes("&lt;/th&gt;&lt;i&gt;injected&lt;/i&gt;"), "the stack name, as text");
            const data = pageData(html);
            assert.ok(data.strings.some((s) => s.includes(HOSTILE_NAME)), "the script gets the raw text, to show as text");
            assert.ok(data.strings.some((s) => s.includes(HOSTILE_MESSAGE)));
            assert.ok(data.strings.includes(HOSTILE_STACK));
        });
    });

    describe("--format markdown", () => {
        it("gives the totals, the worst stacks and policies, and the exemptions expired or expiring", async () => {
            const { text } = await fleetReport(fleet, ["--format", "markdown"]);
            assert.ok(text.includes(`| ${EXPECTED.blocking} | ${EXPECTED.advisory} | ${EXPECTED.exempted} | ${EXPECTED.exemptionsExpired} | ${EXPECTED.exemptionsExpiring} | ${EXPECTED.stacksClean} | ${EXPECTED.stacksWithFindings} |`), text);
            assert.match(text, /### Worst stacks\n\n\| stack \| blocking \| advisory \| exempted \|\n\|---\|---:\|---:\|---:\|\n\| shop\/dev \| 3 \| 2 \| 0 \|/);
            assert.match(text, /### Worst policies\n\n[^#]*\| upstash-tls-required \| 2 \| 0 \| 2 \|/);
            assert.match(text, /\| \*\*expired\*\* \| \d{4}-\d{2}-\d{2} \| upstash-rate-limit-public-apis \|/);
            assert.strictEqual((text.match(/\| \*\*expiring\*\* \|/g) ?? []).length, EXPECTED.exemptionsExpiring);
            assert.ok(!text.includes("<i>") && text.includes("&lt;i&gt;injected"), "stack names escaped");
        });

        it("stays short for 1,000 stacks: ten rows a table, far under GitHub's 1 MiB job summary limit; a cell is one line of text", async () => {
            const inputs = syntheticFleet(1000, 6);
            const res = await upstashGuard(["report", ...inputs, "--format", "markdown", "--generated-at", "2027-01-04"]);
            assert.strictEqual(res.code, 0, res.stderr);
            assert.ok(Buffer.byteLength(res.stdout) < 16 * 1024, `${Buffer.byteLength(res.stdout)} bytes`);
            assert.ok(Buffer.byteLength(res.stdout) < GITHUB_SUMMARY_LIMIT);
            assert.match(res.stdout, /\| 4,000 \| 2,000 \| 0 \| 0 \| 0 \| 0 \| 1,000 \|/);
            assert.match(res.stdout, /and 990 more\./);
            assert.strictEqual(markdownCell("a|b\n<i>*x*</i> [l](u)"), "a\\|b &lt;i&gt;\\*x\\*&lt;/i&gt; \\[l\\](u)");
        });
    });

    describe("--history", () => {
        it("appends one entry per run and stack, counts only, and the page draws one point per run", async () => {
            const file = path.join(tempDir("history"), "history.json");
            const runs = [-14, -7, 0].map((days) => new Date(Date.parse(fleet.generatedAt) + days * 86_400_000).toISOString());
            for (const at of runs) {
                const res = await upstashGuard(["report", ...fleet.inputs, "-c", ...fleet.configArgs, "--generated-at", at, "--history", file, "-o", path.join(path.dirname(file), "r.html")]);
                assert.strictEqual(res.code, 0, res.stderr);
            }
            const history = JSON.parse(fs.readFileSync(file, "utf8")) as { entries: Record<string, unknown>[] };
            assert.strictEqual(history.entries.length, 3 * EXPECTED.stacks);
            for (const entry of history.entries) {
                assert.deepStrictEqual(Object.keys(entry), ["at", "stack", "blocking", "advisory", "exempted", "policies"]);
            }
            const text = fs.readFileSync(file, "utf8");
            assert.ok(!text.includes("RedisDatabase 'cache'") && !text.includes("INC-1234"), "no finding text, no reason");
            const page = fs.readFileSync(path.join(path.dirname(file), "r.html"), "utf8");
            const overall = /<figure id="burndown-all">.*?<\/figure>/s.exec(page)?.[0] ?? "";
            assert.strictEqual((overall.match(/<circle class="dot-blocking"/g) ?? []).length, 3);
            // The latest run is the fleet's own: its exemptions hold.
            assert.match(overall, new RegExp(`3 runs; latest ${runs[2].slice(5, 10)}: ${EXPECTED.blocking} blocking, ${EXPECTED.exempted} exempted`));
        });

        it("records a run again under the same time as a replacement, keeps at most the newest runs, and refuses (untouched) a file that is not its history", async () => {
            const dir = tempDir("history-bounds");
            const file = path.join(dir, "history.json");
            const [input] = syntheticFleet(1, 3);
            const run = (at: string) => upstashGuard(["report", input, "--generated-at", at, "--history", file, "-o", path.join(dir, "r.html")]);
            assert.strictEqual((await run("2027-01-01T00:00:00Z")).code, 0);
            assert.strictEqual((await run("2027-01-01T00:00:00Z")).code, 0);
            assert.strictEqual((JSON.parse(fs.readFileSync(file, "utf8")) as { entries: unknown[] }).entries.length, 1);
            const old = Array.from({ length: MAX_RUNS + 5 }, (_, i) => ({ at: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(), stack: "x", blocking: 1, advisory: 0, exempted: 0, policies: {} }));
            fs.writeFileSync(file, JSON.stringify({ version: 1, entries: old }));
            assert.strictEqual((await run("2027-01-02T00:00:00Z")).code, 0);
            const kept = (JSON.parse(fs.readFileSync(file, "utf8")) as { entries: { at: string }[] }).entries;
            assert.strictEqual(new Set(kept.map((e) => e.at)).size, MAX_RUNS);
            assert.strictEqual(kept[kept.length - 1].at, "2027-01-02T00:00:00.000Z");
            fs.writeFileSync(file, '{"something": "else"}');
            const refused = await run("2027-01-03T00:00:00Z");
            assert.strictEqual(refused.code, 3);
            assert.match(refused.stderr, /not a history written by upstash-guard report --history/);
            assert.strictEqual(fs.readFileSync(file, "utf8"), '{"something": "else"}');
        });
    });

    describe("inputs", () => {
        it("takes a stack's name from its URNs, or from STACK=FILE, and an empty audit as a clean stack", () => {
            assert.ok(html.includes('<th scope="row" class="stack" title="many-mistakes/dev">many-mistakes/dev</th>'));
            assert.ok(html.includes('<th scope="row" class="stack" title="acme/shop/prod">acme/shop/prod</th>'));
        });

        it("flags an audit that ended before the engine's summary, in the page and the summary", async () => {
            const cut = path.join(tempDir("cut"), "cut.jsonl");
            fs.writeFileSync(cut, fs.readFileSync(path.join(FIXTURES, "many-mistakes.analyze.jsonl"), "utf8").split("\n").slice(0, 3).join("\n"));
            const page = await upstashGuard(["report", cut, "--generated-at", "2027-01-04"]);
            assert.strictEqual(page.code, 0, page.stderr);
            assert.match(page.stdout, /<span class="badge badge-blocking">incomplete<\/span> 1 audit ended before the engine's summary/);
            const summary = await upstashGuard(["report", cut, "--generated-at", "2027-01-04", "--format", "markdown"]);
            assert.match(summary.stdout, /\*\*1 audit ended before the engine's summary: findings may be missing\.\*\*/);
        });

        it("refuses what it cannot use, saying why: no input (2), a bad --generated-at or --expiring-days (2), two audits of one stack (3), a config that is not JSON (3)", async () => {
            const audit = path.join(FIXTURES, "many-mistakes.analyze.jsonl");
            assert.strictEqual((await upstashGuard(["report"])).code, 2);
            const badTime = await upstashGuard(["report", audit, "--generated-at", "tomorrow"]);
            assert.strictEqual(badTime.code, 2);
            assert.match(badTime.stderr, /--generated-at is not an ISO 8601 date/);
            assert.strictEqual((await upstashGuard(["report", audit, "--expiring-days", "-3"])).code, 2);
            const twice = await upstashGuard(["report", audit, audit]);
            assert.strictEqual(twice.code, 3);
            assert.match(twice.stderr, /stack 'many-mistakes\/dev' is also the stack of/);
            const badConfig = path.join(tempDir("bad-config"), "c.json");
            fs.writeFileSync(badConfig, "{ not json");
            const refused = await upstashGuard(["report", audit, "-c", badConfig]);
            assert.strictEqual(refused.code, 3);
            assert.match(refused.stderr, /not JSON; expected a policy pack config/);
        });
    });
});
