/**
 * The platform registry: type token → the module that knows it, built once. Adding a platform is one
 * module (with its spec) and one line in `PLATFORMS`.
 */
import { aws } from "./aws";
import { azure } from "./azure";
import { cloudflare } from "./cloudflare";
import { digitalocean } from "./digitalocean";
import { docker } from "./docker";
import { gcp } from "./gcp";
import { github } from "./github";
import { kubernetes } from "./kubernetes";
import { PlainObject } from "../analysis/values";
import { Place, PlatformModule, SecretStoreKind } from "./place";
import { vercel } from "./vercel";

export const PLATFORMS: readonly PlatformModule[] = [vercel, cloudflare, aws, gcp, azure, kubernetes, github, digitalocean, docker];

/** Secret stores of platforms the pack has no module for: their values are fine wherever they go. */
const STORES_WITHOUT_MODULE: readonly SecretStoreKind[] = [
    { type: "azure:keyvault/secret:Secret" },
    { type: "vault:generic/secret:Secret" },
    { type: "vault:kv/secretV2:SecretV2" },
    { type: "doppler:index/secret:Secret" },
];

function byType<T>(entries: readonly (readonly [string, T])[]): ReadonlyMap<string, T> {
    const map = new Map<string, T>();
    for (const [type, value] of entries) {
        if (map.has(type)) {
            throw new Error(`two platform modules claim ${type}`);
        }
        map.set(type, value);
    }
    return map;
}

const MODULE_BY_TYPE: ReadonlyMap<string, PlatformModule> = byType(PLATFORMS.flatMap((m) => [...new Set([...m.placeTypes, ...(m.appTypes ?? [])])].map((t) => [t, m] as const)));

export const SECRET_STORE_BY_TYPE: ReadonlyMap<string, SecretStoreKind> = byType([...PLATFORMS.flatMap((m) => m.secretStores), ...STORES_WITHOUT_MODULE].map((s) => [s.type, s] as const));

/** The module that knows a type, if any: one Map look-up. */
export function platformOf(type: string): PlatformModule | undefined {
    return MODULE_BY_TYPE.get(type);
}

/** The places of a resource (none for types no platform module knows). */
export function placesOf(type: string, props: PlainObject): Place[] {
    const platform = MODULE_BY_TYPE.get(type);
    return platform ? platform.placesOf(type, props) : [];
}

/** Whether a resource is a secret store (with the inputs that make it one, e.g. an SSM `SecureString`). */
export function isSecretStoreResource(type: string, props: PlainObject, extraTypes: readonly string[] = []): boolean {
    const store = SECRET_STORE_BY_TYPE.get(type);
    if (store) {
        return store.requires === undefined || props[store.requires.property] === store.requires.equals;
    }
    return extraTypes.length > 0 && extraTypes.includes(type);
}

/** Types whose properties the stack index must keep (places are built from the props, stores and limiters read them). */
export const TYPES_WITH_PROPS: ReadonlySet<string> = new Set([...MODULE_BY_TYPE.keys(), ...SECRET_STORE_BY_TYPE.keys(), ...PLATFORMS.flatMap((m) => m.readsTypes ?? [])]);
