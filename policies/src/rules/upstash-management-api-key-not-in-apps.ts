import { meaningOfKey } from "../analysis/credentials";
import { resourceLabel } from "../analysis/describe";
import { placeLabel } from "../stack/labels";
import { StackIndex } from "../stack/flow";
import { isUnknown } from "../analysis/values";
import { CommonConfig } from "../framework/config";
import { Outcome, RuleDefinition, StackFinding } from "../framework/rule";

export type ManagementApiKeyNotInAppsConfig = CommonConfig;

const ADVICE =
    "The management API key can create and delete every database of the account: keep it only in the Upstash provider's config " +
    "(`upstash:apiKey`, a Pulumi secret), and give apps the per-database REST token instead.";

function namesManagementKey(name: string): boolean {
    return meaningOfKey(name).credential?.kind === "management-api-key";
}

function carriesKnownKey(index: StackIndex, value: string): boolean {
    return index.exactSecretsIn(value).some((s) => s.credential.kind === "management-api-key");
}

export function checkManagementKey(index: StackIndex): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    for (const resource of index.judged) {
        // A component's own inputs and outputs are no place an app reads: the key is judged where its children put it.
        if (index.upstashProviders.has(resource.urn) || index.isComponent(resource)) {
            continue;
        }
        const reported = new Set<string>();
        for (const place of resource.places) {
            // A reference names a store; the store's own value is checked where it is.
            const byName = place.class !== "secret-reference" && !isUnknown(place.key) && namesManagementKey(place.key) && place.value !== "";
            const byValue = typeof place.value === "string" && carriesKnownKey(index, place.value);
            if (byName || byValue) {
                reported.add(place.valuePath);
                const how = byValue ? "holds the Upstash provider's API key" : "is named for the Upstash management API key";
                outcome.findings.push({ urn: resource.urn, name: resource.name, path: place.valuePath, message: `${placeLabel(resource, place)} ${how}. ${ADVICE}` });
            }
        }
        for (const leaf of resource.leaves) {
            if (reported.has(leaf.path) || isUnknown(leaf.value)) {
                continue;
            }
            if (carriesKnownKey(index, leaf.value) || (namesManagementKey(leaf.field) && leaf.value !== "")) {
                outcome.findings.push({ urn: resource.urn, name: resource.name, path: leaf.path, message: `${resourceLabel(resource)} field ${leaf.path} holds the Upstash management API key. ${ADVICE}` });
            }
        }
    }
    return outcome;
}

export const managementApiKeyNotInApps: RuleDefinition<ManagementApiKeyNotInAppsConfig> = {
    info: {
        name: "upstash-management-api-key-not-in-apps",
        description: "The Upstash management API key must reach no resource but the Upstash provider: never an app's environment.",
        severity: "critical",
        enforcementLevel: "mandatory",
        practice: "Use the management API key only for provisioning; apps get per-database tokens with the least access they need.",
        tags: ["upstash", "secrets", "least-privilege"],
        remediationSteps: "Remove the variable or field, rotate the management API key in the Upstash console, and give the app the database's REST token: " +
            "the upstash-guard components `VercelRedisVariables` and `KubernetesRedisSecret` take only a database's `restToken` or `readOnlyRestToken` as input.",
        gate: {
            beforeTheStep: "a variable or field named for the management key, or holding the Upstash provider's API key once the run has shown the provider (it comes with every Upstash resource)",
            afterTheSteps: "the provider's key in a resource registered before any Upstash resource",
        },
    },
    configProperties: () => ({}),
    checkStack: (index) => checkManagementKey(index),
    checkRegistration: (index) => checkManagementKey(index),
};
