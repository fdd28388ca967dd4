/**
 * StackReferences: what a stack reads from another stack's outputs.
 *
 * A preview never shows them to a pack (the engine sends read resources to no policy,
 * pulumi/pulumi#3950), but `pulumi policy analyze` sends every resource of the state, read ones
 * included: there a StackReference arrives with its outputs (`{ name, outputs, secretOutputNames }`,
 * as the engine's built-in provider reads them). A non-production stack that reads a production
 * stack's database host or credential then shows, without any `productionHosts` setting.
 */
import { credentialsByKeyOrShape } from "./flow";
import { isUpstashHost, upstashUrlsIn } from "../analysis/credentials";
import { Leaf } from "../analysis/values";

/** The stack a StackReference names: the last part of `org/project/stack` (or `project/stack`, or `stack`). */
export function referencedStackName(fullName: string): string {
    const parts = fullName.split("/");
    return parts[parts.length - 1];
}

/** An output of another stack that identifies or unlocks one of its Upstash databases. */
export interface ReadDatabaseValue {
    /** The text to look for in this stack's values: a host, or a whole credential. */
    needle: string;
    /** `outputs.cacheEndpoint`: where the reference holds it, for messages. Never the value. */
    path: string;
    kind: "host" | "credential";
}

const HOST_NAME = /^[a-z0-9.-]+$/;

/**
 * The values of a StackReference's `outputs` worth following: Upstash hosts (bare or inside a URL)
 * and Upstash credentials. Anything else (regions, names, flags) would match unrelated values.
 */
export function databaseValuesRead(leaves: readonly Leaf[]): ReadDatabaseValue[] {
    const found: ReadDatabaseValue[] = [];
    for (const leaf of leaves) {
        if (leaf.property !== "outputs" || typeof leaf.value !== "string") {
            continue;
        }
        const value = leaf.value;
        const bare = value.trim().toLowerCase();
        // A bare host is letters, digits, dots and dashes only: `default:<password>@x.upstash.io` is no host.
        const hosts = HOST_NAME.test(bare) && isUpstashHost(bare) ? [bare] : upstashUrlsIn(value).map((u) => u.host);
        for (const host of new Set(hosts)) {
            if (host !== "upstash.io") {
                found.push({ needle: host, path: leaf.path, kind: "host" });
            }
        }
        if (hosts.length === 0 && credentialsByKeyOrShape(value, leaf.field).length > 0) {
            found.push({ needle: value, path: leaf.path, kind: "credential" });
        }
    }
    return found;
}
