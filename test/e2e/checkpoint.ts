/**
 * An existing stack without `pulumi up` (which would call the Upstash and Vercel APIs): previews the
 * program under the real engine and providers through a state-recording pack (state-pack/), turns
 * the checked inputs and planned outputs into a checkpoint whose unknowns hold what a real create
 * returns (ids, endpoints, fake credentials, the provider's computed attributes), and imports it with
 * `pulumi stack import`. A second round re-reads the inputs the program now computes from those
 * outputs, so that a preview of the imported stack finds nothing to change.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { fakeCredentials } from "../harness/fake-credentials";
import { UNKNOWN, checkpointSecret } from "../harness/wire";
import { PreviewResult, REPO, Workspace } from "./engine";

const STATE_PACK = path.join(REPO, "test", "e2e", "state-pack");
const UPSTREAM = process.env.UPSTASH_GUARD_UPSTREAM ?? path.join(REPO, "..", "shared", "upstream");
const SCHEMA_FILES = [
    path.join(UPSTREAM, "pulumi-upstash", "provider", "cmd", "pulumi-resource-upstash", "schema.json"),
    path.join(UPSTREAM, "pulumi-vercel", "provider", "cmd", "pulumi-resource-vercel", "schema.json"),
];
/** Fields the providers' schemas mark secret: stored in the checkpoint in Pulumi's secret envelope. */
const SECRET_FIELDS = new Set(["value", "valueWo", "restToken", "readOnlyRestToken", "password", "token", "readOnlyToken", "apiKey", "apiToken"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface RecordedState {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    outputs: JsonObject;
}

interface CheckpointResource {
    urn: string;
    custom: boolean;
    id?: string;
    type: string;
    inputs: JsonObject;
    outputs: JsonObject;
    parent?: string;
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

interface SchemaProperty {
    type?: string;
    $ref?: string;
}

interface Schema {
    resources: Record<string, { properties?: Record<string, SchemaProperty> }>;
    types?: Record<string, { properties?: Record<string, SchemaProperty> }>;
}

let schemas: Schema[] | undefined;

function loadSchemas(): Schema[] {
    schemas ??= SCHEMA_FILES.map((file) => JSON.parse(fs.readFileSync(file, "utf8")) as Schema);
    return schemas;
}

function outputPropertiesOf(type: string): Record<string, SchemaProperty> {
    for (const schema of loadSchemas()) {
        const resource = schema.resources[type];
        if (resource) {
            return resource.properties ?? {};
        }
    }
    return {};
}

function typeOf(ref: string): { properties?: Record<string, SchemaProperty> } | undefined {
    const token = decodeURIComponent(ref.replace(/^#\/types\//, ""));
    for (const schema of loadSchemas()) {
        const found = schema.types?.[token];
        if (found) {
            return found;
        }
    }
    return undefined;
}

/** The schema of a property's nested field, where the property is an object type. */
function fieldOf(property: SchemaProperty | undefined, key: string): SchemaProperty | undefined {
    return property?.$ref ? typeOf(property.$ref)?.properties?.[key] : undefined;
}

/** A value of the property's type: false, 0, "", [], or an object of such values. */
function zeroOf(property: SchemaProperty | undefined, depth = 0): Json {
    switch (property?.type) {
        case "boolean":
            return false;
        case "integer":
        case "number":
            return 0;
        case "string":
            return "";
        case "array":
            return [];
    }
    if (property?.$ref && depth < 4) {
        const fields = typeOf(property.$ref)?.properties ?? {};
        return Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, zeroOf(p, depth + 1)]));
    }
    return null;
}

function isObject(value: Json | undefined): value is JsonObject {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function seedOf(text: string): number {
    return crypto.createHash("sha256").update(text).digest().readUInt32LE(0);
}

/** What a real create returns for an attribute the provider computes (`key` is a path for nested ones). */
function createdValue(resource: RecordedState, key: string, outputs: JsonObject): Json | undefined {
    const credentials = fakeCredentials(seedOf(resource.urn));
    switch (`${resource.type.split(":").pop()}.${key}`) {
        case "Project.id":
            return `prj_${resource.name}`;
        case "RedisDatabase.endpoint":
            return `${String(outputs.databaseName)}-41823.upstash.io`;
        case "RedisDatabase.port":
            return 6379;
        case "RedisDatabase.password":
            return credentials.password;
        case "RedisDatabase.restToken":
            return credentials.restToken;
        case "RedisDatabase.readOnlyRestToken":
            return credentials.readOnlyRestToken;
        case "RedisDatabase.state":
            return "active";
        case "VectorIndex.endpoint":
            return `${String(outputs.name)}-41823-eu1-vector.upstash.io`;
        case "VectorIndex.token":
            return credentials.vectorToken;
        case "VectorIndex.readOnlyToken":
            return credentials.vectorReadOnlyToken;
        case "Project.oidcTokenConfig.enabled":
            // The Terraform schema's default object has it on; a create returns it so.
            return true;
    }
    if (key === "id") {
        // Kubernetes names an object by namespace and name, and replaces it when its id says otherwise.
        const metadata = outputs.metadata;
        if (resource.type.startsWith("kubernetes:") && isObject(metadata) && typeof metadata.name === "string") {
            return typeof metadata.namespace === "string" ? `${metadata.namespace}/${metadata.name}` : metadata.name;
        }
        return `${resource.name}-id`;
    }
    if (key === "teamId") {
        return "team_upstashguard";
    }
    return undefined;
}

/** Unknowns replaced by what a create returns, the previous round's values first (so ids stay put). */
function filled(value: Json, previous: Json | undefined, property: SchemaProperty | undefined, path: string, create: (path: string, property: SchemaProperty | undefined) => Json): Json {
    if (value === UNKNOWN) {
        return previous !== undefined && previous !== UNKNOWN ? previous : create(path, property);
    }
    if (Array.isArray(value)) {
        return value.map((item, i) => filled(item, Array.isArray(previous) ? previous[i] : undefined, undefined, `${path}[${i}]`, create));
    }
    if (isObject(value)) {
        const out: JsonObject = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = filled(v, isObject(previous) ? previous[k] : undefined, path === "" ? property : fieldOf(property, k), path === "" ? k : `${path}.${k}`, create);
        }
        return out;
    }
    return value;
}

function secretsWrapped(props: JsonObject): JsonObject {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(props)) {
        out[key] = SECRET_FIELDS.has(key) && typeof value === "string" ? checkpointSecret(value) : value;
    }
    return out;
}

function outputsOf(resource: RecordedState, previous: JsonObject | undefined): JsonObject {
    const schemaProps = outputPropertiesOf(resource.type);
    const outputs: JsonObject = {};
    const create = (at: string, property: SchemaProperty | undefined): Json => createdValue(resource, at, resource.outputs) ?? zeroOf(property);
    for (const [key, value] of Object.entries(resource.outputs)) {
        // A planned create may carry an empty id (the Upstash provider's): the create gives it one.
        const planned = key === "id" && value === "" ? UNKNOWN : value;
        outputs[key] = filled(planned, previous?.[key], schemaProps[key], key, create);
    }
    // Outputs a planned create leaves out altogether (the Upstash provider's endpoints and tokens).
    for (const key of Object.keys(schemaProps)) {
        const created = key in outputs ? undefined : previous?.[key] ?? createdValue(resource, key, outputs);
        if (created !== undefined) {
            outputs[key] = created;
        }
    }
    return outputs;
}

function readState(file: string): { inputs: Map<string, JsonObject>; resources: RecordedState[] } {
    const inputs = new Map<string, JsonObject>();
    for (const line of fs.readFileSync(`${file}.inputs.jsonl`, "utf8").trim().split("\n")) {
        const { urn, inputs: props } = JSON.parse(line) as { urn: string; inputs: JsonObject };
        inputs.set(urn, props);
    }
    return { inputs, resources: JSON.parse(fs.readFileSync(file, "utf8")) as RecordedState[] };
}

/** Packages whose resources are components (built by a component provider, or in the program's process). */
const COMPONENT_PACKAGES = new Set(["upstash-guard-components"]);

/**
 * Custom resources have a provider (providers are custom themselves). The stack and components built in
 * the program's process have none; a component built by a component provider (a YAML program's) has
 * that provider, and is told by its package.
 */
function isCustom(resource: RecordedState): boolean {
    if (resource.type.startsWith("pulumi:providers:")) {
        return true;
    }
    return resource.type !== "pulumi:pulumi:Stack" && resource.provider !== undefined && !COMPONENT_PACKAGES.has(resource.type.split(":")[0]);
}

function toCheckpoint(recorded: ReturnType<typeof readState>, previous: Map<string, CheckpointResource>): CheckpointResource[] {
    const resources: CheckpointResource[] = [];
    for (const resource of recorded.resources) {
        const before = previous.get(resource.urn);
        const custom = isCustom(resource);
        const rawInputs = recorded.inputs.get(resource.urn) ?? {};
        const inputs = filled(rawInputs, before?.inputs, undefined, "", () => "") as JsonObject;
        const outputs = outputsOf(resource, before?.outputs);
        if (resource.type.startsWith("kubernetes:") && custom && !resource.type.startsWith("pulumi:providers:")) {
            // The Kubernetes provider keeps the inputs it last applied inside its outputs and diffs
            // against them; the engine drops `__` keys from what a pack sees, so they are restored here.
            outputs.__inputs = inputs;
        }
        const id = !custom
            ? undefined
            : before?.id ??
              (resource.type.startsWith("pulumi:providers:")
                  ? crypto.randomUUID()
                  : typeof outputs.id === "string" && outputs.id !== ""
                    ? outputs.id
                    : String(createdValue(resource, "id", outputs)));
        resources.push({
            urn: resource.urn,
            custom,
            id,
            type: resource.type,
            inputs: secretsWrapped(inputs),
            outputs: secretsWrapped(outputs),
            parent: resource.parent,
            provider: resource.provider,
            dependencies: resource.dependencies,
            propertyDependencies: resource.propertyDependencies,
        });
    }
    // Provider references are `<provider urn>::<provider id>`; providers come before what they serve.
    const providerIds = new Map(resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r.id ?? ""]));
    for (const r of resources) {
        if (r.provider) {
            r.provider = `${r.provider}::${providerIds.get(r.provider) ?? ""}`;
        }
    }
    return inDependencyOrder(resources);
}

