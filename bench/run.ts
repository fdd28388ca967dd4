/**
 * `npm run bench`: the cost of the pack inside a preview, against the floor of a no-op pack measured
 * in the same run (issues 4 and 9).
 *
 * For each stack shape (bench/shapes.ts), each size and each pack, a fresh pack process is started as
 * the language host starts it, then driven through the analyzer gRPC API as the engine drives it:
 * GetAnalyzerInfo, Configure, ConfigureStack, for every resource Remediate then Analyze (sequential),
 * then AnalyzeStack. Requests are built before the clock starts, so the figures are the pack's (and
 * gRPC's) time, not the client's. Then a profiled run of the pack says where its time goes.
 *
 * Each shape is measured as a preview sends it and as an update does (`BENCH_MODES`): during an
 * update the pack also judges every resource as it registers (framework/registration.ts).
 *
 * Env: BENCH_SHAPES=realistic,synthetic,mixed-platforms; BENCH_SIZES=1000,10000 (default
 * 1000,10000,50000); BENCH_MODES=preview,update; BENCH_PACKS=real (or noop) to run one pack;
 * BENCH_STACK_REPEATS=3; BENCH_PROFILE=0 to skip the profile; BENCH_PROFILE_SIZE=10000.
 *
 * Then `pulumi up --skip-preview` of a program of about 1,000 resources under the real engine and
 * providers against the stand-in, with each pack (bench/deploy.ts; BENCH_DEPLOY=0 to skip it).
 *
 * Then the fleet report at scale (bench/report.ts; BENCH_REPORT=0 to skip it, BENCH_SHAPES= with
 * BENCH_PROFILE=0 to run it alone).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { AnalyzerClient, PACK_DIR, toAnalyzeRequest, toAnalyzeStackRequest, toRemediateRequest } from "../test/harness/analyzer";
import { summariseProfiles } from "./profile-summary";
import { benchDeploy } from "./deploy";
import { benchReport } from "./report";
import { ShapeBuilder, shapes } from "./shapes";

const NOOP_DIR = path.resolve(__dirname, "noop-pack");

/**
 * What the engine is doing: a preview (`dryRun: true`, values from other resources unknown on a first
 * preview), or an update (`dryRun: false`, every value known), where the pack judges each resource as
 * it registers as well as the whole stack at the end.
 */
type Mode = "preview" | "update";
const STACK_REPEATS = Math.max(1, Number(process.env.BENCH_STACK_REPEATS ?? 3));

interface Figures {
    startupMs: number;
    /** Remediate + Analyze of every resource. */
    perResourceMs: number;
    /** Median of `STACK_REPEATS` calls. */
    analyzeStackMs: number;
    firstAnalyzeStackMs: number;
    peakMemMiB: number;
    results: number;
}

