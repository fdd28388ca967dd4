/**
 * Vercel (`@pulumiverse/vercel`): environment variables, whichever of the four resource shapes
 * declares them, their deployment targets, the project they belong to, and the firewall in front of it.
 *
 * A variable is `secret` when `sensitive` (or written with `valueWo`), else `plain`; Vercel forbids
 * `sensitive` on development-only variables, so there a plain value has no secret alternative. Every
 * Vercel variable is available to the build, so a public framework prefix ships it to the browser.
 */
import { shownText } from "../analysis/credentials";
import { resourceLabel } from "../analysis/describe";
import { TYPES } from "../analysis/types";
import { PlainObject, PlainValue, Unknown, UNKNOWN, asArray, asObject, asString, isUnknown } from "../analysis/values";
import { AppRef, IndexedResource, Place, PlaceWords, PlatformModule, Protection, StackView, Stage, stringOrUnknown } from "./place";

export const VERCEL_WORDS: PlaceWords = {
    platform: "Vercel",
    plainState: "not sensitive",
    readableBy: "anyone with access to the Vercel project can read it back",
    alternative: "Set `sensitive: true` (or use `valueWo`) on a server-side variable; Vercel only allows non-sensitive variables for development.",
    secretAdjective: "sensitive",
};

const ALL_STANDARD_TARGETS: Stage[] = ["production", "preview", "development"];

/** Every deployment target a variable reaches; `UNKNOWN` while they cannot be known. */
function targetsOf(entry: PlainObject): Stage[] | Unknown {
    const rawTargets = entry.targets;
    const rawCustom = entry.customEnvironmentIds;
    if (isUnknown(rawTargets) || isUnknown(rawCustom)) {
        return UNKNOWN;
    }
    const targets: Stage[] = [];
    for (const t of asArray(rawTargets)) {
        if (isUnknown(t)) {
            return UNKNOWN;
        }
        if (t === "production" || t === "preview" || t === "development") {
            targets.push(t);
        }
    }
    if (asArray(rawCustom).length > 0 || entry.applyToAllCustomEnvironments === true) {
        targets.push("custom");
    }
    // Vercel requires targets or custom environments; when neither is given, assume the widest reach.
    return targets.length > 0 ? targets : [...ALL_STANDARD_TARGETS];
}

/** True when the variable reaches a target where Vercel allows (and this pack requires) `sensitive`. */
function reachesSensitiveCapableTarget(targets: Stage[] | Unknown): boolean {
    return isUnknown(targets) || targets.some((t) => t !== "development");
}

function classOf(writeOnly: boolean, sensitive: PlainValue | undefined): Place["class"] {
    if (writeOnly || sensitive === true) {
        return "secret";
    }
    return isUnknown(sensitive) ? UNKNOWN : "plain";
}

function variable(entry: PlainObject, place: Pick<Place, "property" | "where" | "soleValue">, valuePathBase: string): Place {
    const wo = entry.valueWo;
    const writeOnly = wo !== undefined && wo !== null;
    const targets = targetsOf(entry);
    const valueField = writeOnly ? "valueWo" : "value";
    return {
        ...place,
        valuePath: valuePathBase === "" ? valueField : `${valuePathBase}.${valueField}`,
        key: isUnknown(entry.key) ? UNKNOWN : asString(entry.key) ?? "",
        value: stringOrUnknown(writeOnly ? wo : entry.value),
        class: classOf(writeOnly, entry.sensitive),
        secretPossible: reachesSensitiveCapableTarget(targets),
        build: true,
        stages: targets,
        words: VERCEL_WORDS,
    };
}

function single(props: PlainObject): Place[] {
    const writeOnly = props.valueWo !== undefined && props.valueWo !== null;
    return [variable(props, { property: writeOnly ? "valueWo" : "value", where: "", soleValue: true }, "")];
}

function listed(props: PlainObject, property: "variables" | "environments"): Place[] {
    return asArray(props[property]).flatMap((item, index): Place[] => {
        const where = `${property}[${index}]`;
        if (isUnknown(item)) {
            // The entry is not known yet: neither its key nor whether it is sensitive.
            return [{ property, where, valuePath: where, key: UNKNOWN, value: UNKNOWN, class: UNKNOWN, secretPossible: true, build: true, soleValue: false, stages: UNKNOWN, words: VERCEL_WORDS }];
        }
        const entry = asObject(item);
        return entry ? [variable(entry, { property, where, soleValue: false }, where)] : [];
    });
}

function wholeListUnknown(props: PlainObject, property: "variables" | "environments"): Place[] {
    return [{ property, where: property, valuePath: property, key: UNKNOWN, value: UNKNOWN, class: UNKNOWN, secretPossible: true, build: true, soleValue: false, stages: UNKNOWN, words: VERCEL_WORDS }];
}

