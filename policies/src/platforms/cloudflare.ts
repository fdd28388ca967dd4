/**
 * Cloudflare (`@pulumi/cloudflare` 6.x): Worker bindings by `type` (`secret_text` is a secret,
 * `plain_text` and `json` are plain, `secrets_store_secret` points at a Secrets Store secret), Pages
 * environment variables per deployment config (build-time, so a public prefix reaches the browser),
 * the Secrets Store, and rate-limiting rulesets on the zones that route to a Worker.
 */
import { resourceLabel } from "../analysis/describe";
import { PlainObject, UNKNOWN, asArray, asObject, asString, isUnknown } from "../analysis/values";
import { protectionThroughFrontDoors } from "./frontDoors";
import { AppRef, IndexedResource, Place, PlaceWords, PlatformModule, Protection, StackView, Stage, at, listPlaces, mapPlaces } from "./place";
import { CLOUDFLARE } from "./type-tokens";

const WORKER_WORDS: PlaceWords = {
    platform: "Cloudflare Workers",
    plainState: "a plain_text (or json) binding",
    readableBy: "it is not encrypted and anyone with access to the Worker's settings can read it",
    alternative: "Use a `secret_text` binding (or a `secrets_store_secret` binding to a Cloudflare Secrets Store secret), or set it with `wrangler secret put` and list `secret_text` in `keepBindings`.",
    secretAdjective: "secret",
};

const PAGES_WORDS: PlaceWords = {
    platform: "Cloudflare Pages",
    plainState: "a plain_text environment variable",
    readableBy: "anyone with access to the Pages project can read it",
    alternative: "Give it `type: \"secret_text\"` in the deployment config's `envVars`.",
    secretAdjective: "secret",
};

const WORKER_TYPES = [CLOUDFLARE.workersScript, CLOUDFLARE.workerScript, CLOUDFLARE.workerVersion];

function bindingPlaces(props: PlainObject): Place[] {
    return listPlaces(
        props,
        ["bindings"],
        { key: "name", value: "text" },
        (binding) => {
            const type = binding.type;
            if (isUnknown(type)) {
                return { class: UNKNOWN };
            }
            switch (type) {
                case "secret_text":
                    return { class: "secret" };
                case "plain_text":
                    return { class: "plain" };
                case "json":
                    return { class: "plain", value: binding.json ?? null };
                case "secrets_store_secret":
                    return { class: "secret-reference", value: null, reference: isUnknown(binding.secretName) ? UNKNOWN : asString(binding.secretName) };
                default:
                    return undefined;
            }
        },
        { class: "plain", words: WORKER_WORDS },
    );
}

const PAGES_CONFIGS: readonly { config: string; stage: Stage }[] = [
    { config: "production", stage: "production" },
    { config: "preview", stage: "preview" },
];

function pagesPlaces(props: PlainObject): Place[] {
    const app = asString(props.name);
    return PAGES_CONFIGS.flatMap(({ config, stage }) =>
        mapPlaces(props, ["deploymentConfigs", config, "envVars"], { class: "plain", words: PAGES_WORDS, build: true, stages: [stage], app }, "value").map((place): Place => {
            const entry = isUnknown(place.key) ? undefined : asObject(asObject(at(props, ["deploymentConfigs", config, "envVars"]))?.[place.key]);
            const type = entry?.type;
            return { ...place, class: isUnknown(place.key) || isUnknown(type) ? UNKNOWN : type === "secret_text" ? "secret" : "plain" };
        }),
    );
}

function placesOf(type: string, props: PlainObject): Place[] {
    if (type === CLOUDFLARE.pagesProject) {
        return pagesPlaces(props);
    }
    if (type === CLOUDFLARE.secretsStoreSecret) {
        return [{ property: "value", where: "", valuePath: "value", key: asString(props.name) ?? "value", value: isUnknown(props.value) ? UNKNOWN : asString(props.value), class: "secret", secretPossible: true, build: false, soleValue: true, words: WORKER_WORDS }];
    }
    return bindingPlaces(props);
}

// --- Rate limiting: zone rulesets in front of Workers -------------------------------------------

