/** A config scan as text for people and as SARIF for code scanning; neither holds any part of a value. */
import type { Log, ReportingDescriptor, Result } from "sarif";
import { FINGERPRINT_KEY, TOOL_INFORMATION_URI, fingerprintOf, relativeUri, sarifLog, securitySeverityOf } from "../sarif/common";
import { ConfigFinding, ConfigScan } from "./scan";

export const CONFIG_RULE_ID = "upstash-config-credentials-secret";

const REMEDIATION =
    "Store the credential as a secret: `pulumi config set --secret <key> --stack <stack>` (it prompts for the value, " +
    "which keeps it out of your shell history), delete the plaintext line, then rotate the credential in the Upstash " +
    "(or Vercel) console: the old value stays in the file's version history.";

export const CONFIG_RULE: ReportingDescriptor = {
    id: CONFIG_RULE_ID,
    name: "UpstashConfigCredentialsSecret",
    shortDescription: { text: "Upstash credentials in Pulumi config must be secrets (`secure:`), never plaintext." },
    fullDescription: {
        text:
            "A plaintext `upstash:apiKey`, `vercel:apiToken`, or any config value recognised as an Upstash credential " +
            "(by its format, or by a credential name with a plausible value) in Pulumi.yaml or a Pulumi.<stack>.yaml file. " +
            "Pulumi gives policies no view of config secrecy, so the policy pack cannot check this during a preview.",
    },
    help: { text: REMEDIATION, markdown: `**How to fix:** ${REMEDIATION}` },
    helpUri: `${TOOL_INFORMATION_URI}#use-it-in-ci`,
    defaultConfiguration: { level: "error" },
    properties: { tags: ["security", "upstash", "secrets", "pulumi-config"], severity: "critical", "security-severity": securitySeverityOf("critical") },
};

/** The command that stores the key as a secret; it names the key and stack, never the value. */
export function fixCommand(finding: ConfigFinding): string {
    const pathFlag = finding.nested ? " --path" : "";
    const stack = finding.stack === undefined ? "<stack>" : finding.stack;
    return `pulumi config set --secret${pathFlag} '${finding.configKey}' --stack ${stack}`;
}

function whereText(finding: ConfigFinding): string {
    return finding.stack === undefined ? "project config, every stack" : `stack ${finding.stack}`;
}

function withArticle(noun: string): string {
    return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** One sentence per finding: what is where, and what to do. */
export function findingMessage(finding: ConfigFinding): string {
    const move = finding.stack === undefined ? "Remove it from Pulumi.yaml (project config cannot be encrypted) and set it for each stack with " : "Store it as a secret with ";
    return (
        `Config key '${finding.configKey}' (${whereText(finding)}) holds ${withArticle(finding.credential)} in plaintext. ` +
        `${move}\`${fixCommand(finding)}\` (it prompts for the value), then rotate the credential: the old value stays in the file's history.`
    );
}

export function textReport(scan: ConfigScan): string {
    const lines: string[] = [];
    for (const finding of scan.findings) {
        lines.push(`${finding.file}:${finding.line}:${finding.column}: ${findingMessage(finding)}`);
    }
    for (const note of scan.notes) {
        lines.push(`note: ${note}`);
    }
    const checked = `${scan.files.length} file${scan.files.length === 1 ? "" : "s"} (${scan.files.join(", ")})`;
    lines.push(
        scan.findings.length === 0
            ? `No plaintext Upstash credentials in ${checked}.`
            : `${scan.findings.length} plaintext credential${scan.findings.length === 1 ? "" : "s"} in ${checked}.`,
    );
    return `${lines.join("\n")}\n`;
}

function resultOf(finding: ConfigFinding): Result {
    return {
        ruleId: CONFIG_RULE_ID,
        ruleIndex: 0,
        level: "error",
        message: { text: findingMessage(finding) },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: { uri: relativeUri(finding.file), uriBaseId: "%SRCROOT%" },
                    region: { startLine: finding.line, startColumn: finding.column },
                },
                logicalLocations: [{ name: finding.configKey, fullyQualifiedName: `${finding.stack ?? "(project)"}/${finding.configKey}`, kind: "variable" }],
            },
        ],
        // Lines move when the file is edited; the file, stack, key and kind of credential do not.
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprintOf([CONFIG_RULE_ID, relativeUri(finding.file), finding.stack ?? "", finding.configKey, finding.credential]) },
    };
}

export function sarifReport(scan: ConfigScan): Log {
    return sarifLog([CONFIG_RULE], scan.findings.map(resultOf), {
        invocations: [
            {
                executionSuccessful: true,
                toolExecutionNotifications: scan.notes.map((note) => ({ level: "note" as const, message: { text: note } })),
            },
        ],
    });
}
