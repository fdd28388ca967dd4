/**
 * Policy configuration: one JSON Schema per policy, sent to the engine (which fills defaults and
 * validates types) and enforced again here, strictly, so that a typo in `--policy-pack-config`
 * fails loudly with the key's name instead of silently disabling a setting.
 */
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { DEFAULT_PRODUCTION_STAGES, StageSettings } from "../analysis/stage";

export interface Exemption {
    /** Resource name or URN; `*` matches any run of characters. */
    resource: string;
    reason: string;
    /** `YYYY-MM-DD`; the exemption holds through that day (UTC). */
    expires?: string;
}

/** Settings every policy accepts. */
export interface CommonConfig {
    exemptions: Exemption[];
}

/** Defaults an organisation can set once, in code, for every policy of its own pack. */
export interface UpstashGuardOptions {
    stageTag?: string;
    productionStages?: string[];
    extraClientPrefixes?: string[];
    allowReadOnlyTokensInClient?: boolean;
    extraSecretStoreTypes?: string[];
    productionHosts?: string[];
    maxMonthlyBudget?: Record<string, number>;
    readOnlyKeys?: string[];
    readOnlyProjects?: string[];
    appRateLimitedProjects?: string[];
    exemptions?: Exemption[];
}

export type ConfigProperties = Record<string, PolicyConfigJSONSchema>;

const DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const MAX_LIST = 1000;

export function exemptionsProperty(defaults: UpstashGuardOptions): ConfigProperties {
    return {
        exemptions: {
            description: "Resources this policy does not apply to, each with a reason and an optional expiry date.",
            type: "array",
            maxItems: MAX_LIST,
            items: {
                type: "object",
                additionalProperties: false,
                required: ["resource", "reason"],
                properties: {
                    resource: { type: "string", minLength: 1, maxLength: 1024, description: "Resource name or URN; * matches anything." },
                    reason: { type: "string", minLength: 1, maxLength: 1024, pattern: "\\S", description: "Why the resource is exempt." },
                    expires: { type: "string", pattern: DATE_PATTERN, description: "Last day the exemption holds (YYYY-MM-DD)." },
                },
            },
            default: defaults.exemptions ?? [],
        },
    };
}

export function stringList(description: string, defaultValue: readonly string[]): PolicyConfigJSONSchema {
    return { description, type: "array", maxItems: MAX_LIST, items: { type: "string", minLength: 1, maxLength: 1024 }, default: [...defaultValue] };
}

export function clientPrefixesProperty(defaults: UpstashGuardOptions): PolicyConfigJSONSchema {
    return stringList("Further variable-name prefixes that your framework inlines into browser code.", defaults.extraClientPrefixes ?? []);
}

export function allowReadOnlyProperty(defaults: UpstashGuardOptions): PolicyConfigJSONSchema {
    return {
        description: "Let read-only tokens into client-exposed variables (e.g. a search UI that queries Upstash from the browser).",
        type: "boolean",
        default: defaults.allowReadOnlyTokensInClient ?? false,
    };
}

export function stageProperties(defaults: UpstashGuardOptions): ConfigProperties {
    const stageTag: PolicyConfigJSONSchema = { description: "Stack tag whose value names the stage; the stack name is used when unset.", type: "string", minLength: 1, maxLength: 256 };
    if (defaults.stageTag !== undefined) {
        stageTag.default = defaults.stageTag;
    }
    return {
        stageTag,
        productionStages: stringList("Stages that are production (a `-suffix` or `_suffix` is allowed, e.g. prod-eu).", defaults.productionStages ?? DEFAULT_PRODUCTION_STAGES),
    };
}

export function stageSettingsOf(config: { stageTag?: string; productionStages: string[] }): StageSettings {
    return { stageTag: config.stageTag, productionStages: config.productionStages };
}

export class PolicyConfigError extends Error {
    constructor(policyName: string, problems: string[]) {
        super(`upstash-guard: invalid config for policy '${policyName}': ${problems.join("; ")}`);
        this.name = "PolicyConfigError";
    }
}

function keyPath(instancePath: string, extra?: string): string {
    const parts = instancePath.split("/").filter((p) => p.length > 0);
    if (extra !== undefined) {
        parts.push(extra);
    }
    return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}

function describeError(error: ErrorObject): string {
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
        case "additionalProperties":
            return `unknown key '${keyPath(error.instancePath, String(params.additionalProperty))}'`;
        case "required":
            return `'${keyPath(error.instancePath, String(params.missingProperty))}' is required`;
        default:
            return `'${keyPath(error.instancePath) || "(config)"}' ${error.message ?? "is invalid"}`;
    }
}

function calendarProblems(exemptions: unknown): string[] {
    if (!Array.isArray(exemptions)) {
        return [];
    }
    return exemptions.flatMap((exemption: unknown, i: number) => {
        const expires = (exemption as Partial<Exemption> | null)?.expires;
        if (typeof expires !== "string") {
            return [];
        }
        const date = new Date(`${expires}T00:00:00Z`);
        return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== expires ? [`'exemptions[${i}].expires' is not a real date (YYYY-MM-DD)`] : [];
    });
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });

/** Validates and completes a policy's config; throws `PolicyConfigError` naming every bad key. */
export class ConfigValidator<T> {
    private validate: ValidateFunction | undefined;
    private lastInput: string | undefined;
    private lastResult: T | undefined;

    constructor(private readonly policyName: string, private readonly properties: ConfigProperties) {}

    resolve(raw: object): T {
        const input = JSON.stringify(raw);
        if (input === this.lastInput && this.lastResult !== undefined) {
            return this.lastResult;
        }
        this.validate ??= ajv.compile({ type: "object", additionalProperties: false, properties: this.properties });
        const config: unknown = JSON.parse(input);
        const problems = this.validate(config) ? [] : (this.validate.errors ?? []).map(describeError);
        problems.push(...calendarProblems((config as Record<string, unknown>).exemptions));
        if (problems.length > 0) {
            throw new PolicyConfigError(this.policyName, problems);
        }
        this.lastInput = input;
        this.lastResult = config as T;
        return this.lastResult;
    }
}