/** A ruleset in the `http_ratelimit` phase with an enabled rule that has a rate limit. */
function rulesetProtection(ruleset: IndexedResource): Protection | undefined {
    const phase = ruleset.props.phase;
    if (isUnknown(phase)) {
        return "undecided";
    }
    if (phase !== "http_ratelimit") {
        return undefined;
    }
    const rules = ruleset.props.rules;
    if (isUnknown(rules)) {
        return "undecided";
    }
    let undecided = false;
    for (const item of asArray(rules)) {
        const rule = asObject(item);
        if (isUnknown(item) || (rule && (isUnknown(rule.enabled) || isUnknown(rule.ratelimit)))) {
            undecided = true;
        } else if (rule && rule.enabled !== false && asObject(rule.ratelimit) !== undefined) {
            return "rate-limited";
        }
    }
    return undecided ? "undecided" : "unprotected";
}

/**
 * Routes and custom domains name their Worker by script name and their zone by id, often literals:
 * such a name links to the Worker of that `scriptName`, such an id to the Zone with that `id` (and to
 * every other resource naming the same id).
 */
function linksByLiteral(index: StackView): (resource: IndexedResource, property: string) => string[] {
    const zonesById = new Map<string, string>();
    for (const zone of index.resourcesOfType(CLOUDFLARE.zone)) {
        const id = asString(zone.props.id);
        if (id) {
            zonesById.set(id, zone.urn);
        }
    }
    const byName = new Map<string, string>();
    for (const type of WORKER_TYPES) {
        for (const script of index.resourcesOfType(type)) {
            const name = asString(script.props.scriptName);
            if (name) {
                byName.set(name, script.urn);
            }
        }
    }
    return (resource, property) => {
        if (property === "zoneId") {
            const id = asString(resource.props.zoneId);
            const zone = id === undefined ? undefined : zonesById.get(id);
            return id === undefined ? [] : zone ? [`cloudflare-zone:${id}`, zone] : [`cloudflare-zone:${id}`];
        }
        if (property !== "script" && property !== "service") {
            return [];
        }
        const name = asString(resource.props[property]);
        const urn = name === undefined ? undefined : byName.get(name);
        return urn ? [urn] : [];
    };
}

function workerApp(resource: IndexedResource): AppRef[] {
    const scriptName = asString(resource.props.scriptName);
    return [{ key: resource.urn, names: scriptName ? [resource.name, scriptName] : [resource.name], label: resourceLabel(resource), reportOn: resource }];
}

export const cloudflare: PlatformModule = {
    name: "cloudflare",
    placeTypes: [...WORKER_TYPES, CLOUDFLARE.pagesProject, CLOUDFLARE.secretsStoreSecret],
    placesOf,
    secretStores: [{ type: CLOUDFLARE.secretsStoreSecret, namesOf: (props) => [asString(props.name)].filter((n): n is string => n !== undefined) }],
    readsTypes: [CLOUDFLARE.ruleset, CLOUDFLARE.workersRoute, CLOUDFLARE.workersCustomDomain, CLOUDFLARE.zone],
    appTypes: [CLOUDFLARE.workersScript, CLOUDFLARE.workerScript],
    appsOf: (_index, resource) => (resource.type === CLOUDFLARE.workersScript || resource.type === CLOUDFLARE.workerScript ? workerApp(resource) : []),
    rateLimiting: {
        guard: "zone's rate-limiting rulesets",
        missing: "enabled rule in a cloudflare.Ruleset of phase `http_ratelimit` on a zone that routes to it (cloudflare.WorkersRoute or WorkersCustomDomain)",
        advice: "Add a rate-limiting rule on the zone in front of its public routes, or, if the Worker rate-limits in code with @upstash/ratelimit, list it in `appRateLimitedProjects`.",
        protectionByApp: (index) =>
            protectionThroughFrontDoors(index, {
                links: new Map([
                    [CLOUDFLARE.workersRoute, ["zoneId", "script"]],
                    [CLOUDFLARE.workersCustomDomain, ["zoneId", "service"]],
                    [CLOUDFLARE.ruleset, ["zoneId"]],
                ]),
                limiterTypes: [CLOUDFLARE.ruleset],
                limiterProtection: rulesetProtection,
                appTypes: [CLOUDFLARE.workersScript, CLOUDFLARE.workerScript],
                byLiteral: linksByLiteral,
            }),
    },
};
