// `npm run demo`: the pack under the real Pulumi engine and providers, deploying against the local
// stand-in of the Upstash and Vercel APIs (standin/): the reference stack deploys; `pulumi up
// --skip-preview` of insecure examples is stopped, and the stand-in's record says how many credentials
// reached the platform. Prints what the engine prints.
import * as path from "path";
import { NOT_DEPLOYABLE_HERE, StandInProcess, exposed } from "../test/e2e/deploy";
import { PACK_DIR, REPO, Workspace } from "../test/e2e/engine";

function up(ws: Workspace, standIn: StandInProcess, title: string, dir: string, stack: string): number {
    console.log(`\n=== ${title}: pulumi up --skip-preview --policy-pack ./policies (stack ${stack}) ===\n`);
    const excluded = NOT_DEPLOYABLE_HERE.flatMap((urn) => ["--exclude", urn]);
    const res = ws.pulumi(dir, ["up", "--yes", "--skip-preview", "--stack", stack, "--policy-pack", PACK_DIR, ...excluded], undefined, standIn.env());
    console.log(res.stdout);
    console.error(res.stderr);
    return res.status;
}

async function main(): Promise<void> {
    const standIn = await StandInProcess.start();
    const ws = new Workspace();
    try {
        console.log(
            "The stand-in serves api.upstash.com, qstash.upstash.io and api.vercel.com on loopback; the real providers reach it through HTTPS_PROXY.\n" +
                "Left out of every deploy: the Vercel FirewallConfig (the Vercel provider 5.4.1 panics on it, pulumiverse/pulumi-vercel#265) and Kubernetes resources (no cluster here).\n" +
                'The Vercel provider logs each project it creates at error level, so the display says "creating failed" for a project that was created.',
        );
        const reference = ws.program("shop", REPO, ["Pulumi.yaml", "stack"]);
        ws.initStack(reference, "dev");
        const deployed = up(ws, standIn, "Reference stack, done right", reference, "dev");
        const results: string[] = [`Reference stack: exit ${deployed} (${deployed === 0 ? "deployed" : "unexpected"}).`];
        for (const name of ["many-mistakes", "plain-and-browser-tokens"]) {
            await standIn.clearRecord();
            const dir = ws.program(name, path.join(REPO, "examples", name), ["Pulumi.yaml", "index.ts"]);
            ws.initStack(dir, "dev");
            const status = up(ws, standIn, `examples/${name}`, dir, "dev");
            const reached = exposed(await standIn.deliveries()).length;
            results.push(`examples/${name}: exit ${status} (${status !== 0 ? "deploy BLOCKED" : "unexpected"}); credentials that reached a plain or browser-exposed place on the platform: ${reached}.`);
            process.exitCode = status !== 0 && reached === 0 ? process.exitCode : 1;
        }
        ws.pulumi(reference, ["destroy", "--yes", "--skip-preview", "--stack", "dev"], undefined, standIn.env());
        console.log(`\n${results.join("\n")}`);
        process.exitCode = deployed === 0 ? process.exitCode : 1;
    } finally {
        await standIn.stop();
        ws.dispose();
    }
}

void main();
