/**
 * Components in the stack model.
 *
 * A program that uses a component remotely (every language but the component's own, through
 * `pulumi package add`) gets the component's outputs with a dependency on the component, not on the
 * resources inside it: the pack sees `propertyDependencies.value: [<component URN>]`. What such a
 * value may carry is what the component contains: the Upstash resources among its descendants (by
 * `parent`, followed all the way up whatever the chain looks like).
 *
 * A component is no place either: its own inputs and outputs are bookkeeping of the engine that no
 * app reads, and a credential passing through it is judged where its children put it.
 *
 * What tells a component from a custom resource is what the engine sends (pinned in the engine
 * facts, test/e2e): every custom resource comes with the provider that manages it, a component with
 * none. Types the pack knows as custom resources (the Upstash resources, every platform type) are
 * never taken for components, so an engine that stopped naming providers would leave the pack
 * judging every place as before rather than going silent.
 */
import { TYPES_WITH_PROPS } from "../platforms";
import { QSTASH_TYPES, TYPES } from "../analysis/types";

const PROVIDER_TYPE_PREFIX = "pulumi:providers:";
/** Deep enough for any real nesting; a longer (or cyclic) chain in a hostile request is cut there. */
const MAX_ANCESTRY = 64;

const KNOWN_CUSTOM_TYPES: ReadonlySet<string> = new Set([TYPES.redisDatabase, TYPES.vectorIndex, TYPES.search, ...QSTASH_TYPES, ...TYPES_WITH_PROPS]);

/** Whether the engine describes a resource as a component: no provider, and no type the pack knows as a custom resource. */
export function isComponentResource(type: string, hasProvider: boolean): boolean {
    return (
        !hasProvider &&
        !type.startsWith(PROVIDER_TYPE_PREFIX) &&
        type !== TYPES.stack &&
        type !== TYPES.stackReference &&
        !KNOWN_CUSTOM_TYPES.has(type)
    );
}

/** The URN a resource's parent has, as the SDK hands it to a stack policy (resolved, or as the option). */
export function parentUrnOf(resource: { parent?: { urn: string }; opts?: { parent?: string } }): string | undefined {
    const urn = resource.parent?.urn ?? resource.opts?.parent;
    return urn === undefined || urn === "" ? undefined : urn;
}

/**
 * For each component, the URNs of the given resources among its descendants, sorted. Walks up from
 * each resource (not down from each component), so the cost is the number of resources times the
 * depth of their nesting.
 */
export function descendantsByComponent(
    members: Iterable<string>,
    parentOf: ReadonlyMap<string, string>,
    components: ReadonlySet<string>,
): Map<string, string[]> {
    const contents = new Map<string, string[]>();
    for (const member of members) {
        const seen = new Set<string>([member]);
        let ancestor = parentOf.get(member);
        while (ancestor !== undefined && !seen.has(ancestor) && seen.size <= MAX_ANCESTRY) {
            seen.add(ancestor);
            if (components.has(ancestor)) {
                const list = contents.get(ancestor);
                if (list) {
                    list.push(member);
                } else {
                    contents.set(ancestor, [member]);
                }
            }
            ancestor = parentOf.get(ancestor);
        }
    }
    for (const list of contents.values()) {
        list.sort();
    }
    return contents;
}
