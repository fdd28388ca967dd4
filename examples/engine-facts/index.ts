// Not a mistake: every route a value can take to a resource, so the e2e suite can pin down what the
// engine shows a policy for each (literal, config, secret config, resource output, StackReference).
// A StackReference is itself a read resource (the engine reads it as `.get()` reads): its absence from
// what policies see stands for every `.get()`, which real providers cannot serve offline.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import * as vercel from "@pulumiverse/vercel";

const config = new pulumi.Config();
const cache = new upstash.RedisDatabase("cache", { databaseName: "facts-dev", region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20 });
const other = new pulumi.StackReference("organization/shop/prod");
const web = new vercel.Project("web", { name: "facts-dev" });
const variable = (name: string, value: pulumi.Input<string>) =>
    new vercel.ProjectEnvironmentVariable(name, { projectId: web.id, key: name.toUpperCase(), value, targets: ["preview"], sensitive: true });
variable("literal", "plain-literal");
variable("from-config", config.require("plain"));
variable("from-secret-config", config.requireSecret("secret"));
variable("from-output", cache.restToken);
variable("from-stack-reference", pulumi.interpolate`${other.getOutput("cacheEndpoint")}`);
