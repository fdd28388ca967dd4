// Mistake: the dev stack reuses production's database (its host and its read-only token) through a
// StackReference to the prod stack.
import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";

const prod = new pulumi.StackReference("organization/shop/prod");
const web = new vercel.Project("web", { name: "shop-dev" });
new vercel.FirewallConfig("web-firewall", {
    projectId: web.id,
    rules: { rules: [{ name: "rate-limit-api", active: true, conditionGroups: [{ conditions: [{ type: "path", op: "pre", value: "/api" }] }], action: { action: "rate_limit", rateLimit: { algo: "fixed_window", window: 60, limit: 100, keys: ["ip"], action: "deny" } } }] },
});
new vercel.ProjectEnvironmentVariable("redis-url", {
    projectId: web.id,
    key: "UPSTASH_REDIS_REST_URL",
    value: pulumi.interpolate`https://${prod.getOutput("cacheEndpoint")}`,
    targets: ["preview"],
    sensitive: true,
});
new vercel.ProjectEnvironmentVariable("redis-read-only-token", {
    projectId: web.id,
    key: "UPSTASH_REDIS_REST_READONLY_TOKEN",
    value: prod.getOutput("cacheReadOnlyToken"),
    targets: ["preview"],
    sensitive: true,
});
