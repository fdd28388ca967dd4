import { shownText } from "../analysis/credentials";
import { resourceLabel } from "../analysis/describe";
import { placeLabel, sourceLabel } from "../stack/labels";
import { StackIndex, UpstashSource } from "../stack/flow";
import { Stage } from "../platforms/place";
import { isProductionStage, nameCarriesStage, stackNameOf, stageOf } from "../analysis/stage";
import { TYPES } from "../analysis/types";
import { asString, isUnknown } from "../analysis/values";
import { CommonConfig, stageProperties, stageSettingsOf, stringList } from "../framework/config";
import { Outcome, ResourceUnderCheck, RuleDefinition, StackContext, StackFinding } from "../framework/rule";

export interface SeparateDatabasePerStageConfig extends CommonConfig {
    stageTag?: string;
    productionStages: string[];
    productionHosts: string[];
}

const DATABASE_TYPES = [TYPES.redisDatabase, TYPES.vectorIndex, TYPES.search];

/** (b) The database's own name carries the stage, so a shared one stands out in the Upstash console. */
export function checkNameCarriesStage(resource: ResourceUnderCheck, config: SeparateDatabasePerStageConfig): Outcome<string> {
    const nameProperty = resource.type === TYPES.redisDatabase ? "databaseName" : "name";
    const stage = stageOf(stackNameOf(resource.urn), resource.stackTags, stageSettingsOf(config));
    const raw = resource.props[nameProperty];
    if (stage === undefined) {
        return { findings: [], undecided: [] };
    }
    if (isUnknown(raw)) {
        return { findings: [], undecided: [`${resourceLabel(resource)} ${nameProperty}`] };
    }
    const name = asString(raw);
    if (name !== undefined && nameCarriesStage(name, stage)) {
        return { findings: [], undecided: [] };
    }
    const problem = name === undefined ? `sets no ${nameProperty}` : `is named "${shownText(name)}", which does not contain the stage "${stage}"`;
    return {
        findings: [`${resourceLabel(resource)} ${problem}. Name each stage's database after its stage (for example "shop-${stage}") so that one database is never shared between stages by accident.`],
        undecided: [],
    };
}

interface Feeding {
    targets: Set<Stage>;
    labels: string[];
}

/**
 * (a) No database feeds places of both production and another stage, as the platforms say them
 * (Vercel targets, Pages configs, Amplify branch stages, namespaces, GitHub environments, service
 * names). Places of every app count together: a database a staging app of any kind reads is not
 * production's alone.
 */
function checkSharedAcrossTargets(index: StackIndex, outcome: Outcome<StackFinding>): void {
    const feeding = new Map<UpstashSource, Feeding>();
    for (const { resource, place } of index.placeEntries()) {
        if (place.stages === undefined) {
            continue;
        }
        const sources = index.sourcesOfPlace(resource, place);
        if (sources.length === 0) {
            continue;
        }
        if (isUnknown(place.stages)) {
            outcome.undecided.push({ urn: resource.urn, name: resource.name, message: `the targets of ${placeLabel(resource, place)}` });
            continue;
        }
        const app = place.app === undefined ? "" : ` [app ${shownText(place.app)}]`;
        for (const source of sources) {
            const entry = feeding.get(source) ?? { targets: new Set<Stage>(), labels: [] };
            place.stages.forEach((t) => entry.targets.add(t));
            entry.labels.push(`${placeLabel(resource, place)} (${place.stages.join(", ")})${app}`);
            feeding.set(source, entry);
        }
    }
    for (const [source, { targets, labels }] of feeding) {
        const others = [...targets].filter((t) => t !== "production");
        if (targets.has("production") && others.length > 0) {
            outcome.findings.push({
                urn: source.urn,
                name: source.name,
                message:
                    `${sourceLabel(source)} feeds both production and ${others.join(", ")} deployments: ${labels.slice(0, 10).join("; ")}. ` +
                    "Preview and development code would read and write production data. Create one database per stage and wire each variable's targets to its own.",
            });
        }
    }
}

/** (c) A non-production stack wires in nothing that points at a production database host. */
function checkProductionHosts(index: StackIndex, hosts: readonly string[], stage: string, outcome: Outcome<StackFinding>): void {
    const wanted = hosts.map((h) => h.toLowerCase());
    for (const resource of index.resources) {
        for (const leaf of resource.leaves) {
            if (isUnknown(leaf.value)) {
                continue;
            }
            const lower = leaf.value.toLowerCase();
            const host = wanted.find((h) => lower.includes(h));
            if (host) {
                outcome.findings.push({
                    urn: resource.urn,
                    name: resource.name,
                    message:
                        `${resourceLabel(resource)} field ${leaf.path} points at the production database host ${host} from the non-production stage "${stage}". ` +
                        "Give this stage its own database; never read production credentials or endpoints (config, StackReference or literal) into a dev or preview stack.",
                });
            }
        }
    }
}

export function checkStagesStack(index: StackIndex, context: StackContext, config: SeparateDatabasePerStageConfig): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    checkSharedAcrossTargets(index, outcome);
    const stage = stageOf(context.stackName, context.stackTags, stageSettingsOf(config));
    if (stage !== undefined && config.productionHosts.length > 0 && !isProductionStage(stage, config.productionStages)) {
        checkProductionHosts(index, config.productionHosts, stage, outcome);
    }
    return outcome;
}

export const separateDatabasePerStage: RuleDefinition<SeparateDatabasePerStageConfig> = {
    info: {
        name: "upstash-separate-database-per-stage",
        description: "Each stage has its own Upstash database: none shared by production and preview/development, names carry the stage, no production hosts in other stages.",
        severity: "high",
        enforcementLevel: "mandatory",
        practice: "Use a separate database for each environment; never point development or preview deployments at production data.",
        tags: ["upstash", "vercel", "environments", "isolation"],
        remediationSteps:
            "Create one database per stage (named after it), give each Vercel target the credentials of its own database, " +
            "and list production hosts in `productionHosts` so a dev stack that reads them is stopped. " +
            "With the upstash-guard components: `StageRedisDatabase` (input `app`; named `<app>-<stage>`) and `VercelRedisVariables` (input `target`, checked against the stage).",
    },
    configProperties: (defaults) => ({
        ...stageProperties(defaults),
        productionHosts: stringList("Hosts of production databases (e.g. shop-prod-41823.upstash.io) that no other stage may use.", defaults.productionHosts ?? []),
    }),
    resourceTypes: DATABASE_TYPES,
    checkResource: checkNameCarriesStage,
    checkStack: checkStagesStack,
};
