// Several mistakes at once: no TLS, no budget, a name without the stage, a token in a plain
// client-exposed variable, one database for production and preview, and no rate limit.
import * as upstash from "@upstash/pulumi";
import * as vercel from "@pulumiverse/vercel";

const cache = new upstash.RedisDatabase("cache", { databaseName: "shop-cache", region: "global", primaryRegion: "eu-west-1" });
const web = new vercel.Project("web", { name: "shop" });
new vercel.ProjectEnvironmentVariables("web-env", {
    projectId: web.id,
    variables: [
        { key: "NEXT_PUBLIC_KV_REST_API_TOKEN", value: cache.restToken, targets: ["production", "preview"], sensitive: false },
        { key: "KV_REST_API_URL", value: cache.endpoint, targets: ["production", "preview"], sensitive: false },
    ],
});
