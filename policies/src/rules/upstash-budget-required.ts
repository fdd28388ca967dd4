import { resourceLabel } from "../analysis/describe";
import { DEFAULT_MAX_MONTHLY_BUDGET, budgetCapFor, stackNameOf, stageOf } from "../analysis/stage";
import { TYPES } from "../analysis/types";
import { asBoolean, isUnknown } from "../analysis/values";
import { CommonConfig, stageProperties, stageSettingsOf } from "../framework/config";
import { Outcome, ResourceUnderCheck, RuleDefinition } from "../framework/rule";

export interface BudgetRequiredConfig extends CommonConfig {
    stageTag?: string;
    productionStages: string[];
    /** USD per month: `production`, `default`, or a stage name. */
    maxMonthlyBudget: Record<string, number>;
}

export function checkBudget(resource: ResourceUnderCheck, config: BudgetRequiredConfig): Outcome<string> {
    const budget = resource.props.budget;
    const label = resourceLabel(resource);
    if (isUnknown(budget)) {
        return { findings: [], undecided: [`${label} budget`] };
    }
    const stage = stageOf(stackNameOf(resource.urn), resource.stackTags, stageSettingsOf(config));
    const cap = budgetCapFor(stage, config.maxMonthlyBudget, config.productionStages);
    const capText = cap === undefined ? "" : ` (at most ${cap} USD for stage "${stage ?? "?"}")`;
    const unbounded = asBoolean(resource.props.autoScale) === true ? " With `autoScale: true` and no budget of its own, spend grows with traffic." : "";
    if (budget === null || budget === undefined) {
        return { findings: [`${label} sets no \`budget\`.${unbounded} Set a monthly budget in USD${capText}: Upstash then alerts by email and throttles instead of billing without limit.`], undecided: [] };
    }
    if (resource.defaulted.has("budget")) {
        const fallback = typeof budget === "number" ? `the provider's default of ${budget} USD` : "the provider's default";
        return {
            findings: [`${label} sets no \`budget\`: it relies on ${fallback} per month.${unbounded} Set an explicit monthly budget in USD${capText}: Upstash then alerts by email and throttles at it.`],
            undecided: [],
        };
    }
    if (typeof budget !== "number" || !Number.isFinite(budget) || budget <= 0) {
        return { findings: [`${label} sets \`budget\` to something other than a positive number of USD. Set a positive monthly budget${capText}.`], undecided: [] };
    }
    if (cap !== undefined && budget > cap) {
        return { findings: [`${label} sets \`budget: ${budget}\`, above the cap of ${cap} USD per month for stage "${stage ?? "?"}". Lower it, or raise \`maxMonthlyBudget\` for this stage in the policy config.`], undecided: [] };
    }
    return { findings: [], undecided: [] };
}

export const budgetRequired: RuleDefinition<BudgetRequiredConfig> = {
    info: {
        name: "upstash-budget-required",
        description: "Every Upstash Redis database sets an explicit monthly budget (spend cap and usage alert), within the cap for its stage.",
        severity: "high",
        enforcementLevel: "mandatory",
        practice: "Cap spend on every database so an abused endpoint cannot run up the bill; Upstash alerts and throttles at the budget.",
        tags: ["upstash", "cost", "abuse"],
        remediationSteps: "Set `budget` (USD per month) on the RedisDatabase, no higher than the stage's cap in `maxMonthlyBudget`. " +
            "Or declare it with the upstash-guard component `StageRedisDatabase`, whose required input `budget` is checked against the same caps when it is built.",
        gate: { beforeTheStep: "a database without an explicit positive `budget`, or above its stage's cap", afterTheSteps: "nothing" },
    },
    configProperties: (defaults) => ({
        ...stageProperties(defaults),
        maxMonthlyBudget: {
            description: "Highest allowed monthly budget in USD, by stage: `production`, `default`, or a stage name.",
            type: "object",
            additionalProperties: { type: "number", exclusiveMinimum: 0 },
            maxProperties: 1000,
            default: { ...(defaults.maxMonthlyBudget ?? DEFAULT_MAX_MONTHLY_BUDGET) },
        },
    }),
    resourceTypes: [TYPES.redisDatabase],
    checkResource: checkBudget,
};
