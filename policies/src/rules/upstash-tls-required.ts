import { UpstashUrl, credentialShapeOf, isTlsScheme, mayHoldUpstashUrl, normalizeName, upstashUrlsIn, shownText } from "../analysis/credentials";
import { resourceLabel } from "../analysis/describe";
import { keyText, placeLabel } from "../stack/labels";
import { DEFAULTS_KEY } from "../analysis/programInputs";
import { ProcessWideSwitch, VerificationEffect, VerificationWeakness, mayBeProcessWideSwitch, processWideSwitch, weaknessesOfUrl } from "../analysis/tlsVerification";
import { QSTASH_TYPES, TYPES } from "../analysis/types";
import { isUnknown, leavesOf } from "../analysis/values";
import { CommonConfig } from "../framework/config";
import { placesOf } from "../platforms";
import { appsOf } from "../platforms/apps";
import { IndexedResource, Place } from "../platforms/place";
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
    if (QSTASH_TYPES.includes(resource.type)) {
        return remediateQStashDeliveries(props);
    }
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

/** `http://` on the default port, which https:// on the same host replaces; a URL with another port is left as it is (and still found). */
const HTTP_ON_DEFAULT_PORT = /^http:\/\/([^/?#:@]+)(:80)?(?=[/?#]|$)/i;

/** `http://host/path` (or `:80`) → `https://host/path`; anything else (a secret wrapper, an unknown, a topic name, another port) as it is. */
function withHttps(value: unknown): unknown {
    return typeof value === "string" && HTTP_ON_DEFAULT_PORT.test(value) ? value.replace(HTTP_ON_DEFAULT_PORT, "https://$1") : value;
}

/** Makes each `http://` delivery URL of a QStash resource `https://` on the same host, in the engine's props. */
function remediateQStashDeliveries(props: Record<string, unknown>): RemediationResult {
    let changed = false;
    const fix = (container: object, key: string | number): void => {
        const before: unknown = Reflect.get(container, key);
        const after = withHttps(before);
        if (after !== before) {
            Reflect.set(container, key, after);
            changed = true;
        }
    };
    for (const key of ["destination", "callback", "url"]) {
        fix(props, key);
    }
    const endpoints: unknown = props.endpoints;
    if (Array.isArray(endpoints)) {
        endpoints.forEach((endpoint: unknown, i) => {
            if (typeof endpoint === "object" && endpoint !== null) {
                fix(endpoint, "url");
            } else {
                fix(endpoints, i);
            }
        });
    }
    return changed ? "changed" : "unchanged";
}

const SECURE_SCHEME: Record<string, string> = { http: "https://", redis: "rediss://" };

/** Variables whose name says they hold a URL to Upstash (the integrations' names, any prefix). */
const UPSTASH_URL_NAME = /(UPSTASH|KV|REDIS|QSTASH)[A-Z0-9_]*URL$/;

/** Where a QStash resource says where QStash delivers: a schedule's destination and callback, a topic's endpoints, an endpoint's URL. */
const QSTASH_DELIVERY_PATH = /^(destination|callback|url|endpoints\[\d+\](\.url)?)$/;

function isQStashDelivery(resource: ResourceUnderCheck, path: string): boolean {
    return QSTASH_TYPES.includes(resource.type) && QSTASH_DELIVERY_PATH.test(path);
}

/** "a URL to the Upstash host x.upstash.io"; a URL with a password is a credential as a whole: none of it is shown, not even its host. */
function urlText(url: UpstashUrl): string {
    return url.carriesPassword ? "a URL with a password to an Upstash host" : `a URL to the Upstash host ${shownText(url.host)}`;
}

function weaknessMessage(label: string, url: UpstashUrl, weakness: VerificationWeakness): string {
    const to = urlText(url);
    switch (weakness.effect) {
        case "disables":
            return (
                `${label} has ${to} with \`${weakness.setting}\`: ${weakness.clients} then ${weakness.plural ? "accept" : "accepts"} any certificate, so whoever answers for the host ` +
                `gets the credentials and the data sent over it, TLS or not. Use ${weakness.instead}.`
            );
        case "host-name-only":
            return (
                `${label} has ${to} with \`${weakness.setting}\`: ${weakness.clients} then ${weakness.plural ? "check" : "checks"} the certificate's chain but not that it is the host's, ` +
                `so any certificate a public CA issued is accepted. Use ${weakness.instead}.`
            );
        case "insecure-default":
            return (
                `${label} has a \`rediss://\` URL to an Upstash host with ${weakness.setting}: ${weakness.clients} then connects without checking the ` +
                `certificate (it only logs a warning). Add ${weakness.instead}.`
            );
    }
}

/**
 * URLs are checked on every resource's inputs as the engine sends them to `Analyze`: at preview for
 * values known then (literals, config, StackReference outputs), and at update, when values computed
 * from other resources are known too. Checking them here rather than in a stack policy saves the SDK
 * one rebuild of the whole stack per call.
 */
export function checkUpstashUrls(resource: ResourceUnderCheck): Outcome<string> {
    const outcome: Outcome<string> = { findings: [], advisories: [], undecided: [] };
    // A component's inputs are judged where its children put them.
    if (resource.component) {
        return outcome;
    }
    const places = placesOf(resource.type, resource.props);
    const weaknesses = new Map<string, VerificationEffect>();
    const named = sayWeaknessesOfPlaces(resource, places, weaknesses);
    for (const leaf of leavesOf(resource.props)) {
        if (isUnknown(leaf.value) || isQStashDelivery(resource, leaf.path)) {
            continue;
        }
        const urls = upstashUrlsIn(leaf.value);
        const insecure = urls.find((url) => !isTlsScheme(url.scheme));
        if (insecure) {
            outcome.findings.push(
                `${resourceLabel(resource)} field ${leaf.path} has ${urlText(insecure)} with the scheme ${insecure.scheme}, which sends it in clear text. ` +
                    `Use ${SECURE_SCHEME[insecure.scheme] ?? "a TLS scheme"} so that tokens and data are never sent in clear text.`,
            );
        } else if (urls.length > 0) {
            // What the places of this leaf held was said under their names; the rest of it (a task definition's command) under the field's.
            sayWeaknesses(withoutValues(leaf.value, named.get(leaf.path)), `${resourceLabel(resource)} field ${leaf.path}`, undefined, weaknesses);
        }
    }
    for (const [message, effect] of weaknesses) {
        (effect === "disables" ? outcome.findings : (outcome.advisories ??= [])).push(message);
    }
    // A URL built from a database that does not exist yet is unknown until the update; say so.
    for (const place of places) {
        if (isUnknown(place.value) && !isUnknown(place.key) && UPSTASH_URL_NAME.test(normalizeName(place.key))) {
            outcome.undecided.push(`the scheme and query of ${placeLabel(resource, place)}`);
        }
    }
    return outcome;
}

/**
 * Judges the values platform modules name (a variable, a binding) as those places, with their keys,
 * and gives back, by leaf path, the values said so: a leaf may hold several (a task definition's JSON).
 */
function sayWeaknessesOfPlaces(resource: ResourceUnderCheck, places: readonly Place[], said: Map<string, VerificationEffect>): Map<string, string[]> {
    const named = new Map<string, string[]>();
    for (const place of places) {
        if (typeof place.value === "string" && !isUnknown(place.key)) {
            named.set(place.valuePath, [...(named.get(place.valuePath) ?? []), place.value]);
            // Most values hold no Upstash URL: the label is worked out only for those that do.
            if (mayHoldUpstashUrl(place.value)) {
                sayWeaknesses(place.value, placeLabel(resource, place), normalizeName(place.key), said);
            }
        }
    }
    return named;
}

/** A leaf's text without the values its places held (each judged under its own name already). */
function withoutValues(text: string, values: readonly string[] | undefined): string {
    let rest = text;
    for (const value of values ?? []) {
        if (value.length > 0) {
            rest = rest.split(value).join(" ");
        }
    }
    return rest;
}

/** Adds what the URLs to Upstash in `text` turn off (`weaknessesOfUrl`), each message once, with its effect. */
function sayWeaknesses(text: string, label: string, key: string | undefined, said: Map<string, VerificationEffect>): void {
    for (const url of upstashUrlsIn(text)) {
        for (const weakness of weaknessesOfUrl(url.scheme, url.query, key)) {
            said.set(weaknessMessage(label, url, weakness), weakness.effect);
        }
    }
}

/**
 * Where QStash delivers messages: an `http://` destination, callback or endpoint gets every message,
 * and the signature that proves it came from QStash, in clear text.
 */
export function checkQStashDeliveries(resource: ResourceUnderCheck): Outcome<string> {
    const outcome: Outcome<string> = { findings: [], undecided: [] };
    if (!QSTASH_TYPES.includes(resource.type)) {
        return outcome;
    }
    for (const leaf of leavesOf(resource.props)) {
        if (!isUnknown(leaf.value) && QSTASH_DELIVERY_PATH.test(leaf.path) && /^http:\/\//i.test(leaf.value)) {
            outcome.findings.push(
                `${resourceLabel(resource)} field ${leaf.path} is an \`http://\` URL: QStash delivers each message there, with its \`Upstash-Signature\` and the headers it forwards, in clear text. ` +
                    `Use \`https://\`${HTTP_ON_DEFAULT_PORT.test(leaf.value) ? " (at the `remediate` level the pack makes it https:// on the same host)" : ""}.`,
            );
        }
    }
    return outcome;
}

/** Names that say Upstash whatever their value: the integrations' own (`UPSTASH_*`, Vercel KV's `KV_REST_API_*`, `KV_URL`, `QSTASH_*`). */
const UPSTASH_NAME = /UPSTASH|(^|_)KV_REST_API_|(^|_)KV_URL$|QSTASH/;

/**
 * One Upstash value of an app: a place whose value (an Upstash URL or a shape only Upstash's credentials have),
 * provenance, or a name of the integrations says so. A generic name (`REDIS_URL`, `REDIS_PASSWORD`)
 * counts only through its value or provenance: it may well be another Redis.
 */
function carriesUpstash(index: StackIndex, resource: IndexedResource, place: Place): boolean {
    if (!isUnknown(place.key) && UPSTASH_NAME.test(normalizeName(place.key))) {
        return true;
    }
    if (typeof place.value === "string" && (upstashUrlsIn(place.value).length > 0 || credentialShapeOf(place.value)?.distinctive === true)) {
        return true;
    }
    return index.moment === "stack" && index.sourcesOfPlace(resource, place).length > 0;
}

function stagesOverlap(a: Place, b: Place): boolean {
    if (a.stages === undefined || b.stages === undefined || isUnknown(a.stages) || isUnknown(b.stages)) {
        return true;
    }
    const other = b.stages;
    return a.stages.some((stage) => other.includes(stage));
}

interface PlaceOf {
    resource: IndexedResource;
    place: Place;
}

/**
 * The places of `candidates` that reach the process `of` reaches: the same resource, or the same app
 * (a Vercel project, a repository) in a stage both reach. The app of `of` is worked out once.
 */
function inSameApp(index: StackIndex, of: PlaceOf, candidates: readonly PlaceOf[]): PlaceOf[] {
    let appsOfIt: ReadonlySet<string> | undefined;
    return candidates.filter((other) => {
        if (!stagesOverlap(of.place, other.place)) {
            return false;
        }
        if (of.resource.urn === other.resource.urn) {
            return true;
        }
        appsOfIt ??= new Set(appsOf(index, of.resource, of.place).map((app) => app.key));
        const apps = appsOfIt;
        return apps.size > 0 && appsOf(index, other.resource, other.place).some((app) => apps.has(app.key));
    });
}

/**
 * A variable that turns certificate checks off for a whole process (`NODE_TLS_REJECT_UNAUTHORIZED=0`)
 * in an app that gets Upstash credentials or URLs: every request carrying them trusts any certificate.
 * Judged where the switch is; at registration, against the Upstash values registered so far.
 */
export function checkProcessWideSwitches(index: StackIndex): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    const switches: { resource: IndexedResource; place: Place; setting: ProcessWideSwitch }[] = [];
    for (const resource of index.judged) {
        for (const place of resource.places) {
            if (!isUnknown(place.key) && mayBeProcessWideSwitch(place.key) && typeof place.value === "string") {
                const setting = processWideSwitch(place.key, place.value);
                if (setting) {
                    switches.push({ resource, place, setting });
                }
            }
        }
    }
    if (switches.length === 0) {
        return outcome;
    }
    const upstashPlaces = index.resources.flatMap((resource) => resource.places.filter((place) => carriesUpstash(index, resource, place)).map((place) => ({ resource, place })));
    for (const found of switches) {
        const exposed = inSameApp(index, found, upstashPlaces);
        if (exposed.length === 0) {
            continue;
        }
        const names = [...new Set(exposed.map((other) => keyText(other.place)))].sort();
        const shown = names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more` : names.join(", ");
        const consequence = found.setting.effect === "disables" ? "then accept" : "may then accept (it depends on the library's version)";
        (found.setting.effect === "disables" ? outcome.findings : (outcome.advisories ??= [])).push({
            urn: found.resource.urn,
            name: found.resource.name,
            path: found.place.valuePath,
            message:
                `${placeLabel(found.resource, found.place)} sets \`${found.setting.setting}\` in an app that gets Upstash values (${shown}): ` +
                `${found.setting.clients} ${consequence} any certificate on every TLS connection of the process, so whoever answers for an Upstash host gets them. ` +
                `Instead, ${found.setting.instead}.`,
        });
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
            outcome.undecided.push({ urn: resource.urn, name: resource.name, message: `the scheme and query of ${placeLabel(resource, place)}` });
        }
    }
    return outcome;
}

