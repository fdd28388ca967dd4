/**
 * The CI recipe's two steps against the real engine (scripts/toolchain.sh): a blocked
 * `pulumi preview --json --policy-pack ./policies` of examples/many-mistakes, streamed, piped into
 * `upstash-guard sarif`, gives SARIF that validates against the 2.1.0 schema, with a result for
 * every policy event and the same fingerprints on a second preview; and `scan-config` reads the
 * stack file the real `pulumi config set` writes.
 */
import * as assert from "assert";
import * as path from "path";
import type { Log } from "sarif";
import { DUMMY_UPSTASH_API_KEY, PACK_DIR, REPO, Workspace } from "../e2e/engine";
import { FINGERPRINT_KEY } from "../../cli/src/sarif/common";
import { assertValidSarif, upstashGuard } from "./helpers";

describe("upstash-guard against the real engine", function () {
    this.timeout(600_000);
    let ws: Workspace;
    let dir: string;

    before(() => {
        ws = new Workspace();
        dir = ws.program("many-mistakes", path.join(REPO, "examples", "many-mistakes"), ["Pulumi.yaml", "index.ts"]);
        ws.initStack(dir, "dev");
    });

    after(() => ws?.dispose());

    /** The streamed preview's stdout, in the colour mode given (raw keeps the engine's colour directives). */
    function preview(color: "never" | "raw"): { status: number; stdout: string } {
        const res = ws.pulumi(dir, ["preview", "--json", "--stack", "dev", "--policy-pack", PACK_DIR, `--color=${color}`]);
        return { status: res.status, stdout: res.stdout };
    }

    async function sarifOf(stdout: string): Promise<Log> {
        const res = await upstashGuard(["sarif"], stdout);
        assert.strictEqual(res.code, 0, res.stderr);
        const log = JSON.parse(res.stdout) as unknown;
        assertValidSarif(log);
        return log;
    }

    it("converts every policy event of the blocked preview, and a second preview gives the same fingerprints", async () => {
        const first = preview("never");
        assert.notStrictEqual(first.status, 0, "mandatory findings block the preview");
        const events = first.stdout.split("\n").filter((line) => line.includes('"policyEvent"')).length;
        assert.ok(events > 0);
        const log = await sarifOf(first.stdout);
        const results = log.runs[0].results ?? [];
        assert.strictEqual(results.length, events);
        assert.ok(results.some((r) => r.level === "error"));
        assert.strictEqual(log.runs[0].invocations?.[0]?.executionSuccessful, true);

        const raw = preview("raw").stdout;
        assert.ok(raw.includes("<{%"), "--color=raw keeps the engine's colour directives in policy messages");
        const again = await sarifOf(raw);
        assert.ok(!JSON.stringify(again).includes("<{%"), "colour directives are gone");
        const fingerprints = (l: Log) => (l.runs[0].results ?? []).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
        assert.deepStrictEqual(fingerprints(again), fingerprints(log));
        assert.deepStrictEqual(again.runs[0].results?.map((r) => r.message.text), results.map((r) => r.message.text));
    });

    it("scan-config reads the stack file Pulumi writes: nothing after `config set --secret`, a finding after a plain `config set`", async () => {
        const scan = async () => {
            const cwd = process.cwd();
            process.chdir(dir);
            try {
                return await upstashGuard(["scan-config"]);
            } finally {
                process.chdir(cwd);
            }
        };
        // initStack stored upstash:apiKey and vercel:apiToken with --secret.
        const clean = await scan();
        assert.strictEqual(clean.code, 0, clean.stdout);
        ws.must(dir, ["config", "set", "upstash:apiKey", DUMMY_UPSTASH_API_KEY, "--stack", "dev", "--plaintext"]);
        const found = await scan();
        assert.strictEqual(found.code, 1, found.stdout);
        assert.match(found.stdout, /^Pulumi\.dev\.yaml:\d+:\d+: Config key 'upstash:apiKey' \(stack dev\) holds an Upstash management API key in plaintext/m);
        assert.ok(!found.stdout.includes(DUMMY_UPSTASH_API_KEY.slice(0, 8)));
    });
});
