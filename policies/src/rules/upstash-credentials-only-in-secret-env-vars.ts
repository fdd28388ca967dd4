import { clientExposedPrefix, meaningOfKey } from "../analysis/credentials";
import { credentialLabel, envVarLabel, evidenceText, resourceLabel, targetsText } from "../analysis/describe";
import { EnvVar, ENV_VAR_TYPES, envVarsOf, isProtectedEnvVar, reachesSensitiveCapableTarget, valuePathOf } from "../analysis/envVars";
import { CredentialFinding, IndexedResource, StackIndex, credentialsByKeyOrShape } from "../analysis/flow";
import { SECRET_STORES, TYPES } from "../analysis/types";
import { isUnknown, readKey } from "../analysis/values";
import { CommonConfig, allowReadOnlyProperty, clientPrefixesProperty, stringList } from "../framework/config";
import { Outcome, RemediationResult, ResourceUnderCheck, RuleDefinition, StackFinding } from "../framework/rule";

export interface CredentialsOnlyInSecretEnvVarsConfig extends CommonConfig {
    extraClientPrefixes: string[];
    allowReadOnlyTokensInClient: boolean;
    extraSecretStoreTypes: string[];
}

function isSecretStore(resource: IndexedResource, extraTypes: readonly string[]): boolean {
    if (extraTypes.includes(resource.type)) {
        return true;
    }
    const store = SECRET_STORES.find((s) => s.type === resource.type);
    return store !== undefined && (store.requires === undefined || resource.props[store.requires.property] === store.requires.equals);
}

/** Why an env var carrying `credentials` is not an acceptable home for them, or `undefined` when it is. */
function envVarProblem(envVar: EnvVar, credentials: CredentialFinding[], config: CredentialsOnlyInSecretEnvVarsConfig): string | "undecided" | undefined {
    const key = isUnknown(envVar.key) ? undefined : envVar.key;
    const prefix = key === undefined ? undefined : clientExposedPrefix(key, config.extraClientPrefixes);
    const allowedInClient = config.allowReadOnlyTokensInClient && credentials.every((c) => c.credential.access === "read-only");
    if (prefix) {
        // A read-only token the config lets into client variables is accepted there, sensitive or not.
        return allowedInClient ? undefined : `is client-exposed (${prefix}), not a server-side variable`;
    }
    const protectedVar = isProtectedEnvVar(envVar);
    if (isUnknown(protectedVar)) {
        return "undecided";
    }
    return protectedVar ? undefined : `is not sensitive and ${targetsText(envVar)}, so anyone with access to the Vercel project can read it back`;
}

function checkEnvVars(index: StackIndex, resource: IndexedResource, config: CredentialsOnlyInSecretEnvVarsConfig, outcome: Outcome<StackFinding>): void {
    for (const envVar of resource.envVars) {
        const credentials = index.credentialsIn(resource, envVar.property, envVar.value, envVar.key);
        if (credentials.length === 0) {
            continue;
        }
        const problem = envVarProblem(envVar, credentials, config);
        const first = credentials[0];
        if (problem === "undecided") {
            outcome.undecided.push({ urn: resource.urn, name: resource.name, message: `whether ${envVarLabel(resource, envVar)} is sensitive` });
        } else if (problem) {
            outcome.findings.push({
                urn: resource.urn,
                name: resource.name,
                message:
                    `${envVarLabel(resource, envVar)} carries ${credentialLabel(first.credential, first.source)} (${evidenceText(first)}) but ${problem}. ` +
                    "Set `sensitive: true` (or use `valueWo`) on a server-side variable; Vercel only allows non-sensitive variables for development.",
            });
        }
    }
}

/** Properties that hold lists of variables (`ProjectEnvironmentVariables.variables`, `Project.environments`). */
const ENV_LIST_PROPERTIES: ReadonlySet<string> = new Set(["variables", "environments"]);

