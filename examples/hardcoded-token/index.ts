// Mistake: a QStash token pasted into the program (a fake one: it decodes to a made-up user).
import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";

const pastedToken = Buffer.from(JSON.stringify({ UserID: "00000000-fake-4000-a000-000000000000", Password: "not-a-real-password-0000" })).toString("base64");
const web = new vercel.Project("web", { name: `shop-${pulumi.getStack()}` });
new vercel.ProjectEnvironmentVariable("qstash-token", { projectId: web.id, key: "QSTASH_TOKEN", value: pastedToken, targets: ["production"], sensitive: true });
