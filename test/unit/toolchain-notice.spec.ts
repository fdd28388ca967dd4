/**
 * `scripts/toolchain.sh newer`: a one-line notice when the Go module proxy serves a newer Pulumi CLI
 * than the newest one the suites run on, and silence (exit 0) when it does not or cannot be asked.
 * The proxy is a `file://` GOPROXY folder written here, the layout the Go module proxy protocol gives.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(REPO, "scripts", "toolchain.sh");

function newestTested(): string {
    const match = /^PULUMI_NEWEST_VERSION=(\S+)/m.exec(fs.readFileSync(SCRIPT, "utf8"));
    assert.ok(match, "PULUMI_NEWEST_VERSION in scripts/toolchain.sh");
    return match[1];
}

const folders: string[] = [];
after(() => folders.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function emptyFolder(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upstash-guard-goproxy-"));
    folders.push(dir);
    return dir;
}

/** A GOPROXY folder that serves the given versions of github.com/pulumi/pulumi/pkg/v3. */
function proxyServing(versions: readonly string[]): string {
    const dir = emptyFolder();
    const list = path.join(dir, "github.com", "pulumi", "pulumi", "pkg", "v3", "@v");
    fs.mkdirSync(list, { recursive: true });
    fs.writeFileSync(path.join(list, "list"), versions.map((v) => `${v}\n`).join(""));
    return dir;
}

function newer(goproxy: string): { status: number | null; stderr: string; stdout: string } {
    const res = spawnSync("bash", [SCRIPT, "newer"], { env: { ...process.env, GOPROXY: goproxy }, encoding: "utf8", timeout: 60_000 });
    return { status: res.status, stderr: res.stderr, stdout: res.stdout };
}

describe("scripts/toolchain.sh newer: the notice of a newer Pulumi CLI", function () {
    this.timeout(60_000);
    const tested = newestTested();
    const [major, minor] = tested.split(".").map(Number);

    it("says in one line which newer CLI the proxy serves, naming the newest tested, and does not fail", () => {
        const newest = `${major}.${minor + 10}.0`;
        const proxy = proxyServing([`v${tested}`, `v${major}.${minor + 2}.1`, `v${newest}`, `v${major}.${minor + 20}.0-rc.1`, `v${major}.${minor - 1}.0`]);
        const res = newer(`file://${proxy}`);
        assert.strictEqual(res.status, 0, res.stderr);
        const lines = res.stderr.trim().split("\n");
        assert.strictEqual(lines.length, 1, res.stderr);
        assert.ok(lines[0].startsWith(`toolchain: notice: the Go module proxy serves the Pulumi CLI v${newest}, newer than v${tested}, the newest the suites run on`), lines[0]);
        assert.strictEqual(res.stdout, "");
    });

    it("says nothing when the newest served is the one tested (or older), by version order, not text order", () => {
        const res = newer(`file://${proxyServing([`v${major}.${minor - 1}.9`, `v${tested}`, `v${major}.9.0`])}`);
        assert.strictEqual(res.status, 0);
        assert.strictEqual(res.stderr, "");
    });

    it("says nothing and succeeds when the proxy cannot be asked: off, direct only, unreachable, or without the module", () => {
        for (const goproxy of ["off", "direct", "http://127.0.0.1:9", `file://${emptyFolder()}`]) {
            const res = newer(goproxy);
            assert.strictEqual(res.status, 0, `${goproxy}: ${res.stderr}`);
            assert.strictEqual(res.stderr, "", goproxy);
        }
    });
});
