/**
 * Credential flow through a stack: which Upstash resources exist, what secrets they hand out, and
 * where those secrets (or things shaped like them) end up.
 *
 * A value is recognised in layers, strongest first:
 *  1. exact value: it equals or contains a known `restToken`, `readOnlyRestToken`, `password`,
 *     `token`, `readOnlyToken` or Upstash provider `apiKey` of this stack;
 *  2. provenance: it is unknown (preview), and `propertyDependencies` say it was computed from an
 *     Upstash resource; the variable's key then tells endpoint from credential;
 *  3. key name and shape: names like `KV_REST_API_TOKEN`, formats like a QStash token.
 *
 * The index is built once per `AnalyzeStack` call and shared by every stack policy (see `stackIndexFor`).
 * During an update it is also built up resource by resource as they register (`Moment`), so that each
 * resource is judged by the same rules, with what the run has shown so far, before its step runs.
 */
import { Credential, CredentialKind, Product, credentialShapeOf, isRedisUrlWithPassword, meaningOfKey, nameSuggestsSecret } from "../analysis/credentials";
import { withoutComputedUnknowns } from "../analysis/programInputs";
import { stackNameOf } from "../analysis/stage";
import { SECRET_STORE_BY_TYPE, TYPES_WITH_PROPS, isSecretStoreResource, placesOf } from "../platforms";
import type { IndexedResource, Place, StackView } from "../platforms/place";
import { TYPES } from "../analysis/types";
import { PlainObject, Unknown, asObject, asString, isUnknown, leavesOf, toPlain } from "../analysis/values";
import { descendantsByComponent, isComponentResource, parentUrnOf } from "./components";

/** What a stack policy receives per resource (a subset of `PolicyResource`). */
export interface StackResourceInput {
    urn: string;
    name: string;
    type: string;
    props: Record<string, unknown>;
    propertyDependencies: Record<string, { urn: string }[]>;
    /** The parent, as the SDK resolves it (`parent`) or as the engine named it (`opts.parent`). */
    parent?: { urn: string };
    opts?: { parent?: string };
    /** The provider the engine names: every custom resource has one, a component none. Its inputs, when given, hold the Upstash provider's API key. */
    provider?: { urn: string; type?: string; props?: Record<string, unknown> };
}

/**
 * When the index judges:
 *  - `stack`: at the end of a preview, an update or an audit, every resource with its outputs and provenance;
 *  - `registration`: while an update registers resources, each one as its step comes, with the inputs of
 *    those registered before it. The engine then sends no provenance and no outputs: an Upstash
 *    resource's credentials are not shown, only what its inputs say, and what registers later is not there.
 */
export type Moment = "stack" | "registration";

export type { IndexedResource };

export type SourceProduct = Extract<Product, "redis" | "vector" | "search">;

/** An Upstash resource that hands out credentials. */
export interface UpstashSource {
    urn: string;
    name: string;
    type: string;
    product: SourceProduct;
    /** `databaseName` (Redis) or `name` (Vector, Search). */
    resourceName: string | Unknown | undefined;
    /** The endpoint host, once known. */
    host: string | undefined;
}

export type Evidence = "exact-value" | "provenance" | "key-name" | "shape";

export interface CredentialFinding {
    credential: Credential;
    /** How it was recognised; only `exact-value` proves read-only versus read-write access. */
    evidence: Evidence;
    /** The Upstash resource the credential belongs to, when the analysis knows it. */
    source?: UpstashSource;
    /** The component provenance named, when the value came out of one (`source` is then the one database inside it). */
    via?: ComponentRef;
    /** The databases it may belong to, when it came out of a component holding several and nothing tells which. */
    candidates?: UpstashSource[];
}

/** A component resource, as messages name it. */
export interface ComponentRef {
    urn: string;
    name: string;
    type: string;
}

/**
 * Where provenance says a value came from: one Upstash resource (named directly, or the only one
 * inside the component named), or every Upstash resource of a component holding several.
 */
