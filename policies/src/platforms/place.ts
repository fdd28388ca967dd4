/**
 * A "place": somewhere a deployment platform keeps a named value a program hands it (an environment
 * variable, a Worker binding, an app setting, a Secret's data entry), with what the platform makes of
 * it. Platform modules (`platforms/<platform>.ts`) turn their resources into places; rules only read
 * places, so they never need to know which platform a value lives on.
 */
import { Leaf, Unknown, PlainObject, PlainValue, UNKNOWN, asArray, asObject, asString, isUnknown } from "../analysis/values";

/**
 * What a place is for a credential:
 *  - `secret`: stored encrypted or write-only and not shown back, server-side: fine;
 *  - `secret-reference`: holds only a pointer (ARN, secret name, Key Vault URI) to a secret store: fine;
 *  - `plain`: reaches server code but anyone who can read the configuration reads it back.
 * Browser exposure is not a class of its own: a place the platform feeds into a frontend build
 * (`build`) is client-exposed when its key has a public framework prefix, which depends on the
 * policy's `extraClientPrefixes` (see `clientExposedPrefixOf`).
 */
export type PlaceClass = "secret" | "secret-reference" | "plain";

/** Stages a place reaches, normalised across platforms; everything but `production` is non-production. */
export type Stage = "production" | "preview" | "staging" | "development" | "test" | "custom";

/** The words a platform uses for a kind of place, shared by every place of that kind. */
export interface PlaceWords {
    /** The platform, for messages: "AWS Lambda", "Cloudflare Workers". */
    platform: string;
    /** What a plain value of this kind is, after "is": "a plain_text binding", "not sensitive". */
    plainState: string;
    /** Who can read a plain value back. */
    readableBy: string;
    /** What to do instead on this platform: the secret or secret reference it offers. */
    alternative: string;
    /** The adjective a secret value of this kind has ("sensitive" on Vercel, "secret" elsewhere), for "whether … is …" notes. */
    secretAdjective: string;
}

export interface Place {
    /** Top-level property holding the value: the key to look up in `propertyDependencies`. */
    property: string;
    /** Where in the resource, for messages: `environment.variables`, `bindings[2]`, `variables[1]`; empty for a whole-resource value. */
    where: string;
    /** The leaf path of the value as `leavesOf` spells it, so that generic field scans skip it; the containing leaf for values parsed out of a JSON string. */
    valuePath: string;
    key: string | Unknown;
    /** The value; `undefined` when absent. */
    value: string | Unknown | undefined;
    /** `UNKNOWN` while what the platform makes of the value cannot be known (e.g. `sensitive` unknown during preview). */
    class: PlaceClass | Unknown;
    /**
     * Whether the platform offers a secret or secret reference for this place at all (Vercel forbids
     * `sensitive` on development-only variables): a plain value where there is none is not a violation.
     */
    secretPossible: boolean;
    /** The value also goes into a frontend build: a public framework prefix inlines it into the browser bundle. */
    build: boolean;
    /**
     * Whether the property's `propertyDependencies` describe this value alone (the property holds
     * nothing else); a list or map property's dependencies do not say which entry they fed.
     */
    soleValue: boolean;
    /** The deployment stages the place reaches, when the platform says; `UNKNOWN` while unknown. */
    stages?: readonly Stage[] | Unknown;
    /** The app the place belongs to (ties production and non-production deployments of one app together), when the platform says. */
    app?: string;
    /** For a secret reference: what it points at (a store's name, ARN or URI). */
    reference?: string | Unknown;
    words: PlaceWords;
}

/** A resource as the stack index keeps it: what platform modules and rules read of the stack. */
export interface IndexedResource {
    urn: string;
    name: string;
    type: string;
    /** The properties of the resource types rules read field by field (`PROPS_KEPT_FOR` in `stack/flow.ts`); empty for others. */
    props: PlainObject;
    /** Every string or unknown leaf, which is all that rules read of other resources. */
    leaves: Leaf[];
    /** Top-level property → URNs it was computed from. */
    dependsOn: ReadonlyMap<string, readonly string[]>;
    /** Where the resource keeps named values, as its platform module says (none for other types). */
    places: Place[];
}

/**
 * What a platform module reads of the rest of the stack (projects behind a variable, rate limiters in
 * front of an app). The stack index (`stack/flow.ts`) is one; a test can hand a module a few resources.
 */
