// Mistake: the token in a plain_text binding, readable in the Cloudflare dashboard (what `[vars]` in wrangler.toml makes).
// The resources are declared by type token so that the example needs no @pulumi/cloudflare install; with the SDK,
// write `new cloudflare.WorkersScript(...)` with the same inputs.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";

const stage = pulumi.getStack();
const cache = new upstash.RedisDatabase("cache", { databaseName: `shop-${stage}`, region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20 });
const content = "export default { async fetch() { return new Response('ok'); } };";
new pulumi.CustomResource("cloudflare:index/workersScript:WorkersScript", "api", {
    accountId: "0123456789abcdef0123456789abcdef",
    scriptName: `shop-api-${stage}`,
    content,
    mainModule: "worker.js",
    bindings: [
        { name: "UPSTASH_REDIS_REST_URL", type: "plain_text", text: pulumi.interpolate`https://${cache.endpoint}` },
        { name: "UPSTASH_REDIS_REST_TOKEN", type: "plain_text", text: cache.restToken },
    ],
});
// The right way: a secret_text binding.
new pulumi.CustomResource("cloudflare:index/workersScript:WorkersScript", "api-fixed", {
    accountId: "0123456789abcdef0123456789abcdef",
    scriptName: `shop-api-fixed-${stage}`,
    content,
    mainModule: "worker.js",
    bindings: [{ name: "UPSTASH_REDIS_REST_TOKEN", type: "secret_text", text: cache.restToken }],
});
