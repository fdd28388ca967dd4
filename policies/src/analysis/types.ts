/**
 * Type tokens of the resources the analysis understands, read from the provider SDKs themselves so
 * that a provider rename cannot silently turn a rule off.
 */
import { Provider as UpstashProvider } from "@upstash/pulumi/provider";
import { RedisDatabase } from "@upstash/pulumi/redisDatabase";
import { Search } from "@upstash/pulumi/search";
import { VectorIndex } from "@upstash/pulumi/vectorIndex";
import { FirewallConfig } from "@pulumiverse/vercel/firewallConfig";
import { Project } from "@pulumiverse/vercel/project";
import { ProjectEnvironmentVariable } from "@pulumiverse/vercel/projectEnvironmentVariable";
import { ProjectEnvironmentVariables } from "@pulumiverse/vercel/projectEnvironmentVariables";
import { SharedEnvironmentVariable } from "@pulumiverse/vercel/sharedEnvironmentVariable";

/** The `__pulumiType` the generated SDK classes carry (marked internal in their typings). */
export function typeTokenOf(resourceClass: object): string {
    const token: unknown = Reflect.get(resourceClass, "__pulumiType");
    if (typeof token !== "string" || token.length === 0) {
        throw new Error("resource class carries no Pulumi type token");
    }
    return token;
}

export const TYPES = {
    redisDatabase: typeTokenOf(RedisDatabase),
    vectorIndex: typeTokenOf(VectorIndex),
    search: typeTokenOf(Search),
    /** Provider resources are registered as `pulumi:providers:<package>`. */
    upstashProvider: `pulumi:providers:${typeTokenOf(UpstashProvider)}`,
    vercelProject: typeTokenOf(Project),
    projectEnvironmentVariable: typeTokenOf(ProjectEnvironmentVariable),
    projectEnvironmentVariables: typeTokenOf(ProjectEnvironmentVariables),
    sharedEnvironmentVariable: typeTokenOf(SharedEnvironmentVariable),
    firewallConfig: typeTokenOf(FirewallConfig),
    stack: "pulumi:pulumi:Stack",
    /** Read resources: only an audit (`pulumi policy analyze`) sends them to a pack. */
    stackReference: "pulumi:pulumi:StackReference",
} as const;

export { RedisDatabase, VectorIndex, Search, UpstashProvider, Project, ProjectEnvironmentVariable, ProjectEnvironmentVariables, SharedEnvironmentVariable, FirewallConfig };
