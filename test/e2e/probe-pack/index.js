// Writes what Analyze and a stack policy receive (types, URNs, property dependencies, which top-level values are
// unknown) to $ENGINE_PROBE_OUT. Values themselves are never written.
const fs = require("fs");
const { PolicyPack, UnknownValueError } = require("@pulumi/policy");

function shapeOf(props) {
    const out = {};
    for (const key of Object.keys(props)) {
        try {
            const v = props[key];
            out[key] = typeof v;
        } catch (e) {
            if (e instanceof UnknownValueError) out[key] = "unknown"; else throw e;
        }
    }
    return out;
}

new PolicyPack("engine-probe", {
    policies: [{
        name: "record-resources",
        description: "records each resource as Analyze sees it",
        enforcementLevel: "advisory",
        validateResource: (args) => {
            fs.appendFileSync(`${process.env.ENGINE_PROBE_OUT}.analyze.jsonl`, JSON.stringify({ type: args.type, name: args.name, props: shapeOf(args.props) }) + "\n");
        },
    }, {
        name: "record-stack",
        description: "records the stack",
        enforcementLevel: "advisory",
        validateStack: (args) => {
            const seen = args.resources.map((r) => ({
                type: r.type,
                name: r.name,
                props: shapeOf(r.props),
                propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map((d) => d.name)])),
            }));
            fs.writeFileSync(process.env.ENGINE_PROBE_OUT, JSON.stringify(seen, null, 1));
        },
    }],
});
