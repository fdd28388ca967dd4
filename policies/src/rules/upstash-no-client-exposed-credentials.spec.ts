import { strict as assert } from "assert";
import { leakedFragments } from "../../../test/harness/fake-credentials";
import { of, runStack } from "../../../test/harness/pack";
import { StackFixture, secretsOf } from "../../../test/harness/stack";

const POLICY = "upstash-no-client-exposed-credentials";

describe(POLICY, () => {
    for (const state of ["new", "existing"] as const) {
        describe(`${state} stack (${state === "new" ? "outputs unknown at preview" : "outputs known"})`, () => {
            it("fails a REST token in a NEXT_PUBLIC_ variable, naming resource, key and credential", async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("cache");
                s.envVar("public-token", { key: "NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" } });
                const found = of(await runStack(s.resources), POLICY);
                assert.equal(found.length, 1);
                assert.equal(found[0].urn, s.find("public-token").urn);
                assert.equal(found[0].enforcementLevel, "mandatory");
                assert.match(found[0].message, /ProjectEnvironmentVariable 'public-token'/);
                assert.match(found[0].message, /NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN/);
                assert.match(found[0].message, /Upstash Redis REST token of RedisDatabase 'cache'/);
                assert.deepEqual(leakedFragments(found[0].message, secretsOf([db])), []);
            });

            it("fails a token under an innocent key in any client prefix (VITE_, PUBLIC_, …) by provenance or value", async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("cache");
                for (const key of ["VITE_CACHE", "PUBLIC_CACHE_SECRET", "REACT_APP_DB", "EXPO_PUBLIC_X", "SANITY_STUDIO_Y"]) {
                    s.envVar(key.toLowerCase(), { key, value: { from: db, output: "restToken" } });
                }
                const found = of(await runStack(s.resources), POLICY);
                assert.deepEqual(found.map((d) => d.urn).sort(), s.resources.filter((r) => r.type.includes("Environment")).map((r) => r.urn).sort());
            });

            it("passes the REST URL alone in a client variable", async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("cache");
                s.envVar("public-url", { key: "NEXT_PUBLIC_UPSTASH_REDIS_REST_URL", value: { from: db, output: "restUrl" } });
                assert.deepEqual(of(await runStack(s.resources), POLICY), []);
            });

            it("counts read-only tokens unless allowReadOnlyTokensInClient is set", async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("search");
                s.envVar("ro", { key: "NEXT_PUBLIC_UPSTASH_REDIS_REST_READONLY_TOKEN", value: { from: db, output: "readOnlyRestToken" } });
                const strict = of(await runStack(s.resources), POLICY);
                assert.equal(strict.length, 1);
                assert.match(strict[0].message, /read-only/);
                const relaxed = of(await runStack(s.resources, { config: { [POLICY]: { allowReadOnlyTokensInClient: true } } }), POLICY);
                assert.deepEqual(relaxed, []);
            });

            it("passes a server-side sensitive token", async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("cache");
                s.envVar("server-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" } });
                assert.deepEqual(of(await runStack(s.resources), POLICY), []);
            });
        });
    }

    it("fails a Redis URL with its password in a client variable of a ProjectEnvironmentVariables list", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.vercelProject("web");
        s.envVars("web-env", "web", [
            { key: "NEXT_PUBLIC_SITE", value: "shop" },
            { key: "NEXT_PUBLIC_KV_URL", value: { from: db, output: "redisUrl" } },
        ]);
        const found = of(await runStack(s.resources), POLICY);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /variables\[1\]/);
        assert.match(found[0].message, /URL carrying the database password/);
        assert.deepEqual(leakedFragments(found[0].message, secretsOf([db])), []);
    });

    it("recognises QStash tokens and signing keys by shape, with extra prefixes from config", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.envVar("qstash", { key: "APP_PUBLIC_QSTASH", value: db.credentials.qstashToken });
        s.envVar("signing", { key: "NEXT_PUBLIC_SIGNING", value: db.credentials.signingKey });
        const defaults = of(await runStack(s.resources), POLICY);
        assert.deepEqual(defaults.map((d) => d.urn), [s.find("signing").urn]);
        const extra = of(await runStack(s.resources, { config: { [POLICY]: { extraClientPrefixes: ["APP_PUBLIC_"] } } }), POLICY);
        assert.equal(extra.length, 2);
        assert.deepEqual(leakedFragments(extra.map((d) => d.message).join("\n"), secretsOf([db])), []);
    });

    it("honours exemptions and says when one has expired", async () => {
        const s = new StackFixture("dev", "new");
        const db = s.redis("cache");
        s.envVar("public-token", { key: "NEXT_PUBLIC_TOKEN", value: { from: db, output: "restToken" } });
        const exempt = await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "public-*", reason: "demo app", expires: "2999-12-31" }] } } });
        assert.deepEqual(of(exempt, POLICY), []);
        const expired = of(await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "public-token", reason: "demo", expires: "2001-01-01" }] } } }), POLICY);
        assert.equal(expired.length, 1);
        assert.match(expired[0].message, /expired on 2001-01-01/);
    });

    it("reports at the configured level", async () => {
        const s = new StackFixture("dev", "new");
        const db = s.redis("cache");
        s.envVar("public-token", { key: "NEXT_PUBLIC_TOKEN", value: { from: db, output: "restToken" } });
        const found = of(await runStack(s.resources, { config: { [POLICY]: "advisory" } }), POLICY);
        assert.equal(found[0].enforcementLevel, "advisory");
    });
});
