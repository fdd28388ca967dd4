/**
 * How findings name places, Upstash sources and credentials. Messages name the resource, the key and
 * the kind of credential, and never include any part of a value.
 */
import { Credential, describeCredential, shownText } from "../analysis/credentials";
import { resourceLabel } from "../analysis/describe";
import { isUnknown } from "../analysis/values";
import type { Place } from "../platforms/place";
import type { CredentialFinding, UpstashSource } from "./flow";

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

export function credentialLabel(credential: Credential, source: UpstashSource | undefined): string {
    return source ? `the ${describeCredential(credential)} of ${sourceLabel(source)}` : `a ${describeCredential(credential)}`;
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
