/**
 * Which stage (environment) a stack deploys, and whether it is production.
 */

export interface StageSettings {
    /** Stack tag whose value names the stage; when unset or absent on the stack, the stack name is the stage. */
    stageTag?: string;
    /** Stages that are production. A stage also counts when it is one of these followed by `-` or `_` and a suffix (`prod-eu`). */
    productionStages: string[];
}

export const DEFAULT_PRODUCTION_STAGES: readonly string[] = ["prod", "production", "prd", "live"];

/** The stack name, which Pulumi puts right after `urn:pulumi:` in every URN. */
export function stackNameOf(urn: string): string | undefined {
    const match = /^urn:pulumi:([^:]+)::/.exec(urn);
    return match ? match[1] : undefined;
}

/** The stage of a stack: its `stageTag` tag when configured and set, otherwise the stack name. */
export function stageOf(stackName: string | undefined, stackTags: ReadonlyMap<string, string>, settings: StageSettings): string | undefined {
    if (settings.stageTag) {
        const tagged = stackTags.get(settings.stageTag);
        if (tagged) {
            return tagged;
        }
    }
    return stackName;
}

export function isProductionStage(stage: string, productionStages: readonly string[]): boolean {
    const normalized = stage.toLowerCase();
    return productionStages.some((prod) => {
        const p = prod.toLowerCase();
        return normalized === p || normalized.startsWith(`${p}-`) || normalized.startsWith(`${p}_`);
    });
}

/** Monthly budget caps in USD: `production`, `default`, or a stage name (the budget policy's `maxMonthlyBudget`). */
export type BudgetCaps = Readonly<Record<string, number>>;

export const DEFAULT_MAX_MONTHLY_BUDGET: BudgetCaps = { production: 500, default: 50 };

/** The cap for a stage: its own entry, else `production` for production stages, else `default`. */
export function budgetCapFor(stage: string | undefined, caps: BudgetCaps, productionStages: readonly string[]): number | undefined {
    if (stage !== undefined && caps[stage] !== undefined) {
        return caps[stage];
    }
    if (stage !== undefined && isProductionStage(stage, productionStages) && caps.production !== undefined) {
        return caps.production;
    }
    return caps.default;
}

/** Vercel deployment targets; anything but `production` is a non-production stage. */
export type VercelTarget = "production" | "preview" | "development" | "custom";

/**
 * Whether a name carries the stage as a word of its own: `shop-dev`, `dev_cache`, `Shop.Dev` do for
 * `dev`; `shop-devtools` does not.
 */
export function nameCarriesStage(name: string, stage: string): boolean {
    const haystack = name.toLowerCase();
    const needle = stage.toLowerCase();
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
        const before = at === 0 ? "" : haystack[at - 1];
        const after = haystack[at + needle.length] ?? "";
        if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) {
            return true;
        }
    }
    return false;
}

/**
 * What a policy says when it was told to read the stage from a stack tag and the engine named no
 * stack: a preview always names it (with the stack's tags, if any), `pulumi policy analyze` does not,
 * and the stage then silently becoming the stack name would be a judgement nobody asked for.
 * `engineSentStack` is `undefined` when the pack could not tell, and then it says nothing.
 */
export function stageFromStackNameNote(stageTag: string | undefined, engineSentStack: boolean | undefined, stackName: string | undefined): string | undefined {
    if (!stageTag || engineSentStack !== false || stackName === undefined) {
        return undefined;
    }
    return (
        `the stage was taken from the stack name "${stackName}", not from the stack tag "${stageTag}" (stageTag), because the engine sent no stack tags ` +
        "(`pulumi policy analyze` sends none); findings that depend on the stage were judged for that stage. " +
        "Name stacks after their stage, or check the stack with `pulumi preview --policy-pack`, which sends its tags."
    );
}
