/**
 * Running the `upstash-guard` command in-process, validating SARIF against the official schema,
 * and making throwaway Pulumi project folders.
 */
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PassThrough, Readable } from "stream";
import type { Log } from "sarif";
import { runCli } from "../../cli/src/main";

export const REPO = path.resolve(__dirname, "..", "..");
export const FIXTURES = path.join(__dirname, "fixtures");

export interface CommandResult {
    code: number;
    stdout: string;
    stderr: string;
}

function collect(stream: PassThrough): () => string {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer | string) => chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk));
    return () => Buffer.concat(chunks).toString("utf8");
}

/** `upstash-guard <args>` in this process, with `stdin` as standard input. */
export async function upstashGuard(args: readonly string[], stdin = ""): Promise<CommandResult> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = collect(stdout);
    const err = collect(stderr);
    const code = await runCli(["node", "upstash-guard", ...args], { stdin: Readable.from([stdin]), stdout, stderr });
    return { code, stdout: out(), stderr: err() };
}

/**
 * The SARIF 2.1.0 schema that `@microsoft/sarif-multitool` ships (JSON Schema draft 2020-12, hence
 * Ajv2020; formats such as `uri` and `date-time` checked by ajv-formats).
 */
function multitoolPackage(): string {
    return path.dirname(require.resolve(`@microsoft/sarif-multitool-${process.platform}/package.json`));
}

let validateSarif: ReturnType<Ajv2020["compile"]> | undefined;

export function assertValidSarif(log: unknown): asserts log is Log {
    if (!validateSarif) {
        const schema = JSON.parse(fs.readFileSync(path.join(multitoolPackage(), "sarif-2.1.0.json"), "utf8")) as Record<string, unknown>;
        assert.strictEqual(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
        const ajv = new Ajv2020({ allErrors: true, strict: false });
        addFormats(ajv);
        validateSarif = ajv.compile(schema);
    }
    const valid = validateSarif(log);
    assert.ok(valid, `SARIF does not validate against sarif-2.1.0.json: ${JSON.stringify(validateSarif.errors, null, 1)}`);
}

/** Problems the SARIF multitool's `validate` verb finds (its SARIF rules and GitHub's ingestion rules), errors and warnings only. */
export function multitoolProblems(sarifFile: string): string[] {
    const out = path.join(path.dirname(sarifFile), "multitool-validation.sarif");
    const binary = path.join(multitoolPackage(), "Sarif.Multitool");
    const res = spawnSync(binary, ["validate", sarifFile, "--output", out, "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning", "--quiet"], {
        encoding: "utf8",
        env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
        timeout: 120_000,
    });
    assert.ok(fs.existsSync(out), `the multitool wrote no report (status ${res.status}): ${res.stderr}${res.stdout}`);
    const report = JSON.parse(fs.readFileSync(out, "utf8")) as Log;
    return (report.runs[0]?.results ?? [])
        .filter((r) => r.level === undefined || r.level === "error" || r.level === "warning")
        .map((r) => `${r.ruleId}: ${r.message.text ?? ""}`);
}

const tempDirs: string[] = [];
process.on("exit", () => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A fresh folder, removed when the test process ends. */
export function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `upstash-guard-cli-${prefix}-`));
    tempDirs.push(dir);
    return dir;
}

/** A folder holding the given files (relative path → text). */
export function projectWith(files: Record<string, string>): string {
    const dir = tempDir("project");
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

export function fixture(name: string): string {
    return fs.readFileSync(path.join(FIXTURES, name), "utf8");
}

/** The streamed events of a preview, one JSON line each, as the engine prints them. */
export function eventLines(events: readonly object[]): string {
    return events.map((e, i) => JSON.stringify({ sequence: i, timestamp: 1764480000 + i, ...e })).join("\n") + "\n";
}

export interface PolicyEventFields {
    policyName: string;
    message: string;
    enforcementLevel: string;
    resourceUrn?: string;
    policyPackName?: string;
    policyPackVersion?: string;
    severity?: string;
    /** The engine's policy exceptions that matched it (newer CLIs, `apitype.PolicyEvent` of v3.276.0). */
    exceptions?: { id: string; reason: string }[];
}

/** An `apitype.PolicyEvent` with the engine's colour directives around its message. */
export function policyEvent(fields: PolicyEventFields): object {
    const version = fields.policyPackVersion ?? "0.1.0";
    return {
        policyEvent: {
            ...(fields.resourceUrn ? { resourceUrn: fields.resourceUrn } : {}),
            message: `<{%reset%}>${fields.message}<{%reset%}>\n`,
            color: "raw",
            policyName: fields.policyName,
            policyPackName: fields.policyPackName ?? "upstash-guard",
            policyPackVersion: version,
            policyPackVersionTag: version,
            enforcementLevel: fields.enforcementLevel,
            ...(fields.severity ? { severity: fields.severity } : {}),
            ...(fields.exceptions ? { exceptions: fields.exceptions } : {}),
        },
    };
}

export const SUMMARY_EVENT = {
    summaryEvent: { maybeCorrupt: false, durationSeconds: 2, resourceChanges: { create: 3 }, PolicyPacks: { "upstash-guard": "v0.1.0" }, isPreview: true, result: "failed" },
};
