import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, assertPreviewNote, violations } from "../../../test/harness/expect";
import { of, runStack } from "../../../test/harness/pack";
import { StackFixture, UNKNOWN, secretsOf } from "../../../test/harness/stack";

const POLICY = "upstash-rate-limit-public-apis";

function appWithRedis(state: "new" | "existing"): { s: StackFixture; db: ReturnType<StackFixture["redis"]> } {
    const s = new StackFixture("dev", state);
    const db = s.redis("cache");
    s.vercelProject("web", { name: "acme-web" });
    s.envVar("token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, projectId: { project: "web" } });
    return { s, db };
}

describe(POLICY, () => {
    for (const state of ["new", "existing"] as const) {
        describe(`${state} stack`, () => {
            it("passes a project with an enabled firewall and an active rate_limit rule", async () => {
                const { s } = appWithRedis(state);
                s.firewall("web-fw", "web", [StackFixture.firewallRule("deny"), StackFixture.firewallRule("rate_limit")]);
                assert.deepEqual(of(await runStack(s.resources), POLICY), []);
            });

            it("fails a project receiving Redis credentials without a firewall, flagging the project", async () => {
                const { s, db } = appWithRedis(state);
                const result = await runStack(s.resources);
                assertFlagged(violations(result, POLICY), [s.find("web").urn], "advisory", [/Project 'web' receives Upstash Redis credentials/, /no enabled vercel.FirewallConfig with an active `rate_limit` rule/]);
                assertNoLeak(result, secretsOf([db]));
            });

            for (const [label, rules, enabled] of [
                ["a disabled firewall", [StackFixture.firewallRule()], false],
                ["an inactive rate_limit rule", [StackFixture.firewallRule("rate_limit", false)], true],
                ["only deny and challenge rules", [StackFixture.firewallRule("deny"), StackFixture.firewallRule("challenge")], true],
            ] as const) {
                it(`fails ${label}`, async () => {
                    const { s } = appWithRedis(state);
                    s.firewall("web-fw", "web", [...rules], enabled);
                    assertFlagged(violations(await runStack(s.resources), POLICY), [s.find("web").urn], "advisory", [/Project 'web'/]);
                });
            }
        });
    }

    it("passes projects that receive only Vector tokens or only the REST URL", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        const vec = s.vector("vectors");
        s.vercelProject("web");
        s.envVar("vec", { key: "UPSTASH_VECTOR_REST_TOKEN", value: { from: vec, output: "token" }, projectId: { project: "web" } });
        s.envVar("url", { key: "UPSTASH_REDIS_REST_URL", value: { from: db, output: "restUrl" }, projectId: { project: "web" } });
        assert.deepEqual(of(await runStack(s.resources), POLICY), []);
    });

    it("names a project outside the stack by its id, flagging the variable", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.envVar("token", { key: "KV_REST_API_TOKEN", value: { from: db, output: "restToken" }, projectId: "prj_elsewhere" });
        assertFlagged(violations(await runStack(s.resources), POLICY), [s.find("token").urn], "advisory", [/Vercel project prj_elsewhere \(via ProjectEnvironmentVariable 'token'\)/]);
    });

    it("says it cannot decide while the firewall's rules are unknown", async () => {
        const { s } = appWithRedis("new");
        s.firewall("web-fw", "web", UNKNOWN);
        const result = await runStack(s.resources);
        assert.deepEqual(violations(result, POLICY), []);
        assertPreviewNote(result, POLICY, [/whether the firewall of Project 'web' rate-limits/]);
    });

    it("config appRateLimitedProjects accepts the Pulumi name or the Vercel name", async () => {
        const { s } = appWithRedis("existing");
        for (const name of ["web", "acme-web"]) {
            assert.deepEqual(of(await runStack(s.resources, { config: { [POLICY]: { appRateLimitedProjects: [name] } } }), POLICY), [], name);
        }
        assert.equal(violations(await runStack(s.resources, { config: { [POLICY]: { appRateLimitedProjects: ["other"] } } }), POLICY).length, 1);
    });

    it("honours exemptions, says when one has expired, and reports at the configured level", async () => {
        const { s } = appWithRedis("new");
        assert.deepEqual(of(await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "web", reason: "internal app behind SSO", expires: "2999-01-01" }] } } }), POLICY), []);
        const expired = violations(await runStack(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "w*", reason: "old", expires: "2001-01-01" }] } } }), POLICY);
        assertFlagged(expired, [s.find("web").urn], "advisory", [/expired on 2001-01-01/]);
        assertFlagged(violations(await runStack(s.resources, { config: { [POLICY]: "mandatory" } }), POLICY), [s.find("web").urn], "mandatory");
    });
});