function peakMemMiB(pid: number): number {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Number(kb[1]) / 1024 : NaN;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measure(packDir: string, build: ShapeBuilder, size: number, mode: Mode, profileDir?: string): Promise<Figures> {
    const resources = build(size, mode === "update" ? "existing" : "new");
    const perResource = resources.map((r) => ({ remediate: toRemediateRequest(r), analyze: toAnalyzeRequest(r) }));
    const stackRequest = toAnalyzeStackRequest(resources);
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (profileDir) {
        fs.mkdirSync(profileDir, { recursive: true });
        env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --require ${path.join(__dirname, "profile.js")}`.trim();
        env.BENCH_PROFILE_DIR = profileDir;
    }

    const t0 = performance.now();
    const client = await AnalyzerClient.start(packDir, env);
    await client.info();
    const startupMs = performance.now() - t0;
    try {
        await client.configure({});
        await client.configureStack("dev", {}, { dryRun: mode === "preview" });
        let results = 0;
        const t1 = performance.now();
        for (const { remediate, analyze } of perResource) {
            await client.remediateRequest(remediate);
            results += (await client.analyzeRequest(analyze)).diagnostics.length;
        }
        const perResourceMs = performance.now() - t1;
        // One AnalyzeStack call is what a preview makes; on a shared 2-core machine a single call varies
        // by ±20%, so the targets use the median of a few calls (the first one is printed as well). Each
        // call follows a full round of Analyze calls in a real preview; repeating AnalyzeStack alone
        // gives the pack nothing it would not have then.
        const stackTimes: number[] = [];
        for (let i = 0; i < STACK_REPEATS; i++) {
            const t2 = performance.now();
            const result = await client.analyzeStackRequest(stackRequest);
            stackTimes.push(performance.now() - t2);
            if (i === 0) {
                results += result.diagnostics.length;
            }
        }
        const pid = client.pid;
        return {
            startupMs,
            perResourceMs,
            analyzeStackMs: median(stackTimes),
            firstAnalyzeStackMs: stackTimes[0],
            peakMemMiB: pid === undefined ? NaN : peakMemMiB(pid),
            results,
        };
    } finally {
        await client.stop();
    }
}

type BySize = Map<number, Figures>;

interface Verdict {
    what: string;
    value: string;
    pass: boolean | undefined;
}

function ratioText(a: number, b: number): string {
    return `${(a / b).toFixed(2)}×`;
}

/** Issue 9's targets for one shape. */
function verdicts(real: BySize, noop: BySize): Verdict[] {
    const out: Verdict[] = [];
    const both = [...real.keys()].filter((s) => noop.has(s));
    if (both.length > 0) {
        const worst = Math.max(...both.map((s) => real.get(s)!.startupMs / noop.get(s)!.startupMs));
        out.push({ what: "start-up ≤ 1.5× (every size)", value: `worst ${worst.toFixed(2)}×`, pass: worst <= 1.5 });
    }
    const r10 = real.get(10000);
    const n10 = noop.get(10000);
    if (r10 && n10) {
        out.push({ what: "Remediate + Analyze at 10,000 ≤ 1.3×", value: ratioText(r10.perResourceMs, n10.perResourceMs), pass: r10.perResourceMs <= 1.3 * n10.perResourceMs });
        out.push({ what: "AnalyzeStack at 10,000 ≤ 2.0×", value: ratioText(r10.analyzeStackMs, n10.analyzeStackMs), pass: r10.analyzeStackMs <= 2 * n10.analyzeStackMs });
    }
    const r50 = real.get(50000);
    const n50 = noop.get(50000);
    if (r50 && n50) {
        out.push({ what: "peak memory at 50,000 ≤ 2×", value: ratioText(r50.peakMemMiB, n50.peakMemMiB), pass: r50.peakMemMiB <= 2 * n50.peakMemMiB });
    }
    if (r10 && n10 && r50 && n50) {
        for (const [what, get] of [
            ["Remediate + Analyze", (f: Figures) => f.perResourceMs],
            ["AnalyzeStack", (f: Figures) => f.analyzeStackMs],
        ] as const) {
            const ours = get(r50) / get(r10);
            const floor = get(n50) / get(n10);
            out.push({
                what: `${what} growth 10,000 → 50,000 ≤ the floor's growth + 20%`,
                value: `${ours.toFixed(2)}× (no-op pack ${floor.toFixed(2)}×)`,
                pass: ours <= floor * 1.2,
            });
        }
    }
    return out;
}

function ms(value: number): string {
    return value >= 10000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
}

