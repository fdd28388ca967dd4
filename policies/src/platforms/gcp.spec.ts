import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, violations } from "../../../test/harness/expect";
import { runStack } from "../../../test/harness/pack";
import { GCP, PlatformFixture, StackFixture, secretsOf } from "../../../test/harness/stack";

const SECRET_ONLY = "upstash-credentials-only-in-secret-env-vars";
const CLIENT = "upstash-no-client-exposed-credentials";
const STAGES = "upstash-separate-database-per-stage";

describe("platform: gcp", () => {
    for (const state of ["new", "existing"] as const) {
        describe(`${state} stack`, () => {
            it("passes a Cloud Run service reading the token through valueSource.secretKeyRef", async () => {
                const s = new StackFixture("dev", state);
                const p = new PlatformFixture(s);
                const db = s.redis("cache");
                p.secretManagerSecret("redis-token", { from: db, output: "restToken" });
                p.cloudRunService("api-dev", [{ name: "UPSTASH_REDIS_REST_URL", value: { from: db, output: "restUrl" } }, { name: "UPSTASH_REDIS_REST_TOKEN", secret: "redis-token" }]);
                const result = await runStack(s.resources);
                for (const policy of [SECRET_ONLY, CLIENT, STAGES]) {
                    assert.deepEqual(violations(result, policy), [], policy);
                }
            });

            it("fails a plain envs[].value, a public build variable, and one database behind api-prod and api-staging", async () => {
                const s = new StackFixture("dev", state);
                const p = new PlatformFixture(s);
                const db = s.redis("cache");
                p.secretManagerSecret("redis-token", { from: db, output: "restToken" });
                p.cloudRunService("api-prod", [{ name: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" } }]);
                p.cloudRunService("api-staging", [{ name: "UPSTASH_REDIS_REST_TOKEN", secret: "redis-token" }]);
                const token = s.resolve({ from: db, output: "restToken" });
                s.add(GCP.cloudFunctionsV2Function, "web", { name: "web", location: "europe-west1", buildConfig: { runtime: "nodejs20", entryPoint: "web", environmentVariables: { NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN: token.value } } }, { buildConfig: token.deps });
                const result = await runStack(s.resources);
                assert.match(violations(result, SECRET_ONLY).find((d) => d.urn === s.find("api-prod").urn)?.message ?? "", /Service 'api-prod' \(template.containers\[0\].envs\[0\]\) variable UPSTASH_REDIS_REST_TOKEN .*valueSource.secretKeyRef/);
                assertFlagged(violations(result, CLIENT), [s.find("web").urn], "mandatory", [/NEXT_PUBLIC_/]);
                // The staging service reads the same database through Secret Manager: still shared with production.
                assertFlagged(violations(result, STAGES), [db.urn], "mandatory", [/feeds both production and staging/, /\[app api\]/]);
                assertNoLeak(result, secretsOf([db]));
            });
        });
    }
});
