import { clientExposedPrefix, meaningOfKey } from "../analysis/credentials";
import { resourceLabel } from "../analysis/describe";
import { evidenceText, findingLabel, placeLabel, stagesText } from "../stack/labels";
import { CredentialFinding, IndexedResource, StackIndex, credentialsByKeyOrShape } from "../stack/flow";
import { TYPES } from "../analysis/types";
import { isUnknown, readKey } from "../analysis/values";
import { placesOf } from "../platforms";
import { Place } from "../platforms/place";
import { CommonConfig, allowReadOnlyProperty, clientPrefixesProperty, stringList } from "../framework/config";
import { Outcome, RemediationResult, ResourceUnderCheck, RuleDefinition, StackFinding } from "../framework/rule";
import { VERCEL_PLACE_TYPES } from "../platforms/vercel";

export interface CredentialsOnlyInSecretEnvVarsConfig extends CommonConfig {
    extraClientPrefixes: string[];
    allowReadOnlyTokensInClient: boolean;
    extraSecretStoreTypes: string[];
}

/** Why a place carrying `credentials` is not an acceptable home for them, or `undefined` when it is. */
function placeProblem(place: Place, credentials: CredentialFinding[], config: CredentialsOnlyInSecretEnvVarsConfig): string | "undecided" | undefined {
    const key = isUnknown(place.key) ? undefined : place.key;
    const prefix = key === undefined || !place.build ? undefined : clientExposedPrefix(key, config.extraClientPrefixes);
    const allowedInClient = config.allowReadOnlyTokensInClient && credentials.every((c) => c.credential.access === "read-only");
    if (prefix) {
        // A read-only token the config lets into client variables is accepted there, sensitive or not.
        return allowedInClient ? undefined : `is client-exposed (${prefix}), not a server-side variable`;
    }
    if (place.class === "secret" || place.class === "secret-reference" || !place.secretPossible) {
        return undefined;
    }
    if (isUnknown(place.class)) {
        return "undecided";
    }
    return `is ${place.words.plainState}${stagesText(place)}, so ${place.words.readableBy}`;
}

function undecidedText(resource: IndexedResource, place: Place): string {
    return isUnknown(place.key)
        ? `the variables of ${resourceLabel(resource)} (${place.where})`
        : `whether ${placeLabel(resource, place)} is ${place.words.secretAdjective}`;
}

function checkPlaces(index: StackIndex, resource: IndexedResource, config: CredentialsOnlyInSecretEnvVarsConfig, outcome: Outcome<StackFinding>): void {
    for (const place of resource.places) {
        if (place.class === "secret-reference") {
            continue;
        }
        const credentials = index.credentialsIn(resource, place.property, place.value, place.key);
        if (credentials.length === 0) {
            continue;
        }
        const problem = placeProblem(place, credentials, config);
        const first = credentials[0];
        if (problem === "undecided") {
            outcome.undecided.push({ urn: resource.urn, name: resource.name, message: undecidedText(resource, place) });
        } else if (problem) {
            outcome.findings.push({
                urn: resource.urn,
                name: resource.name,
                path: place.valuePath,
                message: `${placeLabel(resource, place)} carries ${findingLabel(first)} (${evidenceText(first)}) but ${problem}. ${place.words.alternative}`,
            });
        }
    }
}

function checkPlainFields(index: StackIndex, resource: IndexedResource, outcome: Outcome<StackFinding>): void {
    if (resource.leaves.length === 0) {
        return;
    }
    // The fields of a place's own entry (a binding's `type`, a reference's `secretName`) are judged with the place.
    const skip = new Set(resource.places.flatMap((p) => (p.where === "" ? [p.valuePath] : [p.valuePath, p.where])));
    const entries = resource.places.flatMap((p) => (p.where === "" ? [] : [`${p.where}.`]));
    const reported = new Set<string>();
    for (const leaf of resource.leaves) {
        if (skip.has(leaf.path) || reported.has(leaf.path) || (entries.length > 0 && entries.some((prefix) => leaf.path.startsWith(prefix)))) {
            continue;
        }
        const credentials = index.credentialsIn(resource, leaf.property, leaf.value, leaf.field);
        if (credentials.length === 0) {
            continue;
        }
        reported.add(leaf.path);
        const first = credentials[0];
        outcome.findings.push({
            urn: resource.urn,
            name: resource.name,
            path: leaf.path,
            message:
                `${resourceLabel(resource)} field ${leaf.path} carries ${findingLabel(first)} (${evidenceText(first)}), ` +
                "and that field is not a secret store. Pass the credential through a secret of the platform that runs the code (a sensitive Vercel variable, " +
                "a Worker `secret_text` binding, a Kubernetes Secret, an Actions secret) or a secret store " +
                "(AWS Secrets Manager, SSM SecureString, GCP Secret Manager, Azure Key Vault) and read it at run time.",
        });
    }
}

