import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, violations } from "../../../test/harness/expect";
import { runStack } from "../../../test/harness/pack";
import { PlatformFixture, StackFixture, secretsOf } from "../../../test/harness/stack";

const SECRET_ONLY = "upstash-credentials-only-in-secret-env-vars";
const STAGES = "upstash-separate-database-per-stage";
const MANAGEMENT = "upstash-management-api-key-not-in-apps";

describe("platform: github", () => {
    for (const state of ["new", "existing"] as const) {
        describe(`${state} stack`, () => {
            it("passes Actions secrets (repository and environment) and a variable holding the URL", async () => {
                const s = new StackFixture("dev", state);
                const p = new PlatformFixture(s);
                const db = s.redis("cache");
                p.github("secret", "token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" } });
                p.github("secret", "env-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, environment: "production" });
                p.github("variable", "url", { key: "UPSTASH_REDIS_REST_URL", value: { from: db, output: "restUrl" } });
                const result = await runStack(s.resources);
                for (const policy of [SECRET_ONLY, STAGES]) {
                    assert.deepEqual(violations(result, policy), [], policy);
                }
            });

            it("fails a token in an Actions variable and one database in the production and staging environments", async () => {
                const s = new StackFixture("dev", state);
                const p = new PlatformFixture(s);
                const db = s.redis("cache");
                p.github("variable", "token-var", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, environment: "staging" });
                p.github("secret", "prod-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, environment: "production" });
                const result = await runStack(s.resources);
                assertFlagged(violations(result, SECRET_ONLY), [s.find("token-var").urn], "mandatory", [/ActionsEnvironmentVariable 'token-var' variable UPSTASH_REDIS_REST_TOKEN .*an Actions variable and targets staging.*Use an Actions secret/]);
                assertFlagged(violations(result, STAGES), [db.urn], "mandatory", [/feeds both production and staging/]);
                assertNoLeak(result, secretsOf([db]));
            });
        });
    }

    it("flags the management API key even in an Actions secret", async () => {
        const s = new StackFixture("dev", "existing");
        const p = new PlatformFixture(s);
        const db = s.redis("cache");
        s.upstashProvider(db.credentials.managementKey);
        p.github("secret", "admin", { key: "UPSTASH_API_KEY", value: db.credentials.managementKey });
        assertFlagged(violations(await runStack(s.resources), MANAGEMENT), [s.find("admin").urn], "mandatory", [/ActionsSecret 'admin' variable UPSTASH_API_KEY holds the Upstash provider's API key/]);
    });
});
