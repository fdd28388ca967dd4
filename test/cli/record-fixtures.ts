/**
 * Re-records the real engine output the sarif and baseline specs read: examples/many-mistakes under
 * the Pulumi engine of scripts/toolchain.sh with the policy pack,
 *  - previewed as a new stack, as streamed JSON (one engine event per line) and as the default
 *    preview digest;
 *  - then made an existing stack (an imported checkpoint, as after `pulumi up`; see
 *    test/e2e/checkpoint.ts) and audited with `pulumi policy analyze --json`.
 * Run after a change of engine, SDK or pack messages:
 *
 *     TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register test/cli/record-fixtures.ts
 */
import * as fs from "fs";
import * as path from "path";
import { makeExisting } from "../e2e/checkpoint";
import { PACK_DIR, REPO, Workspace } from "../e2e/engine";

const FIXTURES = path.join(__dirname, "fixtures");

function record(): void {
    const ws = new Workspace();
    try {
        const dir = ws.program("many-mistakes", path.join(REPO, "examples", "many-mistakes"), ["Pulumi.yaml", "index.ts"]);
        ws.initStack(dir, "dev");
        const args = ["preview", "--json", "--stack", "dev", "--policy-pack", PACK_DIR];
        const streamed = ws.pulumi(dir, args);
        const digest = ws.pulumi(dir, args, undefined, { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "false" });
        makeExisting(ws, dir, "dev");
        const audit = ws.pulumi(dir, ["policy", "analyze", "--json", "--stack", "dev", "--policy-pack", PACK_DIR]);
        // The workspace's temporary folder shows up in debug messages; a fixed name keeps re-recordings diffable.
        const stable = (text: string) => text.split(ws.root).join("/tmp/upstash-guard-e2e");
        fs.writeFileSync(path.join(FIXTURES, "many-mistakes.preview.jsonl"), stable(streamed.stdout));
        fs.writeFileSync(path.join(FIXTURES, "many-mistakes.digest.json"), stable(digest.stdout));
        fs.writeFileSync(path.join(FIXTURES, "many-mistakes.analyze.jsonl"), stable(audit.stdout));
        process.stdout.write(`recorded: streamed preview exit ${streamed.status}, digest preview exit ${digest.status}, policy analyze exit ${audit.status}\n`);
    } finally {
        ws.dispose();
    }
}

record();
