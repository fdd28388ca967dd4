import * as pulumi from "@pulumi/pulumi";
import { ProjectEnvironmentVariable } from "@pulumiverse/vercel/projectEnvironmentVariable";
import { clientExposedPrefix } from "@upstash-guard/policies/analysis/credentials";
import { GuardInputError, StageInputs, resolveStage, tokenFor } from "./guard";

const COMPONENT = "VercelRedisVariables";
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface VercelRedisVariablesArgs extends StageInputs {
    /** The Vercel project's id. */
    projectId: pulumi.Input<string>;
    /** The database's REST URL (`StageRedisDatabase.restUrl`). */
    restUrl: pulumi.Input<string>;
    /** The read-write REST token (`StageRedisDatabase.restToken`); required unless `readOnly`. */
    restToken?: pulumi.Input<string>;
    /** The read-only REST token (`StageRedisDatabase.readOnlyRestToken`); required with `readOnly`. */
    readOnlyRestToken?: pulumi.Input<string>;
    /** The app only reads: it gets the read-only token (policy upstash-read-only-tokens-where-possible). */
    readOnly?: boolean;
    /** The Vercel target: `production` for production stages, `preview` for others (the default follows the stage). */
    target?: string;
    /** Also give `vercel dev` this stage's database, as development-only plain variables (Vercel allows no sensitive development variables); not in production stages. */
    development?: boolean;
    /** Key of the URL variable; `UPSTASH_REDIS_REST_URL` by default. */
    urlKey?: string;
    /** Key of the token variable; `UPSTASH_REDIS_REST_TOKEN` by default. */
    tokenKey?: string;
    /** Further prefixes your framework ships to the browser, as the policies' `extraClientPrefixes`. */
    extraClientPrefixes?: string[];
}

/**
 * A Redis database wired into a Vercel project: its URL and token as sensitive server-side
 * variables of the stage's own target, the read-only token when the app only reads, never under a
 * key the browser sees.
 */
export class VercelRedisVariables extends pulumi.ComponentResource {
    /** The Vercel target the variables reach. */
    public readonly target: pulumi.Output<string>;
    /** Keys of the variables: the URL's, then the token's. */
    public readonly keys: pulumi.Output<string[]>;

    constructor(name: string, args: VercelRedisVariablesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("upstash-guard-components:index:VercelRedisVariables", name, {}, opts);
        const { stage, production } = resolveStage(COMPONENT, name, args);
        const target = targetOf(name, args.target, stage, production);
        if (args.development === true && production) {
            throw new GuardInputError(COMPONENT, name, "development", "upstash-separate-database-per-stage", `must not be true in production stage "${stage}": development would read the production database`);
        }
        const urlKey = checkedKey(name, "urlKey", args.urlKey ?? "UPSTASH_REDIS_REST_URL", args.extraClientPrefixes ?? []);
        const tokenKey = checkedKey(name, "tokenKey", args.tokenKey ?? "UPSTASH_REDIS_REST_TOKEN", args.extraClientPrefixes ?? []);
        if (urlKey === tokenKey) {
            throw new GuardInputError(COMPONENT, name, "tokenKey", "upstash-credentials-only-in-secret-env-vars", "must differ from `urlKey`");
        }
        const token = tokenFor(COMPONENT, name, args);

        const variable = (suffix: string, key: string, value: pulumi.Input<string>, targets: string[], sensitive: boolean) =>
            new ProjectEnvironmentVariable(`${name}-${suffix}`, { projectId: args.projectId, key, value, targets, sensitive }, { parent: this });
        variable("url", urlKey, args.restUrl, [target], true);
        variable("token", tokenKey, token, [target], true);
        if (args.development === true) {
            variable("dev-url", urlKey, args.restUrl, ["development"], false);
            variable("dev-token", tokenKey, token, ["development"], false);
        }
        this.target = pulumi.output(target);
        this.keys = pulumi.output([urlKey, tokenKey]);
        this.registerOutputs({ target: this.target, keys: this.keys });
    }
}

function targetOf(name: string, given: string | undefined, stage: string, production: boolean): string {
    const target = given ?? (production ? "production" : "preview");
    if (target !== "production" && target !== "preview") {
        throw new GuardInputError(COMPONENT, name, "target", "upstash-separate-database-per-stage", `must be "production" or "preview", not "${target}"`);
    }
    if (production !== (target === "production")) {
        const expected = production ? "production" : "preview";
        throw new GuardInputError(COMPONENT, name, "target", "upstash-separate-database-per-stage", `is "${target}" but stage "${stage}" deploys to "${expected}": each stage's database feeds its own target only`);
    }
    return target;
}

function checkedKey(name: string, input: string, key: string, extraPrefixes: readonly string[]): string {
    if (!ENV_KEY.test(key)) {
        throw new GuardInputError(COMPONENT, name, input, "upstash-credentials-only-in-secret-env-vars", "must be an environment variable name (letters, digits, `_`)");
    }
    const prefix = clientExposedPrefix(key, extraPrefixes);
    if (prefix !== undefined) {
        throw new GuardInputError(COMPONENT, name, input, "upstash-no-client-exposed-credentials", `is ${key}, whose prefix ${prefix} ships it to the browser; use a server-side name`);
    }
    return key;
}
