import { UNSPECIFIED_KINDS, meaningOfKey } from "../analysis/credentials";
import { evidenceText, findingLabel, placeLabel } from "../stack/labels";
import { CredentialFinding, StackIndex } from "../stack/flow";
import { appsOf } from "../platforms/apps";
import { isUnknown } from "../analysis/values";
import { CommonConfig, stringList } from "../framework/config";
import { Outcome, RuleDefinition, StackFinding } from "../framework/rule";

export interface ReadOnlyTokensConfig extends CommonConfig {
    readOnlyKeys: string[];
    readOnlyProjects: string[];
}

/** Kinds that come in a read-only variant (or may be one); a password or a QStash token has none. */
const HAS_READ_ONLY_VARIANT = new Set<string>(["redis-rest-token", "vector-token", "search-token", "upstash-token", ...UNSPECIFIED_KINDS]);
const ALWAYS_FULL_ACCESS = new Set(["redis-password", "redis-url-with-password"]);

function grantsWrite(finding: CredentialFinding): boolean | "undecided" {
    if (ALWAYS_FULL_ACCESS.has(finding.credential.kind)) {
        return true;
    }
    if (!HAS_READ_ONLY_VARIANT.has(finding.credential.kind)) {
        return false;
    }
    // Provenance says which database, not which of its outputs: read-only or not is unknown until the update.
    if (finding.evidence === "provenance") {
        return "undecided";
    }
    return finding.credential.access === "read-write";
}

export function checkReadOnly(index: StackIndex, config: ReadOnlyTokensConfig): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    for (const { resource, place } of index.placeEntries()) {
        if (isUnknown(place.key)) {
            continue;
        }
        const key = place.key;
        const listedName = (): string | undefined => {
            for (const app of appsOf(index, resource, place)) {
                const name = app.names.find((n) => config.readOnlyProjects.includes(n));
                if (name !== undefined) {
                    return app.names[app.names.length - 1];
                }
            }
            return undefined;
        };
        const project = meaningOfKey(key).saysReadOnly || config.readOnlyKeys.includes(key) || config.readOnlyProjects.length === 0 ? undefined : listedName();
        const why = meaningOfKey(key).saysReadOnly
            ? "its name says read-only"
            : config.readOnlyKeys.includes(key)
              ? "its key is listed in readOnlyKeys"
              : project !== undefined
                ? `project ${project} is listed in readOnlyProjects`
                : undefined;
        if (!why) {
            continue;
        }
        for (const finding of index.credentialsOfPlace(resource, place)) {
            const verdict = grantsWrite(finding);
            if (verdict === "undecided") {
                outcome.undecided.push({ urn: resource.urn, name: resource.name, message: `whether ${placeLabel(resource, place)} gets a read-only token` });
            } else if (verdict) {
                outcome.findings.push({
                    urn: resource.urn,
                    name: resource.name,
                    path: place.valuePath,
                    message:
                        `${placeLabel(resource, place)} must carry a read-only credential (${why}) but carries ${findingLabel(finding)} with write access (${evidenceText(finding)}). ` +
                        "Use the database's read-only token (`readOnlyRestToken` for Redis, `readOnlyToken` for Vector and Search).",
                });
                break;
            }
        }
    }
    return outcome;
}

export const readOnlyTokensWherePossible: RuleDefinition<ReadOnlyTokensConfig> = {
    info: {
        name: "upstash-read-only-tokens-where-possible",
        description: "Where only reads happen (read-only variable names, listed keys and projects), only read-only Upstash tokens are used.",
        severity: "medium",
        enforcementLevel: "advisory",
        practice: "Grant least privilege: read-only tokens for code that only reads.",
        tags: ["upstash", "least-privilege"],
        remediationSteps: "Wire `readOnlyRestToken` (Redis) or `readOnlyToken` (Vector, Search) into variables that only read; never a password or a read-write token. " +
            "With the upstash-guard components: `VercelRedisVariables` or `KubernetesRedisSecret` with input `readOnly: true` (and `readOnlyRestToken`).",
        gate: {
            beforeTheStep: "a read-write token (told by its format) or a password in a variable whose name says read-only or that `readOnlyKeys` lists",
            afterTheSteps: "variables of the apps `readOnlyProjects` lists (an app's identity is an output), and a credential only its value or provenance ties to a database",
        },
    },
    configProperties: (defaults) => ({
        readOnlyKeys: stringList("Variable names that may only receive read-only tokens.", defaults.readOnlyKeys ?? []),
        readOnlyProjects: stringList("Apps (Vercel projects, Workers, Lambda functions, repositories, …: Pulumi resource name or the platform's name) that may only receive read-only tokens.", defaults.readOnlyProjects ?? []),
    }),
    checkStack: (index, _context, config) => checkReadOnly(index, config),
    checkRegistration: (index, _context, config) => checkReadOnly(index, config),
};
