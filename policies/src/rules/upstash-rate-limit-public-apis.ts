import { resourceLabel } from "../analysis/describe";
import { IndexedResource, StackIndex } from "../analysis/flow";
import { ProjectRef, ProjectResolver, projectListed } from "../analysis/projects";
import { TYPES } from "../analysis/types";
import { PlainValue, asArray, asObject, isUnknown } from "../analysis/values";
import { CommonConfig, stringList } from "../framework/config";
import { Outcome, RuleDefinition, StackFinding } from "../framework/rule";

export interface RateLimitPublicApisConfig extends CommonConfig {
    appRateLimitedProjects: string[];
}

const REDIS_KINDS = new Set(["redis-rest-token", "redis-password", "redis-url-with-password"]);

type Protection = "rate-limited" | "unprotected" | "undecided";

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

/** The strongest protection any of a project's firewalls gives. */
function strongest(a: Protection | undefined, b: Protection): Protection {
    const rank: Record<Protection, number> = { unprotected: 0, undecided: 1, "rate-limited": 2 };
    return a !== undefined && rank[a] >= rank[b] ? a : b;
}

function projectsReceivingRedis(index: StackIndex, resolver: ProjectResolver): Map<string, { ref: ProjectRef; via: IndexedResource }> {
    const receiving = new Map<string, { ref: ProjectRef; via: IndexedResource }>();
    for (const { resource, envVar } of index.envVarEntries()) {
        const carriesRedis = index.credentialsIn(resource, envVar.property, envVar.value, envVar.key).some((f) => REDIS_KINDS.has(f.credential.kind));
        if (!carriesRedis) {
            continue;
        }
        for (const ref of resolver.projectsOf(resource)) {
            if (!receiving.has(ref.key)) {
                receiving.set(ref.key, { ref, via: resource });
            }
        }
    }
    return receiving;
}

export function checkRateLimits(index: StackIndex, config: RateLimitPublicApisConfig): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    const resolver = new ProjectResolver(index);
    const protection = new Map<string, Protection>();
    for (const firewall of index.resources.filter((r) => r.type === TYPES.firewallConfig)) {
        const state = firewallProtection(firewall);
        for (const ref of resolver.projectsOf(firewall)) {
            protection.set(ref.key, strongest(protection.get(ref.key), state));
        }
    }
    for (const { ref, via } of projectsReceivingRedis(index, resolver).values()) {
        if (projectListed(ref, config.appRateLimitedProjects)) {
            continue;
        }
        const state = protection.get(ref.key) ?? "unprotected";
        const target = ref.project ?? via;
        if (state === "undecided") {
            outcome.undecided.push({ urn: target.urn, name: target.name, message: `whether the firewall of ${resourceLabel(target)} rate-limits` });
        } else if (state === "unprotected") {
            outcome.findings.push({
                urn: target.urn,
                name: target.name,
                message:
                    `${ref.project ? resourceLabel(ref.project) : `Vercel project ${ref.names[0]} (via ${resourceLabel(via)})`} receives Upstash Redis credentials ` +
                    "but has no enabled vercel.FirewallConfig with an active `rate_limit` rule. Add one in front of its public APIs, " +
                    "or, if the app rate-limits in code with @upstash/ratelimit, list the project in `appRateLimitedProjects`.",
            });
        }
    }
    return outcome;
}

export const rateLimitPublicApis: RuleDefinition<RateLimitPublicApisConfig> = {
    info: {
        name: "upstash-rate-limit-public-apis",
        description: "Every Vercel project that receives Upstash Redis credentials has a rate limit in front of its public APIs.",
        severity: "high",
        enforcementLevel: "advisory",
        practice: "Rate-limit public endpoints that reach Upstash, so abuse cannot exhaust the database or the budget.",
        tags: ["upstash", "vercel", "rate-limit", "abuse"],
        remediationSteps:
            "Add a vercel.FirewallConfig for the project with an active rule whose action is `rate_limit`, " +
            "or rate-limit in code with @upstash/ratelimit and list the project in `appRateLimitedProjects`.",
    },
    configProperties: (defaults) => ({
        appRateLimitedProjects: stringList("Projects (Pulumi resource name or Vercel name) that rate-limit in code with @upstash/ratelimit.", defaults.appRateLimitedProjects ?? []),
    }),
    checkStack: (index, _context, config) => checkRateLimits(index, config),
};
