import { StackIndex } from "../stack/flow";
import { platformOf } from "../platforms";
import { AppRef, Protection, RateLimiting } from "../platforms/place";
import { CommonConfig, stringList } from "../framework/config";
import { Outcome, RuleDefinition, StackFinding } from "../framework/rule";

export interface RateLimitPublicApisConfig extends CommonConfig {
    appRateLimitedProjects: string[];
}

/** Redis credentials, including "one of a Redis database's credentials" (provenance without a naming key). */
const REDIS_KINDS = new Set(["redis-rest-token", "redis-password", "redis-url-with-password", "redis-credential"]);

interface ReceivingApp {
    app: AppRef;
    rateLimiting: RateLimiting;
}

/** The public apps (of platforms that know their rate limiters) that receive Redis credentials, directly or through a secret reference. */
function appsReceivingRedis(index: StackIndex): Map<string, ReceivingApp> {
    const receiving = new Map<string, ReceivingApp>();
    for (const { resource, place } of index.placeEntries()) {
        const platform = platformOf(resource.type);
        const rateLimiting = platform?.rateLimiting;
        if (!platform || !rateLimiting) {
            continue;
        }
        const carriesRedis = index.credentialsOfPlace(resource, place).some((f) => REDIS_KINDS.has(f.credential.kind));
        if (!carriesRedis) {
            continue;
        }
        // Only the apps the platform serves publicly (its own `appsOf`): a Pages project or a build variable is no API.
        for (const app of platform.appsOf?.(index, resource) ?? []) {
            if (!receiving.has(app.key)) {
                receiving.set(app.key, { app, rateLimiting });
            }
        }
    }
    return receiving;
}

/** Each platform's protection map, computed once per stack and only for platforms with receiving apps. */
function protectionLookup(index: StackIndex): (rateLimiting: RateLimiting, key: string) => Protection {
    const computed = new Map<RateLimiting, ReadonlyMap<string, Protection>>();
    return (rateLimiting, key) => {
        let map = computed.get(rateLimiting);
        if (!map) {
            map = rateLimiting.protectionByApp(index);
            computed.set(rateLimiting, map);
        }
        return map.get(key) ?? "unprotected";
    };
}

export function checkRateLimits(index: StackIndex, config: RateLimitPublicApisConfig): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    const protectionOf = protectionLookup(index);
    for (const { app, rateLimiting } of appsReceivingRedis(index).values()) {
        if (app.names.some((name) => config.appRateLimitedProjects.includes(name))) {
            continue;
        }
        const state = protectionOf(rateLimiting, app.key);
        if (state === "undecided") {
            outcome.undecided.push({ ...app.reportOn, message: `whether the ${rateLimiting.guard} of ${app.label} rate-limits` });
        } else if (state === "unprotected") {
            outcome.findings.push({
                ...app.reportOn,
                message: `${app.label} receives Upstash Redis credentials but has no ${rateLimiting.missing}. ${rateLimiting.advice}`,
            });
        }
    }
    return outcome;
}

export const rateLimitPublicApis: RuleDefinition<RateLimitPublicApisConfig> = {
    info: {
        name: "upstash-rate-limit-public-apis",
        description: "Every app that receives Upstash Redis credentials (a Vercel project, a Cloudflare Worker, a Lambda) has a rate limit in front of its public APIs.",
        severity: "high",
        enforcementLevel: "advisory",
        practice: "Rate-limit public endpoints that reach Upstash, so abuse cannot exhaust the database or the budget.",
        tags: ["upstash", "vercel", "rate-limit", "abuse"],
        remediationSteps:
            "Add a vercel.FirewallConfig for the project with an active rule whose action is `rate_limit` (Cloudflare Workers: a `http_ratelimit` ruleset on the zone; AWS Lambda: a WAFv2 rate-based rule on the API, load balancer or distribution in front), " +
            "or rate-limit in code with @upstash/ratelimit and list the project in `appRateLimitedProjects`. " +
            "On Vercel, the upstash-guard component `VercelRateLimit` (input `projectId`) adds that firewall rule.",
        gate: { beforeTheStep: "nothing", afterTheSteps: "an app without a rate limit in front (whether one comes is known only once every resource has registered)" },
    },
    configProperties: (defaults) => ({
        appRateLimitedProjects: stringList("Projects (Pulumi resource name or Vercel name) that rate-limit in code with @upstash/ratelimit.", defaults.appRateLimitedProjects ?? []),
    }),
    checkStack: (index, _context, config) => checkRateLimits(index, config),
};