/** The Vercel resources that declare environment variables. */
export const VERCEL_PLACE_TYPES: readonly string[] = [TYPES.projectEnvironmentVariable, TYPES.projectEnvironmentVariables, TYPES.sharedEnvironmentVariable, TYPES.vercelProject];

export function vercelPlacesOf(type: string, props: PlainObject): Place[] {
    switch (type) {
        case TYPES.projectEnvironmentVariable:
        case TYPES.sharedEnvironmentVariable:
            return single(props);
        case TYPES.projectEnvironmentVariables:
            return isUnknown(props.variables) ? wholeListUnknown(props, "variables") : listed(props, "variables");
        case TYPES.vercelProject:
            return isUnknown(props.environments) ? wholeListUnknown(props, "environments") : listed(props, "environments");
        default:
            return [];
    }
}

// --- Projects ------------------------------------------------------------------------------------

/**
 * Which Vercel project a variable or firewall belongs to. A `projectId` is matched to a `Project`
 * of the stack by provenance (preview) or by its known `id` (existing stacks); a literal id of a
 * project managed elsewhere still identifies it.
 */
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

export class ProjectResolver {
    private readonly byId = new Map<string, IndexedResource>();

    constructor(private readonly index: StackView) {
        for (const resource of index.resourcesOfType(TYPES.vercelProject)) {
            const id = asString(resource.props.id);
            if (id) {
                this.byId.set(id, resource);
            }
        }
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

/** One resolver per index, made again when its projects changed (an update's index grows as resources register). */
const resolvers = new WeakMap<StackView, { projects: number; resolver: ProjectResolver }>();

function resolverFor(index: StackView): ProjectResolver {
    const projects = index.resourcesOfType(TYPES.vercelProject).length;
    let cached = resolvers.get(index);
    if (!cached || cached.projects !== projects) {
        cached = { projects, resolver: new ProjectResolver(index) };
        resolvers.set(index, cached);
    }
    return cached.resolver;
}

function appOfProject(ref: ProjectRef, via: IndexedResource): AppRef {
    const target = ref.project ?? via;
    return {
        key: ref.key,
        names: ref.names,
        // An id is user text like any other: a pasted credential in it is not repeated.
        label: ref.project ? resourceLabel(ref.project) : `Vercel project ${shownText(ref.names[0])} (via ${resourceLabel(via)})`,
        reportOn: { urn: target.urn, name: target.name },
    };
}

// --- Firewall ------------------------------------------------------------------------------------

/** Whether a firewall config has an enabled, active `rate_limit` rule. */
function firewallProtection(firewall: IndexedResource): Protection {
    const enabled = firewall.props.enabled;
    if (isUnknown(enabled)) {
        return "undecided";
    }
    if (enabled === false) {
        return "unprotected";
    }
    const rulesBlock: PlainValue | undefined = firewall.props.rules;
    if (isUnknown(rulesBlock)) {
        return "undecided";
    }
    const rules = asObject(rulesBlock)?.rules;
    let undecided = isUnknown(rules);
    for (const item of asArray(rules)) {
        const rule = asObject(item);
        const action = asObject(rule?.action);
        if (isUnknown(item) || (rule && (isUnknown(rule.active) || isUnknown(rule.action) || (action && isUnknown(action.action))))) {
            undecided = true;
        } else if (rule && rule.active !== false && action?.action === "rate_limit") {
            return "rate-limited";
        }
    }
    return undecided ? "undecided" : "unprotected";
}

/** The strongest of two protections. */
export function strongest(a: Protection | undefined, b: Protection): Protection {
    const rank: Record<Protection, number> = { unprotected: 0, undecided: 1, "rate-limited": 2 };
    return a !== undefined && rank[a] >= rank[b] ? a : b;
}

function projectProtection(index: StackView): ReadonlyMap<string, Protection> {
    const resolver = resolverFor(index);
    const protection = new Map<string, Protection>();
    for (const firewall of index.resourcesOfType(TYPES.firewallConfig)) {
        const state = firewallProtection(firewall);
        for (const ref of resolver.projectsOf(firewall)) {
            protection.set(ref.key, strongest(protection.get(ref.key), state));
        }
    }
    return protection;
}

export const vercel: PlatformModule = {
    name: "vercel",
    placeTypes: VERCEL_PLACE_TYPES,
    placesOf: vercelPlacesOf,
    secretStores: [],
    readsTypes: [TYPES.firewallConfig],
    appsOf: (index, resource) => resolverFor(index).projectsOf(resource).map((ref) => appOfProject(ref, resource)),
    rateLimiting: {
        guard: "firewall",
        missing: "enabled vercel.FirewallConfig with an active `rate_limit` rule",
        advice: "Add one in front of its public APIs, or, if the app rate-limits in code with @upstash/ratelimit, list the project in `appRateLimitedProjects`.",
        protectionByApp: projectProtection,
    },
};
