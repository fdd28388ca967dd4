/**
 * Policy findings of a preview or an audit (`pulumi policy analyze`) as a SARIF 2.1.0 log: one rule per policy of the pack (its own
 * metadata, so the log and the pack cannot drift apart), one result per finding, located at the
 * resource (logical location: type and URN) and at the program's Pulumi.yaml (physical location,
 * as Pulumi gives policies no source position).
 */
import type { Location, Log, ReportingDescriptor, Result } from "sarif";
import { DEFAULT_DOCS_BASE_URL } from "../../../policies/src/framework/rule";
import { RULES } from "../../../policies/src/rules";
import { FINGERPRINT_KEY, fingerprintOf, isSeverity, levelOfEnforcement, relativeUri, sarifLog, securitySeverityOf } from "../sarif/common";
import { PolicyFinding, PreviewEvents } from "./events";

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

/** SDK texts for a policy that could not run on unknown values; they are notes, not violations. */
const PREVIEW_NOTE = /can't run (?:policy|remediation) '[^']*' from policy pack '[^']*' during preview|can't be known during preview/;

export function isPreviewNote(message: string): boolean {
    return PREVIEW_NOTE.test(message);
}

export function levelOf(finding: PolicyFinding): Result.level {
    if (finding.kind === "remediation" || isPreviewNote(finding.message)) {
        return "note";
    }
    return levelOfEnforcement(finding.enforcementLevel);
}

/** The pack's version inside SDK texts ("policy pack 'upstash-guard@v0.1.0'") changes with every release, not with the finding. */
const PACK_VERSION_IN_TEXT = /(policy pack '[^'@]*)@v[^']*'/g;

/** The message as a fingerprint sees it: no pack version, no run of whitespace. */
export function stableMessage(message: string): string {
    return message.replace(PACK_VERSION_IN_TEXT, "$1'").replace(/\s+/g, " ").trim();
}

/** Same policy, same resource, same problem → same fingerprint, whatever the run or the pack version. */
export function findingFingerprint(finding: PolicyFinding): string {
    return fingerprintOf([finding.kind, finding.policyName, finding.resourceUrn ?? "", stableMessage(finding.message)]);
}

export interface UrnParts {
    type: string;
    name: string;
}

/**
 * `urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`: the resource's own type is the last
 * `$`-separated part of the qualified type; the name is everything after it (names may hold `::`).
 */
export function urnParts(urn: string): UrnParts | undefined {
    const parts = urn.split("::");
    if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) {
        return undefined;
    }
    const qualifiedType = parts[2];
    return { type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
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

function resultOf(finding: PolicyFinding, ruleIndex: number, options: PreviewSarifOptions): Result {
    const where = finding.resourceUrn === undefined ? "the stack" : urnParts(finding.resourceUrn)?.name ?? finding.resourceUrn;
    return {
        ruleId: finding.policyName,
        ruleIndex,
        level: levelOf(finding),
        message: { text: finding.kind === "remediation" ? `${where}: ${finding.message}` : finding.message },
        locations: [locationOf(finding, options)],
        partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(finding) },
        properties: {
            policyPack: finding.policyPackName,
            ...(finding.enforcementLevel.length > 0 ? { enforcementLevel: finding.enforcementLevel } : {}),
            ...(finding.severity !== undefined ? { severity: finding.severity } : {}),
        },
    };
}

const DESCRIPTIONS: ReadonlyMap<string, string> = new Map(RULES.map(({ info }) => [info.name, info.description]));

/**
 * The SDK reports a violation as "<policy description>\n<message>" (`makeReportViolationFun` in
 * @pulumi/policy's server.js). The description is the rule's, already in the SARIF rule; the result
 * keeps the finding's own words, which also keeps fingerprints when a description is reworded.
 */
export function withoutDescription(finding: PolicyFinding): PolicyFinding {
    const description = DESCRIPTIONS.get(finding.policyName);
    if (description === undefined || !finding.message.startsWith(`${description}\n`)) {
        return finding;
    }
    return { ...finding, message: finding.message.slice(description.length + 1).trim() };
}

/** Engine events arrive in the order resources finish analysis, which varies; a report should not. */
function compareFindings(a: PolicyFinding, b: PolicyFinding): number {
    const key = (f: PolicyFinding): string => `${f.policyName}\u0000${f.resourceUrn ?? ""}\u0000${f.kind}\u0000${f.message}`;
    const [ka, kb] = [key(a), key(b)];
    return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The findings of a preview or an audit as a SARIF log; the same events in any order give the same bytes. */
export function previewToSarif(events: PreviewEvents, options: PreviewSarifOptions): Log {
    const rules = packRules();
    const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
    const results: Result[] = [];
    const seen = new Set<string>();
    for (const finding of events.findings.map(withoutDescription).sort(compareFindings)) {
        const fingerprint = findingFingerprint(finding);
        if (seen.has(fingerprint)) {
            continue;
        }
        seen.add(fingerprint);
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
