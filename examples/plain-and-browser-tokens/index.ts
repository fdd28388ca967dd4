// Mistakes: the REST token in a plain (non-sensitive) variable under a name of the app's own, which anyone
// on the Vercel project reads back, and the read-only token in a NEXT_PUBLIC_ variable, which the next
// build inlines into the browser bundle. Both are stopped when they register, before Vercel is called.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import * as vercel from "@pulumiverse/vercel";

const stage = pulumi.getStack();
const db = new upstash.RedisDatabase("cache", { databaseName: `shop-${stage}`, region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20 });
const web = new vercel.Project("web", { name: `shop-${stage}` });
new vercel.ProjectEnvironmentVariable("neutral", { projectId: web.id, key: "CACHE_SECRET", value: db.restToken, targets: ["preview"], sensitive: false });
new vercel.ProjectEnvironmentVariable("public", { projectId: web.id, key: "NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN", value: db.readOnlyRestToken, targets: ["preview"], sensitive: false });
