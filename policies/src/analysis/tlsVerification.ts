/**
 * What turns certificate verification off for a connection to Upstash: a parameter in the query of a
 * URL a client library parses, or a switch in the process environment. Read from each library's own
 * source (cited in docs/policies/upstash-tls-required.md). Only the names and values of this table
 * are ever shown: never the URL, its host when it carries a password, or any other part of a value.
 */

/** What a setting does to the TLS connection it configures. */
export type VerificationEffect =
    /** Any certificate is accepted: whoever answers for the host reads the credential and the data. */
    | "disables"
    /** The chain is checked but not whose it is: any certificate a public CA issued is accepted. */
    | "host-name-only"
    /** The library's default, with nothing set, is one of the above. */
    | "insecure-default";

export interface VerificationWeakness {
    effect: VerificationEffect;
    /** The setting as the table spells it (`ssl_cert_reqs=none`), never the text it was read from. */
    setting: string;
    /** The libraries that read it: "redis-py and Celery". */
    clients: string;
    /** Whether `clients` names more than one, for the verb that follows it. */
    plural: boolean;
    /** What to set instead. */
    instead: string;
}

/** `to_bool` of redis-py (`FALSE_STRINGS`, redis 8.2): these, case-insensitively, are false; Kombu's broker reads only `false`. */
const PYTHON_FALSE = new Set(["0", "F", "FALSE", "N", "NO", "OFF"]);
/**
 * `skip_verify` values that are true: go-redis (9.8 or later, `queryOptions.bool`) takes `true` and `1`;
 * rueidis (`strconv.ParseBool`) takes these too, and the parameter with no value.
 */
const SKIP_VERIFY_TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
/** PHP's falsy option values (`zend_is_true`): `"0"` and `""`; `"false"` is true. */
const PHP_FALSE = new Set(["0", ""]);

interface ParameterRule {
    parameter: string;
    clients: string;
    plural: boolean;
    /** `celeryBroker`: the URL is under a name Celery reads its broker from, where Kombu parses the query. */
    effectOf(value: string | undefined, celeryBroker: boolean): VerificationEffect | undefined;
    /** The canonical spelling of what was set, from this table. */
    settingOf(value: string | undefined): string;
    instead: string;
}

/** redis-py takes `none` (lower case only); Kombu and Celery take `none` and `CERT_NONE`; other spellings are errors in both. */
const CERT_NONE = new Set(["none", "CERT_NONE"]);

const PARAMETER_RULES: readonly ParameterRule[] = [
    {
        parameter: "ssl_cert_reqs",
        clients: "redis-py and Celery",
        plural: true,
        effectOf: (v) => (v !== undefined && CERT_NONE.has(v) ? "disables" : undefined),
        settingOf: (v) => (v === "CERT_NONE" ? "ssl_cert_reqs=CERT_NONE" : "ssl_cert_reqs=none"),
        instead: "`ssl_cert_reqs=required` (Celery: `CERT_REQUIRED`)",
    },
    {
        parameter: "ssl_check_hostname",
        clients: "redis-py and Celery",
        plural: true,
        // Kombu's broker takes only `false` (`kombu/utils/url.py`); redis-py and Celery's result backend take `to_bool`'s words.
        effectOf: (v, celeryBroker) =>
            v !== undefined && (celeryBroker ? v.toLowerCase() === "false" : PYTHON_FALSE.has(v.toUpperCase())) ? "host-name-only" : undefined,
        // The value is one of the table's words, so it can be shown as written.
        settingOf: (v) => `ssl_check_hostname=${v ?? ""}`,
        instead: "`ssl_check_hostname=true`, or no `ssl_check_hostname` at all",
    },
    {
        parameter: "skip_verify",
        clients: "go-redis (9.8 or later) and rueidis",
        plural: true,
        effectOf: (v) => (v === undefined || v === "" || SKIP_VERIFY_TRUE.has(v) ? "disables" : undefined),
        settingOf: () => "skip_verify=true",
        instead: "no `skip_verify` (or `skip_verify=false`)",
    },
    {
        parameter: "verifyPeer",
        clients: "Lettuce",
        plural: false,
        effectOf: (v) => {
            const upper = v?.toUpperCase();
            return upper === "NONE" ? "disables" : upper === "CA" ? "host-name-only" : undefined;
        },
        settingOf: (v) => (v?.toUpperCase() === "CA" ? "verifyPeer=CA" : "verifyPeer=NONE"),
        instead: "`verifyPeer=FULL` (the default), or no `verifyPeer` at all",
    },
    {
        parameter: "ssl[verify_peer]",
        clients: "Predis",
        plural: false,
        effectOf: (v) => (v !== undefined && PHP_FALSE.has(v) ? "disables" : undefined),
        settingOf: () => "ssl[verify_peer]=0",
        instead: "no `ssl[verify_peer]` (Predis verifies by default)",
    },
    {
        parameter: "ssl[verify_peer_name]",
        clients: "Predis",
        plural: false,
        effectOf: (v) => (v !== undefined && PHP_FALSE.has(v) ? "host-name-only" : undefined),
        settingOf: () => "ssl[verify_peer_name]=0",
        instead: "no `ssl[verify_peer_name]` (Predis checks the name by default)",
    },
];

