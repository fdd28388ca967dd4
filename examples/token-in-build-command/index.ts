// Mistake: the token is pasted into the build command, which Vercel shows to everyone on the project.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import * as vercel from "@pulumiverse/vercel";

const stage = pulumi.getStack();
const cache = new upstash.RedisDatabase("cache", { databaseName: `shop-${stage}`, region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20 });
new vercel.Project("web", { name: `shop-${stage}`, buildCommand: pulumi.interpolate`UPSTASH_REDIS_REST_TOKEN=${cache.restToken} next build` });
