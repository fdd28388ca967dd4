// Writes every resource's checked inputs (as Remediate receives them, `__defaults` and providers'
// `__internal` included) and planned outputs (as AnalyzeStack receives them), values included, with
// Pulumi's unknown sentinel where a value is not known yet, to $ENGINE_STATE_OUT. The e2e suite turns
// that into a checkpoint (test/e2e/checkpoint.ts). Test stacks hold fake credentials only.
const fs = require("fs");
const { PolicyPack, UnknownValueError } = require("@pulumi/policy");

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function plain(value, depth = 0) {
    if (depth > 64 || value === null || typeof value !== "object") return value;
    const out = Array.isArray(value) ? [] : {};
    for (const key of Object.keys(value)) {
        let item;
        try {
            item = value[key];
        } catch (e) {
            if (!(e instanceof UnknownValueError)) throw e;
            out[key] = UNKNOWN;
            continue;
        }
        out[key] = plain(item, depth + 1);
    }
    return out;
}

new PolicyPack("engine-state", {
    policies: [{
        name: "record-inputs",
        description: "records each resource's checked inputs",
        enforcementLevel: "remediate",
        remediateResource: (args) => {
            fs.appendFileSync(`${process.env.ENGINE_STATE_OUT}.inputs.jsonl`, JSON.stringify({ urn: args.urn, inputs: plain(args.props) }) + "\n");
            return undefined;
        },
    }, {
        name: "record-outputs",
        description: "records each resource's planned outputs and links",
        enforcementLevel: "advisory",
        validateStack: (args) => {
            const resources = args.resources.map((r) => ({
                urn: r.urn,
                type: r.type,
                name: r.name,
                parent: r.parent ? r.parent.urn : undefined,
                provider: r.provider ? r.provider.urn : undefined,
                dependencies: r.dependencies.map((d) => d.urn),
                propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map((d) => d.urn)])),
                outputs: plain(r.props),
            }));
            fs.writeFileSync(process.env.ENGINE_STATE_OUT, JSON.stringify(resources));
        },
    }],
});
