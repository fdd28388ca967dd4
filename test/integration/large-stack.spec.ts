/**
 * A large stack with deep nesting through one AnalyzeStack call: no message-size error, no
 * out-of-memory, an answer in bounded time. 50,000 resources by default (about 45 s on two cores);
 * LARGE_STACK_SIZE sets another size.
 */
import { strict as assert } from "assert";
import { syntheticStack } from "../../bench/synthetic";
import { TYPES } from "../../policies/src/analysis/types";
import { pack } from "../harness/pack";

const SIZE = Number(process.env.LARGE_STACK_SIZE ?? 50_000);

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
        const resources = syntheticStack({ size: SIZE });
        // Every 50th resource nests 20 levels deep; one nests far beyond anything real, where the
        // analysis stops reading at its depth limit.
        for (let i = 0; i < resources.length; i += 50) {
            resources[i] = { ...resources[i], properties: { ...resources[i].properties, nested: deep(20) } };
        }
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