export interface StackView {
    readonly byUrn: ReadonlyMap<string, IndexedResource>;
    /** The resources of one type, in stack order. */
    resourcesOfType(type: string): readonly IndexedResource[];
}

/** How a platform recognises one of its secret stores, and how references name it. */
export interface SecretStoreKind {
    type: string;
    /** Only this input makes the resource a secret store (SSM parameters must be `SecureString`). */
    requires?: { property: string; equals: string };
    /** The names, ARNs or ids a secret reference may use for this store. */
    namesOf?(props: PlainObject): string[];
    /** The property naming the store's container (a Secrets Manager `secretId`): references to the container reach this value. */
    containerProperty?: string;
}

/** An app a place belongs to: what config lists name it by, and the resource that is the app when the stack has it. */
export interface AppRef {
    /** Stable identity: a URN, or `<platform>:<id>` for apps outside the stack. */
    key: string;
    /** Names config may use for it (Pulumi resource name, the platform's own name). */
    names: string[];
    /** How messages name it: "Project 'web'", "Vercel project prj_x (via ProjectEnvironmentVariable 'token')". */
    label: string;
    /** Where a finding about the app is reported. */
    reportOn: { urn: string; name: string };
}

export type Protection = "rate-limited" | "unprotected" | "undecided";

/** What a platform knows about rate limiting in front of the apps it runs. */
export interface RateLimiting {
    /** What protects an app, for "whether the … of X rate-limits" notes: "firewall". */
    guard: string;
    /** What is missing, after "has no": "enabled vercel.FirewallConfig with an active `rate_limit` rule". */
    missing: string;
    /** What to do, for the advisory finding. */
    advice: string;
    /** The protection of every app of the stack that has any (computed once per stack). */
    protectionByApp(index: StackView): ReadonlyMap<string, Protection>;
}

export interface PlatformModule {
    /** File name of the module: `vercel`, `aws`. */
    name: string;
    /** Exact type tokens whose resources have places. */
    placeTypes: readonly string[];
    placesOf(type: string, props: PlainObject): Place[];
    secretStores: readonly SecretStoreKind[];
    /**
     * The apps a resource's places belong to, when that needs the rest of the stack (a Vercel variable's
     * `projectId`); otherwise each place's own `app`, or the resource itself for `appIsResource` types.
     */
    appsOf?(index: StackView, resource: IndexedResource): AppRef[];
    /** Further types whose properties the module reads across the stack (firewalls, rulesets, web ACLs, routes). */
    readsTypes?: readonly string[];
    /** Types whose resource is itself the app (a Worker script, a Lambda function). */
    appTypes?: readonly string[];
    /** Present on platforms whose public apps the rate-limit policy checks. */
    rateLimiting?: RateLimiting;
}

// --- Helpers the platform modules share ---------------------------------------------------------

export function stringOrUnknown(value: PlainValue | undefined): string | Unknown | undefined {
    return isUnknown(value) ? UNKNOWN : asString(value);
}

/** The value at a dotted path of plain objects; `UNKNOWN` when a step is unknown, `undefined` when absent. */
export function at(props: PlainObject, path: readonly string[]): PlainValue | undefined {
    let current: PlainValue | undefined = props;
    for (const step of path) {
        if (isUnknown(current)) {
            return UNKNOWN;
        }
        const object = asObject(current);
        if (!object) {
            return undefined;
        }
        current = object[step];
    }
    return current;
}

export interface PlaceTemplate {
    class: PlaceClass | Unknown;
    words: PlaceWords;
    build?: boolean;
    secretPossible?: boolean;
    stages?: readonly Stage[] | Unknown;
    app?: string;
}

function fromTemplate(template: PlaceTemplate): Pick<Place, "class" | "words" | "build" | "secretPossible" | "stages" | "app"> {
    return {
        class: template.class,
        words: template.words,
        build: template.build ?? false,
        secretPossible: template.secretPossible ?? true,
        stages: template.stages,
        app: template.app,
    };
}

/**
 * The places of a `KEY → value` map at `path` (Lambda `environment.variables`, Amplify
 * `environmentVariables`). A whole map not known yet is one place with an unknown key and value.
 */
