// The reference stack: what every policy of upstash-guard asks for, for stacks `dev` and `prod`.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import * as vercel from "@pulumiverse/vercel";

const stage = pulumi.getStack();
const production = stage === "prod";
// Each stack feeds its own Vercel targets: prod → production deployments, dev → preview deployments (and `vercel dev`).
const targets = [production ? "production" : "preview"];

// One database per stage, named after it, TLS on, with a spend cap.
const cache = new upstash.RedisDatabase("cache", {
    databaseName: `shop-${stage}`,
    region: "global",
    primaryRegion: "eu-west-1",
    tls: true,
    budget: production ? 200 : 20,
});

const vectors = new upstash.VectorIndex("vectors", {
    name: `shop-${stage}-vectors`,
    region: "eu-west-1",
    type: "payg",
    dimensionCount: 1536,
    similarityFunction: "COSINE",
});

// `framework` is left unset: the real provider checks it against a Vercel API, which previews here cannot reach.
const web = new vercel.Project("web", { name: `shop-${stage}` });

function serverVariable(name: string, key: string, value: pulumi.Input<string>): vercel.ProjectEnvironmentVariable {
    return new vercel.ProjectEnvironmentVariable(name, { projectId: web.id, key, value, targets, sensitive: true });
}

serverVariable("redis-url", "UPSTASH_REDIS_REST_URL", pulumi.interpolate`https://${cache.endpoint}`);
serverVariable("redis-token", "UPSTASH_REDIS_REST_TOKEN", cache.restToken);
// The catalog pages only read: they get the read-only token.
serverVariable("redis-read-only-token", "UPSTASH_REDIS_REST_READONLY_TOKEN", cache.readOnlyRestToken);
serverVariable("vector-url", "UPSTASH_VECTOR_REST_URL", pulumi.interpolate`https://${vectors.endpoint}`);
serverVariable("vector-token", "UPSTASH_VECTOR_REST_TOKEN", vectors.token);

// Outside production, `vercel dev` gets the stage's own database too. Vercel allows no sensitive
// development variables, so these are plain, and only ever hold this stage's credentials.
if (!production) {
    for (const [name, key, value] of [
        ["dev-redis-url", "UPSTASH_REDIS_REST_URL", pulumi.interpolate`https://${cache.endpoint}`],
        ["dev-redis-token", "UPSTASH_REDIS_REST_TOKEN", cache.restToken],
    ] as const) {
        new vercel.ProjectEnvironmentVariable(name, { projectId: web.id, key, value, targets: ["development"], sensitive: false });
    }
}

// A rate limit in front of the public API routes.
new vercel.FirewallConfig("web-firewall", {
    projectId: web.id,
    enabled: true,
    rules: {
        rules: [
            {
                name: "rate-limit-api",
                active: true,
                conditionGroups: [{ conditions: [{ type: "path", op: "pre", value: "/api" }] }],
                action: {
                    action: "rate_limit",
                    actionDuration: "1m",
                    rateLimit: { algo: "fixed_window", window: 60, limit: 100, keys: ["ip"], action: "deny" },
                },
            },
        ],
    },
});

export const cacheEndpoint = cache.endpoint;
export const projectName = web.name;
// For stacks of this stage that only read the catalog (a Pulumi secret output, as the token is).
export const cacheReadOnlyToken = cache.readOnlyRestToken;
