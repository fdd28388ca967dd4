/**
 * What an Upstash credential is, and how to recognise one from a variable name or a value's shape.
 *
 * Upstash documents no token formats and no public secret scanner has an Upstash rule, so shapes
 * are observed, not guaranteed: they are always used together with names and provenance
 * (see `flow.ts`), and generic-looking shapes only count where a name also says "secret".
 */

export type Product = "redis" | "vector" | "search" | "qstash" | "management";
export type Access = "read-write" | "read-only";

export type CredentialKind =
    | "redis-rest-token"
    | "redis-password"
    | "redis-url-with-password"
    | "vector-token"
    | "search-token"
    | "upstash-token"
    | "qstash-token"
    | "qstash-signing-key"
    | "management-api-key"
    // What provenance alone tells (the resource, not which of its outputs): one of its credentials.
    | "redis-credential"
    | "vector-credential"
    | "search-credential"
    | "upstash-credential";

export interface Credential {
    kind: CredentialKind;
    access: Access;
}

const KIND_LABELS: Record<CredentialKind, string> = {
    "redis-rest-token": "Upstash Redis REST token",
    "redis-password": "Upstash Redis password",
    "redis-url-with-password": "Upstash Redis URL carrying the database password",
    "vector-token": "Upstash Vector token",
    "search-token": "Upstash Search token",
    "upstash-token": "Upstash Vector or Search token",
    "qstash-token": "QStash token",
    "qstash-signing-key": "QStash signing key",
    "management-api-key": "Upstash management API key",
    "redis-credential": "Upstash Redis credential",
    "vector-credential": "Upstash Vector credential",
    "search-credential": "Upstash Search credential",
    "upstash-credential": "Upstash credential",
};

/** Kinds that say only whose credential it is, not which: provenance named a database, not one of its outputs. */
export const UNSPECIFIED_KINDS: ReadonlySet<CredentialKind> = new Set(["redis-credential", "vector-credential", "search-credential", "upstash-credential"]);

/** The human name of a credential for messages, e.g. "read-only Upstash Redis REST token". */
export function describeCredential(credential: Credential): string {
    const label = KIND_LABELS[credential.kind];
    return credential.access === "read-only" ? `read-only ${label}` : label;
}

/** "a read-only Upstash Redis REST token", "an Upstash Vector token": the credential with its article. */
export function aCredential(credential: Credential): string {
    const text = describeCredential(credential);
    return `${/^[aeiouAEIOU]/.test(text) ? "an" : "a"} ${text}`;
}

/** Prefixes that web frameworks inline into the browser bundle. */
export const CLIENT_EXPOSED_PREFIXES: readonly string[] = [
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "NUXT_PUBLIC_",
    "PUBLIC_",
    "GATSBY_",
    "EXPO_PUBLIC_",
    "VUE_APP_",
    "STORYBOOK_",
    "REDWOOD_ENV_",
    "SANITY_STUDIO_",
];

/** The client-exposed prefix a variable name starts with, if any. */
export function clientExposedPrefix(key: string, extraPrefixes: readonly string[] = []): string | undefined {
    const upper = key.toUpperCase();
    for (const prefix of [...CLIENT_EXPOSED_PREFIXES, ...extraPrefixes]) {
        if (prefix.length > 0 && upper.startsWith(prefix.toUpperCase())) {
            return prefix;
        }
    }
    return undefined;
}

export type KeyRole = "endpoint" | "credential" | "other";

export interface KeyMeaning {
    role: KeyRole;
    /** Set when the name itself names an Upstash credential (e.g. `KV_REST_API_TOKEN`). */
    credential?: Credential;
    /** The name says the value must be read-only (`READ_ONLY`, `READONLY`). */
    saysReadOnly: boolean;
}

const READ_ONLY_NAME = /READ_?ONLY/;
const ENDPOINT_NAME = /(^|_)(REST_URL|REST_API_URL|ENDPOINT|HOST|HOSTNAME|PORT|QSTASH_URL)$/;

interface NamedCredential {
    pattern: RegExp;
    kind: CredentialKind;
}

/**
 * Names apps and integrations read Upstash credentials from, matched at the end of the name so that
 * client prefixes (`NEXT_PUBLIC_`), integration prefixes (`STORAGE_KV_REST_API_TOKEN`) and QStash
 * region prefixes (`EU_CENTRAL_1_QSTASH_TOKEN`) are covered.
 */
