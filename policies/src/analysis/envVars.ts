/**
 * Vercel environment variables, whichever of the four resource shapes declares them.
 */
import { shownText } from "./credentials";
import { VercelTarget } from "./stage";
import { TYPES } from "./types";
import { PlainObject, PlainValue, Unknown, UNKNOWN, asArray, asObject, asString, isUnknown } from "./values";

export interface EnvVar {
    /** Top-level property holding the value: the key to look up in `propertyDependencies`. */
    property: "value" | "valueWo" | "variables" | "environments";
    /** Where in the resource, for messages and remediation: `value`, `variables[1]`, `environments[0]`. */
    location: string;
    /** Index into the `variables`/`environments` list, when the variable is one of several. */
    index?: number;
    key: string | Unknown;
    /** The value (from `valueWo` when write-only); `undefined` when absent. */
    value: string | Unknown | undefined;
    writeOnly: boolean;
    sensitive: boolean | Unknown | undefined;
    /** Every deployment target the variable reaches; `UNKNOWN` while they cannot be known. */
    targets: VercelTarget[] | Unknown;
}

export const ENV_VAR_TYPES: ReadonlySet<string> = new Set([
    TYPES.projectEnvironmentVariable,
    TYPES.projectEnvironmentVariables,
    TYPES.sharedEnvironmentVariable,
    TYPES.vercelProject,
]);

const ALL_STANDARD_TARGETS: VercelTarget[] = ["production", "preview", "development"];

function targetsOf(entry: PlainObject): VercelTarget[] | Unknown {
    const rawTargets = entry.targets;
    const rawCustom = entry.customEnvironmentIds;
    if (isUnknown(rawTargets) || isUnknown(rawCustom)) {
        return UNKNOWN;
    }
    const targets: VercelTarget[] = [];
    for (const t of asArray(rawTargets)) {
        if (isUnknown(t)) {
            return UNKNOWN;
        }
        if (t === "production" || t === "preview" || t === "development") {
            targets.push(t);
        }
    }
    if (asArray(rawCustom).length > 0 || entry.applyToAllCustomEnvironments === true) {
        targets.push("custom");
    }
    // Vercel requires targets or custom environments; when neither is given, assume the widest reach.
    return targets.length > 0 ? targets : [...ALL_STANDARD_TARGETS];
}

function sensitiveOf(value: PlainValue | undefined): boolean | Unknown | undefined {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    return typeof value === "boolean" ? value : undefined;
}

function stringOrUnknown(value: PlainValue | undefined): string | Unknown | undefined {
    return isUnknown(value) ? UNKNOWN : asString(value);
}

function valueOf(entry: PlainObject): { value: string | Unknown | undefined; writeOnly: boolean } {
    const wo = entry.valueWo;
    if (wo !== undefined && wo !== null) {
        return { value: stringOrUnknown(wo), writeOnly: true };
    }
    return { value: stringOrUnknown(entry.value), writeOnly: false };
}

function keyOf(entry: PlainObject): string | Unknown {
    return isUnknown(entry.key) ? UNKNOWN : asString(entry.key) ?? "";
}

function single(props: PlainObject): EnvVar {
    const { value, writeOnly } = valueOf(props);
    const property = writeOnly ? "valueWo" : "value";
    return { property, location: property, key: keyOf(props), value, writeOnly, sensitive: sensitiveOf(props.sensitive), targets: targetsOf(props) };
}

function listed(props: PlainObject, property: "variables" | "environments"): EnvVar[] {
    return asArray(props[property]).flatMap((item, index): EnvVar[] => {
        const entry = asObject(item);
        if (!entry) {
            return [];
        }
        return [{
            property,
            location: `${property}[${index}]`,
            index,
            key: keyOf(entry),
            ...valueOf(entry),
            sensitive: sensitiveOf(entry.sensitive),
            targets: targetsOf(entry),
        }];
    });
}

/** Every environment variable a resource declares (none for resources that are not Vercel env vars). */
export function envVarsOf(type: string, props: PlainObject): EnvVar[] {
    switch (type) {
        case TYPES.projectEnvironmentVariable:
        case TYPES.sharedEnvironmentVariable:
            return [single(props)];
        case TYPES.projectEnvironmentVariables:
            return listed(props, "variables");
        case TYPES.vercelProject:
            return listed(props, "environments");
        default:
            return [];
    }
}

export function keyText(envVar: EnvVar): string {
    return isUnknown(envVar.key) ? "(key unknown during preview)" : shownText(envVar.key);
}

/** True when the variable reaches a target where Vercel allows (and this pack requires) `sensitive`. */
export function reachesSensitiveCapableTarget(envVar: EnvVar): boolean {
    return isUnknown(envVar.targets) || envVar.targets.some((t) => t !== "development");
}

/** Protected: write-only, or sensitive, or development-only (where Vercel forbids sensitive). */
export function isProtectedEnvVar(envVar: EnvVar): boolean | Unknown {
    if (envVar.writeOnly || envVar.sensitive === true) {
        return true;
    }
    if (!reachesSensitiveCapableTarget(envVar)) {
        return true;
    }
    return isUnknown(envVar.sensitive) ? UNKNOWN : false;
}

/** The leaf path of a variable's value, as `leavesOf` spells it. */
export function valuePathOf(envVar: EnvVar): string {
    return envVar.index === undefined ? envVar.property : `${envVar.location}.value`;
}
