// A mistake the pack can only report once the update's steps have run: the REST token in a plain variable
// under a name of the app's own (CACHE). At registration its value is an Upstash-looking string under a
// neutral name; only the end of the run, which shows the database's outputs, ties it to the database.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import * as vercel from "@pulumiverse/vercel";

const stage = pulumi.getStack();
const db = new upstash.RedisDatabase("cache", { databaseName: `shop-${stage}`, region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20 });
const web = new vercel.Project("web", { name: `shop-${stage}` });
new vercel.ProjectEnvironmentVariable("cache", { projectId: web.id, key: "CACHE", value: db.restToken, targets: ["preview"], sensitive: false });
