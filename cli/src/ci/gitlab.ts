/**
 * A preview's or an audit's findings as a GitLab Code Quality report (`artifacts:reports:codequality`),
 * the format GitLab's documentation gives under "Code Quality report format": a JSON array of issues
 * with `description`, `check_name`, `fingerprint`, `severity` and `location.path` + `location.lines.begin`,
 * no byte order mark. The fingerprint is the SARIF one, so an issue keeps its identity across runs and
 * formats. The engine gives policies no source position, so every issue points at line 1 of the
 * program's Pulumi.yaml and names its resource in the description.
 */
import { isSeverity, Severity } from "../sarif/common";
import { PreviewEvents } from "../preview/events";
import { DistinctFinding, distinctFindings, exceptionText, isPreviewNote, levelOf, placeOf, urnParts } from "../preview/findings";
import { ExemptionOf, NO_EXEMPTIONS } from "./exemptions";
import { repositoryPath } from "./paths";

export type CodeQualitySeverity = "info" | "minor" | "major" | "critical" | "blocker";

export interface CodeQualityIssue {
    description: string;
    check_name: string;
    fingerprint: string;
    severity: CodeQualitySeverity;
    location: { path: string; lines: { begin: number } };
    /** CodeClimate fields GitLab ignores and other Code Climate readers use. */
    type: "issue";
    categories: string[];
    engine_name: string;
}

export interface GitlabOptions {
    /** The program's Pulumi.yaml, relative to the repository root. */
    projectFile: string;
    exemptionOf?: ExemptionOf;
}

/** The pack's severities one to one, from `minor` to `blocker`; GitLab's `info` is kept for what blocks nothing at all. */
const BY_SEVERITY: Readonly<Record<Severity, CodeQualitySeverity>> = { low: "minor", medium: "major", high: "critical", critical: "blocker" };

/** Notes, remediations and exempted findings are `info`; a violation takes its policy's severity (or, from a pack without severities, its level). */
export function codeQualitySeverity(finding: DistinctFinding, exempted: boolean): CodeQualitySeverity {
    const level = levelOf(finding);
    if (exempted || level === "note") {
        return "info";
    }
    if (isSeverity(finding.severity)) {
        return BY_SEVERITY[finding.severity];
    }
    return level === "error" ? "major" : "minor";
}

function descriptionOf(finding: DistinctFinding, exemption: string | undefined): string {
    const type = finding.resourceUrn === undefined ? undefined : urnParts(finding.resourceUrn)?.type;
    const where = type === undefined ? placeOf(finding) : `${placeOf(finding)} (${type})`;
    const kind = exemption !== undefined ? `${exemption}. ` : finding.kind === "remediation" ? "Remediated. " : isPreviewNote(finding.message) ? "Note. " : "";
    return `${kind}${where}: ${finding.message}`;
}

/** The report's issues, one per distinct finding, in the order every format uses. */
export function previewToGitlab(events: PreviewEvents, options: GitlabOptions): CodeQualityIssue[] {
    const path = repositoryPath(options.projectFile);
    const exemptionOf = options.exemptionOf ?? NO_EXEMPTIONS;
    return distinctFindings(events.findings).map((finding) => {
        const exemption = exceptionText(finding) ?? exemptionOf(finding);
        return {
            description: descriptionOf(finding, exemption),
            check_name: finding.policyName,
            fingerprint: finding.fingerprint,
            severity: codeQualitySeverity(finding, exemption !== undefined),
            location: { path, lines: { begin: 1 } },
            type: "issue",
            categories: ["Security"],
            engine_name: finding.policyPackName,
        };
    });
}

/** The file: two-space JSON, a final newline, no byte order mark (GitLab's parser refuses one). */
export function gitlabText(issues: readonly CodeQualityIssue[]): string {
    return `${JSON.stringify(issues, null, 2)}\n`;
}