/** A checkpoint lists every resource after its parent, provider and dependencies. */
function inDependencyOrder(resources: CheckpointResource[]): CheckpointResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const ordered: CheckpointResource[] = [];
    const placed = new Set<string>();
    const place = (r: CheckpointResource): void => {
        if (placed.has(r.urn)) {
            return;
        }
        placed.add(r.urn);
        // The engine's own exports leave out empty lists and maps.
        const before = [r.parent, r.provider?.replace(/::[^:]*$/, ""), ...(r.dependencies ?? []), ...Object.values(r.propertyDependencies ?? {}).flat()];
        for (const urn of before) {
            const dependency = urn ? byUrn.get(urn) : undefined;
            if (dependency) {
                place(dependency);
            }
        }
        ordered.push(r);
    };
    resources.forEach(place);
    return ordered;
}

function stateFile(ws: Workspace, dir: string, stack: string, round: number): string {
    return path.join(ws.root, `state-${path.basename(dir)}-${stack}-${round}.json`);
}

function recordState(ws: Workspace, dir: string, stack: string, round: number): ReturnType<typeof readState> {
    const out = stateFile(ws, dir, stack, round);
    const res = ws.pulumi(dir, ["preview", "--stack", stack, "--policy-pack", STATE_PACK], undefined, { ENGINE_STATE_OUT: out });
    if (res.status !== 0) {
        throw new Error(`state preview failed (${res.status}): ${res.stderr}\n${res.stdout}`);
    }
    return readState(out);
}

