/**
 * Credentials, hosts and ids in the formats the real services hand out (see
 * `../shared/reference/upstash-and-vercel.md`, "Credential shapes"): random, so that no test can
 * depend on a value, and remembered, so that the stand-in can tell where each one went.
 */
import { randomBytes, randomInt, randomUUID } from "crypto";

export type CredentialKind =
    | "redis-rest-token"
    | "redis-read-only-rest-token"
    | "redis-password"
    | "vector-token"
    | "vector-read-only-token"
    | "qstash-token"
    | "management-api-key";

/** A credential the stand-in knows, by kind and owner (the database or account it opens); never its value. */
export interface KnownCredential {
    kind: CredentialKind;
    owner: string;
}

const ADJECTIVES = ["brave", "calm", "eager", "fond", "glad", "keen", "neat", "proud", "quick", "warm"];
const ANIMALS = ["ant", "bat", "crab", "duck", "eel", "fox", "gnu", "hare", "ibis", "lynx"];
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function pick<T>(items: readonly T[]): T {
    return items[randomInt(items.length)];
}

export function alphanumeric(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) {
        out += ALNUM[randomInt(ALNUM.length)];
    }
    return out;
}

/**
 * A Redis REST token: URL-safe base64 of a first byte that says its access (1 read-write, 2
 * read-only, as observed) and random bytes, 60 characters starting with `A`.
 */
export function redisRestToken(access: "read-write" | "read-only"): string {
    return Buffer.concat([Buffer.from([access === "read-write" ? 1 : 2]), randomBytes(44)]).toString("base64url");
}

/** A database password: 32 hexadecimal characters, as Upstash's documentation shows one. */
export function redisPassword(): string {
    return randomBytes(16).toString("hex");
}

/** A Vector or Search token: standard base64 starting with `AB`, about 100 characters, with a `+` or `/` in it. */
export function vectorToken(): string {
    for (;;) {
        const bytes = Buffer.concat([Buffer.from([0x00, 0x10 | randomInt(16)]), randomBytes(73)]);
        const token = bytes.toString("base64");
        if (/[+/]/.test(token)) {
            return token;
        }
    }
}

/** A QStash token: base64 of `{"UserID":…,"Password":…}`. */
export function qstashToken(): string {
    return Buffer.from(JSON.stringify({ UserID: randomUUID(), Password: randomBytes(16).toString("hex") })).toString("base64");
}

/** A Redis endpoint host: `<adjective>-<animal>-<digits>.upstash.io`. */
export function redisHost(): string {
    return `${pick(ADJECTIVES)}-${pick(ANIMALS)}-${10000 + randomInt(89999)}.upstash.io`;
}

/** A Vector endpoint host: `<adjective>-<animal>-<digits>-<region>-vector.upstash.io`. */
export function vectorHost(region: string): string {
    const short = region.startsWith("us") ? "us1" : "eu1";
    return `${pick(ADJECTIVES)}-${pick(ANIMALS)}-${10000 + randomInt(89999)}-${short}-vector.upstash.io`;
}