/** Lettuce matches `verifyPeer` whatever its case; the others match their names exactly. */
function ruleFor(name: string): ParameterRule | undefined {
    return PARAMETER_RULES.find((r) => r.parameter === name) ?? (name.toLowerCase() === "verifypeer" ? PARAMETER_RULES.find((r) => r.parameter === "verifyPeer") : undefined);
}

/** A query's parameters, names and values percent-decoded; a value is `undefined` when the parameter has no `=`. */
export function queryParameters(query: string): { name: string; value: string | undefined }[] {
    const parameters: { name: string; value: string | undefined }[] = [];
    for (const part of query.split("&")) {
        if (part === "") {
            continue;
        }
        const equals = part.indexOf("=");
        const name = decoded(equals < 0 ? part : part.slice(0, equals));
        const value = equals < 0 ? undefined : decoded(part.slice(equals + 1));
        parameters.push({ name, value });
    }
    return parameters;
}

function decoded(text: string): string {
    try {
        return decodeURIComponent(text.replace(/\+/g, " "));
    } catch {
        return text;
    }
}

/** Names Celery reads its broker URL from: its `CELERY_` settings namespace (with an app's prefix), and the bare name of older apps. */
const CELERY_BROKER_KEY = /^([A-Z0-9_]*_)?CELERY_BROKER_URL$|^BROKER_URL$/;

/**
 * What the query of a `rediss://` URL to an Upstash host turns off, one weakness
 * per setting. `key` is the normalised name of the variable holding it, when there is one: Kombu's
 * broker (`Connection._init_params`) connects with `CERT_NONE` when a `rediss://` URL sets no `ssl_`
 * option, unless the app sets `broker_use_ssl` in code, which the pack cannot see: so it is advisory.
 */
export function weaknessesOfUrl(scheme: string, query: string, key: string | undefined): VerificationWeakness[] {
    // The parameters are Redis clients'; a REST client reads no query (and a clear-text URL is found by its scheme).
    if (scheme !== "rediss") {
        return [];
    }
    const found: VerificationWeakness[] = [];
    const parameters = queryParameters(query);
    const celeryBroker = key !== undefined && CELERY_BROKER_KEY.test(key);
    for (const { name, value } of parameters) {
        const rule = ruleFor(name);
        const effect = rule?.effectOf(value, celeryBroker);
        if (rule && effect && !found.some((f) => f.setting === rule.settingOf(value))) {
            found.push({ effect, setting: rule.settingOf(value), clients: rule.clients, plural: rule.plural, instead: rule.instead });
        }
    }
    if (celeryBroker && !parameters.some((p) => p.name.startsWith("ssl_"))) {
        found.push({
            effect: "insecure-default",
            setting: "no `ssl_cert_reqs`",
            clients: "Celery's broker (Kombu), unless the app sets `broker_use_ssl`,",
            plural: false,
            instead: "`ssl_cert_reqs=CERT_REQUIRED` in the URL's query",
        });
    }
    return found;
}

export interface ProcessWideSwitch {
    /** `disables` for every client of the process; `insecure-default` where it depends on the library's version. */
    effect: Extract<VerificationEffect, "disables" | "insecure-default">;
    /** The variable's name as the table spells it. */
    name: string;
    setting: string;
    clients: string;
    instead: string;
}

const PROCESS_WIDE_SWITCHES: readonly (ProcessWideSwitch & { turnsOff(value: string): boolean })[] = [
    {
        effect: "disables",
        name: "NODE_TLS_REJECT_UNAUTHORIZED",
        setting: "NODE_TLS_REJECT_UNAUTHORIZED=0",
        clients: "Node.js (its `fetch`, which @upstash/redis, @upstash/vector and @upstash/qstash use, ioredis and node-redis) and Bun",
        // Node compares the variable with "0" and nothing else (Node 20: `getAllowUnauthorized` in `lib/internal/options.js`, read by `lib/_tls_wrap.js`).
        turnsOff: (value) => value === "0",
        instead: "remove it; if the app must trust a private CA, give that CA in `NODE_EXTRA_CA_CERTS`",
    },
    {
        effect: "insecure-default",
        name: "CURL_CA_BUNDLE",
        setting: "CURL_CA_BUNDLE=\"\"",
        clients: "Python requests before 2.28 (`Session.merge_environment_settings`)",
        turnsOff: (value) => value === "",
        instead: "remove it, or point it at a CA bundle file",
    },
];

/** The switch a variable turns off certificate checks for its whole process with, if any. */
export function processWideSwitch(key: string, value: string): ProcessWideSwitch | undefined {
    const found = PROCESS_WIDE_SWITCHES.find((s) => s.name === key && s.turnsOff(value));
    return found ? { effect: found.effect, name: found.name, setting: found.setting, clients: found.clients, instead: found.instead } : undefined;
}

const SWITCH_NAMES: ReadonlySet<string> = new Set(PROCESS_WIDE_SWITCHES.map((s) => s.name));

/** Whether a key may be such a switch: a cheap test, made for every place of the stack, before looking at values. */
export function mayBeProcessWideSwitch(key: string): boolean {
    return SWITCH_NAMES.has(key);
}
