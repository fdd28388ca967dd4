// `npm run demo`: the pack under the real Pulumi engine, on the reference stack (passes) and on an
// insecure example (blocked), printing what the engine prints.
import * as path from "path";
import { PACK_DIR, REPO, Workspace } from "../test/e2e/engine";

function show(ws: Workspace, title: string, dir: string, stack: string): number {
    console.log(`\n=== ${title}: pulumi preview --policy-pack ./policies (stack ${stack}) ===\n`);
    const res = ws.pulumi(dir, ["preview", "--stack", stack, "--policy-pack", PACK_DIR]);
    console.log(res.stdout);
    console.error(res.stderr);
    return res.status;
}

const ws = new Workspace();
try {
    const reference = ws.program("shop", REPO, ["Pulumi.yaml", "stack"]);
    ws.initStack(reference, "dev");
    const ok = show(ws, "Reference stack, done right", reference, "dev");
    const insecure = ws.program("many-mistakes", path.join(REPO, "examples", "many-mistakes"), ["Pulumi.yaml", "index.ts"]);
    ws.initStack(insecure, "dev");
    const blocked = show(ws, "examples/many-mistakes", insecure, "dev");
    console.log(`\nReference stack: exit ${ok} (${ok === 0 ? "deploy allowed" : "unexpected"}). many-mistakes: exit ${blocked} (${blocked !== 0 ? "deploy BLOCKED by mandatory policies" : "unexpected"}).`);
    process.exitCode = ok === 0 && blocked !== 0 ? 0 : 1;
} finally {
    ws.dispose();
}