function printSize(size: number, real: Figures | undefined, noop: Figures | undefined): void {
    const rows: [string, (f: Figures) => number, (v: number) => string][] = [
        ["start-up (spawn → info answered)", (f) => f.startupMs, ms],
        ["Remediate + Analyze, all resources", (f) => f.perResourceMs, ms],
        ["  per resource", (f) => (f.perResourceMs * 1000) / size, (v) => `${v.toFixed(0)} µs`],
        ["AnalyzeStack, first call", (f) => f.firstAnalyzeStackMs, ms],
        [`AnalyzeStack, median of ${STACK_REPEATS} calls`, (f) => f.analyzeStackMs, ms],
        ["peak memory (VmHWM)", (f) => f.peakMemMiB, (v) => `${v.toFixed(0)} MiB`],
    ];
    console.log(`\n### ${size.toLocaleString("en-US")} resources\n`);
    console.log("| measure | upstash-guard | no-op pack | ratio |");
    console.log("|---|---:|---:|---:|");
    for (const [name, get, fmt] of rows) {
        const r = real ? fmt(get(real)) : "–";
        const n = noop ? fmt(get(noop)) : "–";
        const q = real && noop ? ratioText(get(real), get(noop)) : "–";
        console.log(`| ${name} | ${r} | ${n} | ${q} |`);
    }
    if (real) {
        console.log(`\n(upstash-guard returned ${real.results} results)`);
    }
}

function listFromEnv(name: string, fallback: string): string[] {
    return (process.env[name] ?? fallback).split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}

async function main(): Promise<void> {
    const sizes = listFromEnv("BENCH_SIZES", "1000,10000,50000").map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const packs = listFromEnv("BENCH_PACKS", "real,noop");
    const available = shapes();
    const chosen = listFromEnv("BENCH_SHAPES", [...available.keys()].join(","));
    const modes = listFromEnv("BENCH_MODES", "preview,update").filter((m): m is Mode => m === "preview" || m === "update");
    if (!fs.existsSync(path.join(PACK_DIR, "bin", "index.js"))) {
        throw new Error("policies/bin/index.js is missing: run `npm run build` first");
    }
    console.log(`# upstash-guard benchmark\n\nNode ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${os.platform()} ${os.release()}`);
    const allVerdicts: { shape: string; verdict: Verdict }[] = [];
    for (const mode of modes) {
        for (const shape of chosen) {
            const build = available.get(shape);
            if (!build) {
                throw new Error(`unknown shape '${shape}' (known: ${[...available.keys()].join(", ")})`);
            }
            console.log(`\n## Shape: ${shape}, as ${mode === "preview" ? "a preview" : "an update"} sends it`);
            const real: BySize = new Map();
            const noop: BySize = new Map();
            for (const size of sizes) {
                // The no-op pack first, so neither pack always runs on a warmer machine.
                if (packs.includes("noop")) {
                    noop.set(size, await measure(NOOP_DIR, build, size, mode));
                }
                if (packs.includes("real")) {
                    real.set(size, await measure(PACK_DIR, build, size, mode));
                }
                printSize(size, real.get(size), noop.get(size));
            }
            allVerdicts.push(...verdicts(real, noop).map((verdict) => ({ shape: `${shape} (${mode})`, verdict })));
        }
    }
    console.log("\n## Targets (issue 9)\n");
    console.log("| shape | target | measured | result |");
    console.log("|---|---|---:|---|");
    for (const { shape, verdict } of allVerdicts) {
        console.log(`| ${shape} | ${verdict.what} | ${verdict.value} | ${verdict.pass === undefined ? "SKIP" : verdict.pass ? "PASS" : "FAIL"} |`);
    }
    if (process.env.BENCH_PROFILE !== "0" && packs.includes("real")) {
        const size = Number(process.env.BENCH_PROFILE_SIZE ?? 10000);
        console.log(`\n## Where the time goes (CPU profile of the pack process, ${size.toLocaleString("en-US")} resources, a separate run)\n`);
        for (const shape of chosen) {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), `upstash-guard-profile-${shape}-`));
            await measure(PACK_DIR, available.get(shape)!, size, modes.includes("update") ? "update" : "preview", dir);
            console.log(`### ${shape}\n`);
            console.log(summariseProfiles(dir));
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }
    if (process.env.BENCH_DEPLOY !== "0") {
        await benchDeploy({ real: PACK_DIR, noop: NOOP_DIR });
    }
    if (process.env.BENCH_REPORT !== "0") {
        await benchReport();
    }
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
});