export interface Origin {
    sources: UpstashSource[];
    via?: ComponentRef;
}

interface KnownSecret {
    credential: Credential;
    source?: UpstashSource;
}

const SOURCE_PRODUCTS: ReadonlyMap<string, SourceProduct> = new Map([
    [TYPES.redisDatabase, "redis"],
    [TYPES.vectorIndex, "vector"],
    [TYPES.search, "search"],
]);

/** Secret outputs of each source type and what they are. */
const SECRET_OUTPUTS: Readonly<Record<SourceProduct, readonly { output: string; credential: Credential }[]>> = {
    redis: [
        { output: "restToken", credential: { kind: "redis-rest-token", access: "read-write" } },
        { output: "readOnlyRestToken", credential: { kind: "redis-rest-token", access: "read-only" } },
        { output: "password", credential: { kind: "redis-password", access: "read-write" } },
    ],
    vector: [
        { output: "token", credential: { kind: "vector-token", access: "read-write" } },
        { output: "readOnlyToken", credential: { kind: "vector-token", access: "read-only" } },
    ],
    search: [
        { output: "token", credential: { kind: "search-token", access: "read-write" } },
        { output: "readOnlyToken", credential: { kind: "search-token", access: "read-only" } },
    ],
};

/** What provenance alone says: a credential of the product, not which output. */
const ANY_CREDENTIAL_OF: Readonly<Record<SourceProduct, CredentialKind>> = {
    redis: "redis-credential",
    vector: "vector-credential",
    search: "search-credential",
};

/** The kind that holds for every candidate: the product's own when they share one. */
function anyCredentialOf(sources: readonly UpstashSource[]): CredentialKind {
    const products = new Set(sources.map((s) => s.product));
    return products.size === 1 ? ANY_CREDENTIAL_OF[sources[0].product] : "upstash-credential";
}

/** The secret outputs a product hands out, for messages that cannot say which one a value holds. */
export function secretOutputsOf(product: SourceProduct): string[] {
    return SECRET_OUTPUTS[product].map((o) => o.output);
}

const byUrn = (a: { urn: string }, b: { urn: string }): number => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0);

/** Shorter "secrets" are test placeholders or defaults; matching them would flag unrelated text. */
const MIN_SECRET_LENGTH = 16;
const TOKEN_RUN_SPLIT = /[^A-Za-z0-9+/_=-]+/;
/** What separates host names in a text: anything but letters, digits, dots and dashes. */
const HOST_RUN_SPLIT = /[^a-z0-9.-]+/;

/** Token-like runs of a text, including the value half of `NAME=value` runs. */
export function tokenRuns(text: string): { run: string; name?: string }[] {
    const runs: { run: string; name?: string }[] = [];
    for (const run of text.split(TOKEN_RUN_SPLIT)) {
        if (run.length === 0) {
            continue;
        }
        runs.push({ run });
        const eq = run.indexOf("=");
        if (eq > 0 && eq < run.length - 1 && /[^=]/.test(run.slice(eq + 1))) {
            runs.push({ run: run.slice(eq + 1), name: run.slice(0, eq) });
        }
    }
    return runs;
}

const MANAGEMENT_KEY: KnownSecret = { credential: { kind: "management-api-key", access: "read-write" } };

/** Which Upstash resources hand out a kind of credential as an output: none hands out QStash tokens or the management key. */
const PRODUCTS_HANDING_OUT: Readonly<Record<CredentialKind, readonly SourceProduct[]>> = {
    "redis-rest-token": ["redis"],
    "redis-password": ["redis"],
    "redis-url-with-password": ["redis"],
    "redis-credential": ["redis"],
    "vector-token": ["vector"],
    "vector-credential": ["vector"],
    "search-token": ["search"],
    "search-credential": ["search"],
    "upstash-token": ["vector", "search"],
    "upstash-credential": ["redis", "vector", "search"],
    "qstash-token": [],
    "qstash-signing-key": [],
    "management-api-key": [],
};

