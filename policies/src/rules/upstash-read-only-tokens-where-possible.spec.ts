import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, assertPreviewNote, violations } from "../../../test/harness/expect";
import { of, runStack } from "../../../test/harness/pack";
import { StackFixture, secretsOf } from "../../../test/harness/stack";

const POLICY = "upstash-read-only-tokens-where-possible";

describe(POLICY, () => {
    for (const state of ["new", "existing"] as const) {
        it(`passes variables that do not ask for read-only access (${state} stack)`, async () => {
            const s = new StackFixture("dev", state);
            const db = s.redis("cache");
            s.envVar("token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" } });
            s.envVar("kv", { key: "KV_URL", value: { from: db, output: "redisUrl" } });
            assert.deepEqual(of(await runStack(s.resources), POLICY), []);
        });
    }

    it("known values: passes read-only tokens and fails read-write ones and passwords under read-only names", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        const vec = s.vector("vectors");
        s.envVar("ro-ok", { key: "KV_REST_API_READ_ONLY_TOKEN", value: { from: db, output: "readOnlyRestToken" } });
        s.envVar("vec-ok", { key: "UPSTASH_VECTOR_REST_READONLY_TOKEN", value: { from: vec, output: "readOnlyToken" } });
        s.envVar("ro-rw", { key: "KV_REST_API_READ_ONLY_TOKEN", value: { from: db, output: "restToken" } });
        s.envVar("vec-rw", { key: "SEARCH_READONLY_TOKEN", value: { from: vec, output: "token" } });
        s.envVar("ro-url", { key: "REDIS_READ_ONLY_URL", value: { from: db, output: "redisUrl" } });
        const result = await runStack(s.resources);
        const found = violations(result, POLICY);
        assertFlagged(found, ["ro-rw", "vec-rw", "ro-url"].map((n) => s.find(n).urn), "advisory", [/must carry a read-only credential \(its name says read-only\)/, /with write access \(recognised by its value\)/]);
        const byName = (n: string): string => found.find((d) => d.urn === s.find(n).urn)?.message ?? "";
        assert.match(byName("ro-rw"), /ProjectEnvironmentVariable 'ro-rw' variable KV_REST_API_READ_ONLY_TOKEN .* the Upstash Redis REST token of RedisDatabase 'cache'/);
        assert.match(byName("vec-rw"), /the Upstash Vector token of VectorIndex 'vectors'/);
        assert.match(byName("ro-url"), /Upstash Redis URL carrying the database password/);
        assertNoLeak(result, secretsOf([db, vec]));
    });

    it("regression: a pasted read-write REST token under a read-only name is flagged (the name is the claim, not evidence)", async () => {
        const s = new StackFixture("dev", "existing");
        const pasted = new StackFixture("other", "existing").redis("elsewhere");
        s.envVar("ro-pasted", { key: "KV_REST_API_READ_ONLY_TOKEN", value: pasted.credentials.restToken });
        s.envVar("ro-pasted-ok", { key: "KV_REST_API_READ_ONLY_TOKEN", value: pasted.credentials.readOnlyRestToken });
        const result = await runStack(s.resources);
        assertFlagged(violations(result, POLICY), [s.find("ro-pasted").urn], "advisory", [/KV_REST_API_READ_ONLY_TOKEN .* Upstash Redis REST token with write access \(recognised by the format of its value\)/]);
        assertNoLeak(result, secretsOf([pasted]));
    });

    it("unknown at preview: a read-only name fed by a new database is undecided, not a silent pass", async () => {
        const s = new StackFixture("dev", "new");
        const db = s.redis("cache");
        s.envVar("ro", { key: "KV_REST_API_READ_ONLY_TOKEN", value: { from: db, output: "readOnlyRestToken" } });
        const result = await runStack(s.resources);
        assert.deepEqual(violations(result, POLICY), []);
        assertPreviewNote(result, POLICY, [/whether ProjectEnvironmentVariable 'ro' variable KV_REST_API_READ_ONLY_TOKEN gets a read-only token/]);
    });

    it("unknown at preview: an exempt resource gets no preview note either", async () => {
        const s = new StackFixture("dev", "new");
        const db = s.redis("cache");
        s.envVar("ro", { key: "KV_REST_API_READ_ONLY_TOKEN", value: { from: db, output: "readOnlyRestToken" } });
        const result = await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "ro", reason: "catalog reader, reviewed", expires: "2999-01-01" }] } } });
        assert.deepEqual(of(result, POLICY), []);
    });

    it("unknown at preview: a password-bearing URL under a read-only name fails anyway", async () => {
        const s = new StackFixture("dev", "new");
        const db = s.redis("cache");
        s.envVar("ro-url", { key: "READONLY_REDIS_URL", value: { from: db, output: "redisUrl" } });
        assertFlagged(violations(await runStack(s.resources), POLICY), [s.find("ro-url").urn], "advisory", [/READONLY_REDIS_URL/, /Redis URL carrying the database password/]);
    });

    it("config readOnlyKeys and readOnlyProjects (Pulumi resource name or Vercel name) restrict further variables", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.vercelProject("storefront", { name: "acme-storefront" });
        s.envVar("listed-key", { key: "CACHE_TOKEN", value: { from: db, output: "restToken" } });
        s.envVar("in-project", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, projectId: { project: "storefront" } });
        s.envVar("in-project-ro", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "readOnlyRestToken" }, projectId: { project: "storefront" } });
        assert.deepEqual(of(await runStack(s.resources), POLICY), []);
        const byKey = violations(await runStack(s.resources, { config: { [POLICY]: { readOnlyKeys: ["CACHE_TOKEN"] } } }), POLICY);
        assertFlagged(byKey, [s.find("listed-key").urn], "advisory", [/its key is listed in readOnlyKeys/]);
        for (const name of ["storefront", "acme-storefront"]) {
            const byProject = violations(await runStack(s.resources, { config: { [POLICY]: { readOnlyProjects: [name] } } }), POLICY);
            assertFlagged(byProject, [s.find("in-project").urn], "advisory", [/project acme-storefront is listed in readOnlyProjects/]);
        }
    });

    it("honours exemptions, says when one has expired, and reports at the configured level", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.envVar("ro-rw", { key: "KV_REST_API_READ_ONLY_TOKEN", value: { from: db, output: "restToken" } });
        assert.deepEqual(of(await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "ro-*", reason: "cache warmer writes", expires: "2999-01-01" }] } } }), POLICY), []);
        const expired = violations(await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "ro-rw", reason: "old", expires: "2001-01-01" }] } } }), POLICY);
        assertFlagged(expired, [s.find("ro-rw").urn], "advisory", [/expired on 2001-01-01/]);
        assertFlagged(violations(await runStack(s.resources, { config: { [POLICY]: "mandatory" } }), POLICY), [s.find("ro-rw").urn], "mandatory");
    });
});