export function checkCredentialSinks(index: StackIndex, config: CredentialsOnlyInSecretEnvVarsConfig): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    for (const resource of index.judged) {
        // Stack outputs keep Pulumi's own secret marking and feed StackReferences, which other rules follow.
        if (index.isCredentialOrigin(resource) || resource.type === TYPES.stack || index.isSecretStore(resource, config.extraSecretStoreTypes)) {
            continue;
        }
        checkPlaces(index, resource, config, outcome);
        checkPlainFields(index, resource, outcome);
    }
    return outcome;
}

/** The credential a place carries, judged from the resource alone (remediation sees no other resource). */
function carriesCredential(place: Place): boolean {
    const key = isUnknown(place.key) ? undefined : place.key;
    if (typeof place.value === "string") {
        return credentialsByKeyOrShape(place.value, key).length > 0;
    }
    return isUnknown(place.value) && key !== undefined && meaningOfKey(key).credential !== undefined;
}

/** Vercel's `sensitive` is the one secret flag a remediation can set in place; other platforms need a different resource or field. */
export function remediateSensitive(props: Record<string, unknown>, resource: ResourceUnderCheck): RemediationResult {
    let result: RemediationResult = "unchanged";
    if (!VERCEL_PLACE_TYPES.includes(resource.type)) {
        return result;
    }
    for (const place of placesOf(resource.type, resource.props)) {
        if (place.class === "secret" || place.class === "secret-reference" || !place.secretPossible || !carriesCredential(place)) {
            continue;
        }
        // Write through the engine's proxies so that secret values stay wrapped as secrets.
        const entry = /\[(\d+)\]$/.exec(place.where);
        const target = entry ? readKey(readKey(props, place.property), Number(entry[1])) : props;
        if (target !== null && typeof target === "object") {
            Reflect.set(target, "sensitive", true);
            result = "changed";
        }
    }
    return result;
}

export const credentialsOnlyInSecretEnvVars: RuleDefinition<CredentialsOnlyInSecretEnvVarsConfig> = {
    info: {
        name: "upstash-credentials-only-in-secret-env-vars",
        description: "Upstash credentials may only flow into secret places: sensitive server-side variables, secret bindings, secret stores and references to them, or the Upstash provider.",
        severity: "critical",
        enforcementLevel: "mandatory",
        practice: "Store Upstash credentials only in secret storage; never in plain variables, commands, bodies or config maps.",
        tags: ["upstash", "vercel", "secrets"],
        remediationSteps:
            "Mark the Vercel variable `sensitive: true` (or write it with `valueWo`), or move the credential into a secret store. " +
            "Never put tokens into build commands, QStash bodies or headers, or config maps. At the `remediate` level the pack sets `sensitive: true` itself. " +
            "The upstash-guard components do it in one line: `VercelRedisVariables` (sensitive variables; inputs `restUrl`, `restToken`) and `KubernetesRedisSecret` (a Secret and `secretKeyRef` entries; output `env`).",
        gate: {
            beforeTheStep:
                "a credential the resource itself shows (a credential name such as `UPSTASH_REDIS_REST_TOKEN`, a token's format under a secret-sounding name such as `CACHE_SECRET`, a Redis URL with a password, the Upstash provider's API key) in a plain or client-exposed place of any platform; at `remediate`, the variable is made sensitive before it is sent",
            afterTheSteps: "a credential that only its value or provenance ties to a database (a token under a neutral name such as `CACHE`)",
        },
    },
    configProperties: (defaults) => ({
        extraClientPrefixes: clientPrefixesProperty(defaults),
        allowReadOnlyTokensInClient: allowReadOnlyProperty(defaults),
        extraSecretStoreTypes: stringList("Further resource types (type tokens) that are secret stores.", defaults.extraSecretStoreTypes ?? []),
    }),
    resourceTypes: VERCEL_PLACE_TYPES,
    remediateResource: (props, resource) => remediateSensitive(props, resource),
    checkStack: (index, _context, config) => checkCredentialSinks(index, config),
    checkRegistration: (index, _context, config) => checkCredentialSinks(index, config),
};
