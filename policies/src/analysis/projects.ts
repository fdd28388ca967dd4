/**
 * Which Vercel project a variable or firewall belongs to. A `projectId` is matched to a `Project`
 * of the stack by provenance (preview) or by its known `id` (existing stacks); a literal id of a
 * project managed elsewhere still identifies it.
 */
import { IndexedResource, StackIndex } from "./flow";
import { TYPES } from "./types";
import { asArray, asString, isUnknown } from "./values";

export interface ProjectRef {
    /** Stable identity: the Project's URN, or `id:<projectId>` for projects outside the stack. */
    key: string;
    /** Names config may use for it: Pulumi resource name and Vercel `name`. */
    names: string[];
    /** The Project resource, when it is in this stack. */
    project?: IndexedResource;
}

function refOfProject(project: IndexedResource): ProjectRef {
    const vercelName = asString(project.props.name);
    return { key: project.urn, names: vercelName ? [project.name, vercelName] : [project.name], project };
}

function projectsById(index: StackIndex): Map<string, IndexedResource> {
    const byId = new Map<string, IndexedResource>();
    for (const resource of index.resources) {
        const id = resource.type === TYPES.vercelProject ? asString(resource.props.id) : undefined;
        if (id) {
            byId.set(id, resource);
        }
    }
    return byId;
}

export class ProjectResolver {
    private readonly byId: Map<string, IndexedResource>;

    constructor(private readonly index: StackIndex) {
        this.byId = projectsById(index);
    }

    /** Projects a resource's `projectId` (or `projectIds`) points at; empty when unknown. */
    projectsOf(resource: IndexedResource): ProjectRef[] {
        if (resource.type === TYPES.vercelProject) {
            return [refOfProject(resource)];
        }
        const property = resource.type === TYPES.sharedEnvironmentVariable ? "projectIds" : "projectId";
        const viaDependency = (resource.dependsOn.get(property) ?? [])
            .map((urn) => this.index.byUrn.get(urn))
            .filter((r): r is IndexedResource => r !== undefined && r.type === TYPES.vercelProject);
        if (property === "projectId" && viaDependency.length === 1) {
            return [refOfProject(viaDependency[0])];
        }
        const raw = resource.props[property];
        const ids = property === "projectIds" ? asArray(raw) : [raw];
        const refs: ProjectRef[] = viaDependency.map(refOfProject);
        for (const id of ids) {
            const text = isUnknown(id) ? undefined : asString(id);
            if (!text) {
                continue;
            }
            const project = this.byId.get(text);
            const ref = project ? refOfProject(project) : { key: `id:${text}`, names: [text] };
            if (!refs.some((r) => r.key === ref.key)) {
                refs.push(ref);
            }
        }
        return refs;
    }
}

export function projectListed(ref: ProjectRef, listed: readonly string[]): boolean {
    return ref.names.some((name) => listed.includes(name));
}