function hostFrom(endpoint: string | undefined): string | undefined {
    if (!endpoint) {
        return undefined;
    }
    return endpoint.replace(/^[a-z]+:\/\//i, "").replace(/[:/].*$/, "").toLowerCase() || undefined;
}

function sourceOf(resource: IndexedResource, product: SourceProduct): UpstashSource {
    const nameProperty = product === "redis" ? "databaseName" : "name";
    const rawName = resource.props[nameProperty];
    const endpoint = resource.props.endpoint;
    return {
        urn: resource.urn,
        name: resource.name,
        type: resource.type,
        product,
        resourceName: isUnknown(rawName) ? rawName : asString(rawName),
        host: isUnknown(endpoint) ? undefined : hostFrom(asString(endpoint)),
    };
}

/**
 * Types whose properties rules read by name. Other resources keep only their leaves: on a large
 * stack the index is alive while the SDK rebuilds the stack for every further stack policy, and a
 * smaller index means less garbage-collector work.
 */
const PROPS_KEPT_FOR: ReadonlySet<string> = new Set([...SOURCE_PRODUCTS.keys(), TYPES.upstashProvider, ...TYPES_WITH_PROPS]);

const NO_PROPS: PlainObject = Object.freeze({});

function indexResource(input: StackResourceInput): IndexedResource {
    const props = withoutComputedUnknowns(input.urn, asObject(toPlain(input.props)) ?? {});
    const dependsOn = new Map<string, string[]>();
    for (const [property, deps] of Object.entries(input.propertyDependencies ?? {})) {
        dependsOn.set(property, deps.map((d) => d.urn));
    }
    return {
        urn: input.urn,
        name: input.name,
        type: input.type,
        props: PROPS_KEPT_FOR.has(input.type) ? props : NO_PROPS,
        leaves: leavesOf(props),
        dependsOn,
        places: placesOf(input.type, props),
    };
}

export class StackIndex implements StackView {
    /** The stack, from the first resource's URN. */
    private firstStackName: string | undefined;
    readonly moment: Moment;
    private readonly all: IndexedResource[] = [];
    /** The resources whose findings are asked for: all of them at the end of a run, the one registering during an update. */
    private judgedResources: readonly IndexedResource[] = [];
    private readonly urnIndex = new Map<string, IndexedResource>();
    private readonly sourceIndex = new Map<string, UpstashSource>();
    /** How many Upstash resources of each product the index holds. */
    private readonly sourcesByProduct = new Map<SourceProduct, number>();
    /** URNs of Upstash provider resources (explicit and default). */
    private readonly providerIndex = new Set<string>();
    private readonly knownSecrets = new Map<string, KnownSecret>();
    private placeCache: { resource: IndexedResource; place: Place }[] | undefined;
    private hostsCache: Map<string, UpstashSource[]> | undefined;
    private storesCache: StoreIndex | undefined;
    private readonly byType = new Map<string, IndexedResource[]>();
    /** Component resources (see `components.ts`), and the Upstash resources among each one's descendants. */
    private readonly components = new Set<string>();
    private readonly parentOf = new Map<string, string>();
    private componentSourcesCache: ReadonlyMap<string, UpstashSource[]> | undefined;
    /** Credential-shaped values of the StackReferences' outputs: what this stack reads from others. */
    private readonly readFromOtherStacks = new Set<string>();

    constructor(inputs: readonly StackResourceInput[], moment: Moment = "stack") {
        this.moment = moment;
        for (const input of inputs) {
            this.add(input);
        }
        this.judgedResources = this.all;
    }

    get stackName(): string | undefined {
        return this.firstStackName;
    }

    /** Every resource known, in the order they came. */
    get resources(): readonly IndexedResource[] {
        return this.all;
    }

    get judged(): readonly IndexedResource[] {
        return this.judgedResources;
    }

    get byUrn(): ReadonlyMap<string, IndexedResource> {
        return this.urnIndex;
    }

    get sources(): ReadonlyMap<string, UpstashSource> {
        return this.sourceIndex;
    }

    get upstashProviders(): ReadonlySet<string> {
        return this.providerIndex;
    }

    /**
     * Adds a resource as it registers (or replaces one of the same URN), so that what registers after it
     * is judged with it; returns it as indexed.
     */
    add(input: StackResourceInput): IndexedResource {
        const resource = indexResource(input);
        this.firstStackName ??= stackNameOf(input.urn);
        const previous = this.urnIndex.get(resource.urn);
        if (previous) {
            this.remove(previous);
        }
        this.all.push(resource);
        this.urnIndex.set(resource.urn, resource);
        const ofType = this.byType.get(resource.type);
        if (ofType) {
            ofType.push(resource);
        } else {
            this.byType.set(resource.type, [resource]);
        }
        const parent = parentUrnOf(input);
        if (parent !== undefined) {
            this.parentOf.set(input.urn, parent);
        }
        if (isComponentResource(input.type, input.provider !== undefined)) {
            this.components.add(input.urn);
        }
        const product = SOURCE_PRODUCTS.get(resource.type);
        if (product) {
            const source = sourceOf(resource, product);
            this.sourceIndex.set(resource.urn, source);
            this.sourcesByProduct.set(product, (this.sourcesByProduct.get(product) ?? 0) + 1);
            for (const { output, credential } of SECRET_OUTPUTS[product]) {
                this.rememberSecret(resource.props[output], { credential, source });
            }
        } else if (resource.type === TYPES.upstashProvider) {
            this.providerIndex.add(resource.urn);
            this.rememberSecret(resource.props.apiKey, MANAGEMENT_KEY);
        } else if (resource.type === TYPES.stackReference) {
            this.rememberReadValues(resource);
        }
        // The provider a resource names is sent with its inputs: the Upstash provider's key is known from the first Upstash resource.
        if (input.provider?.type === TYPES.upstashProvider) {
            this.rememberSecret(input.provider.props?.apiKey, MANAGEMENT_KEY);
        }
        this.placeCache = undefined;
        this.hostsCache = undefined;
        this.storesCache = undefined;
        this.componentSourcesCache = undefined;
        return resource;
    }

    /** A resource registered again (rare: a hostile request, or a replacement) is judged as it is now. */
    private remove(resource: IndexedResource): void {
        const drop = (list: IndexedResource[]) => {
            const at = list.indexOf(resource);
            if (at >= 0) {
                list.splice(at, 1);
            }
        };
        drop(this.all);
        drop(this.byType.get(resource.type) ?? []);
        this.urnIndex.delete(resource.urn);
        const source = this.sourceIndex.get(resource.urn);
        if (source) {
            this.sourcesByProduct.set(source.product, (this.sourcesByProduct.get(source.product) ?? 1) - 1);
        }
        this.sourceIndex.delete(resource.urn);
        this.providerIndex.delete(resource.urn);
        this.components.delete(resource.urn);
        this.parentOf.delete(resource.urn);
    }

    /** Asks for the findings of these resources only; the others stay known for look-ups. */
    judgeOnly(urns: readonly string[]): void {
        this.judgedResources = urns.map((urn) => this.urnIndex.get(urn)).filter((r): r is IndexedResource => r !== undefined);
        this.placeCache = undefined;
    }

    /**
     * Whether a credential that no layer traced may still be an output of an Upstash resource of this
     * stack. At the end of a run every output and every provenance is shown, so no. At registration
     * neither is: a credential of a kind some Upstash resource registered so far hands out may be its own.
     */
    mayBeUnshownOutput(credential: Credential): boolean {
        if (this.moment !== "registration") {
            return false;
        }
        return PRODUCTS_HANDING_OUT[credential.kind].some((product) => (this.sourcesByProduct.get(product) ?? 0) > 0);
    }

    private componentSources(): ReadonlyMap<string, UpstashSource[]> {
        if (!this.componentSourcesCache) {
            const contents = descendantsByComponent(this.sourceIndex.keys(), this.parentOf, this.components);
            this.componentSourcesCache = new Map(
                [...contents].map(([component, urns]) => [component, urns.map((urn) => this.sourceIndex.get(urn)).filter((x): x is UpstashSource => x !== undefined)]),
            );
        }
        return this.componentSourcesCache;
    }

    private rememberReadValues(reference: IndexedResource): void {
        for (const leaf of reference.leaves) {
            if (leaf.property === "outputs" && typeof leaf.value === "string" && leaf.value.length >= MIN_SECRET_LENGTH) {
                this.readFromOtherStacks.add(leaf.value);
            }
        }
    }

    /** Whether the engine describes the resource as a component (no provider, no custom type the pack knows). */
    isComponent(resource: { urn: string }): boolean {
        return this.components.has(resource.urn);
    }

    /**
     * Whether a value came from another stack through a StackReference: its property depends on one
     * (an `Output` of the reference), or the value is one of a reference's outputs (read as a plain value).
     */
    readThroughStackReference(resource: IndexedResource, property: string, value: string | Unknown): boolean {
        if ((resource.dependsOn.get(property) ?? []).some((urn) => this.byUrn.get(urn)?.type === TYPES.stackReference)) {
            return true;
        }
        if (isUnknown(value) || this.readFromOtherStacks.size === 0) {
            return false;
        }
        return this.readFromOtherStacks.has(value) || tokenRuns(value).some(({ run }) => this.readFromOtherStacks.has(run));
    }

    private rememberSecret(value: unknown, secret: KnownSecret): void {
        if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH) {
            this.knownSecrets.set(value, secret);
        }
    }

    /**
     * True for resources whose own properties legitimately hold Upstash secrets; a StackReference
     * holds what another stack exported, judged where it is used (and in that stack's own audit); a
     * component's inputs and outputs are no place an app reads, and what passes through it is judged
     * where its children put it.
     */
    isCredentialOrigin(resource: IndexedResource): boolean {
        return this.sources.has(resource.urn) || this.upstashProviders.has(resource.urn) || resource.type === TYPES.stackReference || this.components.has(resource.urn);
    }

    /** The resources of one type, in stack order. */
    resourcesOfType(type: string): readonly IndexedResource[] {
        return this.byType.get(type) ?? [];
    }

    /** Every place of the judged resources, with the resource declaring it. */
    placeEntries(): { resource: IndexedResource; place: Place }[] {
        this.placeCache ??= this.judgedResources.flatMap((resource) => resource.places.map((place) => ({ resource, place })));
        return this.placeCache;
    }

    /** The credentials a place carries: in its value, or, for a secret reference, in the stores it points at. */
    credentialsOfPlace(resource: IndexedResource, place: Place): CredentialFinding[] {
        if (place.class === "secret-reference") {
            return this.storesReferencedBy(resource, place).flatMap((store) => store.credentials);
        }
        return this.credentialsIn(resource, place.property, place.value, place.key);
    }

    /** Whether a resource is a secret store whose values are fine (with the policy's extra store types). */
    isSecretStore(resource: IndexedResource, extraTypes: readonly string[] = []): boolean {
        return isSecretStoreResource(resource.type, resource.props, extraTypes);
    }

    /**
     * The secret stores a reference points at: those its property was computed from (a store, or the
     * container of a store's versions), and those named by the reference itself.
     */
    storesReferencedBy(resource: IndexedResource, place: Place): StoreEntry[] {
        const stores = this.storeIndex();
        const found = new Set<StoreEntry>();
        for (const urn of resource.dependsOn.get(place.property) ?? []) {
            stores.byUrn.get(urn)?.forEach((s) => found.add(s));
        }
        if (typeof place.reference === "string") {
            stores.byName.get(place.reference)?.forEach((s) => found.add(s));
        }
        return [...found];
    }

    private storeIndex(): StoreIndex {
        if (this.storesCache) {
            return this.storesCache;
        }
        const index: StoreIndex = { byUrn: new Map(), byName: new Map() };
        const add = (map: Map<string, StoreEntry[]>, key: string, entry: StoreEntry) => map.set(key, [...(map.get(key) ?? []), entry]);
        for (const [type, kind] of SECRET_STORE_BY_TYPE) {
            for (const resource of this.resourcesOfType(type)) {
                if (!this.isSecretStore(resource)) {
                    continue;
                }
                const credentials = resource.places.length > 0
                    ? resource.places.flatMap((place) => this.credentialsIn(resource, place.property, place.value, place.key))
                    : resource.leaves.flatMap((leaf) => this.credentialsIn(resource, leaf.property, leaf.value, leaf.field));
                const entry: StoreEntry = { resource, credentials };
                add(index.byUrn, resource.urn, entry);
                for (const container of kind.containerProperty ? resource.dependsOn.get(kind.containerProperty) ?? [] : []) {
                    add(index.byUrn, container, entry);
                }
                for (const name of kind.namesOf?.(resource.props) ?? []) {
                    add(index.byName, name, entry);
                }
            }
        }
        this.storesCache = index;
        return index;
    }

    /**
     * Where a property of a resource was computed from, by provenance: each Upstash resource it names,
     * and each component it names that holds Upstash resources. In URN order, whatever order the
     * engine recorded the dependencies in.
     */
    originsFeeding(resource: IndexedResource, property: string): Origin[] {
        const recorded = resource.dependsOn.get(property);
        if (recorded === undefined || recorded.length === 0) {
            return [];
        }
        // Called for every unknown value of a large stack: one dependency needs no sorting.
        const dependencies = recorded.length === 1 ? recorded : [...new Set(recorded)].sort();
        const origins: Origin[] = [];
        const named = new Set<string>();
        for (const urn of dependencies) {
            const source = this.sources.get(urn);
            if (source) {
                origins.push({ sources: [source] });
                named.add(urn);
            }
        }
        const componentSources = this.componentSources();
        if (componentSources.size === 0) {
            return origins;
        }
        for (const urn of dependencies) {
            const inside = componentSources.get(urn);
            // A component whose database the dependencies also name adds nothing to it.
            if (inside && !inside.some((s) => named.has(s.urn))) {
                const component = this.byUrn.get(urn);
                origins.push({ sources: inside, via: component && { urn, name: component.name, type: component.type } });
            }
        }
        return origins;
    }

    /** The Upstash resources a property was certainly computed from: named directly, or the only one inside a component named. */
    sourcesFeeding(resource: IndexedResource, property: string): UpstashSource[] {
        return unique(this.originsFeeding(resource, property).flatMap((o) => (o.sources.length === 1 ? o.sources : [])));
    }

    /** Known secrets of this stack contained in a text. */
    exactSecretsIn(text: string): KnownSecret[] {
        if (this.knownSecrets.size === 0 || text.length < MIN_SECRET_LENGTH) {
            return [];
        }
        const found: KnownSecret[] = [];
        for (const { run } of tokenRuns(text)) {
            const secret = this.knownSecrets.get(run);
            if (secret && !found.includes(secret)) {
                found.push(secret);
            }
        }
        return found;
    }

    /** Upstash resources a value points at by host name (a known endpoint inside a URL or text). */
    sourcesByHostIn(text: string): UpstashSource[] {
        const lower = text.toLowerCase();
        const hosts = this.hostIndex();
        if (hosts.size === 0) {
            return [];
        }
        // Look up the host-like runs of the text (and their dot-separated parts) instead of scanning
        // every source for every value, which would be quadratic in the stack's size.
        const found = new Set<UpstashSource>();
        for (const run of lower.split(HOST_RUN_SPLIT)) {
            const labels = run.split(".");
            if (labels.length > 32) {
                continue;
            }
            for (let i = 0; i < labels.length; i++) {
                for (let j = i + 1; j <= labels.length; j++) {
                    for (const source of hosts.get(labels.slice(i, j).join(".")) ?? []) {
                        found.add(source);
                    }
                }
            }
        }
        return [...found];
    }

    private hostIndex(): Map<string, UpstashSource[]> {
        if (!this.hostsCache) {
            this.hostsCache = new Map();
            for (const source of this.sources.values()) {
                if (source.host !== undefined && source.host.length > 0) {
                    this.hostsCache.set(source.host, [...(this.hostsCache.get(source.host) ?? []), source]);
                }
            }
        }
        return this.hostsCache;
    }

    /**
     * The Upstash credentials a value carries, by every layer that applies. `name` is the env var key
     * or the field's name; `property` the top-level property for provenance.
     */
    credentialsIn(resource: IndexedResource, property: string, value: string | Unknown | undefined, name: string | Unknown | undefined): CredentialFinding[] {
        if (value === undefined) {
            return [];
        }
        const keyName = isUnknown(name) ? undefined : name;
        if (!isUnknown(value)) {
            const exact = this.exactSecretsIn(value).map((secret): CredentialFinding => ({
                credential: refineForUrl(secret.credential, value),
                evidence: "exact-value",
                source: secret.source,
            }));
            return exact.length > 0 ? exact : credentialsByKeyOrShape(value, keyName);
        }
        const origins = this.originsFeeding(resource, property);
        if (origins.length > 0) {
            const meaning = keyName === undefined ? undefined : meaningOfKey(keyName);
            if (meaning?.role === "endpoint") {
                return [];
            }
            // Provenance names a resource, not one of its outputs: only a key that names a credential says which.
            return origins.map(({ sources, via }): CredentialFinding => ({
                credential: {
                    kind: meaning?.credential?.kind ?? anyCredentialOf(sources),
                    access: meaning?.saysReadOnly ? "read-only" : "read-write",
                },
                evidence: "provenance",
                ...(sources.length === 1 ? { source: sources[0] } : { candidates: sources }),
                ...(via ? { via } : {}),
            }));
        }
        const named = keyName === undefined ? undefined : meaningOfKey(keyName).credential;
        return named ? [{ credential: named, evidence: "key-name" }] : [];
    }

    /** The Upstash resources that feed anything (credential or endpoint) into a place, directly or through the stores it references. */
    sourcesOfPlace(resource: IndexedResource, place: Place): UpstashSource[] {
        const found = new Set<UpstashSource>();
        if (place.class === "secret-reference") {
            for (const store of this.storesReferencedBy(resource, place)) {
                store.credentials.forEach((c) => c.source && found.add(c.source));
            }
            return [...found];
        }
        const value = place.value;
        if (typeof value === "string") {
            for (const secret of this.exactSecretsIn(value)) {
                if (secret.source) {
                    found.add(secret.source);
                }
            }
            for (const source of this.sourcesByHostIn(value)) {
                found.add(source);
            }
        }
        // A dependency of a list property says nothing about which entry it fed, unless the entry is unknown.
        if (place.soleValue || isUnknown(value)) {
            for (const source of this.sourcesFeeding(resource, place.property)) {
                found.add(source);
            }
        }
        return [...found].sort(byUrn);
    }

    /**
     * The components a place's unknown value came out of that hold several Upstash resources, when
     * nothing tells which of them: what a policy cannot tell apart until the update.
     */
    ambiguousOriginsOfPlace(resource: IndexedResource, place: Place): Origin[] {
        if (place.class === "secret-reference" || !isUnknown(place.value)) {
            return [];
        }
        return this.originsFeeding(resource, place.property).filter((o) => o.sources.length > 1);
    }
}

