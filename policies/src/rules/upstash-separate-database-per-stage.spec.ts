import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, assertPreviewNote, resourceViolations, violations } from "../../../test/harness/expect";
import { of, runPreview, runResource, runStack } from "../../../test/harness/pack";
import { StackFixture, UNKNOWN, secretsOf } from "../../../test/harness/stack";
import { TYPES } from "../analysis/types";

const POLICY = "upstash-separate-database-per-stage";
const PROD_HOST = "shop-prod-41823.upstash.io";

describe(POLICY, () => {
    describe("(a) no database feeds production and another target", () => {
        for (const state of ["new", "existing"] as const) {
            it(`passes one database per target (${state} stack)`, async () => {
                const s = new StackFixture("prod", state);
                const prod = s.redis("cache-prod", { databaseName: "shop-prod" });
                const preview = s.redis("cache-preview", { databaseName: "shop-prod-preview" });
                s.envVar("prod-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: prod, output: "restToken" }, targets: ["production"] });
                s.envVar("preview-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: preview, output: "restToken" }, targets: ["preview", "development"] });
                assert.deepEqual(of(await runStack(s.resources), POLICY), []);
            });

            it(`fails a database feeding production and preview, flagging the database (${state} stack)`, async () => {
                const s = new StackFixture("prod", state);
                const db = s.redis("cache", { databaseName: "shop-prod" });
                s.envVar("prod-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, targets: ["production"] });
                s.envVar("preview-url", { key: "UPSTASH_REDIS_REST_URL", value: { from: db, output: "restUrl" }, targets: ["preview"] });
                const result = await runStack(s.resources);
                assertFlagged(violations(result, POLICY), [db.urn], "mandatory", [
                    /RedisDatabase 'cache' "shop-prod" feeds both production and preview deployments/,
                    /ProjectEnvironmentVariable 'prod-token' variable UPSTASH_REDIS_REST_TOKEN \(production\)/,
                    /ProjectEnvironmentVariable 'preview-url' variable UPSTASH_REDIS_REST_URL \(preview\)/,
                ]);
                assertNoLeak(result, secretsOf([db]));
            });
        }

        it("fails one variable reaching production and a custom environment, and a shared variable", async () => {
            const s = new StackFixture("prod", "existing");
            const db = s.redis("cache", { databaseName: "shop-prod" });
            const vec = s.vector("vectors", { name: "shop-prod-vectors" });
            s.envVar("both", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, targets: ["production"], customEnvironmentIds: ["env_staging"] });
            s.vercelProject("web");
            s.sharedEnvVar("shared", { key: "UPSTASH_VECTOR_REST_TOKEN", value: { from: vec, output: "token" }, targets: ["production", "development"] }, ["web"]);
            const result = await runStack(s.resources);
            assertFlagged(violations(result, POLICY), [db.urn, vec.urn], "mandatory", [/feeds both production and (custom|development)/]);
        });

        it("says it cannot decide while a fed variable's targets are unknown", async () => {
            const s = new StackFixture("prod", "new");
            const db = s.redis("cache", { databaseName: "shop-prod" });
            s.add(TYPES.projectEnvironmentVariable, "token", { projectId: "prj_web", key: "UPSTASH_REDIS_REST_TOKEN", value: UNKNOWN, sensitive: true, targets: UNKNOWN }, { value: [db.urn] });
            const result = await runStack(s.resources);
            assert.deepEqual(violations(result, POLICY), []);
            assertPreviewNote(result, POLICY, [/the targets of ProjectEnvironmentVariable 'token' variable UPSTASH_REDIS_REST_TOKEN/]);
        });
    });

    describe("(b) database names carry the stage (resource policy)", () => {
        it("passes names containing the stack name, fails others naming resource, field and stage", async () => {
            const s = new StackFixture("staging", "new");
            s.redis("ok", { databaseName: "shop-staging" });
            s.redis("bad", { databaseName: "shop" });
            s.vector("vec-bad", { name: "vectors" });
            assert.deepEqual(of(await runResource(s.find("ok")), POLICY), []);
            const bad = await runResource(s.find("bad"));
            assertFlagged(resourceViolations(bad, POLICY, s.find("bad").urn), [s.find("bad").urn], "mandatory", [/RedisDatabase 'bad' is named "shop", which does not contain the stage "staging"/]);
            const vec = await runResource(s.find("vec-bad"));
            assertFlagged(resourceViolations(vec, POLICY, s.find("vec-bad").urn), [s.find("vec-bad").urn], "mandatory", [/VectorIndex 'vec-bad' is named "vectors"/]);
        });

        it("needs the stage as a word of its own, in any case: shop-devtools does not carry dev", async () => {
            const s = new StackFixture("dev", "new");
            s.redis("carries", { databaseName: "Shop_Dev" });
            s.redis("lookalike", { databaseName: "shop-devtools" });
            assert.deepEqual(of(await runResource(s.find("carries")), POLICY), []);
            const lookalike = await runResource(s.find("lookalike"));
            assertFlagged(resourceViolations(lookalike, POLICY, s.find("lookalike").urn), [s.find("lookalike").urn], "mandatory", [/does not contain the stage "dev"/]);
        });

        it("reads the stage from the stack tag named by stageTag", async () => {
            const s = new StackFixture("acme-7", "new");
            s.redis("cache", { databaseName: "shop-qa" });
            const untagged = await runResource(s.find("cache"));
            assert.equal(violations(untagged, POLICY).length, 1);
            assert.deepEqual(of(await runResource(s.find("cache"), { config: { [POLICY]: { stageTag: "stage" } }, tags: { stage: "qa" } }), POLICY), []);
        });

        it("says it cannot decide while the name is unknown", async () => {
            const s = new StackFixture("dev", "new");
            s.redis("cache", { databaseName: UNKNOWN });
            const result = await runPreview(s.resources);
            assert.deepEqual(violations(result, POLICY), []);
            assertPreviewNote(result, POLICY, [/RedisDatabase 'cache' databaseName/]);
        });

        it("reports exempt databases as not applicable with the reason; an expired exemption says so", async () => {
            const s = new StackFixture("dev", "new");
            s.redis("legacy", { databaseName: "shop" });
            const exempt = await runResource(s.find("legacy"), { config: { [POLICY]: { exemptions: [{ resource: "legacy", reason: "renamed in Q4", expires: "2999-01-01" }] } } });
            assert.deepEqual(of(exempt, POLICY), []);
            assert.deepEqual(exempt.notApplicable.filter((n) => n.policyName === POLICY).map((n) => n.reason), ["exempt (until 2999-01-01): renamed in Q4"]);
            const expired = await runResource(s.find("legacy"), { config: { [POLICY]: { exemptions: [{ resource: "legacy", reason: "old", expires: "2001-01-01" }] } } });
            assertFlagged(resourceViolations(expired, POLICY, s.find("legacy").urn), [s.find("legacy").urn], "mandatory", [/expired on 2001-01-01/]);
        });
    });

    describe("(c) no production hosts in non-production stacks", () => {
        it("fails a dev stack wiring in a listed production host, whatever the field", async () => {
            const s = new StackFixture("dev", "existing");
            s.envVar("url", { key: "UPSTASH_REDIS_REST_URL", value: `https://${PROD_HOST}` });
            s.qstashSchedule("cron", { body: { template: '{"db":"{}"}', ref: PROD_HOST } });
            const config = { [POLICY]: { productionHosts: [PROD_HOST] } };
            const result = await runStack(s.resources, config ? { config } : {});
            assertFlagged(violations(result, POLICY), [s.find("url").urn, s.find("cron").urn], "mandatory", [
                new RegExp(`points at the production database host ${PROD_HOST.replace(/\./g, "\\.")} from the non-production stage "dev"`),
                /field (value|body)/,
            ]);
            assert.deepEqual(of(await runStack(s.resources), POLICY), [], "no productionHosts configured: nothing to compare");
        });

        it("passes the same value in production stages, including ones named in productionStages", async () => {
            for (const [stack, extra] of [["prod-eu", {}], ["live", {}], ["main", { productionStages: ["main"] }]] as const) {
                const s = new StackFixture(stack, "existing");
                s.envVar("url", { key: "UPSTASH_REDIS_REST_URL", value: `https://${PROD_HOST}` });
                assert.deepEqual(of(await runStack(s.resources, { config: { [POLICY]: { productionHosts: [PROD_HOST], ...extra } } }), POLICY), [], stack);
            }
        });

        it("honours exemptions on stack findings, says when one expired, and reports at the configured level", async () => {
            const s = new StackFixture("dev", "existing");
            s.envVar("url", { key: "UPSTASH_REDIS_REST_URL", value: `https://${PROD_HOST}` });
            const base = { productionHosts: [PROD_HOST] };
            assert.deepEqual(of(await runStack(s.resources, { config: { [POLICY]: { ...base, exemptions: [{ resource: "url", reason: "read-only replica check", expires: "2999-01-01" }] } } }), POLICY), []);
            const expired = violations(await runStack(s.resources, { config: { [POLICY]: { ...base, exemptions: [{ resource: "url", reason: "old", expires: "2001-01-01" }] } } }), POLICY);
            assertFlagged(expired, [s.find("url").urn], "mandatory", [/expired on 2001-01-01/]);
            assertFlagged(violations(await runStack(s.resources, { config: { [POLICY]: { ...base, enforcementLevel: "advisory" } } }), POLICY), [s.find("url").urn], "advisory");
        });
    });
});