export function mapPlaces(props: PlainObject, path: readonly string[], template: PlaceTemplate, valueField?: string): Place[] {
    const where = path.join(".");
    const raw = at(props, path);
    const base = { property: path[0], where, soleValue: false, ...fromTemplate(template) };
    if (isUnknown(raw)) {
        return [{ ...base, valuePath: where, key: UNKNOWN, value: UNKNOWN, class: UNKNOWN }];
    }
    const map = asObject(raw);
    if (!map) {
        return [];
    }
    return Object.entries(map).map(([key, item]): Place => {
        const entry = valueField === undefined ? undefined : asObject(item);
        const value = valueField === undefined ? item : isUnknown(item) ? UNKNOWN : entry?.[valueField];
        return { ...base, valuePath: valueField === undefined ? `${where}.${key}` : `${where}.${key}.${valueField}`, key, value: stringOrUnknown(value) };
    });
}

/**
 * The places of a list of `{ name, value }` entries at `path`; `classify` decides each entry's class
 * (and may return `undefined` for entries that are no place, e.g. a ConfigMap key reference).
 */
export function listPlaces(
    props: PlainObject,
    path: readonly string[],
    fields: { key: string; value: string },
    classify: (entry: PlainObject) => Partial<PlaceTemplate> & { reference?: string | Unknown; value?: PlainValue } | undefined,
    template: PlaceTemplate,
): Place[] {
    const where = path.join(".");
    const raw = at(props, path);
    const base = { property: path[0], soleValue: false, ...fromTemplate(template) };
    if (isUnknown(raw)) {
        return [{ ...base, where, valuePath: where, key: UNKNOWN, value: UNKNOWN, class: UNKNOWN }];
    }
    return asArray(raw).flatMap((item, index): Place[] => {
        const itemWhere = `${where}[${index}]`;
        if (isUnknown(item)) {
            return [{ ...base, where: itemWhere, valuePath: itemWhere, key: UNKNOWN, value: UNKNOWN, class: UNKNOWN }];
        }
        const entry = asObject(item);
        const decided = entry ? classify(entry) : undefined;
        if (!entry || !decided) {
            return [];
        }
        const valueField = decided.value === undefined ? fields.value : undefined;
        return [{
            ...base,
            ...(decided.class !== undefined ? { class: decided.class } : {}),
            ...(decided.words ? { words: decided.words } : {}),
            ...(decided.build !== undefined ? { build: decided.build } : {}),
            where: itemWhere,
            valuePath: `${itemWhere}.${valueField ?? fields.value}`,
            key: isUnknown(entry[fields.key]) ? UNKNOWN : asString(entry[fields.key]) ?? "",
            value: stringOrUnknown(decided.value ?? entry[fields.value]),
            reference: decided.reference,
        }];
    });
}

/** The nested lists a path of list fields leads to: `containers[].env` of every container. */
export function each(value: PlainValue | undefined): PlainObject[] {
    return asArray(value).flatMap((item) => {
        const object = asObject(item);
        return object ? [object] : [];
    });
}

// --- Stages in names ----------------------------------------------------------------------------

const STAGE_WORDS: ReadonlyMap<string, Stage> = new Map([
    ["prod", "production"],
    ["production", "production"],
    ["prd", "production"],
    ["live", "production"],
    ["preview", "preview"],
    ["pr", "preview"],
    ["staging", "staging"],
    ["stage", "staging"],
    ["stg", "staging"],
    ["qa", "test"],
    ["test", "test"],
    ["dev", "development"],
    ["development", "development"],
]);

const NAME_WORDS = /[a-z0-9]+/g;

/**
 * The stage a name says as a word of its own (`shop-prod`, `staging`, `api_dev`), and the name with
 * that word removed: the app identity shared by the stages (`shop-prod` and `shop-staging` → `shop`).
 */
export function stageInName(name: string): { stage: Stage; app: string } | undefined {
    const lower = name.toLowerCase();
    for (const match of lower.matchAll(NAME_WORDS)) {
        const stage = STAGE_WORDS.get(match[0]);
        if (stage) {
            const start = match.index ?? 0;
            const app = `${lower.slice(0, start)}${lower.slice(start + match[0].length)}`.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "").replace(/[^a-z0-9]+/g, "-");
            return { stage, app };
        }
    }
    return undefined;
}

/** Stages (and the app) a name gives; `UNKNOWN` stages while the name is unknown. */
export function stagesFromName(name: PlainValue | undefined): { stages?: readonly Stage[] | Unknown; app?: string } {
    if (isUnknown(name)) {
        return { stages: UNKNOWN };
    }
    const text = asString(name);
    const found = text === undefined ? undefined : stageInName(text);
    return found ? { stages: [found.stage], app: found.app } : {};
}
