/** What both reports share: the log envelope, the tool, levels, severities and fingerprints. */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Log, ReportingDescriptor, Result, Run } from "sarif";
import { DEFAULT_DOCS_BASE_URL } from "../../../policies/src/framework/rule";

/** The OASIS-published schema of SARIF 2.1.0 (errata 01), which the log declares it follows. */
export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** Our `partialFingerprints` key; the version lets a future change of the recipe start fresh alerts on purpose. */
export const FINGERPRINT_KEY = "upstashGuardFinding/v1";

export const TOOL_NAME = "upstash-guard";

/** The README beside the policy docs (`…/docs/policies` → `…/README.md`), which documents this command; forks move both together. */
export const TOOL_INFORMATION_URI = DEFAULT_DOCS_BASE_URL.replace(/\/docs\/policies\/?$/, "/README.md");

/** The CLI's version, from its package.json (two levels up from src/, four from the compiled dist/cli/src/). */
export function toolVersion(): string {
    for (const candidate of [path.join(__dirname, "..", "..", "package.json"), path.join(__dirname, "..", "..", "..", "..", "package.json")]) {
        try {
            const manifest = JSON.parse(fs.readFileSync(candidate, "utf8")) as { name?: unknown; version?: unknown };
            if (manifest.name === "@upstash-guard/cli" && typeof manifest.version === "string") {
                return manifest.version;
            }
        } catch {
            // try the next candidate
        }
    }
    return "0.0.0";
}

/** A stable fingerprint: the same parts always give the same hex digest, and no part can be read back from it. */
export function fingerprintOf(parts: readonly string[]): string {
    return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

export type Severity = "low" | "medium" | "high" | "critical";

/**
 * GitHub code scanning ranks security alerts by `security-severity` (critical ≥ 9.0, high 7.0–8.9,
 * medium 4.0–6.9, low < 4.0); a rule needs it and the `security` tag to show as a security alert.
 */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

export function isSeverity(value: string | undefined): value is Severity {
    return value === "low" || value === "medium" || value === "high" || value === "critical";
}

export function securitySeverityOf(severity: Severity): string {
    return SECURITY_SEVERITY[severity];
}

/** The level a policy's enforcement maps to: blocking levels are errors, advisory ones warnings. */
export function levelOfEnforcement(enforcementLevel: string): Result.level {
    switch (enforcementLevel) {
        case "mandatory":
        case "remediate":
            return "error";
        case "advisory":
            return "warning";
        default:
            return "note";
    }
}

/** One run of our tool with its rules and results, in a log of its own. */
export function sarifLog(rules: ReportingDescriptor[], results: Result[], extra: Partial<Run> = {}): Log {
    return {
        $schema: SARIF_SCHEMA_URI,
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: TOOL_NAME, semanticVersion: toolVersion(), informationUri: TOOL_INFORMATION_URI, rules } },
                ...extra,
                results,
            },
        ],
    };
}

/** The log as a file: two-space JSON with a final newline, so that the same findings give the same bytes. */
export function sarifText(log: Log): string {
    return `${JSON.stringify(log, null, 2)}\n`;
}

/** A path as a relative URI with forward slashes, the form code scanning matches against the repository. */
export function relativeUri(file: string, base: string = process.cwd()): string {
    const relative = path.relative(base, path.resolve(base, file));
    return relative.split(path.sep).map(encodeURIComponent).join("/");
}
