import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { pack } from "../harness/pack";

const REPO = path.resolve(__dirname, "..", "..");

/** The public interface: names, severities and default levels from issue 2. */
const EXPECTED: [string, pb.PolicySeverity, pb.EnforcementLevel][] = [
    ["upstash-no-client-exposed-credentials", pb.PolicySeverity.POLICY_SEVERITY_CRITICAL, pb.EnforcementLevel.MANDATORY],
    ["upstash-credentials-only-in-secret-env-vars", pb.PolicySeverity.POLICY_SEVERITY_CRITICAL, pb.EnforcementLevel.MANDATORY],
    ["upstash-no-hardcoded-credentials", pb.PolicySeverity.POLICY_SEVERITY_CRITICAL, pb.EnforcementLevel.ADVISORY],
    ["upstash-management-api-key-not-in-apps", pb.PolicySeverity.POLICY_SEVERITY_CRITICAL, pb.EnforcementLevel.MANDATORY],
    ["upstash-separate-database-per-stage", pb.PolicySeverity.POLICY_SEVERITY_HIGH, pb.EnforcementLevel.MANDATORY],
    ["upstash-tls-required", pb.PolicySeverity.POLICY_SEVERITY_HIGH, pb.EnforcementLevel.MANDATORY],
    ["upstash-budget-required", pb.PolicySeverity.POLICY_SEVERITY_HIGH, pb.EnforcementLevel.MANDATORY],
    ["upstash-read-only-tokens-where-possible", pb.PolicySeverity.POLICY_SEVERITY_MEDIUM, pb.EnforcementLevel.ADVISORY],
    ["upstash-rate-limit-public-apis", pb.PolicySeverity.POLICY_SEVERITY_HIGH, pb.EnforcementLevel.ADVISORY],
];

describe("the pack started as the language host starts it", () => {
    it("serves all nine policies with their metadata", async () => {
        const info = await pack().info();
        assert.equal(info.getName(), "upstash-guard");
        const policies = info.getPoliciesList();
        assert.deepEqual(
            policies.map((p) => [p.getName(), p.getSeverity(), p.getEnforcementlevel()]),
            EXPECTED,
        );
        for (const p of policies) {
            const name = p.getName();
            assert.ok(p.getDescription().length > 20, `${name}: description`);
            assert.ok(p.getRemediationSteps().length > 20, `${name}: remediationSteps`);
            assert.ok(p.getTagsList().includes("upstash"), `${name}: tags`);
            assert.equal(p.getFramework()?.getName(), "Upstash security best practices", `${name}: framework`);
            assert.ok((p.getFramework()?.getSpecification() ?? "").length > 20, `${name}: framework practice`);
            assert.ok(p.getUrl().endsWith(`/docs/policies/${name}.md`), `${name}: url`);
            assert.ok(fs.existsSync(path.join(REPO, "docs", "policies", `${name}.md`)), `${name}: docs page`);
            const schema = p.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
            assert.ok("exemptions" in schema, `${name}: exemptions config`);
        }
    });

    it("accepts the stage settings on every stage-dependent policy, with the same defaults", async () => {
        const info = await pack().info();
        for (const name of ["upstash-separate-database-per-stage", "upstash-budget-required"]) {
            const p = info.getPoliciesList().find((x) => x.getName() === name);
            const schema = p?.getConfigschema()?.getProperties()?.toJavaScript() as Record<string, { default?: unknown }>;
            assert.ok("stageTag" in schema, name);
            assert.deepEqual(schema.productionStages.default, ["prod", "production", "prd", "live"], name);
        }
    });
});