function unique<T>(items: readonly T[]): T[] {
    return [...new Set(items)];
}

/** A secret store of the stack and the Upstash credentials it holds. */
export interface StoreEntry {
    resource: IndexedResource;
    credentials: CredentialFinding[];
}

interface StoreIndex {
    /** By the store's URN and by the URNs of its containers. */
    byUrn: Map<string, StoreEntry[]>;
    byName: Map<string, StoreEntry[]>;
}

function refineForUrl(credential: Credential, value: string): Credential {
    return credential.kind === "redis-password" && isRedisUrlWithPassword(value) ? { ...credential, kind: "redis-url-with-password" } : credential;
}

/** A known value's credential by its shape, or by a credential name when the value is plausible for it. */
export function credentialsByKeyOrShape(value: string, name: string | undefined): CredentialFinding[] {
    const findings: CredentialFinding[] = [];
    for (const { run, name: runName } of value.length > 4096 ? [] : candidateRuns(value)) {
        const shape = credentialShapeOf(run);
        if (!shape) {
            continue;
        }
        const hint = runName ?? name;
        if (shape.distinctive || (hint !== undefined && nameSuggestsSecret(hint))) {
            const named = hint === undefined ? undefined : meaningOfKey(hint).credential;
            const credential = shape.credential.kind === "upstash-token" && named && (named.kind === "vector-token" || named.kind === "search-token")
                ? { ...shape.credential, kind: named.kind }
                : shape.credential;
            // A Redis REST token's format tells its access; a READ_ONLY name is a claim to check, not evidence.
            const nameDecidesAccess = named?.access === "read-only" && credential.kind !== "redis-rest-token";
            findings.push({ credential: nameDecidesAccess ? { ...credential, access: "read-only" } : credential, evidence: "shape" });
        }
    }
    if (findings.length > 0 || name === undefined) {
        return findings;
    }
    const named = meaningOfKey(name).credential;
    if (named && isPlausibleSecretValue(value, named)) {
        return [{ credential: named, evidence: "key-name" }];
    }
    return [];
}

