import { isTlsScheme, normalizeName, upstashUrlsIn, shownText } from "../analysis/credentials";
import { resourceLabel } from "../analysis/describe";
import { placeLabel } from "../stack/labels";
import { DEFAULTS_KEY } from "../analysis/programInputs";
import { TYPES } from "../analysis/types";
import { isUnknown, leavesOf } from "../analysis/values";
import { CommonConfig } from "../framework/config";
import { placesOf } from "../platforms";
import { Outcome, RemediationResult, ResourceUnderCheck, RuleDefinition, StackFinding } from "../framework/rule";
import { StackIndex } from "../stack/flow";

export type TlsRequiredConfig = CommonConfig;

export function checkDatabaseTls(resource: ResourceUnderCheck): Outcome<string> {
    const tls = resource.props.tls;
    if (isUnknown(tls)) {
        return { findings: [], undecided: [`${resourceLabel(resource)} tls`] };
    }
    if (tls === true) {
        return { findings: [], undecided: [] };
    }
    const state = tls === false && !resource.defaulted.has("tls") ? "sets `tls: false`" : "does not set `tls` (the provider fills in `false`)";
    return { findings: [`${resourceLabel(resource)} ${state}. Set \`tls: true\` so every connection to the database is encrypted.`], undecided: [] };
}

export function remediateTls(props: Record<string, unknown>, resource: ResourceUnderCheck): RemediationResult {
    if (resource.type !== TYPES.redisDatabase || resource.props.tls === true || isUnknown(resource.props.tls)) {
        return "unchanged";
    }
    Reflect.set(props, "tls", true);
    if (resource.defaulted.has("tls")) {
        // The program (through its policy) now sets `tls`: it is no longer one of the provider's defaults.
        Reflect.set(props, DEFAULTS_KEY, [...resource.defaulted].filter((k) => k !== "tls"));
    }
    return "changed";
}

const SECURE_SCHEME: Record<string, string> = { http: "https://", redis: "rediss://" };

/** Variables whose name says they hold a URL to Upstash (the integrations' names, any prefix). */
const UPSTASH_URL_NAME = /(UPSTASH|KV|REDIS|QSTASH)[A-Z0-9_]*URL$/;

/**
 * URLs are checked on every resource's inputs as the engine sends them to `Analyze`: at preview for
 * values known then (literals, config, StackReference outputs), and at update, when values computed
 * from other resources are known too. Checking them here rather than in a stack policy saves the SDK
 * one rebuild of the whole stack per call.
 */
export function checkUpstashUrls(resource: ResourceUnderCheck): Outcome<string> {
    const outcome: Outcome<string> = { findings: [], undecided: [] };
    // A component's inputs are judged where its children put them.
    if (resource.component) {
        return outcome;
    }
    for (const leaf of leavesOf(resource.props)) {
        if (isUnknown(leaf.value)) {
            continue;
        }
        const insecure = upstashUrlsIn(leaf.value).find((url) => !isTlsScheme(url.scheme));
        if (insecure) {
            // A URL with a password is a credential as a whole: none of it is shown, not even its host or scheme separator.
            const to = insecure.carriesPassword ? "a URL with a password to an Upstash host" : `a URL to the Upstash host ${shownText(insecure.host)}`;
            outcome.findings.push(
                `${resourceLabel(resource)} field ${leaf.path} has ${to} with the scheme ${insecure.scheme}, which sends it in clear text. ` +
                    `Use ${SECURE_SCHEME[insecure.scheme] ?? "a TLS scheme"} so that tokens and data are never sent in clear text.`,
            );
        }
    }
    // A URL built from a database that does not exist yet is unknown until the update; say so.
    for (const place of placesOf(resource.type, resource.props)) {
        if (isUnknown(place.value) && !isUnknown(place.key) && UPSTASH_URL_NAME.test(normalizeName(place.key))) {
            outcome.undecided.push(`the scheme of ${placeLabel(resource, place)}`);
        }
    }
    return outcome;
}

/** Keys that name a URL or connection string, whatever the app calls the service behind it (`CACHE_URL`, `SESSION_DSN`). */
const URL_KEY = /(^|_)(URL|URI|DSN|CONNECTION_STRING|CONNECTION_URI|CONN_STR|CONN_STRING)$/;

/**
 * A URL an app builds from an Upstash database under a name of its own (`CACHE_URL` from the
 * database's password and endpoint) is unknown until the update, like the database; provenance
 * (which `Analyze` does not see) says it points at Upstash, so its scheme is listed as not yet known.
 */
export function checkUrlsBuiltFromUpstash(index: StackIndex): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    for (const { resource, place } of index.placeEntries()) {
        // A key named for Upstash is listed by the check of the resource itself. Named here too, it could
        // be listed twice under two positions: a provider may keep a set (Vercel's `variables`) in
        // another order than the program gave it, and `Analyze` sees the program's.
        if (!isUnknown(place.value) || isUnknown(place.key) || !URL_KEY.test(normalizeName(place.key)) || UPSTASH_URL_NAME.test(normalizeName(place.key))) {
            continue;
        }
        if (index.originsFeeding(resource, place.property).length > 0) {
            outcome.undecided.push({ urn: resource.urn, name: resource.name, message: `the scheme of ${placeLabel(resource, place)}` });
        }
    }
    return outcome;
}

function merge(...outcomes: Outcome<string>[]): Outcome<string> {
    return { findings: outcomes.flatMap((o) => o.findings), undecided: outcomes.flatMap((o) => o.undecided) };
}

export const tlsRequired: RuleDefinition<TlsRequiredConfig> = {
    info: {
        name: "upstash-tls-required",
        description: "Every Upstash Redis database has TLS on, and every URL to an Upstash host uses https:// or rediss://.",
        severity: "high",
        enforcementLevel: "mandatory",
        practice: "Encrypt all traffic to Upstash: TLS on every database, https:// and rediss:// on every URL.",
        tags: ["upstash", "tls", "encryption-in-transit"],
        remediationSteps: "Set `tls: true` on the RedisDatabase and use https:// (REST) or rediss:// (Redis protocol) URLs. At the `remediate` level the pack sets `tls: true` itself. " +
            "The upstash-guard component `StageRedisDatabase` always sets `tls: true` and gives its output `restUrl` as https://.",
        gate: {
            beforeTheStep: "a database without `tls: true` (at `remediate`, it is created with TLS on); an `http://` or `redis://` URL to an Upstash host in any field, including one built from a database's endpoint",
            afterTheSteps: "nothing",
        },
    },
    configProperties: () => ({}),
    checkResource: (resource) => merge(resource.type === TYPES.redisDatabase ? checkDatabaseTls(resource) : { findings: [], undecided: [] }, checkUpstashUrls(resource)),
    remediateResource: (props, resource) => remediateTls(props, resource),
    checkStack: (index) => checkUrlsBuiltFromUpstash(index),
};