const NAMED_CREDENTIALS: readonly NamedCredential[] = [
    { pattern: /UPSTASH_(MANAGEMENT_)?API_KEY$|UPSTASH_MANAGEMENT_KEY$/, kind: "management-api-key" },
    { pattern: /UPSTASH_REDIS_REST_(READ_?ONLY_)?TOKEN$|KV_REST_API_(READ_?ONLY_)?TOKEN$/, kind: "redis-rest-token" },
    { pattern: /(^|_)(KV_URL|REDIS_URL|REDIS_TLS_URL)$/, kind: "redis-url-with-password" },
    { pattern: /UPSTASH_REDIS_PASSWORD$|(^|_)REDIS_PASSWORD$/, kind: "redis-password" },
    { pattern: /UPSTASH_VECTOR_REST_(READ_?ONLY_)?TOKEN$/, kind: "vector-token" },
    { pattern: /UPSTASH_SEARCH_REST_(READ_?ONLY_)?TOKEN$/, kind: "search-token" },
    { pattern: /(^|_)QSTASH_TOKEN$/, kind: "qstash-token" },
    { pattern: /(^|_)QSTASH_(CURRENT|NEXT)_SIGNING_KEY$/, kind: "qstash-signing-key" },
];

/** Words that, in a variable or field name, say the value is a secret. */
const SECRET_WORDS = /TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|AUTH|CREDENTIAL|(^|_)KEY$/;

