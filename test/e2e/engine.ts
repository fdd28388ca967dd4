/**
 * Runs Pulumi programs under the real Pulumi engine (`pulumi preview --policy-pack`, and
 * `pulumi policy analyze` of a stack's state), built by `scripts/toolchain.sh`, on a file backend in
 * a temporary folder, and collects the policy events the engine emits (streaming JSON).
 */
import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PREVIEW_NOTE } from "../harness/expect";
import { blocks } from "./expected";
import { LanguageToolchain, prepareProgram } from "./runtimes";

export const REPO = path.resolve(__dirname, "..", "..");
export const PACK_DIR = path.join(REPO, "policies");

export interface PolicyEvent {
    policyName: string;
    /** Absent for a stack-wide event that names no resource (an audit's notes on v3.248.0). */
    resourceUrn?: string;
    enforcementLevel: string;
    message: string;
}

export interface PreviewResult {
    exitCode: number;
    events: PolicyEvent[];
    /** "op resource" for every step that is not `same`. */
    changes: string[];
    /** Everything the engine printed, to prove no credential reaches the output. */
    output: string;
    /** Standard output alone: the engine's JSON events, one per line, as tools that read them get it. */
    stdout: string;
}

/** One Pulumi CLI the tests run: the pinned one, or the newest the Go module proxy serves. */
export interface Cli {
    binDir: string;
    pulumi: string;
    version: string;
}

export interface Toolchain extends Cli, LanguageToolchain {
    newest: Cli;
    env: Record<string, string>;
}

export type CliName = "pinned" | "newest";

/** Both CLIs, for suites that run on each: `for (const cli of CLIS) describe(`… (${cliLabel(cli)})`, …)`. */
export const CLIS: readonly CliName[] = ["pinned", "newest"];

export function cliOf(name: CliName): Cli {
    const tc = loadToolchain();
    return name === "pinned" ? tc : tc.newest;
}

/** "pulumi v3.248.0 (pinned)", for test titles. */
export function cliLabel(name: CliName): string {
    return `pulumi v${cliOf(name).version} (${name})`;
}

let toolchain: Toolchain | undefined;

/** The toolchain scripts/toolchain.sh built: where `pulumi` is, and the environment it runs with. */
export function loadToolchain(): Toolchain {
    toolchain ??= JSON.parse(
        execFileSync("bash", [path.join(REPO, "scripts", "toolchain.sh"), "json"], { env: { ...process.env, UPSTASH_GUARD_TOOLCHAIN_QUIET: "1" }, encoding: "utf8" }),
    ) as Toolchain;
    return toolchain;
}

/** Dummy provider credentials: the providers contact no API during preview. */
export const DUMMY_UPSTASH_API_KEY = "0000fake-0000-4000-a000-000000000000";

/**
 * Workspaces of one suite, each a file backend of its own (for programs that share their project and
 * stack names), disposed of together: `const pool = new Workspaces(); after(() => pool.dispose());`.
 */
export class Workspaces {
    private readonly made: Workspace[] = [];

    next(cli: CliName = "pinned"): Workspace {
        const ws = new Workspace(cli);
        this.made.push(ws);
        return ws;
    }

    dispose(): void {
        this.made.forEach((ws) => ws.dispose());
    }
}

/** How `Workspace.up` deploys. */
export interface DeployOptions {
    /** `false` runs the preview first, as `pulumi up` does by default. */
    skipPreview?: boolean;
    policyConfig?: Record<string, unknown> | string;
    /** The stand-in's environment (`StandInProcess.env()`). */
    env?: Record<string, string>;
    target?: string[];
    exclude?: string[];
    /** Another pack instead of upstash-guard's; `null` for none. */
    pack?: string | null;
}

export class Workspace {
    readonly root: string;
    /** Everything a `pulumi` command of this workspace runs with: the toolchain, a file backend, a passphrase. */
    readonly env: NodeJS.ProcessEnv;
    readonly cli: Cli;

