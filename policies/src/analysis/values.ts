import { Secret } from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy/proxy";

/**
 * A property value as the analysis sees it: plain data, with every value that Pulumi cannot know
 * yet (during preview) replaced by the `UNKNOWN` marker.
 *
 * Policies receive props through the SDK's `unknownCheckingProxy`, which throws when an unknown is
 * read. The analysis must not let that throw abort a whole stack policy, nor swallow it: it turns
 * each unknown into an explicit marker that every rule has to handle.
 */
export const UNKNOWN = Object.freeze({ unknown: true as const });
export type Unknown = typeof UNKNOWN;
export type PlainValue = string | number | boolean | null | Unknown | PlainValue[] | PlainObject;
export interface PlainObject {
    [key: string]: PlainValue;
}

/** The wire sentinels Pulumi uses for unknowns, in case a value reaches us without the SDK's proxy. */
const UNKNOWN_SENTINELS = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);
/** The sentinel for an unknown string, which `UnknownValueError` needs to describe itself. */
export const UNKNOWN_STRING_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Nesting deeper than this is not real resource configuration; it is left unread rather than risk the stack. */
export const MAX_DEPTH = 64;

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN;
}

/** Reads `container[key]` through the SDK proxy, turning an unknown into `UNKNOWN`. */
export function readKey(container: unknown, key: string | number): unknown {
    try {
        return (container as Record<string | number, unknown>)[key];
    } catch (err) {
        if (err instanceof UnknownValueError) {
            return UNKNOWN;
        }
        throw err;
    }
}

/** A deep, proxy-free copy of a property value with unknowns made explicit. */
export function toPlain(value: unknown, depth = 0): PlainValue {
    if (value === UNKNOWN) {
        return UNKNOWN;
    }
    if (value === null || value === undefined) {
        return null;
    }
    switch (typeof value) {
        case "string":
            return UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
        case "number":
        case "boolean":
            return value;
        case "object":
            break;
        default:
            return null;
    }
    if (depth >= MAX_DEPTH) {
        return null;
    }
    const raw = proxyTarget(value);
    if (raw !== value) {
        return toPlain(raw, depth);
    }
    if (value instanceof Secret) {
        return toPlain(readKey(value, "value"), depth + 1);
    }
    if (Array.isArray(value)) {
        const out: PlainValue[] = [];
        const length = value.length;
        for (let i = 0; i < length; i++) {
            out.push(toPlain(readKey(value, i), depth + 1));
        }
        return out;
    }
    const record = value as Record<string, unknown>;
    if (readKey(record, SECRET_SIG_KEY) === SECRET_SIG) {
        return toPlain(readKey(record, "value"), depth + 1);
    }
    const out: PlainObject = {};
    for (const key of Object.keys(record)) {
        out[key] = toPlain(readKey(record, key), depth + 1);
    }
    return out;
}

/** The key under which the SDK's proxies (`unknownCheckingProxy`, `secretsPreservingProxy`) hand out their target. */
const PROXY_TARGET_KEY = "__getSpecialProxyTarget";

/**
 * The data behind the SDK's proxies. Reading it directly spares a new proxy per property read (a
 * large share of a stack policy's time); unknowns are then recognised by their wire sentinels,
 * which is exactly what the proxy itself checks.
 */
function proxyTarget(value: object): object {
    // Data that merely has a property of that name is not a proxy: never let it hide its other fields.
    if (Object.prototype.hasOwnProperty.call(value, PROXY_TARGET_KEY)) {
        return value;
    }
    const target: unknown = Reflect.get(value, PROXY_TARGET_KEY);
    return typeof target === "object" && target !== null ? target : value;
}

export function asString(value: PlainValue | undefined): string | undefined {
    return typeof value === "string" ? value : undefined;
}

export function asBoolean(value: PlainValue | undefined): boolean | undefined {
    return typeof value === "boolean" ? value : undefined;
}

export function asArray(value: PlainValue | undefined): PlainValue[] {
    return Array.isArray(value) ? value : [];
}

export function asObject(value: PlainValue | undefined): PlainObject | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) && !isUnknown(value)
        ? (value as PlainObject)
        : undefined;
}

/** One string (or unknown) leaf of a property tree, with its path for messages. */
export interface Leaf {
    /** Top-level property the leaf sits under: the key of `propertyDependencies`. */
    property: string;
    /** Path like `variables[2].value`, for messages. Never the value itself. */
    path: string;
    /** The name of the field holding the leaf (`value` for `variables[2].value`): what it says about the value. */
    field: string;
    value: string | Unknown;
}

/** Every string or unknown leaf of a plain property tree. */
export function leavesOf(props: PlainObject): Leaf[] {
    const leaves: Leaf[] = [];
    const walk = (value: PlainValue, property: string, path: string, field: string): void => {
        if (typeof value === "string" || isUnknown(value)) {
            leaves.push({ property, path, field, value });
        } else if (Array.isArray(value)) {
            value.forEach((item, i) => walk(item, property, `${path}[${i}]`, field));
        } else if (value !== null && typeof value === "object") {
            for (const [key, item] of Object.entries(value)) {
                walk(item, property, `${path}.${key}`, key);
            }
        }
    };
    for (const [key, value] of Object.entries(props)) {
        walk(value, key, key, key);
    }
    return leaves;
}

