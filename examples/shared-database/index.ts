// Mistake: preview deployments get the production database's token.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import * as vercel from "@pulumiverse/vercel";

const stage = pulumi.getStack();
const cache = new upstash.RedisDatabase("cache", { databaseName: `shop-${stage}`, region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20 });
const web = new vercel.Project("web", { name: `shop-${stage}` });
new vercel.FirewallConfig("web-firewall", {
    projectId: web.id,
    rules: { rules: [{ name: "rate-limit-api", active: true, conditionGroups: [{ conditions: [{ type: "path", op: "pre", value: "/api" }] }], action: { action: "rate_limit", rateLimit: { algo: "fixed_window", window: 60, limit: 100, keys: ["ip"], action: "deny" } } }] },
});
new vercel.ProjectEnvironmentVariable("redis-token", { projectId: web.id, key: "UPSTASH_REDIS_REST_TOKEN", value: cache.restToken, targets: ["production", "preview"], sensitive: true });
// More of the same: the finding lists every variable, in the same order at every preview.
new vercel.ProjectEnvironmentVariable("kv-token", { projectId: web.id, key: "KV_REST_API_TOKEN", value: cache.restToken, targets: ["preview"], sensitive: true });
new vercel.ProjectEnvironmentVariable("cache-token", { projectId: web.id, key: "CACHE_TOKEN", value: cache.restToken, targets: ["production"], sensitive: true });
