/**
 * Policy findings of a preview or an audit (`pulumi policy analyze`) as a SARIF 2.1.0 log: one rule per policy of the pack (its own
 * metadata, so the log and the pack cannot drift apart), one result per finding, located at the
 * resource (logical location: type and URN) and at the program's Pulumi.yaml (physical location,
 * as Pulumi gives policies no source position).
 */
import type { Location, Log, ReportingDescriptor, Result } from "sarif";
import { DEFAULT_DOCS_BASE_URL } from "../../../policies/src/framework/rule";
import { RULES } from "../../../policies/src/rules";
import { FINGERPRINT_KEY, isSeverity, levelOfEnforcement, relativeUri, sarifLog, securitySeverityOf } from "../sarif/common";
import { PolicyFinding, PreviewEvents } from "./events";
import { DistinctFinding, distinctFindings, exceptionText, levelOf, placeOf, urnParts } from "./findings";

export interface PreviewSarifOptions {
    /** The program's Pulumi.yaml, as a path from the folder the SARIF is uploaded from. */
    projectFile: string;
}

/** `upstash-tls-required` → `UpstashTlsRequired`, the identifier-like `name` SARIF asks for. */
function pascalCase(id: string): string {
    return id.replace(/(^|[-_\s]+)([a-z0-9])/gi, (_match: string, _sep: string, letter: string) => letter.toUpperCase());
}

/** The pack's policies as SARIF rules, from the same metadata the pack serves to the engine. */
export function packRules(): ReportingDescriptor[] {
    return RULES.map(({ info }) => ({
        id: info.name,
        name: pascalCase(info.name),
        shortDescription: { text: info.description },
        fullDescription: { text: `${info.description} Practice: ${info.practice}` },
        help: { text: info.remediationSteps, markdown: `**How to fix:** ${info.remediationSteps}` },
        helpUri: `${DEFAULT_DOCS_BASE_URL}/${info.name}.md`,
        defaultConfiguration: { level: levelOfEnforcement(info.enforcementLevel) },
        properties: {
            tags: ["security", ...info.tags],
            severity: info.severity,
            "security-severity": securitySeverityOf(info.severity),
        },
    }));
}

/** A rule for a policy of another pack that ran in the same preview or audit: only what its events say. */
function foreignRule(finding: PolicyFinding): ReportingDescriptor {
    return {
        id: finding.policyName,
        name: pascalCase(finding.policyName),
        shortDescription: { text: `Policy '${finding.policyName}' of policy pack '${finding.policyPackName}'.` },
        fullDescription: { text: `Policy '${finding.policyName}' of policy pack '${finding.policyPackName}', which ran in the same preview or audit; upstash-guard has no metadata of its own for it.` },
        help: { text: `See the documentation of policy pack '${finding.policyPackName}'.` },
        properties: finding.severity !== undefined && isSeverity(finding.severity)
            ? { tags: ["security"], severity: finding.severity, "security-severity": securitySeverityOf(finding.severity) }
            : { tags: ["security"] },
    };
}

function locationOf(finding: PolicyFinding, options: PreviewSarifOptions): Location {
    const location: Location = {
        physicalLocation: {
            artifactLocation: { uri: relativeUri(options.projectFile), uriBaseId: "%SRCROOT%" },
            // Code scanning needs a line; the project file as a whole is what declares the program.
            region: { startLine: 1 },
        },
    };
    const urn = finding.resourceUrn;
    if (urn !== undefined) {
        const parts = urnParts(urn);
        location.logicalLocations = [
            {
                name: parts?.name ?? urn,
                fullyQualifiedName: urn,
                kind: "resource",
                properties: parts ? { resourceType: parts.type } : {},
            },
        ];
    }
    return location;
}

function resultOf(finding: DistinctFinding, ruleIndex: number, options: PreviewSarifOptions): Result {
    const where = placeOf(finding);
    return {
        ruleId: finding.policyName,
        ruleIndex,
        level: levelOf(finding),
        message: { text: finding.kind === "remediation" ? `${where}: ${finding.message}` : finding.message },
        locations: [locationOf(finding, options)],
        partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
        // An engine policy exception is a suppression made outside the log, accepted by whoever wrote the config.
        ...(finding.exceptions.length > 0 ? { suppressions: [{ kind: "external", status: "accepted", justification: exceptionText(finding) }] } : {}),
        properties: {
            policyPack: finding.policyPackName,
            ...(finding.enforcementLevel.length > 0 ? { enforcementLevel: finding.enforcementLevel } : {}),
            ...(finding.severity !== undefined ? { severity: finding.severity } : {}),
        },
    };
}

/** The findings of a preview or an audit as a SARIF log; the same events in any order give the same bytes. */
export function previewToSarif(events: PreviewEvents, options: PreviewSarifOptions): Log {
    const rules = packRules();
    const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
    const results: Result[] = [];
    for (const finding of distinctFindings(events.findings)) {
        let index = ruleIndex.get(finding.policyName);
        if (index === undefined) {
            index = rules.push(foreignRule(finding)) - 1;
            ruleIndex.set(finding.policyName, index);
        }
        results.push(resultOf(finding, index, options));
    }
    return sarifLog(rules, results, {
        invocations: [
            {
                executionSuccessful: events.finished,
                ...(events.finished
                    ? {}
                    : { toolExecutionNotifications: [{ level: "warning", message: { text: "The output ends before the engine's summary: the preview or audit did not finish, so findings may be missing." } }] }),
            },
        ],
    });
}
