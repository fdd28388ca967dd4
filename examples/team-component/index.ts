// A team's own component that hands out its database's credentials as outputs, as many do. The
// component's state is no place an app reads: the pack judges where the credentials land.
// Mistake: one of them lands in a plain (non-sensitive) variable under a neutral key.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import * as vercel from "@pulumiverse/vercel";

class TeamCache extends pulumi.ComponentResource {
    readonly restUrl: pulumi.Output<string>;
    readonly restToken: pulumi.Output<string>;
    readonly password: pulumi.Output<string>;

    constructor(name: string, args: { stage: string }, opts?: pulumi.ComponentResourceOptions) {
        super("acme:platform:TeamCache", name, {}, opts);
        const db = new upstash.RedisDatabase(`${name}-db`, { databaseName: `shop-${args.stage}`, region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20 }, { parent: this });
        this.restUrl = pulumi.interpolate`https://${db.endpoint}`;
        this.restToken = db.restToken;
        this.password = db.password;
        this.registerOutputs({ restUrl: this.restUrl, restToken: this.restToken, password: this.password });
    }
}

const stage = pulumi.getStack();
const cache = new TeamCache("cache", { stage });
const web = new vercel.Project("web", { name: `shop-${stage}` });
new vercel.FirewallConfig("web-firewall", {
    projectId: web.id,
    rules: { rules: [{ name: "rate-limit-api", active: true, conditionGroups: [{ conditions: [{ type: "path", op: "pre", value: "/api" }] }], action: { action: "rate_limit", rateLimit: { algo: "fixed_window", window: 60, limit: 100, keys: ["ip"], action: "deny" } } }] },
});
new vercel.ProjectEnvironmentVariable("redis-token", { projectId: web.id, key: "UPSTASH_REDIS_REST_TOKEN", value: cache.restToken, targets: ["preview"], sensitive: true });
new vercel.ProjectEnvironmentVariable("cache-token", { projectId: web.id, key: "CACHE_TOKEN", value: cache.restToken, targets: ["preview"], sensitive: false });
