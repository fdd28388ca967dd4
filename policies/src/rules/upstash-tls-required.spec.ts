import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, assertPreviewNote, resourceViolations, violations } from "../../../test/harness/expect";
import { of, pack, runPreview, runResource } from "../../../test/harness/pack";
import { StackFixture, UNKNOWN, secretsOf } from "../../../test/harness/stack";

const POLICY = "upstash-tls-required";

describe(POLICY, () => {
    describe("RedisDatabase.tls (resource policy)", () => {
        it("passes tls: true", async () => {
            const s = new StackFixture("dev", "new");
            s.redis("cache", { tls: true });
            assert.deepEqual(of(await runResource(s.find("cache")), POLICY), []);
        });

        for (const [label, tls] of [["tls: false", false], ["tls unset", undefined]] as const) {
            it(`fails ${label}, naming the database and the field`, async () => {
                const s = new StackFixture("dev", "existing");
                const db = s.redis("cache", { tls });
                const result = await runResource(s.find("cache"));
                assertFlagged(resourceViolations(result, POLICY, db.urn), [db.urn], "mandatory", [
                    /RedisDatabase 'cache'/,
                    // Left unset, the real provider's Check fills `tls: false` and lists it in __defaults.
                    tls === false ? /sets `tls: false`/ : /does not set `tls` \(the provider fills in `false`\)/,
                    /Set `tls: true`/,
                ]);
                assertNoLeak(result, secretsOf([db]));
            });
        }

        it("says it cannot decide when tls is unknown at preview", async () => {
            const s = new StackFixture("dev", "new");
            s.redis("cache", { tls: UNKNOWN });
            const result = await runPreview(s.resources);
            assert.deepEqual(violations(result, POLICY), []);
            assertPreviewNote(result, POLICY, [/RedisDatabase 'cache' tls/]);
        });

        it("passes resources without Upstash URLs, and honours exemptions", async () => {
            const s = new StackFixture("dev", "new");
            s.vector("vectors");
            assert.deepEqual(of(await runResource(s.find("vectors")), POLICY), []);
            s.redis("legacy", { tls: false });
            const exempt = await runResource(s.find("legacy"), { config: { [POLICY]: { exemptions: [{ resource: "legacy", reason: "migrating in Q3", expires: "2999-01-01" }] } } });
            assert.deepEqual(of(exempt, POLICY), []);
            assert.deepEqual(exempt.notApplicable.filter((n) => n.policyName === POLICY).map((n) => n.reason), ["exempt (until 2999-01-01): migrating in Q3"]);
            const expired = await runResource(s.find("legacy"), { config: { [POLICY]: { exemptions: [{ resource: "legacy", reason: "old", expires: "2001-01-01" }] } } });
            assertFlagged(resourceViolations(expired, POLICY, s.find("legacy").urn), [s.find("legacy").urn], "mandatory", [/expired on 2001-01-01/]);
        });

        it("reports at the configured level", async () => {
            const s = new StackFixture("dev", "new");
            s.redis("cache", { tls: false });
            assertFlagged(resourceViolations(await runResource(s.find("cache"), { config: { [POLICY]: "advisory" } }), POLICY, s.find("cache").urn), [s.find("cache").urn], "advisory");
        });
    });

    describe("URLs to Upstash hosts (every resource's inputs)", () => {
        for (const state of ["new", "existing"] as const) {
            it(`passes https:// and rediss:// URLs (${state} stack)`, async () => {
                const s = new StackFixture("dev", state);
                const db = s.redis("cache");
                s.envVar("url", { key: "UPSTASH_REDIS_REST_URL", value: "https://cache-1.upstash.io" });
                s.envVar("kv", { key: "KV_URL", value: { from: db, output: "redisUrl" } });
                const result = await runPreview(s.resources);
                assert.deepEqual(violations(result, POLICY), []);
            });
        }

        it("fails http:// and redis:// URLs in env vars and any field, naming resource, field and host but no password", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache");
            s.envVar("rest-url", { key: "UPSTASH_REDIS_REST_URL", value: `http://${db.host}` });
            s.envVar("redis-url", { key: "REDIS_URL", value: `redis://default:${db.credentials.password}@${db.host}:6379` });
            s.qstashSchedule("cron", { body: { template: '{"callback":"{}"}', ref: `http://${db.host}/ping` } });
            const result = await runPreview(s.resources);
            const found = violations(result, POLICY);
            assertFlagged(found, [s.find("rest-url").urn, s.find("redis-url").urn, s.find("cron").urn], "mandatory", [/Upstash host/]);
            const said = (name: string): string => found.find((d) => d.urn === s.find(name).urn)?.message ?? "";
            // A URL with a password is a credential as a whole: its host is not shown either.
            assert.match(said("redis-url"), /ProjectEnvironmentVariable 'redis-url' field value has a URL with a password to an Upstash host with the scheme redis, .* Use rediss:\/\//);
            assert.match(said("rest-url"), new RegExp(`field value has a URL to the Upstash host ${db.host.replace(/\./g, "\\.")} with the scheme http, `));
            assert.match(said("cron"), /QStashScheduleV2 'cron' field body has a URL to the Upstash host .* with the scheme http/);
            assertNoLeak(result, secretsOf([db]));
            assertNoLeak(found.filter((d) => d.urn === s.find("redis-url").urn), [`redis://default:${db.credentials.password}@${db.host}:6379`]);
        });

        it("passes http:// URLs to hosts that are not Upstash's", async () => {
            const s = new StackFixture("dev", "existing");
            s.envVar("other", { key: "API_URL", value: "http://localhost:3000" });
            s.envVar("lookalike", { key: "API_URL", value: "http://upstash.io.example.com/x" });
            assert.deepEqual(violations(await runPreview(s.resources), POLICY), []);
        });

        it("says it cannot check the scheme of a URL built from a new database during preview", async () => {
            const s = new StackFixture("dev", "new");
            const db = s.redis("cache");
            s.envVar("kv", { key: "KV_URL", value: { from: db, output: "redisUrl" } });
            s.envVar("token", { key: "KV_REST_API_TOKEN", value: { from: db, output: "restToken" } });
            const result = await runPreview(s.resources);
            assert.deepEqual(violations(result, POLICY), []);
            const note = assertPreviewNote(result, POLICY, [/the scheme and query of ProjectEnvironmentVariable 'kv' variable KV_URL/]);
            assert.doesNotMatch(note.message, /KV_REST_API_TOKEN/);
        });

        it("lists, once, the scheme of a URL under the app's own name that provenance traces to a new database (or a component holding one)", async () => {
            const s = new StackFixture("dev", "new");
            const db = s.redis("cache");
            const cache = s.component("acme:platform:TeamCache", "team-cache", [db.urn]);
            s.envVar("cache-url", { key: "CACHE_URL", value: { from: db, output: "redisUrl" } });
            s.envVar("session-dsn", { key: "SESSION_DSN", value: { from: db, output: "redisUrl", via: cache } });
            s.envVar("kv", { key: "KV_URL", value: { from: db, output: "redisUrl" } });
            s.envVar("docs-url", { key: "DOCS_URL", value: UNKNOWN });
            const result = await runPreview(s.resources);
            assert.deepEqual(violations(result, POLICY), []);
            const note = assertPreviewNote(result, POLICY, [/variable CACHE_URL/, /variable SESSION_DSN/]);
            assert.doesNotMatch(note.message, /DOCS_URL/, "nothing traces it to Upstash");
            // KV_URL is named for Upstash and listed by the resource check too: said once.
            assert.equal(note.message.split("variable KV_URL").length, 2);
        });

        it("lists a variable once when the provider keeps a set's items in another order than the program gave them (examples/many-mistakes)", async () => {
            const s = new StackFixture("dev", "new");
            const db = s.redis("cache");
            s.vercelProject("web");
            s.envVars("web-env", "web", [
                { key: "NEXT_PUBLIC_KV_REST_API_TOKEN", value: { from: db, output: "restToken" }, sensitive: false },
                { key: "KV_REST_API_URL", value: { from: db, output: "endpoint" }, sensitive: false },
            ]);
            // `Analyze` gets the program's order; the Vercel provider plans `variables` as a set, in its own order.
            const envVars = s.find("web-env");
            envVars.inputs = envVars.properties;
            envVars.properties = { ...envVars.properties, variables: [...(envVars.properties.variables as unknown[])].reverse() };
            const note = assertPreviewNote(await runPreview(s.resources), POLICY, [/variable KV_REST_API_URL/]);
            assert.equal(note.message.split("variable KV_REST_API_URL").length, 2, note.message);
        });

        it("honours exemptions on URL findings and says when one has expired", async () => {
            const s = new StackFixture("dev", "existing");
            s.envVar("rest-url", { key: "UPSTASH_REDIS_REST_URL", value: "http://cache-1.upstash.io" });
            assert.deepEqual(of(await runPreview(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "rest-*", reason: "local proxy", expires: "2999-01-01" }] } } }), POLICY), []);
            const expired = violations(await runPreview(s.resources, { config: { [POLICY]: { exemptions: [{ resource: "rest-url", reason: "old", expires: "2001-01-01" }] } } }), POLICY);
            assertFlagged(expired, [s.find("rest-url").urn], "mandatory", [/expired on 2001-01-01/]);
        });
    });

    describe("remediation", () => {
        for (const tls of [false, undefined]) {
            it(`sets tls: true (was ${String(tls)}), keeping the other checked inputs`, async () => {
                const s = new StackFixture("dev", "existing");
                s.redis("cache", { tls });
                await pack().configure({ [POLICY]: "remediate" });
                await pack().configureStack("dev");
                const [remediation] = (await pack().remediate(s.find("cache"))).filter((r) => r.policyName === POLICY);
                assert.ok(remediation?.properties, "expected a remediation");
                assert.equal(remediation.properties.tls, true);
                assert.equal(remediation.properties.databaseName, "shop-dev");
                assert.equal(remediation.properties.budget, 20);
                // The program (through the policy) now sets tls: it is no longer the provider's default.
                assert.ok(!(remediation.properties.__defaults as string[]).includes("tls"));
            });
        }

        it("changes nothing when tls is already true", async () => {
            const s = new StackFixture("dev", "existing");
            s.redis("cache", { tls: true });
            await pack().configure({ [POLICY]: "remediate" });
            await pack().configureStack("dev");
            assert.deepEqual((await pack().remediate(s.find("cache"))).filter((r) => r.policyName === POLICY && r.properties !== undefined), []);
        });
    });
});
