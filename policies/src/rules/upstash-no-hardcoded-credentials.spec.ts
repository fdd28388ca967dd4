import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, violations } from "../../../test/harness/expect";
import { of, runStack } from "../../../test/harness/pack";
import { StackFixture, secretsOf } from "../../../test/harness/stack";

const POLICY = "upstash-no-hardcoded-credentials";

/** The local QStash dev server's documented, public token (user `defaultUser`): not a leak. */
const DEV_SERVER_TOKEN = Buffer.from(JSON.stringify({ UserID: "defaultUser", Password: "requestPassword" })).toString("base64");

describe(POLICY, () => {
    for (const state of ["new", "existing"] as const) {
        it(`passes credentials wired from the stack's Upstash resources (${state} stack)`, async () => {
            const s = new StackFixture("dev", state);
            const db = s.redis("cache");
            const vec = s.vector("vectors");
            s.envVar("token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" } });
            s.envVar("kv", { key: "KV_URL", value: { from: db, output: "redisUrl" } });
            s.envVar("vector", { key: "UPSTASH_VECTOR_REST_TOKEN", value: { from: vec, output: "token" } });
            s.vercelProject("web");
            s.envVars("web-env", "web", [{ key: "KV_REST_API_READ_ONLY_TOKEN", value: { from: db, output: "readOnlyRestToken" } }]);
            assert.deepEqual(of(await runStack(s.resources), POLICY), []);
        });
    }

    it("flags literals shaped like Upstash credentials, advisory, naming resource, key and kind, and pointing at StackReferences", async () => {
        const s = new StackFixture("dev", "new");
        const pasted = new StackFixture("other", "existing").redis("elsewhere");
        s.envVar("rest", { key: "UPSTASH_REDIS_REST_TOKEN", value: pasted.credentials.restToken });
        s.envVar("qstash", { key: "QSTASH_TOKEN", value: pasted.credentials.qstashToken });
        s.envVar("signing", { key: "QSTASH_CURRENT_SIGNING_KEY", value: pasted.credentials.signingKey });
        s.envVar("kv", { key: "KV_URL", value: `rediss://default:${pasted.credentials.password}@${pasted.host}:6379` });
        s.qstashSchedule("cron", { body: { template: '{"auth":"{}"}', ref: pasted.credentials.qstashToken } });
        const result = await runStack(s.resources);
        const found = violations(result, POLICY);
        assertFlagged(found, ["rest", "qstash", "signing", "kv", "cron"].map((n) => s.find(n).urn), "advisory", [
            /holds a value shaped like a/,
            /does not come from an Upstash resource in this stack/,
            /StackReference/,
            /pulumi\/pulumi#3950/,
            /exemption/,
        ]);
        const byName = (n: string): string => found.find((d) => d.urn === s.find(n).urn)?.message ?? "";
        assert.match(byName("rest"), /ProjectEnvironmentVariable 'rest' variable UPSTASH_REDIS_REST_TOKEN holds a value shaped like an Upstash Redis REST token/);
        assert.match(byName("qstash"), /variable QSTASH_TOKEN .* QStash token/);
        assert.match(byName("signing"), /QStash signing key/);
        assert.match(byName("kv"), /Upstash Redis URL carrying the database password/);
        assert.match(byName("cron"), /QStashScheduleV2 'cron' field body .* QStash token/);
        assertNoLeak(result, secretsOf([pasted]));
    });

    it("ignores generic strings, placeholders and the public QStash dev-server token", async () => {
        const s = new StackFixture("dev", "existing");
        const other = new StackFixture("other", "existing").redis("elsewhere");
        s.envVar("build-id", { key: "BUILD_ID", value: other.credentials.restToken });
        s.envVar("placeholder", { key: "UPSTASH_REDIS_REST_TOKEN", value: "<your-token-here>" });
        s.envVar("dev-server", { key: "QSTASH_TOKEN", value: DEV_SERVER_TOKEN, targets: ["development"], sensitive: false });
        s.envVar("url", { key: "UPSTASH_REDIS_REST_URL", value: "https://cache-1.upstash.io" });
        assert.deepEqual(of(await runStack(s.resources), POLICY), []);
    });

    it("regression: a literal next to a wired entry of the same list is still flagged", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        const pasted = new StackFixture("other", "existing").redis("elsewhere");
        s.vercelProject("web");
        s.envVars("web-env", "web", [
            { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" } },
            { key: "QSTASH_TOKEN", value: pasted.credentials.qstashToken },
        ]);
        const result = await runStack(s.resources);
        assertFlagged(violations(result, POLICY), [s.find("web-env").urn], "advisory", [/variable QSTASH_TOKEN holds a value shaped like a QStash token/]);
        assertNoLeak(result, secretsOf([db, pasted]));
    });

    it("has nothing to judge in values unknown at preview (they come from resources, not literals)", async () => {
        const s = new StackFixture("dev", "new");
        const db = s.redis("cache");
        s.envVar("token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" } });
        assert.deepEqual(of(await runStack(s.resources), POLICY), []);
    });

    it("honours exemptions (e.g. a StackReference) and says when one has expired", async () => {
        const s = new StackFixture("dev", "existing");
        const pasted = new StackFixture("other", "existing").redis("elsewhere");
        s.envVar("from-ref", { key: "QSTASH_TOKEN", value: pasted.credentials.qstashToken });
        const exempt = await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "from-*", reason: "read through a StackReference from shared-infra", expires: "2999-01-01" }] } } });
        assert.deepEqual(of(exempt, POLICY), []);
        const expired = violations(await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "from-ref", reason: "old", expires: "2001-01-01" }] } } }), POLICY);
        assertFlagged(expired, [s.find("from-ref").urn], "advisory", [/expired on 2001-01-01/]);
    });

    it("reports at the configured level, and rejects unknown config keys", async () => {
        const s = new StackFixture("dev", "existing");
        const pasted = new StackFixture("other", "existing").redis("elsewhere");
        s.envVar("qstash", { key: "QSTASH_TOKEN", value: pasted.credentials.qstashToken });
        assertFlagged(violations(await runStack(s.resources, { config: { [POLICY]: "mandatory" } }), POLICY), [s.find("qstash").urn], "mandatory");
        await assert.rejects(runStack(s.resources, { config: { [POLICY]: { allowList: [] } } }), /allowList/);
    });
});
