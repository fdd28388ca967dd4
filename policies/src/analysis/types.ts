/**
 * Type tokens of the resources the analysis understands, read from the provider SDKs themselves so
 * that a provider rename cannot silently turn a rule off.
 */
import { Provider as UpstashProvider } from "@upstash/pulumi/provider";
import { RedisDatabase } from "@upstash/pulumi/redisDatabase";
import { Search } from "@upstash/pulumi/search";
import { VectorIndex } from "@upstash/pulumi/vectorIndex";
import { QStashEndpoint } from "@upstash/pulumi/qstashEndpoint";
import { QStashSchedule } from "@upstash/pulumi/qstashSchedule";
import { QStashScheduleV2 } from "@upstash/pulumi/qstashScheduleV2";
import { QStashTopic } from "@upstash/pulumi/qstashTopic";
import { QStashTopicV2 } from "@upstash/pulumi/qstashTopicV2";
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
    qstashSchedule: typeTokenOf(QStashSchedule),
    qstashScheduleV2: typeTokenOf(QStashScheduleV2),
    qstashTopic: typeTokenOf(QStashTopic),
    qstashTopicV2: typeTokenOf(QStashTopicV2),
    qstashEndpoint: typeTokenOf(QStashEndpoint),
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

/** The QStash resources the Upstash provider creates: none holds a credential, several hold URLs QStash delivers to. */
export const QSTASH_TYPES: readonly string[] = [TYPES.qstashSchedule, TYPES.qstashScheduleV2, TYPES.qstashTopic, TYPES.qstashTopicV2, TYPES.qstashEndpoint];

export { RedisDatabase, VectorIndex, Search, UpstashProvider, Project, ProjectEnvironmentVariable, ProjectEnvironmentVariables, SharedEnvironmentVariable, FirewallConfig };
