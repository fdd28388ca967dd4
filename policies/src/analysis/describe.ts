/**
 * How findings name things. Messages name the resource, the key and the kind of credential, and
 * never include any part of a value.
 */
import { Credential, describeCredential, shownText } from "./credentials";
import { EnvVar, keyText } from "./envVars";
import { CredentialFinding, UpstashSource } from "./flow";
import { isUnknown } from "./values";

/** `vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable` → `ProjectEnvironmentVariable`. */
export function shortType(type: string): string {
    const i = type.lastIndexOf(":");
    return i >= 0 ? type.slice(i + 1) : type;
}

export function resourceLabel(resource: { type: string; name: string }): string {
    return `${shortType(resource.type)} '${resource.name}'`;
}

export function envVarLabel(resource: { type: string; name: string }, envVar: EnvVar): string {
    const where = envVar.index === undefined ? "" : ` (${envVar.location})`;
    return `${resourceLabel(resource)}${where} variable ${keyText(envVar)}`;
}

export function sourceLabel(source: UpstashSource): string {
    const name = typeof source.resourceName === "string" ? ` "${shownText(source.resourceName)}"` : "";
    return `${resourceLabel(source)}${name}`;
}

export function credentialLabel(credential: Credential, source: UpstashSource | undefined): string {
    return source ? `the ${describeCredential(credential)} of ${sourceLabel(source)}` : `a ${describeCredential(credential)}`;
}

export function targetsText(envVar: EnvVar): string {
    return isUnknown(envVar.targets) ? "targets unknown during preview" : `targets ${envVar.targets.join(", ")}`;
}

const EVIDENCE_TEXT: Record<CredentialFinding["evidence"], string> = {
    "exact-value": "its value",
    provenance: "where its value comes from",
    "key-name": "its name",
    shape: "the format of its value",
};

export function evidenceText(finding: CredentialFinding): string {
    return `recognised by ${EVIDENCE_TEXT[finding.evidence]}`;
}
