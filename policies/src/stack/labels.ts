/**
 * How findings name places, Upstash sources and credentials. Messages name the resource, the key and
 * the kind of credential, and never include any part of a value.
 */
import { Credential, UNSPECIFIED_KINDS, aCredential, describeCredential, shownText } from "../analysis/credentials";
import { resourceLabel } from "../analysis/describe";
import { isUnknown } from "../analysis/values";
import type { Place } from "../platforms/place";
import { secretOutputsOf } from "./flow";
import type { ComponentRef, CredentialFinding, UpstashSource } from "./flow";

export function keyText(place: Place): string {
    return isUnknown(place.key) ? "(key unknown during preview)" : shownText(place.key);
}

/** `Function 'api' (environment.variables) variable UPSTASH_REDIS_REST_TOKEN`. */
export function placeLabel(resource: { type: string; name: string }, place: Place): string {
    const where = place.where === "" ? "" : ` (${place.where})`;
    return `${resourceLabel(resource)}${where} variable ${keyText(place)}`;
}

export function sourceLabel(source: UpstashSource): string {
    const name = typeof source.resourceName === "string" ? ` "${shownText(source.resourceName)}"` : "";
    return `${resourceLabel(source)}${name}`;
}

function credentialLabel(credential: Credential, source: UpstashSource | undefined): string {
    return source ? `the ${describeCredential(credential)} of ${sourceLabel(source)}` : aCredential(credential);
}

/** " out of component StageRedisDatabase 'cache'" for a value provenance traced through a component. */
function viaText(via: ComponentRef | undefined): string {
    return via ? ` out of component ${resourceLabel(via)}` : "";
}

/** "its restToken, readOnlyRestToken or password" */
function outputsText(sources: readonly UpstashSource[]): string {
    const outputs = [...new Set(sources.flatMap((s) => secretOutputsOf(s.product)))];
    return outputs.length > 1 ? `${outputs.slice(0, -1).join(", ")} or ${outputs[outputs.length - 1]}` : outputs.join("");
}

/**
 * What a finding's credential is, saying no more than is known: provenance names a database (or a
 * component holding several), not which of its outputs, unless the key names one.
 */
export function findingLabel(finding: CredentialFinding): string {
    const { credential, source, candidates, via } = finding;
    const unspecified = UNSPECIFIED_KINDS.has(credential.kind);
    const access = credential.access === "read-only" ? "read-only " : "";
    if (candidates && candidates.length > 0) {
        const what = unspecified ? `a ${access}credential` : aCredential(credential);
        return `${what} of one of the databases of component ${via ? resourceLabel(via) : "(unknown)"} (${candidates.map(sourceLabel).join(", ")}; which one is not known until the update)`;
    }
    if (source && unspecified) {
        return `a ${access}credential of ${sourceLabel(source)}${viaText(via)} (its ${outputsText([source])}; which one is not known until the update)`;
    }
    return `${credentialLabel(credential, source)}${viaText(via)}`;
}

/** " and targets production, preview", when the platform says which stages a place reaches. */
export function stagesText(place: Place): string {
    if (place.stages === undefined) {
        return "";
    }
    return isUnknown(place.stages) ? " and targets unknown during preview" : ` and targets ${place.stages.join(", ")}`;
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
