/**
 * Which apps sit behind which rate limiters, from the resources that route traffic between them
 * (routes, integrations, listeners, associations), linked by `propertyDependencies` and, where a
 * platform links by name, by literal names. A union-find over URNs keeps it linear in the stack.
 */
import { IndexedResource, Protection, StackView } from "./place";
import { strongest } from "./vercel";

export interface FrontDoorLinks {
    /** Routing resource type → the properties whose dependencies it links together (and to itself). */
    links: ReadonlyMap<string, readonly string[]>;
    /** Types of the resources that limit rates (rulesets, web ACLs and their rules). */
    limiterTypes: readonly string[];
    /** The protection a limiter resource gives (a rate-limit ruleset, a web ACL), or `undefined` when it is none. */
    limiterProtection(resource: IndexedResource): Protection | undefined;
    /** Types whose resources are the apps. */
    appTypes: readonly string[];
    /** URNs a literal (non-dependency) value of a routing property names, e.g. a Worker script by its `scriptName`. */
    byLiteral?(index: StackView): (resource: IndexedResource, property: string) => string[];
}

class UnionFind {
    private readonly parent = new Map<string, string>();

    find(x: string): string {
        let root = x;
        for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) {
            root = p;
        }
        // Path compression keeps later look-ups constant.
        for (let node = x, p = this.parent.get(node); p !== undefined && p !== root; node = p, p = this.parent.get(node)) {
            this.parent.set(node, root);
        }
        return root;
    }

    union(a: string, b: string): void {
        const ra = this.find(a);
        const rb = this.find(b);
        if (ra !== rb) {
            this.parent.set(ra, rb);
        }
    }
}

/** The protection of every app connected to at least one limiter. */
export function protectionThroughFrontDoors(index: StackView, spec: FrontDoorLinks): ReadonlyMap<string, Protection> {
    const groups = new UnionFind();
    const literal = spec.byLiteral?.(index);
    for (const [type, properties] of spec.links) {
        for (const resource of index.resourcesOfType(type)) {
            for (const property of properties) {
                for (const urn of resource.dependsOn.get(property) ?? []) {
                    groups.union(resource.urn, urn);
                }
                for (const urn of literal?.(resource, property) ?? []) {
                    groups.union(resource.urn, urn);
                }
            }
        }
    }
    const byGroup = new Map<string, Protection>();
    for (const type of spec.limiterTypes) {
        for (const resource of index.resourcesOfType(type)) {
            const protection = spec.limiterProtection(resource);
            if (protection !== undefined) {
                const group = groups.find(resource.urn);
                byGroup.set(group, strongest(byGroup.get(group), protection));
            }
        }
    }
    const byApp = new Map<string, Protection>();
    for (const type of spec.appTypes) {
        for (const app of index.resourcesOfType(type)) {
            const protection = byGroup.get(groups.find(app.urn));
            if (protection !== undefined) {
                byApp.set(app.urn, protection);
            }
        }
    }
    return byApp;
}
