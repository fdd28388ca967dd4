import * as pulumi from "@pulumi/pulumi";
import { RedisDatabase } from "@upstash/pulumi/redisDatabase";
import { BudgetCaps, DEFAULT_MAX_MONTHLY_BUDGET, budgetCapFor, nameCarriesStage } from "@upstash-guard/policies/analysis/stage";
import { GuardInputError, StageInputs, resolveStage } from "./guard";

const COMPONENT = "StageRedisDatabase";

export interface StageRedisDatabaseArgs extends StageInputs {
    /** The app's name: the database is named `<app>-<stage>`. */
    app: string;
    /** Monthly budget in USD, required: positive and within the stage's cap (policy upstash-budget-required). */
    budget: number;
    /** Primary region of the global database, e.g. `eu-west-1`. */
    primaryRegion: string;
    /** Read regions of the global database. */
    readRegions?: string[];
    /** Evict keys when the database is full. */
    eviction?: boolean;
    /** Caps in USD per month by stage (`production`, `default` or a stage name), as the budget policy's `maxMonthlyBudget`; the policy's default when unset. */
    maxMonthlyBudget?: { [stage: string]: number };
}

/**
 * An Upstash Redis database for one stage: named `<app>-<stage>`, TLS on, an explicit budget within
 * the stage's cap; its credentials are secret outputs.
 */
export class StageRedisDatabase extends pulumi.ComponentResource {
    /** `<app>-<stage>`. */
    public readonly databaseName: pulumi.Output<string>;
    /** The database's host. */
    public readonly endpoint: pulumi.Output<string>;
    /** `https://<endpoint>`, for the REST API. */
    public readonly restUrl: pulumi.Output<string>;
    /** Read-write REST token (secret). */
    public readonly restToken: pulumi.Output<string>;
    /** Read-only REST token (secret). */
    public readonly readOnlyRestToken: pulumi.Output<string>;
    /** Redis password (secret). */
    public readonly password: pulumi.Output<string>;

    constructor(name: string, args: StageRedisDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("upstash-guard-components:index:StageRedisDatabase", name, {}, opts);
        const { stage, productionStages } = resolveStage(COMPONENT, name, args);
        const databaseName = `${args.app}-${stage}`;
        if (typeof args.app !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(args.app) || !nameCarriesStage(databaseName, stage)) {
            throw new GuardInputError(COMPONENT, name, "app", "upstash-separate-database-per-stage", "must be a name of letters, digits, `-` and `_`, so that `<app>-<stage>` names the stage");
        }
        checkBudget(name, args.budget, stage, args.maxMonthlyBudget ?? DEFAULT_MAX_MONTHLY_BUDGET, productionStages);

        const database = new RedisDatabase(
            name,
            {
                databaseName,
                region: "global",
                primaryRegion: args.primaryRegion,
                readRegions: args.readRegions,
                tls: true,
                budget: args.budget,
                eviction: args.eviction,
            },
            { parent: this },
        );
        this.databaseName = database.databaseName;
        this.endpoint = database.endpoint;
        this.restUrl = pulumi.interpolate`https://${database.endpoint}`;
        this.restToken = pulumi.secret(database.restToken);
        this.readOnlyRestToken = pulumi.secret(database.readOnlyRestToken);
        this.password = pulumi.secret(database.password);
        // The credentials stay out of the component's own state: a resource field holding one is a plain
        // place to upstash-credentials-only-in-secret-env-vars (the database keeps them; these outputs read them).
        this.registerOutputs({ databaseName: this.databaseName, endpoint: this.endpoint, restUrl: this.restUrl });
    }
}

function checkBudget(name: string, budget: unknown, stage: string, caps: BudgetCaps, productionStages: readonly string[]): void {
    const cap = budgetCapFor(stage, caps, productionStages);
    const capText = cap === undefined ? "" : `, at most ${cap} USD for stage "${stage}"`;
    if (typeof budget !== "number" || !Number.isFinite(budget) || budget <= 0) {
        throw new GuardInputError(COMPONENT, name, "budget", "upstash-budget-required", `must be a positive monthly budget in USD${capText}`);
    }
    if (cap !== undefined && budget > cap) {
        throw new GuardInputError(COMPONENT, name, "budget", "upstash-budget-required", `is ${budget} USD, above the cap of ${cap} USD per month for stage "${stage}" (\`maxMonthlyBudget\`)`);
    }
}
