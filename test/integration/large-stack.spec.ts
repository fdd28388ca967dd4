/**
 * A large stack with deep nesting through one AnalyzeStack call: no message-size error, no
 * out-of-memory, an answer in bounded time. The default size keeps `npm test` fast (about 20 s on
 * two cores); LARGE_STACK_SIZE=50000 runs the full size of issue 5 (several minutes there, mostly
 * the SDK deserializing every resource once per stack policy; see bench/RESULTS.md).
 */
import { strict as assert } from "assert";
import { syntheticStack } from "../../bench/synthetic";
import { TYPES } from "../../policies/src/analysis/types";
import { pack } from "../harness/pack";

const SIZE = Number(process.env.LARGE_STACK_SIZE ?? 10_000);

function deep(levels: number): Record<string, unknown> {
    let value: Record<string, unknown> = { leaf: "bottom" };
    for (let i = 0; i < levels; i++) {
        value = { next: value, list: [[["x"]]] };
    }
    return value;
}

describe(`a stack of ${SIZE.toLocaleString("en-US")} resources with deep nesting`, function () {
    this.timeout(Math.max(120_000, SIZE * 12));

    it("goes through AnalyzeStack without a message-size error or running the pack out of memory", async () => {
        const resources = syntheticStack({ size: SIZE, depth: 12 });
        // Nesting far beyond anything real: the analysis stops reading at its depth limit.
        resources[resources.length - 1] = { ...resources[resources.length - 1], type: TYPES.projectEnvironmentVariable, properties: { key: "DEEP", value: "x", config: deep(90) } };
        const c = pack();
        await c.configure({});
        await c.configureStack("dev");
        const result = await c.analyzeStack(resources);
        const urns = new Set(resources.map((r) => r.urn));
        assert.ok(result.diagnostics.length > 0, "the violations planted in the stack are found");
        for (const d of result.diagnostics) {
            assert.ok(urns.has(d.urn) || d.message.includes("can't run"), `${d.policyName} names a resource of the stack`);
        }
        // The pack still serves after the big call.
        await c.info();
    });
});
