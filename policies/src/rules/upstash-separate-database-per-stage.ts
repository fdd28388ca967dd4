import { shownText } from "../analysis/credentials";
import { resourceLabel } from "../analysis/describe";
import { placeLabel, sourceLabel } from "../stack/labels";
import { StackIndex, UpstashSource } from "../stack/flow";
import { Place, Stage } from "../platforms/place";
import { isProductionStage, nameCarriesStage, stackNameOf, stageOf } from "../analysis/stage";
import { databaseValuesRead, referencedStackName } from "../stack/stackReferences";
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

/** A place whose unknown value came out of a component holding several databases: any of them may feed it. */
interface AmbiguousFeed {
    resource: StackIndex["resources"][number];
    place: Place;
    stages: readonly Stage[];
    candidates: readonly UpstashSource[];
}

/** The order stages are named in, whatever order places list them in. */
const STAGE_ORDER: readonly Stage[] = ["production", "preview", "staging", "development", "test", "custom"];

function mixesProduction(targets: ReadonlySet<Stage>): boolean {
    return targets.has("production") && [...targets].some((t) => t !== "production");
}

/**
 * (a) No database feeds places of both production and another stage, as the platforms say them
 * (Vercel targets, Pages configs, Amplify branch stages, namespaces, GitHub environments, service
 * names). Places of every app count together: a database a staging app of any kind reads is not
 * production's alone.
 */
function checkSharedAcrossTargets(index: StackIndex, outcome: Outcome<StackFinding>): void {
    const feeding = new Map<UpstashSource, Feeding>();
    const ambiguous: AmbiguousFeed[] = [];
    for (const { resource, place } of index.placeEntries()) {
        if (place.stages === undefined) {
            continue;
        }
        const sources = index.sourcesOfPlace(resource, place);
        const origins = index.ambiguousOriginsOfPlace(resource, place);
        if (sources.length === 0 && origins.length === 0) {
            continue;
        }
        if (isUnknown(place.stages)) {
            outcome.undecided.push({ urn: resource.urn, name: resource.name, message: `the targets of ${placeLabel(resource, place)}` });
            continue;
        }
        const stages = place.stages;
        for (const origin of origins) {
            ambiguous.push({ resource, place, stages, candidates: origin.sources });
        }
        const app = place.app === undefined ? "" : ` [app ${shownText(place.app)}]`;
        // Platforms keep targets as sets, in an order of their own: name them in one order.
        const named = STAGE_ORDER.filter((t) => stages.includes(t)).join(", ");
        for (const source of sources) {
            const entry = feeding.get(source) ?? { targets: new Set<Stage>(), labels: [] };
            stages.forEach((t) => entry.targets.add(t));
            entry.labels.push(`${placeLabel(resource, place)} (${named})${app}`);
            feeding.set(source, entry);
        }
    }
    for (const [source, { targets, labels }] of feeding) {
        if (mixesProduction(targets)) {
            const others = STAGE_ORDER.filter((t) => t !== "production" && targets.has(t));
            outcome.findings.push({
                urn: source.urn,
                name: source.name,
                message:
                    `${sourceLabel(source)} feeds both production and ${others.join(", ")} deployments: ${[...labels].sort().slice(0, 10).join("; ")}. ` +
                    "Preview and development code would read and write production data. Create one database per stage and wire each variable's targets to its own.",
            });
        }
    }
    noteWhatCannotBeToldApart(ambiguous, feeding, outcome);
}

/**
 * Nothing is invented from a component holding several databases: a place it feeds is said in the
 * note only when one of its candidates, if it were the one, would feed production and another stage.
 */
function noteWhatCannotBeToldApart(ambiguous: readonly AmbiguousFeed[], feeding: ReadonlyMap<UpstashSource, Feeding>, outcome: Outcome<StackFinding>): void {
    const possibleTargets = new Map<UpstashSource, Set<Stage>>();
    for (const { stages, candidates } of ambiguous) {
        for (const candidate of candidates) {
            const targets = possibleTargets.get(candidate) ?? new Set(feeding.get(candidate)?.targets ?? []);
            stages.forEach((t) => targets.add(t));
            possibleTargets.set(candidate, targets);
        }
    }
    for (const { resource, place, candidates } of ambiguous) {
        const couldMix = candidates.some((c) => !mixesProduction(feeding.get(c)?.targets ?? new Set()) && mixesProduction(possibleTargets.get(c) ?? new Set()));
        if (couldMix) {
            outcome.undecided.push({
                urn: resource.urn,
                name: resource.name,
                message: `which of ${candidates.map(sourceLabel).join(", ")} feeds ${placeLabel(resource, place)}`,
            });
        }
    }
}

/** A finding on one field, so that two checks of one field report it once. */
type FieldFinding = StackFinding & { path: string };

const OWN_DATABASE = "Give this stage its own database; never read production credentials or endpoints (config, StackReference or literal) into a dev or preview stack.";

/** A known string of a resource's properties, and the same in lower case for host matching. */
interface KnownLeaf {
    resource: StackIndex["resources"][number];
    path: string;
    value: string;
    lower: string;
}

