import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, violations } from "../../../test/harness/expect";
import { runStack } from "../../../test/harness/pack";
import { KUBERNETES, PlatformFixture, StackFixture, secretsOf } from "../../../test/harness/stack";

const SECRET_ONLY = "upstash-credentials-only-in-secret-env-vars";
const STAGES = "upstash-separate-database-per-stage";
const READ_ONLY = "upstash-read-only-tokens-where-possible";

describe("platform: kubernetes", () => {
    for (const state of ["new", "existing"] as const) {
        describe(`${state} stack`, () => {
            it("passes a Secret read through env[].valueFrom.secretKeyRef", async () => {
                const s = new StackFixture("dev", state);
                const p = new PlatformFixture(s);
                const db = s.redis("cache");
                p.k8sSecret("redis", "shop-dev", { UPSTASH_REDIS_REST_TOKEN: { from: db, output: "restToken" } });
                p.deployment("api", "shop-dev", [{ name: "UPSTASH_REDIS_REST_URL", value: { from: db, output: "restUrl" } }, { name: "UPSTASH_REDIS_REST_TOKEN", secret: "redis" }]);
                const result = await runStack(s.resources);
                for (const policy of [SECRET_ONLY, STAGES]) {
                    assert.deepEqual(violations(result, policy), [], policy);
                }
            });

            it("fails env[].value and a ConfigMap entry, naming secretKeyRef; one database in shop-prod and shop-staging", async () => {
                const s = new StackFixture("dev", state);
                const p = new PlatformFixture(s);
                const db = s.redis("cache");
                p.deployment("api", "shop-prod", [{ name: "REDIS_URL", value: { from: db, output: "redisUrl" } }]);
                p.k8sSecret("redis", "shop-staging", { UPSTASH_REDIS_REST_TOKEN: { from: db, output: "restToken" } });
                p.deployment("api-staging", "shop-staging", [{ name: "UPSTASH_REDIS_REST_TOKEN", secret: "redis" }]);
                s.kubernetesData("config", "UPSTASH_REDIS_REST_TOKEN", { from: db, output: "restToken" }, false);
                const result = await runStack(s.resources);
                assertFlagged(violations(result, SECRET_ONLY), [s.find("api").urn, s.find("config").urn], "mandatory", [/secretKeyRef/]);
                assert.match(violations(result, SECRET_ONLY).find((d) => d.urn === s.find("api").urn)?.message ?? "", /Deployment 'api' \(spec.template.spec.containers\[0\].env\[0\]\) variable REDIS_URL .*plain container `env\[\]\.value`/);
                assertFlagged(violations(result, STAGES), [db.urn], "mandatory", [/feeds both production and staging/]);
                assertNoLeak(result, secretsOf([db]));
            });
        });
    }

    it("checks read-only names through a secretKeyRef to the Secret that holds a read-write token", async () => {
        const s = new StackFixture("dev", "existing");
        const p = new PlatformFixture(s);
        const db = s.redis("cache");
        p.k8sSecret("redis", "shop-dev", { TOKEN: { from: db, output: "restToken" } });
        p.deployment("catalog", "shop-dev", [{ name: "KV_REST_API_READ_ONLY_TOKEN", secret: "redis" }]);
        assertFlagged(violations(await runStack(s.resources), READ_ONLY), [s.find("catalog").urn], "advisory", [/KV_REST_API_READ_ONLY_TOKEN must carry a read-only credential/]);
    });

    it("decodes Secret data (base64) as the store's value", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.add(KUBERNETES.secret, "encoded", { metadata: { name: "encoded" }, data: { TOKEN: Buffer.from(db.credentials.restToken).toString("base64") } });
        const p = new PlatformFixture(s);
        p.deployment("reader", "shop-dev", [{ name: "KV_REST_API_READ_ONLY_TOKEN", secret: "encoded" }]);
        assertFlagged(violations(await runStack(s.resources), READ_ONLY), [s.find("reader").urn], "advisory", [/with write access/]);
    });
});
