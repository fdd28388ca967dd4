// Writes what Analyze and a stack policy receive (types, names, property dependencies, the shape of
// every property: its kind, or "unknown") to $ENGINE_PROBE_OUT. Values are never written, except the
// values a provider filled in as defaults (listed in `__defaults`), which are the provider's, not the program's.
const fs = require("fs");
const grpc = require("@grpc/grpc-js");
const { PolicyPack, UnknownValueError } = require("@pulumi/policy");

// The engine's requests as they arrive, before the SDK handles them (what policies/src/framework/
// engineRequests.ts reads): the method, and for Configure the policies configured, for
// ConfigureStack the tag names, for Remediate the names in `__defaults`. Names only, never values.
function describeRequest(method, request) {
    const record = { method };
    if (method === "configure") {
        record.policies = [...request.getPolicyconfigMap().keys()].sort();
    } else if (method === "configureStack") {
        record.tags = [...request.getTagsMap().keys()].sort();
        record.stack = request.getStack();
        record.project = request.getProject();
        record.organization = request.getOrganization();
        record.dryRun = request.getDryRun();
    } else if (method === "remediate" || method === "analyze") {
        record.name = request.getUrn().split("::").pop();
        const fields = request.getProperties()?.getFieldsMap();
        const listed = fields?.get("__defaults")?.getListValue();
        record.defaults = listed ? listed.getValuesList().map((v) => v.getStringValue()).sort() : null;
        if (method === "analyze") {
            // Which top-level inputs arrive as Pulumi secrets (the engine's envelope, before the SDK unwraps it).
            record.secrets = fields ? [...fields.keys()].filter((k) => fields.get(k).getStructValue()?.getFieldsMap().has(SECRET_SIGNATURE)).sort() : [];
            record.parent = request.getOptions()?.getParent() ?? "";
            const provider = request.getProvider();
            record.provider = provider ? { type: provider.getType(), properties: [...(provider.getProperties()?.getFieldsMap().keys() ?? [])].sort() } : null;
        }
    }
    record.pid = process.pid;
    return record;
}

/** The key of Pulumi's secret envelope (`sdk/go/common/resource/sig`). */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

const addService = grpc.Server.prototype.addService;
grpc.Server.prototype.addService = function (service, implementation) {
    const recording = {};
    for (const [method, handler] of Object.entries(implementation)) {
        recording[method] = (call, callback) => {
            fs.appendFileSync(`${process.env.ENGINE_PROBE_OUT}.rpc.jsonl`, JSON.stringify(describeRequest(method, call.request)) + "\n");
            return handler(call, callback);
        };
    }
    addService.call(this, service, recording);
};

function read(container, key) {
    try {
        return { value: container[key] };
    } catch (e) {
        if (e instanceof UnknownValueError) return { unknown: true };
        throw e;
    }
}

function kindOf(value) {
    return Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
}

/** The kind of every top-level property. */
function kindsOf(props) {
    const out = {};
    for (const key of Object.keys(props)) {
        const r = read(props, key);
        out[key] = r.unknown ? "unknown" : kindOf(r.value);
    }
    return out;
}

/** Kinds, all the way down: objects and arrays as they are, leaves as their kind or "unknown". */
function shapeOf(value, depth = 0) {
    if (depth > 12) return "deep";
    if (Array.isArray(value)) {
        const out = [];
        for (let i = 0; i < value.length; i++) {
            const r = read(value, i);
            out.push(r.unknown ? "unknown" : shapeOf(r.value, depth + 1));
        }
        return out;
    }
    if (value !== null && typeof value === "object") {
        const out = {};
        for (const key of Object.keys(value).sort()) {
            const r = read(value, key);
            out[key] = r.unknown ? "unknown" : shapeOf(r.value, depth + 1);
        }
        return out;
    }
    return kindOf(value);
}

/** Top-level booleans and numbers: provider-filled flags and limits, never credentials. */
function primitivesOf(props) {
    const out = {};
    for (const key of Object.keys(props).sort()) {
        const r = read(props, key);
        if (!r.unknown && (typeof r.value === "boolean" || typeof r.value === "number")) out[key] = r.value;
    }
    return out;
}

function defaultsOf(props) {
    const listed = read(props, "__defaults");
    const out = {};
    for (const key of Array.isArray(listed.value) ? listed.value : []) {
        const r = read(props, key);
        out[key] = r.unknown || (r.value !== null && typeof r.value === "object") ? kindOf(r.value) : r.value;
    }
    return out;
}

/** What tells a component from a custom resource: the provider the engine names (its type, or null) and the parent's type and name. */
function lineageOf(resource) {
    const parentUrn = resource.parent?.urn ?? resource.opts?.parent ?? "";
    const parent = parentUrn === "" ? null : `${parentUrn.split("::")[2].split("$").pop()} ${parentUrn.split("::").pop()}`;
    return { provider: resource.provider ? resource.provider.type : null, parent };
}

new PolicyPack("engine-probe", {
    policies: [{
        name: "record-remediate",
        description: "records each resource as Remediate sees it (at the remediate level, the only one at which the SDK calls it)",
        enforcementLevel: "remediate",
        remediateResource: (args) => {
            const record = { type: args.type, name: args.name, shape: shapeOf(args.props), defaults: defaultsOf(args.props) };
            fs.appendFileSync(`${process.env.ENGINE_PROBE_OUT}.remediate.jsonl`, JSON.stringify(record) + "\n");
            return undefined;
        },
    }, {
        name: "record-resources",
        description: "records each resource as Analyze sees it",
        enforcementLevel: "advisory",
        validateResource: (args) => {
            const record = { type: args.type, name: args.name, props: kindsOf(args.props), shape: shapeOf(args.props), defaults: defaultsOf(args.props), ...lineageOf(args) };
            fs.appendFileSync(`${process.env.ENGINE_PROBE_OUT}.analyze.jsonl`, JSON.stringify(record) + "\n");
        },
    }, {
        name: "record-stack",
        description: "records the stack",
        enforcementLevel: "advisory",
        validateStack: (args) => {
            const seen = args.resources.map((r) => ({
                type: r.type,
                name: r.name,
                props: kindsOf(r.props),
                shape: shapeOf(r.props),
                primitives: primitivesOf(r.props),
                propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map((d) => d.name)])),
                dependencyTypes: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map((d) => d.type)])),
                ...lineageOf(r),
            }));
            fs.writeFileSync(process.env.ENGINE_PROBE_OUT, JSON.stringify(seen, null, 1));
            fs.writeFileSync(`${process.env.ENGINE_PROBE_OUT}.tags.json`, JSON.stringify([...args.stackTags.keys()].sort()));
        },
    }],
});
