/**
 * upstash-guard's policies mixed into an organisation's pack (README, "Put it in your organisation's
 * pack"): they report as in their own pack, and the organisation's own stack policies, which run
 * after them, still read every resource in full.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { AnalyzerClient } from "../harness/analyzer";
import { violations } from "../harness/expect";
import { StackFixture } from "../harness/stack";

const ORG_PACK = path.resolve(__dirname, "..", "fixtures", "org-pack");

describe("in an organisation's pack", function () {
    this.timeout(120_000);
    let client: AnalyzerClient;

    before(async () => {
        client = await AnalyzerClient.start(ORG_PACK);
        await client.configure({});
        await client.configureStack("dev");
    });
    after(() => client.stop());

    it("reports its findings, and leaves every resource readable to the organisation's policies", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.vercelProject("web");
        s.envVar("plain-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, projectId: { project: "web" }, sensitive: false, targets: ["production"] });
        for (const r of s.resources) {
            await client.check(r);
        }
        const result = await client.analyzeStack(s.resources);
        assert.equal(violations(result, "upstash-credentials-only-in-secret-env-vars").length, 1);
        const own = result.diagnostics.find((d) => d.policyName === "acme-reads-every-resource");
        assert.match(own?.message ?? "", new RegExp(`resources with properties: ${s.resources.length} of ${s.resources.length}`));
    });
});
