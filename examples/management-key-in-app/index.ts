// Mistake: the account-wide management API key is handed to the app.
import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";

const upstashConfig = new pulumi.Config("upstash");
const web = new vercel.Project("web", { name: `shop-${pulumi.getStack()}` });
new vercel.ProjectEnvironmentVariable("api-key", { projectId: web.id, key: "UPSTASH_API_KEY", value: upstashConfig.requireSecret("apiKey"), targets: ["production"], sensitive: true });