/** A resource of an exported deployment, as the engine wrote it (empty lists and maps left out). */
type ExportedResource = Omit<CheckpointResource, "dependencies" | "propertyDependencies"> & {
    external?: boolean;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
};

/**
 * Keeps what the engine itself read into the state (StackReferences, with the `pulumi` provider that
 * read them): no pack sees them in a preview, so the checkpoint has them only from the real state.
 */
function withReadResources(resources: CheckpointResource[], exported: ExportedResource[]): CheckpointResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const exportedByUrn = new Map(exported.map((r) => [r.urn, r]));
    const kept: CheckpointResource[] = [...resources];
    const complete = (r: ExportedResource): CheckpointResource => ({ ...r, dependencies: r.dependencies ?? [], propertyDependencies: r.propertyDependencies ?? {} });
    for (const read of exported.filter((r) => r.external === true && !byUrn.has(r.urn)).map(complete)) {
        kept.push(read);
        const [providerUrn, providerId] = [read.provider?.replace(/::[^:]*$/, ""), read.provider?.split("::").pop()];
        const ours = providerUrn ? byUrn.get(providerUrn) : undefined;
        if (ours && providerId) {
            // The checkpoint's copy of the provider takes the id the read resource refers to.
            const old = `${ours.urn}::${ours.id ?? ""}`;
            ours.id = providerId;
            kept.forEach((r) => (r.provider = r.provider === old ? read.provider : r.provider));
        } else if (providerUrn && !byUrn.has(providerUrn)) {
            const provider = exportedByUrn.get(providerUrn);
            if (provider) {
                kept.push(complete(provider));
                byUrn.set(providerUrn, complete(provider));
            }
        }
    }
    return kept.length === resources.length ? resources : inDependencyOrder(kept);
}

function importCheckpoint(ws: Workspace, dir: string, stack: string, checkpoint: CheckpointResource[]): void {
    const exported = JSON.parse(ws.must(dir, ["stack", "export", "--stack", stack])) as { deployment: JsonObject & { resources?: ExportedResource[] } };
    const file = path.join(ws.root, `checkpoint-${path.basename(dir)}-${stack}.json`);
    const resources = withReadResources(checkpoint, exported.deployment.resources ?? []);
    const deployment = { ...exported.deployment, resources: resources as unknown as Json };
    fs.writeFileSync(file, JSON.stringify({ version: 3, deployment }));
    ws.must(dir, ["stack", "import", "--file", file, "--stack", stack]);
}