/** `buildCommand`, `forward-headers`, `KV_URL` → `BUILD_COMMAND`, `FORWARD_HEADERS`, `KV_URL`. */
export function normalizeName(key: string): string {
    return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

/** Meanings already worked out, by name; bounded so a hostile stack cannot grow it without limit. */
const meanings = new Map<string, KeyMeaning>();

/** What a variable (or field) name says about its value, case-insensitively; memoised, as the same few names recur across a stack. */
export function meaningOfKey(key: string): KeyMeaning {
    let meaning = meanings.get(key);
    if (!meaning) {
        meaning = meaningOfName(key);
        if (meanings.size >= 10_000) {
            meanings.clear();
        }
        meanings.set(key, meaning);
    }
    return meaning;
}

function meaningOfName(key: string): KeyMeaning {
    const name = normalizeName(key);
    const saysReadOnly = READ_ONLY_NAME.test(name);
    for (const { pattern, kind } of NAMED_CREDENTIALS) {
        if (pattern.test(name)) {
            return { role: "credential", credential: { kind, access: saysReadOnly ? "read-only" : "read-write" }, saysReadOnly };
        }
    }
    if (ENDPOINT_NAME.test(name)) {
        return { role: "endpoint", saysReadOnly };
    }
    return { role: "other", saysReadOnly };
}

/** True when a name suggests its value is secret, so a generic token shape in it counts. */
export function nameSuggestsSecret(key: string): boolean {
    const name = normalizeName(key);
    return SECRET_WORDS.test(name) || meaningOfKey(key).role === "credential";
}

// --- Shapes -------------------------------------------------------------------------------------

const QSTASH_TOKEN_SHAPE = /^eyJVc2VySUQiOi[A-Za-z0-9+/]{8,}={0,2}$/;
const SIGNING_KEY_SHAPE = /^sig_[A-Za-z0-9]{20,40}$/;
const REDIS_REST_TOKEN_SHAPE = /^A[A-Za-z0-9_-]{50,160}={0,2}$/;
const VECTOR_OR_SEARCH_TOKEN_SHAPE = /^AB[A-Za-z0-9+/]{80,200}={0,2}$/;
/** `redis://` or `rediss://` with a password before the host. Bounded quantifiers keep it linear. */
const REDIS_URL_WITH_PASSWORD = /^rediss?:\/\/[^\s:@/]{0,256}:[^\s@/]{1,512}@[^\s/]+/i;

/**
 * Public, documented credentials of the local QStash development server (`qstash-cli dev`): the token
 * decodes to the user `defaultUser`, and these two signing keys are printed in Upstash's docs. They
 * open nothing outside a developer's laptop, so they are not leaks.
 */
const QSTASH_DEV_SERVER_SIGNING_KEYS = new Set(["sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r", "sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs"]);

function isQStashDevServerToken(value: string): boolean {
    try {
        const decoded: unknown = JSON.parse(Buffer.from(value, "base64").toString("utf8"));
        return typeof decoded === "object" && decoded !== null && (decoded as Record<string, unknown>).UserID === "defaultUser";
    } catch {
        return false;
    }
}

/**
 * The access a Redis REST token's first decoded byte suggests (1: read-write, 2: read-only, as
 * observed). Only a hint: callers combine it with names or provenance.
 */
function redisTokenAccessHint(value: string): Access {
    const firstByte = Buffer.from(value.slice(0, 4).replace(/-/g, "+").replace(/_/g, "/"), "base64")[0];
    return firstByte === 2 ? "read-only" : "read-write";
}

export interface ShapeMatch {
    credential: Credential;
    /** True for shapes specific enough to stand on their own (QStash tokens, signing keys, URLs with passwords). */
    distinctive: boolean;
}

/** The Upstash credential a value looks like, if any. Never returns anything derived from the value's text. */
export function credentialShapeOf(value: string): ShapeMatch | undefined {
    if (value.length < 20 || value.length > 4096) {
        return undefined;
    }
    if (QSTASH_TOKEN_SHAPE.test(value)) {
        return isQStashDevServerToken(value) ? undefined : { credential: { kind: "qstash-token", access: "read-write" }, distinctive: true };
    }
    if (SIGNING_KEY_SHAPE.test(value)) {
        return QSTASH_DEV_SERVER_SIGNING_KEYS.has(value)
            ? undefined
            : { credential: { kind: "qstash-signing-key", access: "read-write" }, distinctive: true };
    }
    if (REDIS_URL_WITH_PASSWORD.test(value) && isUpstashUrl(value)) {
        return { credential: { kind: "redis-url-with-password", access: "read-write" }, distinctive: true };
    }
    if (VECTOR_OR_SEARCH_TOKEN_SHAPE.test(value) && /[+/]/.test(value)) {
        return { credential: { kind: "upstash-token", access: "read-write" }, distinctive: false };
    }
    if (REDIS_REST_TOKEN_SHAPE.test(value)) {
        return { credential: { kind: "redis-rest-token", access: redisTokenAccessHint(value) }, distinctive: false };
    }
    return undefined;
}

/** A `redis(s)://` URL with a password, to any host: what `KV_URL`/`REDIS_URL` carry. */
export function isRedisUrlWithPassword(value: string): boolean {
    return REDIS_URL_WITH_PASSWORD.test(value);
}

// --- Upstash URLs -------------------------------------------------------------------------------

/** Scheme, authority, path, query: bounded runs of disjoint classes keep it linear. */
const URL_IN_TEXT = /\b(https?|rediss?):\/\/([^\s"'<>`/?#]{1,512})(?:\/[^\s"'<>`?#]{0,2048})?(?:\?([^\s"'<>`#]{0,2048}))?/gi;

export interface UpstashUrl {
    scheme: string;
    host: string;
    /** The URL carries user information (`default:<password>@`) or a password in its query: the whole URL is then a credential. */
    carriesPassword: boolean;
    /** The query, undecoded, `""` when there is none: read for what it sets, never shown. */
    query: string;
}

function hostOf(authority: string): string {
    const afterCredentials = authority.slice(authority.lastIndexOf("@") + 1);
    return afterCredentials.replace(/:\d*$/, "").toLowerCase();
}

export function isUpstashHost(host: string): boolean {
    return host === "upstash.io" || host.endsWith(".upstash.io");
}

/** A query parameter that carries a credential (redis-py and others read `?password=`): the URL is then a credential as a whole. */
const CREDENTIAL_IN_QUERY = /(^|&)[^=&]{0,32}(pass|auth|token|secret|user)[^=&]{0,32}=/i;

/** A cheap test before `upstashUrlsIn`: only a text that names upstash.io may hold such a URL. */
export function mayHoldUpstashUrl(text: string): boolean {
    return text.includes("upstash.io");
}

/** Every URL to an Upstash host inside a text (a value, a command line, a JSON body). */
export function upstashUrlsIn(text: string): UpstashUrl[] {
    if (!mayHoldUpstashUrl(text)) {
        return [];
    }
    const urls: UpstashUrl[] = [];
    for (const match of text.matchAll(URL_IN_TEXT)) {
        const host = hostOf(match[2]);
        if (isUpstashHost(host)) {
            const query = match[3] ?? "";
            urls.push({ scheme: match[1].toLowerCase(), host, carriesPassword: match[2].includes("@") || CREDENTIAL_IN_QUERY.test(query), query });
        }
    }
    return urls;
}

function isUpstashUrl(text: string): boolean {
    return upstashUrlsIn(text).length > 0;
}

/** Schemes that keep traffic to Upstash encrypted. */
export function isTlsScheme(scheme: string): boolean {
    return scheme === "https" || scheme === "rediss";
}

// --- Quoting user text in messages --------------------------------------------------------------

const SECRET_LIKE_RUN = /[A-Za-z0-9+/_=-]{16,}/g;

/** True when a run of text could be (part of) a credential: mixed-case with digits, or long hex. */
function looksLikeSecretRun(run: string): boolean {
    if (credentialShapeOf(run)) {
        return true;
    }
    const hexDigits = run.replace(/[^0-9a-fA-F]/g, "").length;
    const digits = run.replace(/[^0-9]/g, "").length;
    if (/^[0-9a-fA-F-]+$/.test(run) && hexDigits >= 16 && digits >= 4) {
        return true;
    }
    return /[0-9]/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run);
}

/**
 * A user-supplied text (a key, a database name, a host) as a message may show it: as is when it is
 * short and holds nothing shaped like a credential, else a placeholder. Messages must never echo a
 * secret, even one pasted into a field that should hold a name.
 */
export function shownText(text: string): string {
    if (text.length > 128 || credentialShapeOf(text) || isRedisUrlWithPassword(text)) {
        return "(value not shown: it may hold a credential)";
    }
    for (const match of text.matchAll(SECRET_LIKE_RUN)) {
        if (looksLikeSecretRun(match[0])) {
            return "(value not shown: it may hold a credential)";
        }
    }
    return text;
}
