/** Policy events of one stack as report findings: levels as SARIF gives them, one finding per fingerprint, in a stable order. */
import { PolicyFinding } from "../preview/events";
import { distinctFindings, exceptionText, levelOf, urnParts } from "../preview/findings";
import { ReportFinding, Status } from "./model";

/** blocking / advisory / note as SARIF's error / warning / note; a remediation is what the policy fixed itself. */
export function statusOf(finding: PolicyFinding): Status {
    if (finding.kind === "remediation") {
        return "remediated";
    }
    if (finding.exceptions.length > 0) {
        return "exempted";
    }
    const level = levelOf(finding);
    return level === "error" ? "blocking" : level === "warning" ? "advisory" : "note";
}

/** `vercel:index/projectEnvironmentVariables:ProjectEnvironmentVariables` → `vercel`. */
export function platformOf(type: string): string {
    return type.length === 0 ? "stack" : type.split(":")[0];
}

function reportFindingOf(finding: PolicyFinding, stack: string, project: string, severities: ReadonlyMap<string, string>): ReportFinding {
    const urn = finding.resourceUrn ?? "";
    const parts = urn.length > 0 ? urnParts(urn) : undefined;
    const type = parts?.type ?? "";
    return {
        stack,
        project,
        policy: finding.policyName,
        severity: finding.severity ?? severities.get(finding.policyName) ?? "",
        status: statusOf(finding),
        platform: platformOf(type),
        type,
        resource: parts?.name ?? urn,
        urn,
        message: finding.message,
        exemption: exceptionText(finding) ?? "",
    };
}

/** Sorting key: where (policy, resource), then what; the engine's event order varies from run to run. */
function keyOf(f: ReportFinding): string {
    return [f.policy, f.urn, f.status, f.message].join("\u0000");
}

export function compareFindings(a: ReportFinding, b: ReportFinding): number {
    const [ka, kb] = [keyOf(a), keyOf(b)];
    return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The stack's findings, each reported once (by SARIF's fingerprint, as every format keeps them), sorted. */
export function stackFindings(events: readonly PolicyFinding[], stack: string, project: string, severities: ReadonlyMap<string, string>): ReportFinding[] {
    return distinctFindings(events)
        .map((finding) => reportFindingOf(finding, stack, project, severities))
        .sort(compareFindings);
}
