// Mistakes: TLS switched on, certificates not checked. The Celery broker URL turns checks off with
// `ssl_cert_reqs=none` (the form tutorials hand out), the same Vercel project and target sets
// NODE_TLS_REJECT_UNAUTHORIZED=0 beside the variables @upstash/redis reads, a Java service's URL checks
// the chain but not the host name (advisory), and a QStash schedule delivers to an http:// URL.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import * as vercel from "@pulumiverse/vercel";

const stage = pulumi.getStack();
const cache = new upstash.RedisDatabase("cache", { databaseName: `tasks-${stage}`, region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20 });
const web = new vercel.Project("web", { name: `tasks-${stage}` });
new vercel.ProjectEnvironmentVariable("broker-url", {
    projectId: web.id,
    key: "CELERY_BROKER_URL",
    value: pulumi.interpolate`rediss://default:${cache.password}@${cache.endpoint}:6379?ssl_cert_reqs=none`,
    targets: ["production"],
    sensitive: true,
});
new vercel.ProjectEnvironmentVariable("rest-url", { projectId: web.id, key: "UPSTASH_REDIS_REST_URL", value: pulumi.interpolate`https://${cache.endpoint}`, targets: ["production"], sensitive: true });
new vercel.ProjectEnvironmentVariable("rest-token", { projectId: web.id, key: "UPSTASH_REDIS_REST_TOKEN", value: cache.restToken, targets: ["production"], sensitive: true });
new vercel.ProjectEnvironmentVariable("insecure", { projectId: web.id, key: "NODE_TLS_REJECT_UNAUTHORIZED", value: "0", targets: ["production"], sensitive: false });
new vercel.ProjectEnvironmentVariable("java-url", { projectId: web.id, key: "JAVA_REDIS_URL", value: "rediss://eu1-tasks-40412.upstash.io:6379?verifyPeer=CA", targets: ["production"], sensitive: true });
new upstash.QStashScheduleV2("digest", { cron: "0 8 * * *", destination: "http://tasks.example.com/api/digest" });
