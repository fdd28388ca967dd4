/**
 * upstash-tls-required, second half of the practice: certificates verified, not only TLS on
 * (the table of docs/policies/upstash-tls-required.md, row by row, on every platform module).
 */
import { strict as assert } from "assert";
import { Diagnostic } from "../../../test/harness/analyzer";
import { assertFlagged, assertNoLeak, previewNotes, violations } from "../../../test/harness/expect";
import { of, pack, runPreview, runStack, runUpdate } from "../../../test/harness/pack";
import { AZURE, DIGITALOCEAN, DOCKER } from "../platforms/type-tokens";
import { AWS, DatabaseHandle, OTHER_TYPES, PlatformFixture, StackFixture, secretsOf } from "../../../test/harness/stack";
import { TYPES } from "../analysis/types";
import { sdkReadsViolationLevels } from "../framework/violations";

const POLICY = "upstash-tls-required";

type Level = "mandatory" | "advisory" | "nothing";

interface Row {
    query: string;
    level: Level;
    /** What the message must name: the setting and its client. */
    says?: RegExp[];
    key?: string;
}

/** Every row of the table, and the values beside them that keep checks on. */
const ROWS: readonly Row[] = [
    { query: "ssl_cert_reqs=none", level: "mandatory", says: [/`ssl_cert_reqs=none`/, /redis-py and Celery/, /`ssl_cert_reqs=required`/] },
    { query: "ssl_cert_reqs=CERT_NONE", level: "mandatory", says: [/`ssl_cert_reqs=CERT_NONE`/, /Celery: `CERT_REQUIRED`/] },
    { query: "ssl_cert_reqs=required", level: "nothing" },
    // In client mode Python's CERT_OPTIONAL verifies, as CERT_REQUIRED does.
    { query: "ssl_cert_reqs=optional", level: "nothing" },
    { query: "ssl_cert_reqs=CERT_OPTIONAL", level: "nothing" },
    // Spellings both libraries refuse with an error are no weakness.
    { query: "ssl_cert_reqs=NONE", level: "nothing" },
    { query: "ssl_check_hostname=false", level: "advisory", says: [/`ssl_check_hostname=false`/, /chain but not that it is the host's/] },
    { query: "ssl_check_hostname=Off", level: "advisory" },
    { query: "ssl_check_hostname=n", level: "advisory" },
    { query: "ssl_check_hostname=true", level: "nothing" },
    { query: "skip_verify=true", level: "mandatory", says: [/`skip_verify=true`/, /go-redis \(9\.8 or later\) and rueidis/] },
    { query: "skip_verify=1", level: "mandatory" },
    { query: "skip_verify", level: "mandatory" },
    { query: "skip_verify=", level: "mandatory" },
    { query: "skip_verify=TRUE", level: "mandatory" },
    { query: "skip_verify=false", level: "nothing" },
    { query: "skip_verify=0", level: "nothing" },
    { query: "verifyPeer=NONE", level: "mandatory", says: [/`verifyPeer=NONE`/, /Lettuce/, /`verifyPeer=FULL`/] },
    { query: "verifypeer=none", level: "mandatory" },
    { query: "verifyPeer=CA", level: "advisory", says: [/`verifyPeer=CA`/, /Lettuce/] },
    { query: "verifyPeer=FULL", level: "nothing" },
    { query: "ssl[verify_peer]=0", level: "mandatory", says: [/`ssl\[verify_peer\]=0`/, /Predis/] },
    { query: "ssl%5Bverify_peer%5D=0", level: "mandatory" },
    { query: "ssl[verify_peer]=", level: "mandatory" },
    // PHP reads the string "false" as true.
    { query: "ssl[verify_peer]=false", level: "nothing" },
    { query: "ssl[verify_peer_name]=0", level: "advisory", says: [/`ssl\[verify_peer_name\]=0`/, /Predis/] },
    { query: "database=0&ssl_cert_reqs=none&protocol=3", level: "mandatory" },
    { query: "", level: "advisory", key: "CELERY_BROKER_URL", says: [/Celery's broker \(Kombu\), unless the app sets `broker_use_ssl`/, /no `ssl_cert_reqs`/, /`ssl_cert_reqs=CERT_REQUIRED`/] },
    { query: "", level: "advisory", key: "BROKER_URL" },
    { query: "ssl_cert_reqs=CERT_REQUIRED", level: "nothing", key: "CELERY_BROKER_URL" },
    { query: "ssl_check_hostname=false", level: "advisory", key: "CELERY_BROKER_URL", says: [/`ssl_check_hostname=false`/] },
    // Kombu reads only `false` for the broker; redis-py and the result backend read `0` too.
    { query: "ssl_check_hostname=0", level: "nothing", key: "CELERY_BROKER_URL" },
    { query: "ssl_check_hostname=0", level: "advisory", key: "CELERY_RESULT_BACKEND", says: [/`ssl_check_hostname=0`/] },
    { query: "", level: "advisory", key: "SHOP_CELERY_BROKER_URL" },
    // Dramatiq's broker uses redis-py, which verifies by default.
    { query: "", level: "nothing", key: "DRAMATIQ_BROKER_URL" },
    // Celery refuses a rediss:// result backend without ssl_cert_reqs: no weakness, an error at start.
    { query: "", level: "nothing", key: "CELERY_RESULT_BACKEND" },
    { query: "", level: "nothing" },
];

function redisUrl(db: DatabaseHandle, query: string): string {
    return `rediss://default:${db.credentials.password}@${db.host}:6379${query === "" ? "" : `?${query}`}`;
}

function levelOf(found: Diagnostic[]): Level {
    if (found.length === 0) {
        return "nothing";
    }
    assert.equal(found.length, 1, found.map((d) => d.message).join("\n"));
    return found[0].enforcementLevel === "mandatory" ? "mandatory" : "advisory";
}

describe(`${POLICY}: certificates verified, not only TLS on`, () => {
    describe("each row of the table, in a sensitive Vercel variable (real provider shapes)", () => {
        for (const row of ROWS) {
            it(`${row.key ?? "REDIS_URL"}=rediss://…${row.query === "" ? "" : `?${row.query}`}: ${row.level}`, async () => {
                const s = new StackFixture("dev", "existing");
                const db = s.redis("cache", { tls: true });
                s.envVar("url", { key: row.key ?? "REDIS_URL", value: redisUrl(db, row.query) });
                const result = await runPreview(s.resources);
                const found = violations(result, POLICY);
                assert.equal(levelOf(found), row.level, found.map((d) => d.message).join("\n"));
                for (const pattern of row.says ?? []) {
                    assert.match(found[0].message, pattern);
                }
                if (found.length > 0) {
                    assert.match(found[0].message, new RegExp(`ProjectEnvironmentVariable 'url' variable ${row.key ?? "REDIS_URL"} has (a URL with a password to an Upstash host|a \`rediss://\` URL)`));
                }
                // The URL carries the password: none of it is shown, not even its host.
                assertNoLeak(result, [...secretsOf([db]), db.host, `default:${db.credentials.password}@${db.host}:6379`]);
            });
        }

        it("names the host of a URL without a password, and each setting once", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { tls: true });
            s.envVar("url", { key: "JAVA_REDIS_URL", value: `rediss://${db.host}:6379?verifyPeer=CA&verifyPeer=CA`, sensitive: false });
            const found = violations(await runPreview(s.resources), POLICY);
            assertFlagged(found, [s.find("url").urn], "advisory", [new RegExp(`a URL to the Upstash host ${db.host.replace(/\./g, "\\.")} with \`verifyPeer=CA\``)]);
        });

        it("a REST URL's query is no client's setting: left alone", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { tls: true });
            s.envVar("url", { key: "UPSTASH_REDIS_REST_URL", value: `https://${db.host}/?skip_verify=true`, sensitive: false });
            assert.deepEqual(violations(await runPreview(s.resources), POLICY), []);
        });

        it("a URL with a password in its query is a credential as a whole: its host is not shown either", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { tls: true });
            const url = `rediss://${db.host}:6379?password=${db.credentials.password}&ssl_cert_reqs=none`;
            s.envVar("url", { key: "REDIS_URL", value: url });
            const result = await runPreview(s.resources);
            assertFlagged(violations(result, POLICY), [s.find("url").urn], "mandatory", [/has a URL with a password to an Upstash host with `ssl_cert_reqs=none`/]);
            assertNoLeak(result, [...secretsOf([db]), db.host]);
        });

        it("an ECS task definition's command is read too, beside its named variables", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { tls: true });
            const json = JSON.stringify([{ name: "app", image: "app:1", essential: true, command: ["worker", "--broker", redisUrl(db, "ssl_cert_reqs=none")], environment: [{ name: "LOG_LEVEL", value: "info" }, { name: "JAVA_REDIS_URL", value: redisUrl(db, "verifyPeer=CA") }] }]);
            s.add(AWS.ecsTaskDefinition, "worker", { family: "worker", containerDefinitions: json });
            const found = violations(await runPreview(s.resources), POLICY);
            assert.deepEqual(found.map((d) => d.enforcementLevel).sort(), ["advisory", "mandatory"], found.map((d) => d.message).join("\n"));
            assert.match(found.find((d) => d.enforcementLevel === "mandatory")?.message ?? "", /TaskDefinition 'worker' field containerDefinitions has a URL with a password to an Upstash host with `ssl_cert_reqs=none`/);
            assert.match(found.find((d) => d.enforcementLevel === "advisory")?.message ?? "", /variable JAVA_REDIS_URL has .* `verifyPeer=CA`/);
        });

        it("a URL with clear-text scheme says only that (its query is moot)", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { tls: true });
            s.envVar("url", { key: "REDIS_URL", value: `redis://default:${db.credentials.password}@${db.host}:6379?ssl_cert_reqs=none` });
            assertFlagged(violations(await runPreview(s.resources), POLICY), [s.find("url").urn], "mandatory", [/with the scheme redis, which sends it in clear text/]);
        });

        it("a host that is not Upstash's is left alone", async () => {
            const s = new StackFixture("dev", "existing");
            s.envVar("url", { key: "REDIS_URL", value: "rediss://default:pw@redis.internal.example.com:6379?ssl_cert_reqs=none" });
            assert.deepEqual(violations(await runPreview(s.resources), POLICY), []);
        });

        it("a weakness that never blocks stays advisory at the mandatory level, and follows a config that makes the policy advisory", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { tls: true });
            s.envVar("off", { key: "REDIS_URL", value: redisUrl(db, "ssl_cert_reqs=none") });
            s.envVar("chain", { key: "CACHE_REDIS_URL", value: redisUrl(db, "ssl_check_hostname=false") });
            const levels = (found: Diagnostic[]) => found.map((d) => `${d.urn === s.find("off").urn ? "off" : "chain"} ${d.enforcementLevel}`).sort();
            assert.deepEqual(levels(violations(await runPreview(s.resources), POLICY)), ["chain advisory", "off mandatory"]);
            assert.deepEqual(levels(violations(await runPreview(s.resources, { config: { [POLICY]: "advisory" } }), POLICY)), ["chain advisory", "off advisory"]);
            assert.deepEqual(of(await runPreview(s.resources, { config: { [POLICY]: "disabled" } }), POLICY), []);
            const exempt = { exemptions: [{ resource: "chain", reason: "legacy Java client", expires: "2999-01-01" }] };
            assert.deepEqual(levels(violations(await runPreview(s.resources, { config: { [POLICY]: exempt } }), POLICY)), ["off mandatory"]);
        });

        it("reads the SDK's version to say an advisory finding at its own level (1.21.0 or later)", () => {
            assert.equal(sdkReadsViolationLevels([1, 21, 0]), true);
            assert.equal(sdkReadsViolationLevels([2, 0, 0]), true);
            assert.equal(sdkReadsViolationLevels([1, 20, 3]), false);
            assert.equal(sdkReadsViolationLevels([]), false);
        });

        it("at a first preview, a URL built from a new database is in the one note; when it registers during the update, the finding is made and the step stopped", async () => {
            const fresh = new StackFixture("dev", "new");
            const db = fresh.redis("cache", { tls: true });
            fresh.envVar("broker", { key: "CELERY_BROKER_URL", value: { from: db, output: "redisUrl" } });
            const preview = await runPreview(fresh.resources);
            assert.deepEqual(violations(preview, POLICY), []);
            assert.equal(previewNotes(preview, POLICY).length, 1);

            const existing = new StackFixture("dev", "existing");
            const known = existing.redis("cache", { tls: true });
            existing.envVar("broker", { key: "CELERY_BROKER_URL", value: redisUrl(known, "ssl_cert_reqs=none") });
            const update = await runUpdate(existing.resources);
            assert.equal(update.stoppedAt, existing.find("broker").urn);
            assert.deepEqual(update.registered.at(-1)?.diagnostics.filter((d) => d.policyName === POLICY).map((d) => d.enforcementLevel), ["mandatory"]);
        });
    });

    describe("every row on every platform module: a URL's query in each place a value lives", () => {
        /** Each builder puts one KEY=value where its platform keeps values; `keyed: false` where the platform names no variable. */
        const builders: [string, boolean, (s: StackFixture, p: PlatformFixture, key: string, value: string) => string][] = [
            ["Vercel Project environment", true, (s, _p, key, value) => s.projectWithEnvironments("web", [{ key, value }])],
            ["Vercel ProjectEnvironmentVariables", true, (s, _p, key, value) => { s.vercelProject("web"); return s.envVars("web-env", "web", [{ key, value }]); }],
            ["Vercel SharedEnvironmentVariable", true, (s, _p, key, value) => s.sharedEnvVar("shared", { key, value })],
            ["Cloudflare Worker binding", true, (_s, p, key, value) => p.workersScript("worker", [{ name: key, type: "secret_text", value }])],
            ["Cloudflare Pages project", true, (_s, p, key, value) => p.pagesProject("site", { production: { [key]: { type: "secret_text", value } } })],
            ["Cloudflare Secrets Store secret", false, (_s, p, _key, value) => p.secretsStoreSecret("broker", value)],
            ["AWS Lambda", true, (_s, p, key, value) => p.lambda("api", { [key]: value })],
            ["AWS ECS task definition", true, (_s, p, key, value) => p.ecsTaskDefinition("worker", { [key]: value })],
            ["AWS SSM parameter", false, (s, _p, _key, value) => s.ssmParameter("broker", "SecureString", value)],
            ["AWS Secrets Manager secret version", false, (s, p, _key, value) => { p.secretsManagerSecret("broker", value); return s.find("broker-version").urn; }],
            ["Google Cloud Run", true, (_s, p, key, value) => p.cloudRunService("api", [{ name: key, value }])],
            ["Google Secret Manager secret version", false, (s, p, _key, value) => { p.secretManagerSecret("broker", value); return s.find("broker-version").urn; }],
            ["Azure Web App", true, (s, _p, key, value) => s.add(AZURE.webApp, "app", { resourceGroupName: "rg", siteConfig: { appSettings: [{ name: key, value }] } })],
            ["Azure Container App", true, (s, _p, key, value) => s.add(AZURE.containerApp, "app", { resourceGroupName: "rg", template: { containers: [{ name: "app", image: "shop", env: [{ name: key, value }] }] } })],
            ["Kubernetes Deployment", true, (_s, p, key, value) => p.deployment("worker", "shop-dev", [{ name: key, value }])],
            ["Kubernetes Secret", true, (_s, p, key, value) => p.k8sSecret("broker", "shop-dev", { [key]: value })],
            ["Kubernetes ConfigMap", true, (s, _p, key, value) => s.add(OTHER_TYPES.configMap, "config", { metadata: { name: "config" }, data: { [key]: value } })],
            ["GitHub Actions secret", true, (_s, p, key, value) => p.github("secret", "broker", { key, value })],
            ["DigitalOcean App", true, (s, _p, key, value) => s.add(DIGITALOCEAN.app, "app", { spec: { name: "shop-dev", services: [{ name: "worker", envs: [{ key, value, type: "SECRET", scope: "RUN_TIME" }] }] } })],
            ["Docker container", true, (s, _p, key, value) => s.add(DOCKER.container, "worker", { image: "shop/worker:1", envs: [`${key}=${value}`] })],
        ];
        for (const [platform, keyed, build] of builders) {
            it(`${platform}: each row at its level, naming the setting and its client, and no part of the URL shown`, async () => {
                for (const row of ROWS.filter((r) => keyed || r.key === undefined)) {
                    const s = new StackFixture("dev", "existing");
                    const db = s.redis("cache", { tls: true });
                    const urn = build(s, new PlatformFixture(s), row.key ?? "REDIS_URL", redisUrl(db, row.query));
                    const result = await runPreview(s.resources);
                    const found = violations(result, POLICY);
                    assert.equal(levelOf(found), row.level, `${row.query}: ${found.map((d) => d.message).join("\n")}`);
                    for (const d of found) {
                        assert.equal(d.urn, urn);
                        for (const pattern of row.says ?? []) {
                            assert.match(d.message, pattern);
                        }
                    }
                    assertNoLeak(result, [...secretsOf([db]), db.host, `default:${db.credentials.password}@${db.host}:6379`]);
                }
            });
        }
    });

    describe("a process-wide switch in an app that gets Upstash values", () => {
        const upstash = (db: DatabaseHandle) => ({ UPSTASH_REDIS_REST_URL: `https://${db.host}`, UPSTASH_REDIS_REST_TOKEN: db.credentials.restToken });
        const sameResource: [string, (s: StackFixture, p: PlatformFixture, db: DatabaseHandle, value: string) => string][] = [
            ["AWS Lambda", (_s, p, db, v) => p.lambda("api", { ...upstash(db), NODE_TLS_REJECT_UNAUTHORIZED: v })],
            ["AWS ECS task definition", (_s, p, db, v) => p.ecsTaskDefinition("api", { UPSTASH_REDIS_REST_URL: `https://${db.host}`, NODE_TLS_REJECT_UNAUTHORIZED: v }, { UPSTASH_REDIS_REST_TOKEN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/redis-AbCdEf" })],
            ["Cloudflare Worker", (_s, p, db, v) => p.workersScript("worker", [{ name: "UPSTASH_REDIS_REST_TOKEN", type: "secret_text", value: db.credentials.restToken }, { name: "NODE_TLS_REJECT_UNAUTHORIZED", type: "plain_text", value: v }])],
            ["Google Cloud Run", (_s, p, db, v) => p.cloudRunService("api", [{ name: "UPSTASH_REDIS_REST_TOKEN", secret: "redis-token" }, { name: "UPSTASH_REDIS_REST_URL", value: `https://${db.host}` }, { name: "NODE_TLS_REJECT_UNAUTHORIZED", value: v }])],
            ["Azure Web App", (s, _p, db, v) => s.add(AZURE.webApp, "app", { resourceGroupName: "rg", siteConfig: { appSettings: [{ name: "UPSTASH_REDIS_REST_URL", value: `https://${db.host}` }, { name: "NODE_TLS_REJECT_UNAUTHORIZED", value: v }] } })],
            ["Kubernetes Deployment (token from a Secret)", (_s, p, _db, v) => p.deployment("api", "shop-dev", [{ name: "UPSTASH_REDIS_REST_TOKEN", secret: "redis" }, { name: "NODE_TLS_REJECT_UNAUTHORIZED", value: v }])],
            ["DigitalOcean App", (s, _p, db, v) => s.add(DIGITALOCEAN.app, "app", { spec: { name: "shop-dev", services: [{ name: "api", envs: [{ key: "UPSTASH_REDIS_REST_TOKEN", value: db.credentials.restToken, type: "SECRET", scope: "RUN_TIME" }, { key: "NODE_TLS_REJECT_UNAUTHORIZED", value: v, scope: "RUN_TIME" }] }] } })],
            ["Docker container", (s, _p, db, v) => s.add(DOCKER.container, "api", { image: "shop/api:1", envs: [`UPSTASH_REDIS_REST_URL=https://${db.host}`, `NODE_TLS_REJECT_UNAUTHORIZED=${v}`] })],
        ];
        for (const [platform, build] of sameResource) {
            it(`${platform}: NODE_TLS_REJECT_UNAUTHORIZED=0 is mandatory, naming the Upstash values; any other value passes`, async () => {
                for (const [value, expected] of [["0", ["mandatory"]], ["1", []], ["false", []]] as const) {
                    const s = new StackFixture("dev", "existing");
                    const db = s.redis("cache", { tls: true });
                    const urn = build(s, new PlatformFixture(s), db, value);
                    const result = await runStack(s.resources);
                    const found = violations(result, POLICY);
                    assert.deepEqual(found.map((d) => d.enforcementLevel), expected, `${value}: ${found.map((d) => d.message).join("\n")}`);
                    if (expected.length > 0) {
                        assert.equal(found[0].urn, urn);
                        assert.match(found[0].message, /variable NODE_TLS_REJECT_UNAUTHORIZED sets `NODE_TLS_REJECT_UNAUTHORIZED=0` in an app that gets Upstash values \(.*UPSTASH_REDIS_REST_(TOKEN|URL)/);
                        assert.match(found[0].message, /NODE_EXTRA_CA_CERTS/);
                    }
                    assertNoLeak(result, secretsOf([db]));
                }
            });
        }

        it("an app without Upstash values is left alone, generic Redis names to another Redis included", async () => {
            const s = new StackFixture("dev", "existing");
            const p = new PlatformFixture(s);
            p.lambda("legacy", { NODE_TLS_REJECT_UNAUTHORIZED: "0", API_URL: "https://api.example.com" });
            p.lambda("elasticache", { NODE_TLS_REJECT_UNAUTHORIZED: "0", REDIS_URL: "rediss://default:s3cret-pass@my-cache.abc123.euw1.cache.amazonaws.com:6379", REDIS_PASSWORD: "s3cret-pass" });
            assert.deepEqual(violations(await runStack(s.resources), POLICY), []);
        });

        it("Vercel: the same project and target, whichever resource holds the variables; another target or project passes", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { tls: true });
            s.vercelProject("web");
            s.vercelProject("docs");
            s.envVar("rest-url", { key: "UPSTASH_REDIS_REST_URL", value: `https://${db.host}`, projectId: { project: "web" }, targets: ["production", "preview"] });
            s.envVar("rest-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: db.credentials.restToken, projectId: { project: "web" }, targets: ["production", "preview"] });
            s.envVar("insecure", { key: "NODE_TLS_REJECT_UNAUTHORIZED", value: "0", sensitive: false, projectId: { project: "web" }, targets: ["preview"] });
            s.envVar("dev-only", { key: "NODE_TLS_REJECT_UNAUTHORIZED", value: "0", sensitive: false, projectId: { project: "web" }, targets: ["development"] });
            s.envVar("other-project", { key: "NODE_TLS_REJECT_UNAUTHORIZED", value: "0", sensitive: false, projectId: { project: "docs" }, targets: ["production"] });
            const result = await runStack(s.resources);
            assertFlagged(violations(result, POLICY), [s.find("insecure").urn], "mandatory", [
                /ProjectEnvironmentVariable 'insecure' variable NODE_TLS_REJECT_UNAUTHORIZED sets `NODE_TLS_REJECT_UNAUTHORIZED=0` in an app that gets Upstash values \(UPSTASH_REDIS_REST_TOKEN, UPSTASH_REDIS_REST_URL\)/,
                /@upstash\/redis/,
            ]);
            assertNoLeak(result, secretsOf([db]));
        });

        it("Vercel: a project's own environment list", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { tls: true });
            s.projectWithEnvironments("web", [
                { key: "KV_REST_API_TOKEN", value: db.credentials.restToken },
                { key: "NODE_TLS_REJECT_UNAUTHORIZED", value: "0", sensitive: false },
            ]);
            assertFlagged(violations(await runStack(s.resources), POLICY), [s.find("web").urn], "mandatory", [/KV_REST_API_TOKEN/]);
        });

        it("GitHub Actions: a variable in the repository whose secrets hold Upstash credentials", async () => {
            const s = new StackFixture("dev", "existing");
            const p = new PlatformFixture(s);
            const db = s.redis("cache", { tls: true });
            p.github("secret", "token", { key: "UPSTASH_REDIS_REST_TOKEN", value: db.credentials.restToken });
            p.github("variable", "insecure", { key: "NODE_TLS_REJECT_UNAUTHORIZED", value: "0" });
            p.github("variable", "elsewhere", { key: "NODE_TLS_REJECT_UNAUTHORIZED", value: "0", repository: "docs" });
            assertFlagged(violations(await runStack(s.resources), POLICY), [s.find("insecure").urn], "mandatory", [/UPSTASH_REDIS_REST_TOKEN/]);
        });

        it("a URL traced to a database by provenance alone (a neutral name) counts at the end of the run", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { tls: true });
            new PlatformFixture(s).lambda("api", { CACHE: { from: db, output: "restToken" }, NODE_TLS_REJECT_UNAUTHORIZED: "0" });
            assertFlagged(violations(await runStack(s.resources), POLICY), [s.find("api").urn], "mandatory", [/\(CACHE\)/]);
        });

        it("CURL_CA_BUNDLE=\"\" is advisory: only Python requests before 2.28 then checks nothing", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { tls: true });
            new PlatformFixture(s).lambda("api", { ...upstash(db), CURL_CA_BUNDLE: "" });
            assertFlagged(violations(await runStack(s.resources), POLICY), [s.find("api").urn], "advisory", [/`CURL_CA_BUNDLE=""`/, /requests before 2\.28/]);
        });

        it("during an update, an advisory switch is said when it registers, does not stop the step, and is not said again at the end", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { tls: true });
            new PlatformFixture(s).lambda("api", { UPSTASH_REDIS_REST_URL: `https://${db.host}`, CURL_CA_BUNDLE: "" });
            const update = await runUpdate(s.resources);
            assert.equal(update.stoppedAt, undefined);
            const said = update.registered.find((r) => r.urn === s.find("api").urn)?.diagnostics.filter((d) => d.policyName === POLICY) ?? [];
            assert.deepEqual(said.map((d) => d.enforcementLevel), ["advisory"]);
            assert.deepEqual(violations(update.atTheEnd ?? [], POLICY), []);
        });

        it("during an update, the switch is stopped when it registers after the Upstash values, and found at the end when it registered first", async () => {
            const after = new StackFixture("dev", "existing");
            const db = after.redis("cache", { tls: true });
            after.vercelProject("web");
            after.envVar("rest-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: db.credentials.restToken, projectId: { project: "web" } });
            after.envVar("insecure", { key: "NODE_TLS_REJECT_UNAUTHORIZED", value: "0", sensitive: false, projectId: { project: "web" } });
            const stopped = await runUpdate(after.resources);
            assert.equal(stopped.stoppedAt, after.find("insecure").urn);

            const first = new StackFixture("dev", "existing");
            const db2 = first.redis("cache", { tls: true });
            first.vercelProject("web");
            first.envVar("insecure", { key: "NODE_TLS_REJECT_UNAUTHORIZED", value: "0", sensitive: false, projectId: { project: "web" } });
            first.envVar("rest-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: db2.credentials.restToken, projectId: { project: "web" } });
            const ran = await runUpdate(first.resources);
            assert.equal(ran.stoppedAt, undefined);
            assertFlagged(violations(ran.atTheEnd ?? [], POLICY), [first.find("insecure").urn], "mandatory");
        });
    });

    describe("QStash deliveries", () => {
        const qstash: [string, string, Record<string, unknown>, string][] = [
            ["QStashScheduleV2 destination", TYPES.qstashScheduleV2, { cron: "*/5 * * * *", destination: "http://shop.example.com/api/cron" }, "destination"],
            ["QStashScheduleV2 callback", TYPES.qstashScheduleV2, { cron: "*/5 * * * *", destination: "https://shop.example.com/api/cron", callback: "http://shop.example.com/api/done" }, "callback"],
            ["QStashSchedule destination", TYPES.qstashSchedule, { cron: "*/5 * * * *", destination: "HTTP://shop.example.com/api/cron" }, "destination"],
            ["QStashTopicV2 endpoints", TYPES.qstashTopicV2, { name: "orders", endpoints: ["https://a.example.com/hook", "http://b.example.com/hook"] }, "endpoints[1]"],
            ["QStashTopic endpoints", TYPES.qstashTopic, { name: "orders", endpoints: [{ url: "http://b.example.com/hook" }] }, "endpoints[0].url"],
            ["QStashEndpoint url", TYPES.qstashEndpoint, { topicId: "topic_1", url: "http://b.example.com:80/hook" }, "url"],
        ];
        for (const [label, type, props, field] of qstash) {
            it(`${label}: http:// is mandatory, and remediated to https:// on the same host`, async () => {
                const s = new StackFixture("dev", "existing");
                s.add(type, "delivery", props);
                assertFlagged(violations(await runPreview(s.resources), POLICY), [s.find("delivery").urn], "mandatory", [
                    new RegExp(`field ${field.replace(/[[\]]/g, "\\$&")} is an \`http://\` URL: QStash delivers each message there, with its \`Upstash-Signature\``),
                ]);
                await pack().configure({ [POLICY]: "remediate" });
                await pack().configureStack("dev");
                const [remediation] = (await pack().remediate(s.find("delivery"))).filter((r) => r.policyName === POLICY);
                assert.ok(remediation?.properties, "expected a remediation");
                const fixed = JSON.stringify(remediation.properties);
                assert.doesNotMatch(fixed, /http:\/\//i);
                assert.match(fixed, /https:\/\/(shop|b)\.example\.com\//);
            });
        }

        it("an http:// destination on another port is found but not rewritten (https:// on that port would not answer)", async () => {
            const s = new StackFixture("dev", "existing");
            s.add(TYPES.qstashScheduleV2, "ported", { cron: "0 * * * *", destination: "http://shop.example.com:8080/api/cron" });
            const [found] = violations(await runPreview(s.resources), POLICY);
            assertFlagged([found], [s.find("ported").urn], "mandatory");
            assert.doesNotMatch(found.message, /remediate/, "the message does not promise a fix the pack will not make");
            await pack().configure({ [POLICY]: "remediate" });
            await pack().configureStack("dev");
            assert.deepEqual((await pack().remediate(s.find("ported"))).filter((r) => r.policyName === POLICY && r.properties !== undefined), []);
        });

        it("https:// destinations and topic names pass, and change nothing at remediate", async () => {
            const s = new StackFixture("dev", "existing");
            s.add(TYPES.qstashScheduleV2, "to-topic", { cron: "0 * * * *", destination: "orders" });
            s.add(TYPES.qstashTopicV2, "topic", { name: "orders", endpoints: ["https://a.example.com/hook"] });
            assert.deepEqual(violations(await runPreview(s.resources), POLICY), []);
            await pack().configure({ [POLICY]: "remediate" });
            await pack().configureStack("dev");
            assert.deepEqual((await pack().remediate(s.find("to-topic"))).filter((r) => r.policyName === POLICY && r.properties !== undefined), []);
        });

        it("a QStash schedule that comes without a provider is a custom resource: a token pasted into its forwardHeaders is judged", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { tls: true });
            s.add(TYPES.qstashScheduleV2, "cron", { cron: "*/5 * * * *", destination: "https://shop.example.com/api/cron", forwardHeaders: { Authorization: `Bearer ${db.credentials.qstashToken}` } });
            s.find("cron").component = true;
            const result = await runPreview(s.resources);
            assertFlagged(violations(result, "upstash-no-hardcoded-credentials"), [s.find("cron").urn], "advisory", [/QStash token/]);
            assertNoLeak(result, secretsOf([db]));
        });
    });
});