function merge<F>(...outcomes: Outcome<F>[]): Outcome<F> {
    return { findings: outcomes.flatMap((o) => o.findings), advisories: outcomes.flatMap((o) => o.advisories ?? []), undecided: outcomes.flatMap((o) => o.undecided) };
}

export const tlsRequired: RuleDefinition<TlsRequiredConfig> = {
    info: {
        name: "upstash-tls-required",
        description: "Every Upstash Redis database has TLS on, every URL to an Upstash host uses https:// or rediss:// and keeps certificate checks on, and QStash delivers over https://.",
        severity: "high",
        enforcementLevel: "mandatory",
        practice: "Enable TLS encryption: TLS on every database, https:// and rediss:// on every URL, and SSL verified in connection strings.",
        tags: ["upstash", "tls", "encryption-in-transit"],
        remediationSteps: "Set `tls: true` on the RedisDatabase and use https:// (REST) or rediss:// (Redis protocol) URLs, without a query parameter that turns certificate checks off " +
            "(`ssl_cert_reqs=none`, `skip_verify`, `verifyPeer=NONE`, `ssl[verify_peer]=0`) and without `NODE_TLS_REJECT_UNAUTHORIZED=0` beside them; give QStash https:// destinations. " +
            "At the `remediate` level the pack sets `tls: true` and makes QStash destinations https:// itself. " +
            "The upstash-guard component `StageRedisDatabase` always sets `tls: true` and gives its output `restUrl` as https://.",
        gate: {
            beforeTheStep:
                "a database without `tls: true` (at `remediate`, it is created with TLS on); an `http://` or `redis://` URL to an Upstash host in any field, including one built from a database's endpoint, " +
                "or one whose query turns certificate checks off; an `http://` QStash destination; `NODE_TLS_REJECT_UNAUTHORIZED=0` in an app whose Upstash values registered before it or with it",
            afterTheSteps: "`NODE_TLS_REJECT_UNAUTHORIZED=0` in an app whose Upstash values register after it",
        },
    },
    configProperties: () => ({}),
    checkResource: (resource) =>
        merge(resource.type === TYPES.redisDatabase ? checkDatabaseTls(resource) : { findings: [], undecided: [] }, checkUpstashUrls(resource), checkQStashDeliveries(resource)),
    remediateResource: (props, resource) => remediateTls(props, resource),
    checkStack: (index) => merge(checkUrlsBuiltFromUpstash(index), checkProcessWideSwitches(index)),
    checkRegistration: (index) => checkProcessWideSwitches(index),
};