function checkPlainFields(index: StackIndex, resource: IndexedResource, outcome: Outcome<StackFinding>): void {
    const skip = new Set(resource.envVars.map(valuePathOf));
    const reported = new Set<string>();
    for (const leaf of resource.leaves) {
        if (skip.has(leaf.path) || reported.has(leaf.path)) {
            continue;
        }
        const credentials = index.credentialsIn(resource, leaf.property, leaf.value, leaf.field);
        if (credentials.length === 0) {
            continue;
        }
        reported.add(leaf.path);
        if (ENV_LIST_PROPERTIES.has(leaf.property) && ENV_VAR_TYPES.has(resource.type) && isUnknown(leaf.value) && leaf.field === leaf.property) {
            // A whole variable list (or one entry of it) not known yet: whether it is sensitive is not known either.
            outcome.undecided.push({ urn: resource.urn, name: resource.name, message: `the variables of ${resourceLabel(resource)} (${leaf.path})` });
            continue;
        }
        const first = credentials[0];
        outcome.findings.push({
            urn: resource.urn,
            name: resource.name,
            message:
                `${resourceLabel(resource)} field ${leaf.path} carries ${credentialLabel(first.credential, first.source)} (${evidenceText(first)}), ` +
                "and that field is not a secret store. Pass the credential through a sensitive Vercel environment variable or a secret store " +
                "(AWS Secrets Manager, SSM SecureString, Kubernetes Secret, GitHub Actions secret, GCP Secret Manager) and read it at run time.",
        });
    }
}

export function checkCredentialSinks(index: StackIndex, config: CredentialsOnlyInSecretEnvVarsConfig): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    for (const resource of index.resources) {
        // Stack outputs keep Pulumi's own secret marking and feed StackReferences, which other rules follow.
        if (index.isCredentialOrigin(resource) || resource.type === TYPES.stack || isSecretStore(resource, config.extraSecretStoreTypes)) {
            continue;
        }
        checkEnvVars(index, resource, config, outcome);
        checkPlainFields(index, resource, outcome);
    }
    return outcome;
}

/** The credential an env var carries, judged from the resource alone (remediation sees no other resource). */
function carriesCredential(envVar: EnvVar): boolean {
    const key = isUnknown(envVar.key) ? undefined : envVar.key;
    if (typeof envVar.value === "string") {
        return credentialsByKeyOrShape(envVar.value, key).length > 0;
    }
    return isUnknown(envVar.value) && key !== undefined && meaningOfKey(key).credential !== undefined;
}

export function remediateSensitive(props: Record<string, unknown>, resource: ResourceUnderCheck): RemediationResult {
    let result: RemediationResult = "unchanged";
    for (const envVar of envVarsOf(resource.type, resource.props)) {
        if (envVar.writeOnly || envVar.sensitive === true || !reachesSensitiveCapableTarget(envVar) || !carriesCredential(envVar)) {
            continue;
        }
        // Write through the engine's proxies so that secret values stay wrapped as secrets.
        const target = envVar.index === undefined ? props : readKey(readKey(props, envVar.property), envVar.index);
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
        description: "Upstash credentials may only flow into sensitive, server-side Vercel environment variables, secret stores, or the Upstash provider.",
        severity: "critical",
        enforcementLevel: "mandatory",
        practice: "Store Upstash credentials only in secret storage; never in plain variables, commands, bodies or config maps.",
        tags: ["upstash", "vercel", "secrets"],
        remediationSteps:
            "Mark the Vercel variable `sensitive: true` (or write it with `valueWo`), or move the credential into a secret store. " +
            "Never put tokens into build commands, QStash bodies or headers, or config maps. At the `remediate` level the pack sets `sensitive: true` itself.",
    },
    configProperties: (defaults) => ({
        extraClientPrefixes: clientPrefixesProperty(defaults),
        allowReadOnlyTokensInClient: allowReadOnlyProperty(defaults),
        extraSecretStoreTypes: stringList("Further resource types (type tokens) that are secret stores.", defaults.extraSecretStoreTypes ?? []),
    }),
    resourceTypes: [...ENV_VAR_TYPES],
    remediateResource: (props, resource) => remediateSensitive(props, resource),
    checkStack: (index, _context, config) => checkCredentialSinks(index, config),
};
