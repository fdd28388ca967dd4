/**
 * How findings name resources. Messages name the resource, the key and the kind of credential, and
 * never include any part of a value (see `stack/labels.ts` for places, sources and credentials).
 */

/** `vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable` → `ProjectEnvironmentVariable`. */
export function shortType(type: string): string {
    const i = type.lastIndexOf(":");
    return i >= 0 ? type.slice(i + 1) : type;
}

export function resourceLabel(resource: { type: string; name: string }): string {
    return `${shortType(resource.type)} '${resource.name}'`;
}