/** Every known leaf of the stack's resources but those of the `skipped` types and components (what passes through one is judged where it lands). */
function* knownLeaves(index: StackIndex, skipped: ReadonlySet<string>): Generator<KnownLeaf> {
    for (const resource of index.judged) {
        if (skipped.has(resource.type) || index.isComponent(resource)) {
            continue;
        }
        for (const leaf of resource.leaves) {
            if (!isUnknown(leaf.value)) {
                yield { resource, path: leaf.path, value: leaf.value, lower: leaf.value.toLowerCase() };
            }
        }
    }
}

/** A StackReference holds another stack's values, not this one's. */
const NOT_OWN: ReadonlySet<string> = new Set([TYPES.stackReference]);
/** What a stack wires in: not what it reads from others, nor what it exports (other stacks' audits follow those). */
const NOT_WIRING: ReadonlySet<string> = new Set([TYPES.stackReference, TYPES.stack]);

/** (c) A non-production stack wires in nothing that points at a production database host. */
function checkProductionHosts(index: StackIndex, hosts: readonly string[], stage: string): FieldFinding[] {
    const findings: FieldFinding[] = [];
    if (hosts.length === 0) {
        return findings;
    }
    const wanted = hosts.map((h) => h.toLowerCase());
    for (const { resource, path, lower } of knownLeaves(index, NOT_OWN)) {
        const host = wanted.find((h) => lower.includes(h));
        if (host) {
            findings.push({
                urn: resource.urn,
                name: resource.name,
                path,
                message: `${resourceLabel(resource)} field ${path} points at the production database host ${host} from the non-production stage "${stage}". ${OWN_DATABASE}`,
            });
        }
    }
    return findings;
}

/**
 * (d) A non-production stack uses no database host or credential it reads from a production stack
 * through a StackReference. Only an audit (`pulumi policy analyze`) shows StackReferences to a pack.
 */
function checkReadFromProductionStacks(index: StackIndex, stage: string, productionStages: readonly string[]): FieldFinding[] {
    const findings = new Map<string, FieldFinding>();
    for (const reference of index.resourcesOfType(TYPES.stackReference)) {
        const fullName = reference.leaves.find((l) => l.path === "name" && typeof l.value === "string")?.value;
        const readStack = referencedStackName(typeof fullName === "string" ? fullName : reference.name);
        if (!isProductionStage(readStack, productionStages)) {
            continue;
        }
        const read = databaseValuesRead(reference.leaves);
        for (const { resource, path, value, lower } of knownLeaves(index, NOT_WIRING)) {
            const used = read.find((v) => (v.kind === "host" ? lower.includes(v.needle) : value.includes(v.needle)));
            if (!used) {
                continue;
            }
            const what = used.kind === "host" ? `the production database host ${shownText(used.needle)}` : "a production database credential";
            findings.set(resource.urn + path, {
                urn: resource.urn,
                name: resource.name,
                path,
                message:
                    `${resourceLabel(resource)} field ${path} uses ${what}, read from the production stack "${shownText(readStack)}" ` +
                    `through the StackReference ${shownText(reference.name)} (its ${shownText(used.path)}) in the non-production stage "${stage}". ${OWN_DATABASE}`,
            });
        }
    }
    return [...findings.values()];
}

export function checkStagesStack(index: StackIndex, context: StackContext, config: SeparateDatabasePerStageConfig): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    checkSharedAcrossTargets(index, outcome);
    const stage = stageOf(context.stackName, context.stackTags, stageSettingsOf(config));
    if (stage !== undefined && !isProductionStage(stage, config.productionStages)) {
        const listedHosts = checkProductionHosts(index, config.productionHosts, stage);
        outcome.findings.push(...listedHosts);
        // A listed production host already said it: one finding per field is enough.
        const said = new Set(listedHosts.map((f) => f.urn + f.path));
        outcome.findings.push(...checkReadFromProductionStacks(index, stage, config.productionStages).filter((f) => !said.has(f.urn + f.path)));
    }
    return outcome;
}

/** What a registering resource shows: a production host listed in `productionHosts`, in a non-production stack. */
export function checkProductionHostsAtRegistration(index: StackIndex, context: StackContext, config: SeparateDatabasePerStageConfig): Outcome<StackFinding> {
    const stage = stageOf(context.stackName, context.stackTags, stageSettingsOf(config));
    const findings = stage !== undefined && !isProductionStage(stage, config.productionStages) ? checkProductionHosts(index, config.productionHosts, stage) : [];
    return { findings, undecided: [] };
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
        gate: {
            beforeTheStep: "a database whose name lacks the stage; a host listed in `productionHosts` in a non-production stack",
            afterTheSteps: "a database feeding production and another stage (it takes every variable and the databases' outputs); production values read through a StackReference (an audit shows those)",
        },
    },
    configProperties: (defaults) => ({
        ...stageProperties(defaults),
        productionHosts: stringList("Hosts of production databases (e.g. shop-prod-41823.upstash.io) that no other stage may use.", defaults.productionHosts ?? []),
    }),
    resourceTypes: DATABASE_TYPES,
    checkResource: checkNameCarriesStage,
    checkStack: checkStagesStack,
    checkRegistration: checkProductionHostsAtRegistration,
};
