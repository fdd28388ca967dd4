/**
 * What the real providers make of a program's inputs, from test/fixtures/real-provider-shapes.json
 * (recorded under the real engine by `npm run record-shapes`, checked for drift by the e2e suite):
 *  - Remediate and Analyze get the *checked* inputs: the Upstash provider fills its Terraform defaults
 *    (`budget: 20`, `tls: false`, …) and lists them in `__defaults` (which the engine drops before
 *    Analyze; the harness does the same);
 *  - AnalyzeStack gets the planned outputs: the Vercel provider adds computed attributes (`id`,
 *    `comment`, `customEnvironmentIds`, `teamId`, …) that are unknown in a first preview; the Upstash
 *    provider adds a few known flags and no credential output at all until the database exists.
 * Types the file does not cover (providers that cannot run here) echo their inputs.
 */
import * as fs from "fs";
import * as path from "path";
import type { ProviderShapes, RecordedResource } from "../../scripts/record-provider-shapes";
import { UNKNOWN, isSecretEnvelope } from "./wire";

type Shape = string | Shape[] | { [key: string]: Shape };
type Props = Record<string, unknown>;

export interface TypeShape {
    /** The provider's defaults for inputs a program leaves unset. */
    defaults: Record<string, unknown>;
    /** Whether the provider lists the defaulted inputs in `__defaults` (Terraform SDKv2 bridge). */
    listsDefaults: boolean;
    /** Inputs as Analyze sees them, and the planned outputs of a create. */
    analyze: Shape;
    stack: Shape;
    /** Booleans and numbers the provider put into the planned outputs. */
    primitives: Record<string, unknown>;
}

const SHAPES_FILE = path.resolve(__dirname, "..", "fixtures", "real-provider-shapes.json");

let byType: Map<string, TypeShape> | undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every record of a type merged: the defaults of the sparsest declaration, the shapes of any. */
function merge(records: RecordedResource[]): TypeShape {
    const sparsest = records.reduce((a, b) => (Object.keys(b.remediate.defaults).length > Object.keys(a.remediate.defaults).length ? b : a));
    return {
        defaults: sparsest.remediate.defaults,
        listsDefaults: isRecord(sparsest.remediate.shape) && "__defaults" in sparsest.remediate.shape,
        analyze: sparsest.analyze.shape,
        stack: sparsest.stack.shape,
        primitives: sparsest.stack.primitives,
    };
}

export function recordedShapes(): Map<string, TypeShape> {
    if (!byType) {
        const file = JSON.parse(fs.readFileSync(SHAPES_FILE, "utf8")) as ProviderShapes;
        const grouped = new Map<string, RecordedResource[]>();
        for (const record of Object.values(file.resources)) {
            grouped.set(record.type, [...(grouped.get(record.type) ?? []), record]);
        }
        byType = new Map([...grouped].map(([type, records]) => [type, merge(records)]));
    }
    return byType;
}

/** A value for a computed attribute of an existing resource (what a real create returns, for the attributes the pack may read). */
function computedValue(key: string, name: string): unknown {
    switch (key) {
        case "id":
            return `${name}-id`;
        case "teamId":
            return "team_upstashguard";
        case "comment":
            return "";
        case "customEnvironmentIds":
            return [];
        case "applyToAllCustomEnvironments":
            return false;
        default:
            return null;
    }
}

function zeroOf(kind: Shape): unknown {
    return kind === "boolean" ? false : kind === "number" ? 0 : kind === "string" ? "" : null;
}

/** The inputs with what the provider adds to its planned outputs, at every level the shapes describe. */
function withComputed(value: unknown, analyzeShape: Shape | undefined, stackShape: Shape, existing: boolean, name: string, primitives: Record<string, unknown>): unknown {
    if (Array.isArray(value) && Array.isArray(stackShape) && stackShape.length > 0) {
        const itemAnalyze = Array.isArray(analyzeShape) ? analyzeShape[0] : undefined;
        return value.map((item) => withComputed(item, itemAnalyze, stackShape[0], existing, name, {}));
    }
    if (!isRecord(value) || !isRecord(stackShape) || isSecretEnvelope(value)) {
        return value;
    }
    const analyzed = isRecord(analyzeShape) ? analyzeShape : {};
    const out: Props = {};
    for (const [key, item] of Object.entries(value)) {
        out[key] = key in stackShape ? withComputed(item, analyzed[key], stackShape[key], existing, name, {}) : item;
    }
    for (const [key, kind] of Object.entries(stackShape)) {
        if (key in analyzed || key in out) {
            continue;
        }
        if (kind === "unknown") {
            out[key] = existing ? computedValue(key, name) : UNKNOWN;
        } else {
            out[key] = key in primitives ? primitives[key] : zeroOf(kind);
        }
    }
    return out;
}

export interface RealView {
    /** The checked inputs, as Remediate receives them (`__defaults` included where the provider lists it). */
    inputs: Props;
    /** The outputs AnalyzeStack receives: planned (new stack) or recorded in the state (existing stack). */
    outputs: Props;
}

/**
 * What the engine hands a pack for a resource whose program set `programInputs`. `existingOutputs`
 * are outputs an existing resource has that a first preview does not show (endpoints, tokens, ids).
 */
export function realView(type: string, name: string, programInputs: Props, existing: boolean, existingOutputs: Props = {}): RealView {
    const shape = recordedShapes().get(type);
    if (!shape) {
        return { inputs: programInputs, outputs: { ...programInputs, ...(existing ? existingOutputs : {}) } };
    }
    const checked: Props = { ...programInputs };
    const defaulted: string[] = [];
    for (const [key, value] of Object.entries(shape.defaults)) {
        if (!(key in programInputs)) {
            checked[key] = value;
            defaulted.push(key);
        }
    }
    const outputs = withComputed(checked, shape.analyze, shape.stack, existing, name, shape.primitives) as Props;
    return {
        inputs: shape.listsDefaults ? { ...checked, __defaults: defaulted.sort() } : checked,
        outputs: existing ? { ...outputs, ...existingOutputs } : outputs,
    };
}
