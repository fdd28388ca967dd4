import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, violations } from "../../../test/harness/expect";
import { of, runStack } from "../../../test/harness/pack";
import { StackFixture, secretsOf } from "../../../test/harness/stack";

const POLICY = "upstash-management-api-key-not-in-apps";

describe(POLICY, () => {
    for (const state of ["new", "existing"] as const) {
        describe(`${state} stack`, () => {
            it("passes the key in the Upstash provider and database tokens in apps", async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("cache");
                s.upstashProvider(db.credentials.managementKey);
                s.envVar("token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" } });
                s.envVar("email", { key: "UPSTASH_EMAIL", value: "ops@example.com" });
                assert.deepEqual(of(await runStack(s.resources), POLICY), []);
            });

            it("fails the provider's key under any name and in any field, and a variable named for it", async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("cache");
                const key = db.credentials.managementKey;
                s.upstashProvider(key);
                s.envVar("innocent", { key: "ADMIN", value: key });
                s.envVar("named", { key: "UPSTASH_MANAGEMENT_API_KEY", value: "a-key-from-pulumi-config" });
                s.vercelProject("web");
                s.envVars("web-env", "web", [{ key: "SITE", value: "shop" }, { key: "UPSTASH_API_KEY", value: key }]);
                s.qstashSchedule("cron", { header: { name: "X-Admin", ref: key } });
                s.add("kubernetes:core/v1:Secret", "k8s", { stringData: { key } });
                const result = await runStack(s.resources);
                const found = violations(result, POLICY);
                assertFlagged(found, ["innocent", "named", "web-env", "cron", "k8s"].map((n) => s.find(n).urn), "mandatory", [/management API key/]);
                const byName = (n: string): string => found.find((d) => d.urn === s.find(n).urn)?.message ?? "";
                assert.match(byName("innocent"), /ProjectEnvironmentVariable 'innocent' variable ADMIN holds the Upstash provider's API key/);
                assert.match(byName("named"), /variable UPSTASH_MANAGEMENT_API_KEY is named for the Upstash management API key/);
                assert.match(byName("web-env"), /\(variables\[1\]\) variable UPSTASH_API_KEY/);
                assert.match(byName("cron"), /QStashScheduleV2 'cron' field forwardHeaders.X-Admin holds the Upstash management API key/);
                assert.match(byName("k8s"), /Secret 'k8s' \(stringData\) variable key holds the Upstash provider's API key/);
                assertNoLeak(result, secretsOf([db]));
            });
        });
    }

    it("flags a variable named for the key even while its value is unknown at preview", async () => {
        const s = new StackFixture("dev", "new");
        const db = s.redis("cache");
        s.envVar("named", { key: "UPSTASH_API_KEY", value: { from: db, output: "restToken" } });
        assertFlagged(violations(await runStack(s.resources), POLICY), [s.find("named").urn], "mandatory", [/UPSTASH_API_KEY is named for the Upstash management API key/]);
    });

    it("passes an empty variable of that name", async () => {
        const s = new StackFixture("dev", "existing");
        s.envVar("empty", { key: "UPSTASH_API_KEY", value: "", targets: ["development"] });
        assert.deepEqual(of(await runStack(s.resources), POLICY), []);
    });

    it("honours exemptions, says when one has expired, and reports at the configured level", async () => {
        const s = new StackFixture("dev", "existing");
        s.envVar("ops", { key: "UPSTASH_API_KEY", value: "a-key-from-pulumi-config" });
        assert.deepEqual(of(await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "ops", reason: "ops console app", expires: "2999-01-01" }] } } }), POLICY), []);
        const expired = violations(await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "o*", reason: "old", expires: "2001-01-01" }] } } }), POLICY);
        assertFlagged(expired, [s.find("ops").urn], "mandatory", [/expired on 2001-01-01/]);
        assertFlagged(violations(await runStack(s.resources, { config: { [POLICY]: "advisory" } }), POLICY), [s.find("ops").urn], "advisory");
        await assert.rejects(runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "ops", reason: "x", expires: "2024-02-30" }] } } }), /exemptions\[0\]\.expires/);
    });
});
