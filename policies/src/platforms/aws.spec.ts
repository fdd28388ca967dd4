import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, assertPreviewNote, violations } from "../../../test/harness/expect";
import { of, runStack } from "../../../test/harness/pack";
import { AWS, PlatformFixture, StackFixture, secretsOf } from "../../../test/harness/stack";

const SECRET_ONLY = "upstash-credentials-only-in-secret-env-vars";
const CLIENT = "upstash-no-client-exposed-credentials";
const RATE_LIMIT = "upstash-rate-limit-public-apis";
const STAGES = "upstash-separate-database-per-stage";

describe("platform: aws", () => {
    for (const state of ["new", "existing"] as const) {
        describe(`${state} stack`, () => {
            it("passes a Lambda given a Secrets Manager ARN behind a rate-based WAF rule, and ECS secrets[].valueFrom", async () => {
                const s = new StackFixture("dev", state);
                const p = new PlatformFixture(s);
                const db = s.redis("cache");
                p.secretsManagerSecret("redis-token", { from: db, output: "restToken" });
                p.lambda("api", { UPSTASH_REDIS_REST_URL: { from: db, output: "restUrl" }, UPSTASH_REDIS_REST_TOKEN_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/redis-token-AbCdEf" });
                p.apiInFront("shop", "api", "rate-based");
                p.ecsTaskDefinition("worker", { UPSTASH_REDIS_REST_URL: { from: db, output: "restUrl" } }, { UPSTASH_REDIS_REST_TOKEN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/redis-token-AbCdEf" });
                const result = await runStack(s.resources);
                for (const policy of [SECRET_ONLY, CLIENT, RATE_LIMIT, STAGES]) {
                    assert.deepEqual(violations(result, policy), [], policy);
                }
            });

            it("fails a token in a Lambda environment variable, naming Secrets Manager as the alternative", async () => {
                const s = new StackFixture("dev", state);
                const p = new PlatformFixture(s);
                const db = s.redis("cache");
                p.lambda("api", { UPSTASH_REDIS_REST_URL: { from: db, output: "restUrl" }, UPSTASH_REDIS_REST_TOKEN: { from: db, output: "restToken" } });
                p.apiInFront("shop", "api", "rate-based");
                const result = await runStack(s.resources);
                assertFlagged(violations(result, SECRET_ONLY), [s.find("api").urn], "mandatory", [
                    /Function 'api' \(environment.variables\) variable UPSTASH_REDIS_REST_TOKEN carries the Upstash Redis REST token of RedisDatabase 'cache'/,
                    /plain Lambda environment variable/,
                    /Secrets Manager/,
                ]);
                assertNoLeak(result, secretsOf([db]));
            });

            it("advises a rate limit when the WAF in front of the Lambda has no rate-based rule, or there is none", async () => {
                for (const waf of ["none", "no-rate-rule"] as const) {
                    const s = new StackFixture("dev", state);
                    const p = new PlatformFixture(s);
                    const db = s.redis("cache");
                    p.lambda("api", { UPSTASH_REDIS_REST_TOKEN: { from: db, output: "restToken" } });
                    p.apiInFront("shop", "api", waf);
                    assertFlagged(violations(await runStack(s.resources), RATE_LIMIT), [s.find("api").urn], "advisory", [/Function 'api' receives Upstash Redis credentials but has no AWS WAFv2 web ACL with a rate-based rule/]);
                }
            });

            it("fails an ECS environment entry and a public Amplify build variable; one database for PRODUCTION and DEVELOPMENT branches", async () => {
                const s = new StackFixture("dev", state);
                const p = new PlatformFixture(s);
                const db = s.redis("cache");
                p.ecsTaskDefinition("worker", { UPSTASH_REDIS_REST_TOKEN: { from: db, output: "restToken" } });
                const token = s.resolve({ from: db, output: "restToken" });
                s.add(AWS.amplifyBranch, "main", { appId: "app_1", branchName: "main", stage: "PRODUCTION", environmentVariables: { VITE_UPSTASH_REDIS_REST_TOKEN: token.value } }, { environmentVariables: token.deps });
                s.add(AWS.amplifyBranch, "develop", { appId: "app_1", branchName: "develop", stage: "DEVELOPMENT", environmentVariables: { UPSTASH_REDIS_REST_TOKEN: token.value } }, { environmentVariables: token.deps });
                const result = await runStack(s.resources);
                if (state === "new") {
                    // The whole JSON string is unknown: whether the token went to `environment` or `secrets` is not known yet.
                    assertPreviewNote(result, SECRET_ONLY, [/TaskDefinition 'worker'/]);
                } else {
                    assert.match(violations(result, SECRET_ONLY).find((d) => d.urn === s.find("worker").urn)?.message ?? "", /containerDefinitions\[app\].environment\[0\]\) variable UPSTASH_REDIS_REST_TOKEN .*secrets\[\]\.valueFrom/);
                }
                assertFlagged(violations(result, CLIENT), [s.find("main").urn], "mandatory", [/Branch 'main' \(environmentVariables\) variable VITE_UPSTASH_REDIS_REST_TOKEN starts with VITE_/]);
                assertFlagged(violations(result, STAGES), [db.urn], "mandatory", [/feeds both production and development/]);
                assertNoLeak(result, secretsOf([db]));
            });
        });
    }

    it("ignores malformed containerDefinitions JSON rather than failing the stack", async () => {
        const s = new StackFixture("dev", "existing");
        s.redis("cache");
        s.add(AWS.ecsTaskDefinition, "broken", { family: "broken", containerDefinitions: "[{not json" });
        const result = await runStack(s.resources);
        assert.deepEqual(of(result, SECRET_ONLY), []);
    });

    it("an SSM SecureString is a store; a String parameter is plain", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.ssmParameter("secure", "SecureString", { from: db, output: "restToken" });
        s.ssmParameter("plain", "String", { from: db, output: "restToken" });
        assertFlagged(violations(await runStack(s.resources), SECRET_ONLY), [s.find("plain").urn], "mandatory", [/`String` parameter/, /SecureString/]);
    });
});
