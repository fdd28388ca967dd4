// Not a mistake: the routes a value takes to a resource during an update, so that the deploy suite can
// pin what `Analyze` sees as each resource registers: a database's output, a literal, a component's child.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import * as vercel from "@pulumiverse/vercel";

class Variables extends pulumi.ComponentResource {
    constructor(name: string, args: { projectId: pulumi.Input<string>; token: pulumi.Input<string> }, opts?: pulumi.ComponentResourceOptions) {
        super("facts:index:Variables", name, {}, opts);
        new vercel.ProjectEnvironmentVariable(`${name}-token`, { projectId: args.projectId, key: "CHILD_TOKEN", value: args.token, targets: ["preview"], sensitive: true }, { parent: this });
        this.registerOutputs({});
    }
}

const cache = new upstash.RedisDatabase("cache", { databaseName: "facts-dev", region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20 });
const web = new vercel.Project("web", { name: "facts-dev" });
new vercel.ProjectEnvironmentVariable("from-output", { projectId: web.id, key: "FROM_OUTPUT", value: cache.restToken, targets: ["preview"], sensitive: true });
new vercel.ProjectEnvironmentVariable("literal", { projectId: web.id, key: "LITERAL", value: "plain-literal", targets: ["preview"], sensitive: true });
new Variables("child", { projectId: web.id, token: cache.readOnlyRestToken });