/**
 * The secret values of a checkpoint that are credentials. A URL the program composed is secret as a
 * whole (its password is), but its host, which the checkpoint names after the database, is not: the
 * password is in the list on its own.
 */
export function credentialsAmong(secrets: string[]): string[] {
    return secrets.filter((s) => !/^[a-z]+:\/\//i.test(s));
}

export interface ExistingStack {
    /** Every credential the checkpoint holds, to prove none is ever printed. */
    secrets: string[];
}

/**
 * Each round previews the imported state: the program computes inputs from the outputs imported
 * last round, and the provider plans the attributes it computes from them. The last round needed is
 * one whose program knew every input, from outputs this round left as they were (`settled`); at
 * most ROUNDS. The tests' next preview of the stack, which must plan no change, checks it.
 */
const ROUNDS = 3;

/** JSON with every object's keys in one order: rounds may list the same outputs in another. */
function canonical(value: Json | undefined): string {
    const sorted = (v: Json): Json => (Array.isArray(v) ? v.map(sorted) : isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
    return value === undefined ? "" : JSON.stringify(sorted(value));
}

/** No input unknown, and no resource depends on one whose outputs this round changed. */
function settled(recorded: ReturnType<typeof readState>, before: Map<string, CheckpointResource>, after: CheckpointResource[]): boolean {
    if ([...recorded.inputs.values()].some(hasUnknown)) {
        return false;
    }
    const changed = new Set(after.filter((r) => canonical(r.outputs) !== canonical(before.get(r.urn)?.outputs)).map((r) => r.urn));
    return !after.some((r) => [...r.dependencies, ...Object.values(r.propertyDependencies).flat()].some((urn) => changed.has(urn)));
}

function hasUnknown(value: Json): boolean {
    if (value === UNKNOWN) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(hasUnknown);
    }
    return isObject(value) && Object.values(value).some(hasUnknown);
}

/**
 * Turns a new stack (initialised, never deployed) into one that exists, as after `pulumi up`. With
 * `readStackReferences`, a real `pulumi up` limited to the program's StackReferences first writes them
 * into the state as the engine reads them (it calls no provider but the engine's own): an audit sees them.
 */
export function makeExisting(ws: Workspace, dir: string, stack: string, options: { readStackReferences?: boolean } = {}): ExistingStack {
    if (options.readStackReferences) {
        const project = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"))?.[1] ?? path.basename(dir);
        ws.must(dir, ["up", "--yes", "--skip-preview", "--stack", stack, "--target", `urn:pulumi:${stack}::${project}::pulumi:pulumi:StackReference::**`]);
    }
    return existingFrom(ws, dir, stack, recordState(ws, dir, stack, 1));
}

/**
 * A first preview of a new stack under the pack, and then the stack made existing as makeExisting
 * does: the state-recording pack runs beside the pack in that first preview, which so serves as the
 * first round (one run of the program fewer).
 */
export function firstPreviewThenExisting(ws: Workspace, dir: string, stack: string): { first: PreviewResult; existing: ExistingStack } {
    const out = stateFile(ws, dir, stack, 1);
    const first = ws.preview(dir, stack, undefined, { pack: STATE_PACK, env: { ENGINE_STATE_OUT: out } });
    if (!fs.existsSync(out)) {
        throw new Error(`the first preview recorded no state (${first.exitCode}): ${first.output}`);
    }
    return { first, existing: existingFrom(ws, dir, stack, readState(out)) };
}

function existingFrom(ws: Workspace, dir: string, stack: string, firstRound: ReturnType<typeof readState>): ExistingStack {
    let checkpoint = new Map<string, CheckpointResource>();
    for (let round = 1; round <= ROUNDS; round++) {
        const recorded = round === 1 ? firstRound : recordState(ws, dir, stack, round);
        const resources = toCheckpoint(recorded, checkpoint);
        importCheckpoint(ws, dir, stack, resources);
        const done = settled(recorded, checkpoint, resources);
        checkpoint = new Map(resources.map((r) => [r.urn, r]));
        if (done) {
            break;
        }
    }
    const secrets = new Set<string>();
    for (const r of checkpoint.values()) {
        for (const props of [r.inputs, r.outputs]) {
            for (const [key, value] of Object.entries(props)) {
                if (SECRET_FIELDS.has(key) && isObject(value) && typeof value.plaintext === "string") {
                    secrets.add(JSON.parse(value.plaintext) as string);
                }
            }
        }
    }
    return { secrets: [...secrets].filter((s) => s.length >= 8) };
}
