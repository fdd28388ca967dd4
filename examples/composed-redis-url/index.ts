// Mistakes: a Redis URL composed from the database's password, in a plain variable under a name of
// the app's own (CACHE_URL), and with the redis:// scheme, which sends it in clear text. Before the
// database exists only the database is known, not which of its outputs the URL holds, nor its scheme.
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
new vercel.ProjectEnvironmentVariable("cache-url", {
    projectId: web.id,
    key: "CACHE_URL",
    value: pulumi.interpolate`redis://default:${cache.password}@${cache.endpoint}:${cache.port}`,
    targets: ["preview"],
    sensitive: false,
});
