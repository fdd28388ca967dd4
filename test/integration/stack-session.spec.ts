/**
 * The pack's stack checks share one decision per AnalyzeStack call (framework/stackSession.ts): the
 * policies with nothing to report are skipped by the SDK without rebuilding the stack, and those
 * with something still report all of it, from their own config.
 */
import { strict as assert } from "assert";
import { violations } from "../harness/expect";
import { runStack } from "../harness/pack";
import { StackFixture } from "../harness/stack";

const SKIPPED = /resources of type 'upstash-guard:preview:NothingToReport'/;

describe("one stack decision per AnalyzeStack call", () => {
    it("skips the policies with nothing to report and keeps every finding of the others", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.vercelProject("web");
        s.envVar("plain-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, projectId: { project: "web" }, sensitive: false, targets: ["production"] });
        const result = await runStack(s.resources);
        const skipped = result.notApplicable.filter((n) => SKIPPED.test(n.reason)).map((n) => n.policyName).sort();
        assert.ok(skipped.includes("upstash-management-api-key-not-in-apps"), `skipped: ${skipped.join(", ")}`);
        assert.ok(skipped.includes("upstash-no-hardcoded-credentials"), `skipped: ${skipped.join(", ")}`);
        assert.ok(!skipped.includes("upstash-credentials-only-in-secret-env-vars"));
        assert.ok(!skipped.includes("upstash-rate-limit-public-apis"));
        assert.equal(violations(result, "upstash-credentials-only-in-secret-env-vars").length, 1);
        assert.equal(violations(result, "upstash-rate-limit-public-apis").length, 1);
    });

    it("decides with each policy's own config: an exemption turns a finding off, an invalid config still fails", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.vercelProject("web");
        s.envVar("plain-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, projectId: { project: "web" }, sensitive: false, targets: ["production"] });
        const exempt = { exemptions: [{ resource: "plain-token", reason: "being rotated", expires: "2999-01-01" }] };
        const result = await runStack(s.resources, { config: { "upstash-credentials-only-in-secret-env-vars": exempt } });
        assert.deepEqual(violations(result, "upstash-credentials-only-in-secret-env-vars"), []);
        assert.equal(violations(result, "upstash-rate-limit-public-apis").length, 1);
        await assert.rejects(runStack(s.resources, { config: { "upstash-management-api-key-not-in-apps": { exemption: [] } } }), /exemption/);
    });
});
