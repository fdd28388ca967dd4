/**
 * Components in the stack model, over the analyzer protocol, on the shapes the real engine sends
 * (pinned in test/e2e/engine.e2e.spec.ts): a component comes with no provider, its children name it as
 * their parent, and a program that uses it remotely gets its outputs with a dependency on the
 * component, not on the database inside it.
 */
import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, assertPreviewNote, previewNotes, violations } from "../harness/expect";
import { runPreview, runStack } from "../harness/pack";
import { StackFixture, secret, secretsOf } from "../harness/stack";

const STAGE_REDIS = "upstash-guard-components:index:StageRedisDatabase";
const SECRET_ONLY = "upstash-credentials-only-in-secret-env-vars";
const CLIENT = "upstash-no-client-exposed-credentials";
const STAGES = "upstash-separate-database-per-stage";
const HARDCODED = "upstash-no-hardcoded-credentials";
const TLS = "upstash-tls-required";
const READ_ONLY = "upstash-read-only-tokens-where-possible";
const ALL = [SECRET_ONLY, CLIENT, STAGES, HARDCODED, TLS, READ_ONLY, "upstash-management-api-key-not-in-apps", "upstash-budget-required", "upstash-rate-limit-public-apis"];

describe("components: a credential is followed through a component and judged where it lands", () => {
    describe("a remote component's output (the dependency names the component)", () => {
        it("in a plain variable under a neutral key: blocked at the first preview, naming the database and the component, and no kind it cannot know", async () => {
            const s = new StackFixture("dev", "new");
            const db = s.redis("cache");
            const cache = s.component(STAGE_REDIS, "cache", [db.urn]);
            s.vercelProject("web");
            s.envVar("cache-secret", { key: "CACHE_SECRET", value: { from: db, output: "restToken", via: cache }, sensitive: false, targets: ["preview"] });
            const found = violations(await runStack(s.resources), SECRET_ONLY);
            assertFlagged(found, [s.find("cache-secret").urn], "mandatory", [
                /variable CACHE_SECRET carries a credential of RedisDatabase 'cache' "shop-dev" out of component StageRedisDatabase 'cache'/,
                /its restToken, readOnlyRestToken or password; which one is not known until the update/,
            ]);
            assert.doesNotMatch(found[0].message, /REST token/);
        });

        it("in its existing stack, the value itself says which credential it is", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache");
            const cache = s.component(STAGE_REDIS, "cache", [db.urn]);
            s.vercelProject("web");
            s.envVar("cache-secret", { key: "CACHE_SECRET", value: { from: db, output: "restToken", via: cache }, sensitive: false, targets: ["preview"] });
            const result = await runStack(s.resources);
            assertFlagged(violations(result, SECRET_ONLY), [s.find("cache-secret").urn], "mandatory", [/carries the Upstash Redis REST token of RedisDatabase 'cache'/]);
            assertNoLeak(result, secretsOf([db]));
        });

        it("in a browser-exposed variable: found by the client-exposure policy too", async () => {
            const s = new StackFixture("dev", "new");
            const db = s.redis("cache");
            const cache = s.component(STAGE_REDIS, "cache", [db.urn]);
            s.vercelProject("web");
            s.envVar("public", { key: "NEXT_PUBLIC_CACHE", value: { from: db, output: "restToken", via: cache }, sensitive: true });
            assertFlagged(violations(await runStack(s.resources), CLIENT), [s.find("public").urn], "mandatory", [/out of component StageRedisDatabase 'cache'/]);
        });

        it("under an endpoint key: an endpoint, no credential", async () => {
            const s = new StackFixture("dev", "new");
            const db = s.redis("cache");
            const cache = s.component(STAGE_REDIS, "cache", [db.urn]);
            s.vercelProject("web");
            s.envVar("url", { key: "CACHE_REST_URL", value: { from: db, output: "restUrl", via: cache }, sensitive: false });
            assert.deepEqual(violations(await runStack(s.resources), SECRET_ONLY), []);
        });

        it("through nested components: the outermost one named still holds the database", async () => {
            const s = new StackFixture("dev", "new");
            const db = s.redis("cache");
            const inner = s.component(STAGE_REDIS, "cache", [db.urn]);
            const shop = s.component("acme:platform:Shop", "shop", [inner]);
            s.vercelProject("web");
            s.envVar("cache-secret", { key: "CACHE_SECRET", value: { from: db, output: "restToken", via: shop }, sensitive: false });
            assertFlagged(violations(await runStack(s.resources), SECRET_ONLY), [s.find("cache-secret").urn], "mandatory", [/credential of RedisDatabase 'cache' "shop-dev" out of component Shop 'shop'/]);
        });

        it("feeds production and preview: the separate-database policy names the database inside", async () => {
            const s = new StackFixture("dev", "new");
            const db = s.redis("cache");
            const cache = s.component(STAGE_REDIS, "cache", [db.urn]);
            s.vercelProject("web");
            s.envVar("prod-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken", via: cache }, targets: ["production"] });
            s.envVar("preview-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken", via: cache }, targets: ["preview"] });
            assertFlagged(violations(await runStack(s.resources), STAGES), [db.urn], "mandatory", [/RedisDatabase 'cache' "shop-dev" feeds both production and preview deployments/]);
        });
    });

    describe("a component holding several databases, when nothing tells which one a value came from", () => {
        function twoDatabases(state: "new" | "existing") {
            const s = new StackFixture("dev", state);
            const a = s.redis("sessions");
            const b = s.redis("carts");
            const pair = s.component("acme:platform:Caches", "caches", [a.urn, b.urn]);
            s.vercelProject("web");
            return { s, a, b, pair };
        }

        it("what holds for every candidate is found: a plain variable carries a credential of one of them", async () => {
            const { s, a, pair } = twoDatabases("new");
            s.envVar("plain", { key: "CACHE_SECRET", value: { from: a, output: "restToken", via: pair }, sensitive: false });
            assertFlagged(violations(await runStack(s.resources), SECRET_ONLY), [s.find("plain").urn], "mandatory", [
                /carries a credential of one of the databases of component Caches 'caches' \(RedisDatabase 'carts' "shop-dev", RedisDatabase 'sessions' "shop-dev"; which one is not known until the update\)/,
            ]);
        });

        it("no shared database is invented: one note says what could not be told apart, and the existing stack's values decide", async () => {
            const fresh = twoDatabases("new");
            fresh.s.envVar("prod-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: fresh.a, output: "restToken", via: fresh.pair }, targets: ["production"] });
            fresh.s.envVar("preview-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: fresh.b, output: "restToken", via: fresh.pair }, targets: ["preview"] });
            const first = await runPreview(fresh.s.resources);
            assert.deepEqual(violations(first, STAGES), []);
            assertPreviewNote(first, STAGES, [/which of RedisDatabase 'carts' "shop-dev", RedisDatabase 'sessions' "shop-dev" feeds ProjectEnvironmentVariable 'preview-token'/, /feeds ProjectEnvironmentVariable 'prod-token'/]);

            const deployed = twoDatabases("existing");
            deployed.s.envVar("prod-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: deployed.a, output: "restToken", via: deployed.pair }, targets: ["production"] });
            deployed.s.envVar("preview-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: deployed.b, output: "restToken", via: deployed.pair }, targets: ["preview"] });
            const existing = await runPreview(deployed.s.resources);
            assert.deepEqual(violations(existing, STAGES), []);
            assert.deepEqual(previewNotes(existing, STAGES), []);

            const shared = twoDatabases("existing");
            shared.s.envVar("prod-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: shared.a, output: "restToken", via: shared.pair }, targets: ["production"] });
            shared.s.envVar("preview-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: shared.a, output: "restToken", via: shared.pair }, targets: ["preview"] });
            assertFlagged(violations(await runPreview(shared.s.resources), STAGES), [shared.a.urn], "mandatory", [/feeds both production and preview/]);
        });

        it("whether a read-only variable gets a read-only token is said in the note, not guessed", async () => {
            const { s, a, pair } = twoDatabases("new");
            s.envVar("ro", { key: "UPSTASH_REDIS_REST_READ_ONLY_TOKEN_X", value: { from: a, output: "readOnlyRestToken", via: pair } });
            s.envVar("catalog", { key: "CATALOG_TOKEN", value: { from: a, output: "restToken", via: pair } });
            const result = await runPreview(s.resources, { config: { [READ_ONLY]: { readOnlyKeys: ["CATALOG_TOKEN"] } } });
            assert.deepEqual(violations(result, READ_ONLY), []);
            assertPreviewNote(result, READ_ONLY, [/whether ProjectEnvironmentVariable 'catalog' variable CATALOG_TOKEN gets a read-only token/]);
        });
    });

    describe("components are no places", () => {
        function teamComponent(state: "new" | "existing") {
            const s = new StackFixture("dev", state);
            const db = s.redis("cache");
            // A team's component that registers its database's credentials as outputs, as many do.
            const outputs = state === "existing"
                ? { restToken: secret(db.credentials.restToken), password: secret(db.credentials.password), restUrl: `https://${db.host}`, endpoint: db.host }
                : {};
            const cache = s.component("acme:platform:TeamCache", "team-cache", [db.urn], outputs);
            s.vercelProject("web");
            return { s, db, cache };
        }

        for (const state of ["new", "existing"] as const) {
            it(`a component registering credential outputs is never a finding itself (${state} stack)`, async () => {
                const { s, db, cache } = teamComponent(state);
                s.envVar("token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken", via: cache }, sensitive: true, targets: ["production"] });
                const result = await runPreview(s.resources);
                for (const policy of ALL) {
                    assert.deepEqual(violations(result, policy).filter((d) => d.urn === cache), [], policy);
                }
                assert.deepEqual(violations(result, SECRET_ONLY), []);
                assert.deepEqual(violations(result, HARDCODED), []);
                assertNoLeak(result, secretsOf([db]));
            });

            it(`a plain variable fed from that component's output is still found (${state} stack)`, async () => {
                const { s, db, cache } = teamComponent(state);
                s.envVar("plain", { key: "CACHE_TOKEN", value: { from: db, output: "restToken", via: cache }, sensitive: false, targets: ["preview"] });
                assertFlagged(violations(await runPreview(s.resources), SECRET_ONLY), [s.find("plain").urn], "mandatory");
            });
        }

        it("a component's own input with an http:// Upstash URL is judged where its children put it, not on the component", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache");
            const cache = s.component("acme:platform:TeamCache", "team-cache", [db.urn], { restUrl: `http://${db.host}` });
            s.find("team-cache").inputs = { restUrl: `http://${db.host}` };
            const result = await runPreview(s.resources);
            assert.deepEqual(violations(result, TLS).filter((d) => d.urn === cache), []);
        });
    });

    describe("StackReference outputs are an origin", () => {
        it("an audit: a value read from another stack is not hard-coded; a literal of the same shape still is", async () => {
            const s = new StackFixture("dev", "existing");
            const elsewhere = new StackFixture("prod", "existing");
            const prod = elsewhere.redis("cache");
            const other = elsewhere.redis("other");
            s.add("pulumi:pulumi:StackReference", "organization/shop/prod", { name: "organization/shop/prod", outputs: { cacheToken: secret(prod.credentials.restToken), cacheEndpoint: prod.host }, secretOutputNames: ["cacheToken"] });
            s.vercelProject("web");
            s.envVar("read-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: prod.credentials.restToken, targets: ["preview"] });
            s.envVar("pasted-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: other.credentials.restToken, targets: ["preview"] });
            const result = await runStack(s.resources);
            assertFlagged(violations(result, HARDCODED), [s.find("pasted-token").urn], "advisory");
            assertFlagged(violations(result, STAGES), [s.find("read-token").urn], "mandatory", [/a production database credential, read from the production stack "prod"/]);
            assertNoLeak(result, secretsOf([prod, other]));
        });
    });

    describe("say only what is known: a URL built from a database under a name of the app's own", () => {
        it("CACHE_URL composed from the password and endpoint: a finding naming no wrong kind, and its scheme in the TLS note", async () => {
            const s = new StackFixture("dev", "new");
            const db = s.redis("cache");
            s.vercelProject("web");
            s.envVar("cache-url", { key: "CACHE_URL", value: { from: db, output: "redisUrl" }, sensitive: false, targets: ["preview"] });
            s.envVar("other-url", { key: "DOCS_URL", value: "https://docs.example.com", sensitive: false, targets: ["preview"] });
            const result = await runPreview(s.resources);
            assertFlagged(violations(result, SECRET_ONLY), [s.find("cache-url").urn], "mandatory", [/carries a credential of RedisDatabase 'cache'/]);
            assert.doesNotMatch(violations(result, SECRET_ONLY)[0].message, /REST token/);
            const note = assertPreviewNote(result, TLS, [/the scheme and query of ProjectEnvironmentVariable 'cache-url' variable CACHE_URL/]);
            assert.doesNotMatch(note.message, /DOCS_URL/);
        });
    });
});