/** The whole value first (URLs carry passwords), then each token-like run of it. */
function candidateRuns(value: string): { run: string; name?: string }[] {
    return [{ run: value }, ...tokenRuns(value).filter((r) => r.run !== value)];
}

/** Placeholders ("", "changeme", "<token>") under a credential name are not credentials. */
function isPlausibleSecretValue(value: string, credential: Credential): boolean {
    if (credential.kind === "redis-url-with-password") {
        return isRedisUrlWithPassword(value);
    }
    return value.length >= MIN_SECRET_LENGTH && !/\s/.test(value) && !/^[<{$].*[>}]$/.test(value);
}

// --- Sharing one index across the stack policies of one AnalyzeStack call -----------------------

// Only the URNs are kept: holding the SDK's resource objects would keep a whole deserialized copy
// of the stack alive while the SDK builds the next one.
let cached: { urns: readonly string[]; index: StackIndex } | undefined;

/** Same resources in the same order, compared by URN. */
function sameResources(urns: readonly string[], inputs: readonly StackResourceInput[]): boolean {
    if (urns.length !== inputs.length) {
        return false;
    }
    for (let i = 0; i < urns.length; i++) {
        if (urns[i] !== inputs[i].urn) {
            return false;
        }
    }
    return true;
}

/**
 * The index for the resources of the current `AnalyzeStack` call. The SDK hands each stack policy
 * freshly built resource objects, but all policies of one call run back to back without yielding
 * to I/O; the cache is dropped on the next turn of the event loop, so a later call (preview, then
 * update, in one process) always gets a fresh index. Comparing the URNs guards against an SDK that
 * would interleave calls.
 */
export function stackIndexFor(inputs: readonly StackResourceInput[]): StackIndex {
    if (cached && sameResources(cached.urns, inputs)) {
        return cached.index;
    }
    const index = new StackIndex(inputs);
    cached = { urns: inputs.map((input) => input.urn), index };
    setImmediate(() => {
        cached = undefined;
    });
    return index;
}
