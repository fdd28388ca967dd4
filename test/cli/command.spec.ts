/** The `upstash-guard` command as users start it: help, version, usage errors and exit codes. */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { fakeCredentials } from "../harness/fake-credentials";
import { REPO, projectWith, upstashGuard } from "./helpers";

describe("upstash-guard command", function () {
    this.timeout(60_000);

    it("--help lists the commands and the exit codes (exit 0)", async () => {
        const res = await upstashGuard(["--help"]);
        assert.strictEqual(res.code, 0);
        assert.match(res.stdout, /sarif \[options\]/);
        assert.match(res.stdout, /scan-config \[options\] \[dir\]/);
        assert.match(res.stdout, /baseline \[options\]/);
        assert.match(res.stdout, /Exit codes:\n  0 .*\n  1 .*\n  2 .*\n  3 .*\n  4 /);
    });

    it("each command has its own --help", async () => {
        const sarif = await upstashGuard(["sarif", "--help"]);
        assert.strictEqual(sarif.code, 0);
        assert.match(sarif.stdout, /--input <file>/);
        assert.match(sarif.stdout, /--project-file <path>[\s\S]*\(default:\s+"Pulumi\.yaml"\)/);
        const scan = await upstashGuard(["help", "scan-config"]);
        assert.strictEqual(scan.code, 0);
        assert.match(scan.stdout, /--format <format>.*choices: "text", "sarif"/s);
    });

    it("--version prints the version (exit 0)", async () => {
        const res = await upstashGuard(["--version"]);
        assert.strictEqual(res.code, 0);
        assert.strictEqual(res.stdout.trim(), "0.1.0");
    });

    it("usage errors exit 2 and say what is wrong", async () => {
        const none = await upstashGuard([]);
        assert.strictEqual(none.code, 2);
        assert.match(none.stderr, /Usage: upstash-guard/);
        const unknown = await upstashGuard(["scan"]);
        assert.strictEqual(unknown.code, 2);
        assert.match(unknown.stderr, /unknown command 'scan'/);
        const option = await upstashGuard(["sarif", "--in", "x"]);
        assert.strictEqual(option.code, 2);
        assert.match(option.stderr, /unknown option '--in'/);
        const missing = await upstashGuard(["sarif", "--input"]);
        assert.strictEqual(missing.code, 2);
        assert.match(missing.stderr, /argument missing/);
    });

    it("`npx upstash-guard` in this repository runs the built command, with its exit code", () => {
        const help = spawnSync("npx", ["--no-install", "upstash-guard", "--help"], { cwd: REPO, encoding: "utf8" });
        assert.strictEqual(help.status, 0, help.stderr);
        assert.match(help.stdout, /scan-config/);
        const dir = projectWith({ "Pulumi.yaml": "name: shop\nruntime: nodejs\n", "Pulumi.dev.yaml": `config:\n  upstash:apiKey: ${fakeCredentials(5).managementKey}\n` });
        const scan = spawnSync("npx", ["--prefix", REPO, "--no-install", "upstash-guard", "scan-config", "."], { cwd: dir, encoding: "utf8" });
        assert.strictEqual(scan.status, 1, scan.stderr);
        assert.match(scan.stdout, /^Pulumi\.dev\.yaml:2:3: /m);
    });
});
