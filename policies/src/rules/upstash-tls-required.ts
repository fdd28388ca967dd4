import { isTlsScheme, normalizeName, upstashUrlsIn, shownText } from "../analysis/credentials";
import { envVarLabel, resourceLabel, sourceLabel } from "../analysis/describe";
import { StackIndex } from "../analysis/flow";
import { TYPES } from "../analysis/types";
import { isUnknown } from "../analysis/values";
import { CommonConfig } from "../framework/config";
import { Outcome, RemediationResult, ResourceUnderCheck, RuleDefinition, StackFinding } from "../framework/rule";

export type TlsRequiredConfig = CommonConfig;

export function checkDatabaseTls(resource: ResourceUnderCheck): Outcome<string> {
    const tls = resource.props.tls;
    if (isUnknown(tls)) {
        return { findings: [], undecided: [`${resourceLabel(resource)} tls`] };
    }
    if (tls === true) {
        return { findings: [], undecided: [] };
    }
    const state = tls === false ? "sets `tls: false`" : "does not set `tls` (the provider's default is false)";
    return { findings: [`${resourceLabel(resource)} ${state}. Set \`tls: true\` so every connection to the database is encrypted.`], undecided: [] };
}

export function remediateTls(props: Record<string, unknown>, resource: ResourceUnderCheck): RemediationResult {
    if (resource.props.tls === true || isUnknown(resource.props.tls)) {
        return "unchanged";
    }
    Reflect.set(props, "tls", true);
    return "changed";
}

const SECURE_SCHEME: Record<string, string> = { http: "https://", redis: "rediss://" };

export function checkUpstashUrls(index: StackIndex): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    for (const resource of index.resources) {
        for (const leaf of index.leaves(resource)) {
            if (isUnknown(leaf.value)) {
                continue;
            }
            const insecure = upstashUrlsIn(leaf.value).find((url) => !isTlsScheme(url.scheme));
            if (insecure) {
                outcome.findings.push({
                    urn: resource.urn,
                    name: resource.name,
                    message:
                        `${resourceLabel(resource)} field ${leaf.path} has a ${insecure.scheme}:// URL to the Upstash host ${shownText(insecure.host)}. ` +
                        `Use ${SECURE_SCHEME[insecure.scheme] ?? "a TLS scheme"} so that tokens and data are never sent in clear text.`,
                });
            }
        }
    }
    for (const { resource, envVar } of index.envVarEntries()) {
        // A URL built from a database that does not exist yet is unknown until the update; say so.
        if (!isUnknown(envVar.value) || isUnknown(envVar.key) || !/URL$/.test(normalizeName(envVar.key))) {
            continue;
        }
        for (const source of index.sourcesFeeding(resource, envVar.property)) {
            outcome.undecided.push(`the scheme of ${envVarLabel(resource, envVar)} (built from ${sourceLabel(source)})`);
        }
    }
    return outcome;
}

export const tlsRequired: RuleDefinition<TlsRequiredConfig> = {
    info: {
        name: "upstash-tls-required",
        description: "Every Upstash Redis database has TLS on, and every URL to an Upstash host uses https:// or rediss://.",
        severity: "high",
        enforcementLevel: "mandatory",
        practice: "Encrypt all traffic to Upstash: TLS on every database, https:// and rediss:// on every URL.",
        tags: ["upstash", "tls", "encryption-in-transit"],
        remediationSteps: "Set `tls: true` on the RedisDatabase and use https:// (REST) or rediss:// (Redis protocol) URLs. At the `remediate` level the pack sets `tls: true` itself.",
    },
    configProperties: () => ({}),
    resourceTypes: [TYPES.redisDatabase],
    checkResource: (resource) => checkDatabaseTls(resource),
    remediateResource: (props, resource) => remediateTls(props, resource),
    checkStack: (index) => checkUpstashUrls(index),
};
