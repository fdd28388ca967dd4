/**
 * Which properties the program itself set on each resource, as the engine showed them to `Analyze`.
 *
 * `AnalyzeStack` sees each resource's planned *outputs*, where a provider adds attributes it computes
 * (the real Vercel provider: `id`, `comment`, `customEnvironmentIds`, `teamId`, …), unknown during a
 * preview. An unknown the program never set says nothing about the program: read as "may be
 * anything", it would turn a development-only variable into "may also target a custom environment"
 * and hide real findings behind "can't be known" notes. The engine sends every resource's checked
 * inputs to `Analyze`, in the same process, before `AnalyzeStack`; this remembers their property
 * paths, and which of them the provider rather than the program filled (its `__defaults`).
 */
import { PlainObject, PlainValue, isUnknown } from "./values";

/** The key under which Terraform-bridged providers list the inputs their `Check` filled with defaults. */
export const DEFAULTS_KEY = "__defaults";

const pathsByUrn = new Map<string, ReadonlySet<string>>();
/** Most resources of a type share one set of paths: keep one copy of each. */
const internedPathSets = new Map<string, ReadonlySet<string>>();

const providerDefaultsByUrn = new Map<string, ReadonlySet<string>>();

/** Remembers the inputs a provider's `Check` filled with defaults (its `__defaults` list). */
export function recordProviderDefaults(urn: string, keys: readonly string[]): void {
    if (keys.length > 0) {
        providerDefaultsByUrn.set(urn, new Set(keys));
    } else {
        providerDefaultsByUrn.delete(urn);
    }
}

/** Paths deeper than this are not followed: unknowns below them are kept (and said to be unknown). */
const MAX_RECORDED_DEPTH = 8;

function childPath(parent: string, key: string | number): string {
    return typeof key === "number" ? `${parent}[${key}]` : parent === "" ? key : `${parent}.${key}`;
}

/** Every property path of a value (`variables`, `variables[0]`, `variables[0].key`, …). */
function pathsOf(value: PlainValue, path: string, depth: number, out: string[]): void {
    if (depth >= MAX_RECORDED_DEPTH || value === null || typeof value !== "object" || isUnknown(value)) {
        return;
    }
    const entries: [string | number, PlainValue][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [key, item] of entries) {
        const p = childPath(path, key);
        out.push(p);
        pathsOf(item, p, depth + 1, out);
    }
}

/** Remembers the property paths a program set on a resource (provider-filled defaults are not the program's). */
export function recordProgramInputs(urn: string, inputs: PlainObject, defaulted: ReadonlySet<string>): void {
    const paths: string[] = [];
    for (const [key, value] of Object.entries(inputs)) {
        if (key !== DEFAULTS_KEY && !defaulted.has(key)) {
            paths.push(key);
            pathsOf(value, key, 1, paths);
        }
    }
    const signature = paths.join("\u0000");
    let set = internedPathSets.get(signature);
    if (!set) {
        set = new Set(paths);
        internedPathSets.set(signature, set);
    }
    pathsByUrn.set(urn, set);
}

/** A copy of a value without the unknowns at paths the program did not set; the value itself when there are none. */
function pruned(value: PlainValue, path: string, setByProgram: ReadonlySet<string>, depth: number): PlainValue {
    if (depth >= MAX_RECORDED_DEPTH || value === null || typeof value !== "object" || isUnknown(value)) {
        return value;
    }
    if (Array.isArray(value)) {
        let copy: PlainValue[] | undefined;
        value.forEach((item, i) => {
            const next = pruned(item, childPath(path, i), setByProgram, depth + 1);
            if (next !== item) {
                copy ??= [...value];
                copy[i] = next;
            }
        });
        return copy ?? value;
    }
    let copy: PlainObject | undefined;
    for (const [key, item] of Object.entries(value)) {
        const p = childPath(path, key);
        if (isUnknown(item) && !setByProgram.has(p)) {
            copy ??= { ...value };
            delete copy[key];
            continue;
        }
        const next = pruned(item, p, setByProgram, depth + 1);
        if (next !== item) {
            copy ??= { ...value };
            copy[key] = next;
        }
    }
    return copy ?? value;
}

/**
 * Outputs without the unknowns a provider computes: an unknown at a property path the program did
 * not set is dropped. Without a record of the inputs, every unknown stays (and is said to be unknown).
 */
export function withoutComputedUnknowns(urn: string, outputs: PlainObject): PlainObject {
    const setByProgram = pathsByUrn.get(urn);
    return setByProgram ? (pruned(outputs, "", setByProgram, 0) as PlainObject) : outputs;
}

/**
 * The inputs of a resource the provider filled with defaults, and its inputs without the
 * `__defaults` list (which the engine sends only to `Remediate`, where it was recorded).
 */
export function splitDefaults(urn: string, inputs: PlainObject): { props: PlainObject; defaulted: ReadonlySet<string> } {
    const recorded = providerDefaultsByUrn.get(urn) ?? NONE;
    const listed = inputs[DEFAULTS_KEY];
    if (listed === undefined) {
        return { props: inputs, defaulted: recorded };
    }
    const { [DEFAULTS_KEY]: _omitted, ...props } = inputs;
    const inline = Array.isArray(listed) ? listed.filter((k): k is string => typeof k === "string") : [];
    return { props, defaulted: new Set([...recorded, ...inline]) };
}

const NONE: ReadonlySet<string> = new Set();
