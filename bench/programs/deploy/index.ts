// Per app, eight resources done right for a non-production stage: a database (TLS, budget), a project,
// its URL and tokens in sensitive variables for preview deployments, and development-only plain copies
// for `vercel dev` (Vercel allows no sensitive development variable). Config `apps` sets how many
// (125 apps: 1,000 resources).
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import * as vercel from "@pulumiverse/vercel";

const stage = pulumi.getStack();
const apps = new pulumi.Config().requireNumber("apps");
for (let i = 0; i < apps; i++) {
    const db = new upstash.RedisDatabase(`app${i}-cache`, { databaseName: `app${i}-${stage}`, region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20 });
    const web = new vercel.Project(`app${i}-web`, { name: `app${i}-${stage}` });
    for (const [target, sensitive] of [["preview", true], ["development", false]] as const) {
        const variable = (name: string, key: string, value: pulumi.Input<string>) =>
            new vercel.ProjectEnvironmentVariable(`app${i}-${name}-${target}`, { projectId: web.id, key, value, targets: [target], sensitive });
        variable("url", "UPSTASH_REDIS_REST_URL", pulumi.interpolate`https://${db.endpoint}`);
        variable("token", "UPSTASH_REDIS_REST_TOKEN", db.restToken);
        variable("read-only", "UPSTASH_REDIS_REST_READONLY_TOKEN", db.readOnlyRestToken);
    }
}
