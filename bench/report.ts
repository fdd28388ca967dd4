/**
 * The report at fleet scale (issue 20): 1,000 stacks and 50,000 findings (BENCH_REPORT_STACKS,
 * BENCH_REPORT_FINDINGS), with a baseline config exempting a tenth of them and 30 runs of history.
 * Measures the build (`upstash-guard report`, in process: read, build, write) and, in headless
 * chromium (Debian's, through playwright-core), first paint, the list ready, and filtering.
 * Figures only: no target is asserted here.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PassThrough, Readable } from "stream";
import { performance as clock } from "perf_hooks";
import { runCli } from "../cli/src/main";
import { launchBrowser, openReport } from "../test/cli/browser";

const POLICIES = [
    ["upstash-tls-required", "mandatory", "RedisDatabase '%s' does not set `tls` (the provider fills in `false`). Set `tls: true` so every connection to the database is encrypted."],
    ["upstash-budget-required", "mandatory", "RedisDatabase '%s' sets no `budget`: it relies on the provider's default of 20 USD per month. Set an explicit monthly budget in USD (at most 50 USD for stage \"dev\")."],
    ["upstash-rate-limit-public-apis", "advisory", "Project '%s' receives Upstash Redis credentials but has no enabled vercel.FirewallConfig with an active `rate_limit` rule."],
    ["upstash-credentials-only-in-secret-env-vars", "mandatory", "ProjectEnvironmentVariable '%s' variable KV_REST_API_TOKEN carries the Upstash Redis REST token of RedisDatabase 'cache' in a plain variable; set `sensitive: true`."],
    ["upstash-separate-database-per-stage", "mandatory", "RedisDatabase '%s' is named \"shop-cache\", which does not contain the stage \"dev\". Name each stage's database after its stage."],
] as const;

const TYPES = ["upstash:index/redisDatabase:RedisDatabase", "upstash:index/redisDatabase:RedisDatabase", "vercel:index/project:Project", "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable", "upstash:index/redisDatabase:RedisDatabase"];

interface Fleet {
    inputs: string[];
    config: string;
    history: string;
}

export function writeFleet(dir: string, stacks: number, findings: number): Fleet {
    const perStack = Math.ceil(findings / stacks);
    const exemptions: Record<string, { resource: string; reason: string; expires: string }[]> = {};
    const inputs: string[] = [];
    let written = 0;
    for (let s = 0; s < stacks && written < findings; s++) {
        const project = `app-${s % 50}`;
        const stack = `stage-${s}`;
        const lines: string[] = [];
        for (let i = 0; i < perStack && written < findings; i++, written++) {
            const p = i % POLICIES.length;
            const [policyName, enforcementLevel, text] = POLICIES[p];
            const name = `res-${Math.floor(i / POLICIES.length)}`;
            const resourceUrn = `urn:pulumi:${stack}::${project}::${TYPES[p]}::${name}`;
            lines.push(JSON.stringify({ sequence: i, timestamp: 1796229682, policyEvent: { resourceUrn, message: text.replace("%s", name), color: "", policyName, policyPackName: "upstash-guard", policyPackVersion: "0.1.0", enforcementLevel } }));
            if (written % 10 === 0 && enforcementLevel === "mandatory") {
                const list = (exemptions[policyName] ??= []);
                list.push({ resource: resourceUrn, reason: "INC-1234: burn down", expires: s % 2 === 0 ? "2027-01-15" : "2027-06-30" });
            }
        }
        lines.push(JSON.stringify({ sequence: perStack, timestamp: 1796229683, summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges: {}, PolicyPacks: {}, isPreview: false } }));
        const file = path.join(dir, `${project}.${stack}.jsonl`);
        fs.writeFileSync(file, `${lines.join("\n")}\n`);
        inputs.push(`acme/${project}/${stack}=${file}`);
    }
    const config = path.join(dir, "policy-config.json");
    fs.writeFileSync(config, JSON.stringify(Object.fromEntries(Object.entries(exemptions).map(([policy, list]) => [policy, { exemptions: list }]))));
    const history = path.join(dir, "history.json");
    const entries = [];
    for (let run = 0; run < 30; run++) {
        const at = new Date(Date.UTC(2026, 6, 1 + run * 7, 5, 17)).toISOString();
        for (let s = 0; s < stacks; s++) {
            const blocking = Math.max(0, 60 - run * 2 - (s % 7));
            entries.push({ at, stack: `acme/app-${s % 50}/stage-${s}`, blocking, advisory: 10, exempted: run * 2, policies: { "upstash-tls-required": [Math.ceil(blocking / 3), run] } });
        }
    }
    fs.writeFileSync(history, JSON.stringify({ version: 1, entries }));
    return { inputs, config, history };
}

async function cli(args: readonly string[]): Promise<void> {
    const stderr = new PassThrough();
    const chunks: Buffer[] = [];
    stderr.on("data", (c: Buffer) => chunks.push(c));
    const code = await runCli(["node", "upstash-guard", ...args], { stdin: Readable.from([""]), stdout: new PassThrough(), stderr });
    if (code !== 0) {
        throw new Error(`upstash-guard report failed (${code}): ${Buffer.concat(chunks).toString("utf8")}`);
    }
}

function ms(value: number): string {
    return `${Math.round(value).toLocaleString("en-US")} ms`;
}

export async function benchReport(): Promise<void> {
    const stacks = Number(process.env.BENCH_REPORT_STACKS ?? 1000);
    const findings = Number(process.env.BENCH_REPORT_FINDINGS ?? 50000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upstash-guard-bench-report-"));
    try {
        const fleet = writeFleet(dir, stacks, findings);
        const output = path.join(dir, "report.html");
        const args = ["report", ...fleet.inputs, "--policy-pack-config", `acme/*/*=${fleet.config}`, "--history", fleet.history, "--generated-at", "2027-01-04T05:17:00Z", "--output", output];
        const t0 = clock.now();
        await cli(args);
        const buildMs = clock.now() - t0;
        const t1 = clock.now();
        await cli(["report", ...fleet.inputs, "--policy-pack-config", `acme/*/*=${fleet.config}`, "--generated-at", "2027-01-04T05:17:00Z", "--format", "markdown", "--output", path.join(dir, "summary.md")]);
        const markdownMs = clock.now() - t1;
        const size = fs.statSync(output).size;

        const browser = await launchBrowser();
        try {
            const opened = await openReport(browser, output);
            const page = opened.page;
            const timings = await page.evaluate(() => {
                const paint = window.performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint")?.startTime ?? NaN;
                const nav = window.performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
                return { firstPaint: paint, loaded: nav?.loadEventEnd ?? NaN, interactive: nav?.domInteractive ?? NaN, dcl: nav?.domContentLoadedEventEnd ?? NaN, responseEnd: nav?.responseEnd ?? NaN };
            });
            const filter = async (action: string): Promise<number> =>
                page.evaluate((what) => {
                    const start = window.performance.now();
                    if (what === "policy") {
                        const select = document.getElementById("f-policy") as HTMLSelectElement;
                        select.value = "upstash-tls-required";
                        select.dispatchEvent(new Event("change"));
                    } else if (what === "text") {
                        const input = document.getElementById("f-q") as HTMLInputElement;
                        input.value = "res-7'";
                        input.dispatchEvent(new Event("input"));
                    } else {
                        (document.getElementById("f-reset") as HTMLButtonElement).click();
                    }
                    void document.body.offsetHeight;
                    return window.performance.now() - start;
                }, action);
            const policyMs = await filter("policy");
            const textMs = await filter("text");
            const shown = (await page.locator("#finding-count").textContent()) ?? "";
            const resetMs = await filter("reset");
            const cellStart = Date.now();
            await page.locator("#matrix tbody td.cell a").first().click();
            const cellMs = Date.now() - cellStart;
            if (opened.problems.length > 0) {
                throw new Error(`the page reported problems: ${opened.problems.join("; ")}`);
            }
            console.log(`\n## Report: ${stacks.toLocaleString("en-US")} stacks, ${findings.toLocaleString("en-US")} findings\n`);
            console.log("| measure | value |\n|---|---:|");
            console.log(`| build (\`upstash-guard report\`, read + build + write, with config and ${(30 * stacks).toLocaleString("en-US")} history entries) | ${ms(buildMs)} |`);
            console.log(`| Markdown summary | ${ms(markdownMs)} |`);
            console.log(`| HTML size | ${(size / 1024 / 1024).toFixed(1)} MiB |`);
            console.log(`| first contentful paint (headless chromium, from disk) | ${ms(timings.firstPaint)} |`);
            console.log(`| DOM interactive (HTML parsed) | ${ms(timings.interactive)} |`);
            console.log(`| load event end (list rendered by the script) | ${ms(timings.loaded)} |`);
            console.log(`| filter by policy (script + layout) | ${ms(policyMs)} |`);
            console.log(`| text search, first (builds the search index) | ${ms(textMs)} |`);
            console.log(`| clear filters | ${ms(resetMs)} |`);
            console.log(`| open a matrix cell (click to list, measured from the driver) | ${ms(cellMs)} |`);
            console.log(`\nText search shown: ${shown}`);
        } finally {
            await browser.close();
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
