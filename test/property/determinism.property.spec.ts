/**
 * The same input gives the same findings, word for word and in the same order, whatever order the
 * engine registered the resources in (it registers them as the program's outputs resolve, so two
 * previews of one program send them in different orders). Alerts and baselines are keyed on the
 * findings: SARIF fingerprints hash the messages.
 *
 * Each run shuffles the resources of stacks with multi-resource findings and notes, sends Analyze in
 * the shuffled order and AnalyzeStack with the shuffled list, as a preview does, and compares with the
 * stack's order. AnalyzeStack's diagnostics must be identical, in order; each resource's Analyze
 * diagnostics too (the engine prints those as each resource is analysed, an order no pack decides).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { Diagnostic, WireResource } from "../harness/analyzer";
import { PREVIEW_NOTE } from "../harness/expect";
import { pack } from "../harness/pack";
import { StackFixture, StackState } from "../harness/stack";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 12);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261206);

/** Two apps, three databases (two inside a component), shared across stages, plain and exposed variables, URLs built from them. */
function busyStack(state: StackState): WireResource[] {
    const s = new StackFixture("dev", state);
    const cache = s.redis("cache", { budget: undefined });
    const sessions = s.redis("sessions", { tls: false });
    const carts = s.redis("carts");
    const caches = s.component("acme:platform:Caches", "caches", [sessions.urn, carts.urn]);
    for (const project of ["web", "admin"]) {
        s.vercelProject(project);
        for (const [target, db] of [["production", cache], ["preview", cache], ["development", sessions]] as const) {
            s.envVar(`${project}-${target}-token`, { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, targets: [target], projectId: { project } });
        }
        s.envVar(`${project}-plain`, { key: "CACHE_SECRET", value: { from: carts, output: "restToken", via: caches }, sensitive: false, targets: ["preview"], projectId: { project } });
        s.envVar(`${project}-public`, { key: "NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN", value: { from: cache, output: "restToken" }, projectId: { project } });
        s.envVar(`${project}-url`, { key: "CACHE_URL", value: { from: sessions, output: "redisUrl", via: caches }, sensitive: false, targets: ["preview"], projectId: { project } });
        s.envVar(`${project}-rest-url`, { key: "UPSTASH_REDIS_REST_URL", value: { from: cache, output: "restUrl" }, targets: ["production"], projectId: { project } });
        s.envVar(`${project}-ro`, { key: "CATALOG_TOKEN", value: { from: carts, output: "readOnlyRestToken", via: caches }, projectId: { project } });
    }
    return s.resources;
}

interface Run {
    stack: Diagnostic[];
    byResource: Map<string, Diagnostic[]>;
}

async function preview(resources: WireResource[]): Promise<Run> {
    const client = pack();
    await client.configure({ "upstash-read-only-tokens-where-possible": { readOnlyKeys: ["CATALOG_TOKEN"] } });
    await client.configureStack("dev", {});
    const byResource = new Map<string, Diagnostic[]>();
    for (const r of resources) {
        byResource.set(r.urn, (await client.check(r)).diagnostics);
    }
    return { stack: (await client.analyzeStack(resources)).diagnostics, byResource };
}

for (const state of ["new", "existing"] as const) {
    describe(`the same findings in the same words and order, whatever order the resources come in (${state} stack)`, function () {
        this.timeout(300_000);

        it("AnalyzeStack and every Analyze say exactly what they say in stack order", async () => {
            const resources = busyStack(state);
            const reference = await preview(resources);
            // The stack says something worth comparing: findings on several resources, and notes on a new stack.
            assert.ok(new Set(reference.stack.map((d) => d.urn)).size >= 4, reference.stack.map((d) => d.message).join("\n"));
            assert.equal(reference.stack.some((d) => PREVIEW_NOTE.test(d.message)), state === "new");
            await fc.assert(
                fc.asyncProperty(fc.shuffledSubarray(resources, { minLength: resources.length, maxLength: resources.length }), async (shuffled) => {
                    const run = await preview(shuffled);
                    assert.deepEqual(run.stack, reference.stack);
                    assert.deepEqual([...run.byResource].sort(), [...reference.byResource].sort());
                }),
                { numRuns: RUNS, seed: SEED },
            );
        });
    });
}
