import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, assertPreviewNote, violations } from "../../../test/harness/expect";
import { of, runStack } from "../../../test/harness/pack";
import { CLOUDFLARE, PlatformFixture, StackFixture, UNKNOWN, secretsOf } from "../../../test/harness/stack";

const SECRET_ONLY = "upstash-credentials-only-in-secret-env-vars";
const CLIENT = "upstash-no-client-exposed-credentials";
const RATE_LIMIT = "upstash-rate-limit-public-apis";
const STAGES = "upstash-separate-database-per-stage";

describe("platform: cloudflare", () => {
    for (const state of ["new", "existing"] as const) {
        describe(`${state} stack`, () => {
            it("passes secret_text bindings, a Secrets Store binding and secret_text Pages variables", async () => {
                const s = new StackFixture("dev", state);
                const p = new PlatformFixture(s);
                const db = s.redis("cache");
                p.secretsStoreSecret("redis-token", { from: db, output: "restToken" });
                p.workersScript("api", [
                    { name: "UPSTASH_REDIS_REST_URL", type: "plain_text", value: { from: db, output: "restUrl" } },
                    { name: "UPSTASH_REDIS_REST_TOKEN", type: "secret_text", value: { from: db, output: "restToken" } },
                    { name: "REDIS_TOKEN_FROM_STORE", type: "secrets_store_secret", storeSecret: "redis-token" },
                ]);
                p.zoneRouting("shop", "api", "enabled");
                p.pagesProject("site", { production: { UPSTASH_REDIS_REST_TOKEN: { type: "secret_text", value: { from: db, output: "restToken" } } } });
                const result = await runStack(s.resources);
                for (const policy of [SECRET_ONLY, CLIENT, RATE_LIMIT, STAGES]) {
                    assert.deepEqual(of(result, policy), [], policy);
                }
            });

            it("fails a plain_text and a json binding, naming the binding and the secret_text alternative", async () => {
                const s = new StackFixture("dev", state);
                const p = new PlatformFixture(s);
                const db = s.redis("cache");
                p.workersScript("api", [{ name: "UPSTASH_REDIS_REST_TOKEN", type: "plain_text", value: { from: db, output: "restToken" } }]);
                p.workersScript("legacy", [{ name: "REDIS_URL", type: "plain_text", value: { from: db, output: "redisUrl" } }], CLOUDFLARE.workerScript);
                const result = await runStack(s.resources);
                assertFlagged(violations(result, SECRET_ONLY), [s.find("api").urn, s.find("legacy").urn], "mandatory", [/\(bindings\[0\]\) variable \S+ carries .* but is a plain_text \(or json\) binding/, /`secret_text` binding/]);
                assertNoLeak(result, secretsOf([db]));
            });

            it("fails a public-prefixed Pages variable as client-exposed even when secret_text, and a plain one as plain", async () => {
                const s = new StackFixture("dev", state);
                const p = new PlatformFixture(s);
                const db = s.redis("cache");
                p.pagesProject("site", {
                    production: { NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN: { type: "secret_text", value: { from: db, output: "restToken" } } },
                    preview: { UPSTASH_REDIS_REST_TOKEN: { type: "plain_text", value: { from: db, output: "restToken" } } },
                });
                const result = await runStack(s.resources);
                assertFlagged(violations(result, CLIENT), [s.find("site").urn], "mandatory", [/PagesProject 'site' \(deploymentConfigs.production.envVars\) variable NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN starts with NEXT_PUBLIC_/, /Cloudflare Pages build/]);
                const secretOnly = violations(result, SECRET_ONLY).map((d) => d.message).join("\n");
                assert.match(secretOnly, /client-exposed \(NEXT_PUBLIC_\)/);
                assert.match(secretOnly, /deploymentConfigs.preview.envVars\) variable UPSTASH_REDIS_REST_TOKEN .* plain_text environment variable and targets preview/);
                // One database in the production and the preview config of the same Pages project.
                assertFlagged(violations(result, STAGES), [db.urn], "mandatory", [/feeds both production and preview/, /PagesProject 'site'/]);
                assertNoLeak(result, secretsOf([db]));
            });

            it("advises a rate limit for a Worker receiving Redis credentials without a http_ratelimit ruleset on its zone", async () => {
                for (const ratelimit of ["none", "disabled", "other-phase"] as const) {
                    const s = new StackFixture("dev", state);
                    const p = new PlatformFixture(s);
                    const db = s.redis("cache");
                    p.workersScript("api", [{ name: "UPSTASH_REDIS_REST_TOKEN", type: "secret_text", value: { from: db, output: "restToken" } }]);
                    p.zoneRouting("shop", "api", ratelimit);
                    assertFlagged(violations(await runStack(s.resources), RATE_LIMIT), [s.find("api").urn], "advisory", [/WorkersScript 'api' receives Upstash Redis credentials but has no enabled rule in a cloudflare.Ruleset of phase `http_ratelimit`/]);
                }
            });
        });
    }

    it("says it cannot decide while a binding's type is unknown", async () => {
        const s = new StackFixture("dev", "new");
        const db = s.redis("cache");
        s.add(CLOUDFLARE.workersScript, "api", { scriptName: "api", bindings: [{ name: "UPSTASH_REDIS_REST_TOKEN", type: UNKNOWN, text: UNKNOWN }] }, { bindings: [db.urn] });
        const result = await runStack(s.resources);
        assert.deepEqual(violations(result, SECRET_ONLY), []);
        assertPreviewNote(result, SECRET_ONLY, [/whether WorkersScript 'api' \(bindings\[0\]\) variable UPSTASH_REDIS_REST_TOKEN is secret/]);
    });
});
