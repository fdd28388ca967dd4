/**
 * What gating a deploy costs: `pulumi up --skip-preview` of a program of about 1,000 resources done
 * right (bench/programs/deploy) under the real engine, language host and providers, against the
 * stand-in of the Upstash and Vercel APIs, with upstash-guard and with the no-op pack, in the same run.
 * Each round deploys a fresh stack with each pack in turn (the no-op pack first), so that neither
 * always runs on a warmer machine; the figures are wall-clock times of the whole `pulumi up`.
 *
 * Env: BENCH_DEPLOY_APPS=125 (8 resources each, plus the stack and the providers); BENCH_DEPLOY_ROUNDS=3.
 */
import * as path from "path";
import { performance } from "perf_hooks";
import { StandInProcess } from "../standin/src/process";
import { REPO, Workspace, triples } from "../test/e2e/engine";

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function seconds(ms: number): string {
    return `${(ms / 1000).toFixed(1)} s`;
}

export async function benchDeploy(packs: { real: string; noop: string }): Promise<void> {
    const apps = Number(process.env.BENCH_DEPLOY_APPS ?? 125);
    const rounds = Math.max(1, Number(process.env.BENCH_DEPLOY_ROUNDS ?? 3));
    console.log(`\n## pulumi up --skip-preview of ${(apps * 8).toLocaleString("en-US")} resources against the stand-in (${rounds} rounds)\n`);
    const standIn = await StandInProcess.start();
    const ws = new Workspace();
    const times: Record<"real" | "noop", number[]> = { real: [], noop: [] };
    try {
        const dir = ws.program("bench-deploy", path.join(REPO, "bench", "programs", "deploy"), ["Pulumi.yaml", "index.ts"]);
        for (let round = 0; round < rounds; round++) {
            for (const pack of ["noop", "real"] as const) {
                const stack = `${pack}${round}`;
                ws.initStack(dir, stack);
                ws.must(dir, ["config", "set", "apps", String(apps), "--stack", stack]);
                const start = performance.now();
                const result = ws.up(dir, stack, { env: standIn.env(), pack: packs[pack] });
                const elapsed = performance.now() - start;
                if (result.exitCode !== 0 || (pack === "real" && triples(result.events).some((t) => t.endsWith(" mandatory")))) {
                    throw new Error(`the ${pack} pack's deploy failed (${result.exitCode}): ${result.output.slice(-2000)}`);
                }
                times[pack].push(elapsed);
            }
        }
        const failures = await standIn.failures();
        if (failures.length > 0) {
            throw new Error(`the stand-in: ${failures.join("; ")}`);
        }
    } finally {
        await standIn.stop();
        ws.dispose();
    }
    console.log("| pack | median | fastest | slowest |");
    console.log("|---|---:|---:|---:|");
    for (const pack of ["real", "noop"] as const) {
        const label = pack === "real" ? "upstash-guard" : "no-op pack";
        console.log(`| ${label} | ${seconds(median(times[pack]))} | ${seconds(Math.min(...times[pack]))} | ${seconds(Math.max(...times[pack]))} |`);
    }
    const ratios = times.real.map((t, i) => t / times.noop[i]);
    console.log(`\nupstash-guard / no-op pack: ${(median(times.real) / median(times.noop)).toFixed(2)}× of the medians; per round ${ratios.map((r) => `${r.toFixed(2)}×`).join(", ")}.`);
}
