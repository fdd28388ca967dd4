/**
 * What the components share: the stage they deploy, and the error a wrong input raises. The stage
 * rules are the pack's own (`@upstash-guard/policies/analysis/stage`), imported, so a component and
 * the policy it satisfies cannot disagree.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_PRODUCTION_STAGES, isProductionStage } from "@upstash-guard/policies/analysis/stage";

/** A wrong input, refused at construction: names the component, the input and the policy it protects. */
export class GuardInputError extends Error {
    constructor(
        readonly component: string,
        readonly resourceName: string,
        readonly input: string,
        readonly policy: string,
        problem: string,
    ) {
        super(`${component} '${resourceName}': input \`${input}\` ${problem} (policy ${policy}).`);
        this.name = "GuardInputError";
    }
}

export interface StageInputs {
    /** The stage (environment) this deploys; the stack name when unset. */
    stage?: string;
    /** Stages that are production, as the policies' `productionStages` (`prod-eu` matches `prod`); the policies' default when unset. */
    productionStages?: string[];
}

export interface ResolvedStage {
    stage: string;
    production: boolean;
    productionStages: readonly string[];
}

/** The tokens a component wiring a database into an app is given, and which of them the app gets. */
export interface TokenInputs {
    restToken?: pulumi.Input<string>;
    readOnlyRestToken?: pulumi.Input<string>;
    readOnly?: boolean;
}

/** The token for the access asked for: the read-only one with `readOnly`, the read-write one otherwise; each required then. */
export function tokenFor(component: string, name: string, args: TokenInputs): pulumi.Input<string> {
    if (args.readOnly === true) {
        if (args.readOnlyRestToken === undefined) {
            throw new GuardInputError(component, name, "readOnlyRestToken", "upstash-read-only-tokens-where-possible", "is required with `readOnly: true`");
        }
        return args.readOnlyRestToken;
    }
    if (args.restToken === undefined) {
        throw new GuardInputError(component, name, "restToken", "upstash-credentials-only-in-secret-env-vars", "is required unless `readOnly: true` (then give `readOnlyRestToken`)");
    }
    return args.restToken;
}

/** The stage: given, or the stack's name (the policies' default too). */
export function resolveStage(component: string, name: string, args: StageInputs): ResolvedStage {
    const stage = args.stage ?? pulumi.getStack();
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(stage)) {
        throw new GuardInputError(component, name, "stage", "upstash-separate-database-per-stage", "must be a stage name of letters, digits, `-` and `_`");
    }
    const productionStages = args.productionStages ?? DEFAULT_PRODUCTION_STAGES;
    return { stage, production: isProductionStage(stage, productionStages), productionStages };
}