    constructor(cli: CliName = "pinned") {
        const tc = loadToolchain();
        this.cli = cliOf(cli);
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), "upstash-guard-e2e-"));
        fs.mkdirSync(path.join(this.root, "state"));
        this.env = {
            ...process.env,
            ...tc.env,
            PATH: `${this.cli.binDir}:${process.env.PATH ?? ""}`,
            PULUMI_BACKEND_URL: `file://${path.join(this.root, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
            PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true",
            NO_COLOR: "1",
        };
    }

    /**
     * Copies a program (the reference stack or an example, in any language) into the workspace and
     * gives it what its runtime needs (runtimes.ts): node_modules, a virtualenv, or its Go SDKs.
     */
    program(name: string, source: string, files: string[]): string {
        const dir = path.join(this.root, name);
        if (fs.existsSync(dir)) {
            return dir;
        }
        fs.mkdirSync(dir, { recursive: true });
        for (const file of files) {
            fs.cpSync(path.join(source, file), path.join(dir, file), { recursive: true });
        }
        prepareProgram(dir, name, REPO, loadToolchain());
        return dir;
    }

    pulumi(dir: string, args: string[], input?: string, extraEnv: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
        const env = { ...this.env, ...extraEnv };
        const res = spawnSync(this.cli.pulumi, [...args, "--non-interactive"], { cwd: dir, env, encoding: "utf8", input, maxBuffer: 64 * 1024 * 1024 });
        return { status: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
    }

    must(dir: string, args: string[], input?: string): string {
        const res = this.pulumi(dir, args, input);
        if (res.status !== 0) {
            throw new Error(`pulumi ${args.join(" ")} failed (${res.status}): ${res.stderr}\n${res.stdout}`);
        }
        return res.stdout;
    }

    /** Creates the stack with dummy provider credentials, unless the program's project has it already. */
    initStack(dir: string, stack: string, tags: Record<string, string> = {}): void {
        if (this.pulumi(dir, ["stack", "select", stack]).status === 0) {
            return;
        }
        this.must(dir, ["stack", "init", stack]);
        // One call for the three settings: every suite creates many stacks.
        this.must(dir, ["config", "set-all", "--stack", stack, "--plaintext", "upstash:email=ops@example.com", "--secret", `upstash:apiKey=${DUMMY_UPSTASH_API_KEY}`, "--secret", "vercel:apiToken=000000000000000000000000"]);
        for (const [k, v] of Object.entries(tags)) {
            this.must(dir, ["stack", "tag", "set", k, v, "--stack", stack]);
        }
    }

    /** `--policy-pack-config <file>` for a config (an object, written into the workspace, or a file's path); nothing without one. */
    private configArgs(policyConfig: Record<string, unknown> | string | undefined): string[] {
        if (!policyConfig) {
            return [];
        }
        if (typeof policyConfig === "string") {
            return ["--policy-pack-config", policyConfig];
        }
        const file = path.join(this.root, `policy-config-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
        fs.writeFileSync(file, JSON.stringify(policyConfig));
        return ["--policy-pack-config", file];
    }

    /** `pulumi preview --policy-pack <the pack>`, with another pack beside it if `also` names one (and the environment it reads). */
    preview(dir: string, stack: string, policyConfig?: Record<string, unknown> | string, also?: { pack: string; env: Record<string, string> }): PreviewResult {
        const other = also ? ["--policy-pack", also.pack] : [];
        return this.policyRun(dir, ["preview", "--json", "--stack", stack, "--policy-pack", PACK_DIR, ...other, ...this.configArgs(policyConfig)], also?.env);
    }

    /**
     * `pulumi policy analyze --json` (an audit): the pack over a stack's current state, or over a
     * `pulumi stack export` file with `from: { file }` (v3.249.0 and later), without the program or
     * any provider call. It prints the same engine events as a streamed preview, changes nothing, and
     * exits non-zero when it finds mandatory violations.
     */
    analyze(dir: string, from: { stack: string } | { file: string }, policyConfig?: Record<string, unknown> | string, packDir = PACK_DIR): PreviewResult {
        const source = "stack" in from ? ["--stack", from.stack] : ["--file", from.file];
        return this.policyRun(dir, ["policy", "analyze", "--json", ...source, "--policy-pack", packDir, ...this.configArgs(policyConfig)]);
    }

    /**
     * `pulumi up --yes --policy-pack <the pack>` (a deploy: the providers call their APIs, so `env` must
     * point them at the stand-in), with `--skip-preview` by default, as the Automation API's `up` and
     * CI jobs that previewed elsewhere run it; events streamed as JSON lines.
     */
    up(dir: string, stack: string, options: DeployOptions = {}): PreviewResult {
        const skip = options.skipPreview === false ? [] : ["--skip-preview"];
        const only = [...(options.target ?? []).flatMap((urn) => ["--target", urn]), ...(options.exclude ?? []).flatMap((urn) => ["--exclude", urn])];
        const packs = options.pack === null ? [] : ["--policy-pack", options.pack ?? PACK_DIR];
        return this.policyRun(dir, ["up", "--yes", "--json", "--stack", stack, ...skip, ...only, ...packs, ...this.configArgs(options.policyConfig)], options.env);
    }

    /** `pulumi refresh --yes`: the state takes what the providers read from their APIs now. */
    refresh(dir: string, stack: string, env: Record<string, string>): PreviewResult {
        return this.policyRun(dir, ["refresh", "--yes", "--skip-preview", "--json", "--stack", stack], env);
    }

    /** `pulumi destroy --yes`. */
    destroy(dir: string, stack: string, env: Record<string, string>): PreviewResult {
        return this.policyRun(dir, ["destroy", "--yes", "--skip-preview", "--json", "--stack", stack], env);
    }

    /** Runs a command that prints engine events as JSON lines, and collects its policy events and changes. */
    private policyRun(dir: string, args: string[], extraEnv: Record<string, string> = {}): PreviewResult {
        const res = this.pulumi(dir, args, undefined, extraEnv);
        const events: PolicyEvent[] = [];
        const changes: string[] = [];
        for (const line of res.stdout.split("\n")) {
            if (line.includes('"policyEvent"')) {
                events.push((JSON.parse(line) as { policyEvent: PolicyEvent }).policyEvent);
            } else if (line.includes('"resourcePreEvent"')) {
                const { op, urn } = (JSON.parse(line) as { resourcePreEvent: { metadata: { op: string; urn: string } } }).resourcePreEvent.metadata;
                if (op !== "same") {
                    changes.push(`${op} ${urn.split("::").pop() ?? urn}`);
                }
            }
        }
        return { exitCode: res.status, events, changes, output: `${res.stdout}\n${res.stderr}`, stdout: res.stdout };
    }

    dispose(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

/** A request of the engine as test/e2e/probe-pack records it: names and kinds, never a value. */
export interface ProbedRequest {
    method: string;
    /** The pack process that received it. */
    pid: number;
    name?: string;
    policies?: string[];
    tags?: string[];
    stack?: string;
    project?: string;
    organization?: string;
    dryRun?: boolean;
    defaults?: string[] | null;
    /** Analyze: the top-level inputs that arrived as Pulumi secrets. */
    secrets?: string[];
    /** Analyze: the parent's URN, as the resource options name it. */
    parent?: string;
    /** Analyze: the provider the engine named, with the names of its inputs. */
    provider?: { type: string; properties: string[] } | null;
}

/** What the probe pack recorded of the engine's requests (`ENGINE_PROBE_OUT` + `.rpc.jsonl`). */
export function probedRequests(out: string): ProbedRequest[] {
    return fs.readFileSync(`${out}.rpc.jsonl`, "utf8").trim().split("\n").map((l) => JSON.parse(l) as ProbedRequest);
}

/** Findings proper: every event but the "can't be known during preview" notes. */
export function findingsOf(events: PolicyEvent[]): PolicyEvent[] {
    return events.filter((e) => !PREVIEW_NOTE.test(e.message));
}

/** The "can't be known during preview" notes. */
export function notesOf(events: PolicyEvent[]): PolicyEvent[] {
    return events.filter((e) => PREVIEW_NOTE.test(e.message));
}

/** `(policy, resource name, level)` triples, sorted, for exact comparisons. */
export function triples(events: PolicyEvent[]): string[] {
    // A stack-wide event may name no resource (an audit's notes on v3.248.0).
    return events.map((e) => `${e.policyName} ${(e.resourceUrn ?? "").split("::").pop() ?? ""} ${e.enforcementLevel}`).sort();
}

/**
 * An audit of a deployed stack (`pulumi policy analyze`) reports what the preview of that stack
 * reports: the same (policy, resource, level) results, no "can't be known" note, and a failing exit
 * code exactly when a mandatory policy fails.
 */
export function assertAuditEqualsPreview(audit: PreviewResult, preview: PreviewResult): void {
    assert.deepEqual(triples(audit.events), triples(preview.events), audit.output);
    assert.deepEqual(notesOf(audit.events), []);
    assert.equal(audit.exitCode !== 0, blocks(triples(audit.events)), `analyze exit code ${audit.exitCode}`);
}
