/**
 * The stand-in as a provider meets it: through its CONNECT proxy, over TLS with the CA it made, with
 * the requests the real providers send (their bodies as recorded from them; see the research notes in
 * each service module). Under the real engine and providers: test/e2e/deploy.e2e.spec.ts.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as http from "http";
import * as tls from "tls";
import { StandIn } from "./index";

interface Answer {
    status: number;
    json: unknown;
}

/** One HTTPS request to `host` through the stand-in's proxy, trusting only its CA (what a provider does). */
async function call(standIn: StandIn, host: string, method: string, path: string, options: { body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
    const url = new URL(standIn.proxyUrl);
    const socket = await new Promise<import("net").Socket>((resolve, reject) => {
        const connect = http.request({ host: url.hostname, port: url.port, method: "CONNECT", path: `${host}:443` });
        connect.on("connect", (response: http.IncomingMessage, s: import("net").Socket) => (response.statusCode === 200 ? resolve(s) : reject(new Error(`CONNECT ${host}: ${response.statusCode ?? 0}`))));
        connect.on("error", reject);
        connect.end();
    });
    const secure = tls.connect({ socket, servername: host, ca: fs.readFileSync(standIn.caFile, "utf8") });
    await new Promise<void>((resolve, reject) => secure.once("secureConnect", () => resolve()).once("error", reject));
    return new Promise<Answer>((resolve, reject) => {
        const request = http.request({ createConnection: () => secure, host, method, path, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(options.body ?? "")), ...options.headers } }, (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (c: Buffer) => chunks.push(c));
            response.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                resolve({ status: response.statusCode ?? 0, json: text === "" ? undefined : (JSON.parse(text) as unknown) });
            });
        });
        request.on("error", reject);
        request.end(options.body);
    });
}

const BASIC = { authorization: `Basic ${Buffer.from("ops@example.com:not-a-real-management-key-0000").toString("base64")}` };

async function createDatabase(standIn: StandIn, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const body = { region: "global", database_name: "shop-dev", tls: true, consistent: false, multizone: false, eviction: false, auto_upgrade: false, prod_pack_enabled: false, budget: 20, primary_region: "eu-west-1", ...overrides };
    const created = await call(standIn, "api.upstash.com", "POST", "/v2/redis/database", { body: JSON.stringify(body), headers: BASIC });
    assert.equal(created.status, 200);
    return created.json as Record<string, unknown>;
}

describe("the stand-in for the Upstash and Vercel APIs", function () {
    this.timeout(30_000);
    let standIn: StandIn;

    beforeEach(async () => {
        standIn = await StandIn.start();
    });
    afterEach(async () => {
        await standIn.stop();
    });

    it("serves only its hosts, over TLS with the CA it made; any other host is refused and recorded as a failure", async () => {
        assert.match(fs.readFileSync(standIn.caFile, "utf8"), /BEGIN CERTIFICATE/);
        assert.equal((await call(standIn, "api.upstash.com", "GET", "/v2/redis/database/none", { headers: BASIC })).status, 404);
        await assert.rejects(call(standIn, "api.github.com", "GET", "/"), /CONNECT api.github.com: 403/);
        assert.deepEqual(standIn.failures(), ["refused a connection to api.github.com:443: the stand-in serves only api.upstash.com, qstash.upstash.io, api.vercel.com"]);
        assert.deepEqual(standIn.env().SSL_CERT_FILE, standIn.caFile);
        assert.match(standIn.env().HTTPS_PROXY, /^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it("fails loudly on an endpoint it does not know, naming the method and path", async () => {
        const answer = await call(standIn, "api.vercel.com", "GET", "/v99/something/new");
        assert.equal(answer.status, 501);
        assert.deepEqual(standIn.failures(), ["no route for GET api.vercel.com/v99/something/new: a provider called an endpoint the stand-in does not know"]);
    });

    it("creates, reads, changes and deletes a Redis database, echoing what was sent, with credentials and a host in the real formats", async () => {
        const created = await createDatabase(standIn);
        const id = String(created.database_id);
        const read = (await call(standIn, "api.upstash.com", "GET", `/v2/redis/database/${id}`, { headers: BASIC })).json as Record<string, unknown>;
        assert.deepEqual(
            { name: read.database_name, region: read.region, primary: read.primary_region, tls: read.tls, budget: read.budget, readRegions: read.read_regions },
            { name: "shop-dev", region: "global", primary: "eu-west-1", tls: true, budget: 20, readRegions: [] },
        );
        assert.match(String(read.endpoint), /^[a-z]+-[a-z]+-\d{5}\.upstash\.io$/);
        assert.match(String(read.rest_token), /^A[Q-Za-f][A-Za-z0-9_-]{58}$/, "read-write: first decoded byte 1");
        assert.match(String(read.read_only_rest_token), /^A[g-v][A-Za-z0-9_-]{58}$/, "read-only: first decoded byte 2");
        assert.match(String(read.password), /^[0-9a-f]{32}$/);
        assert.equal((await call(standIn, "api.upstash.com", "PATCH", `/v2/redis/update-budget/${id}`, { body: '{"budget":50}', headers: BASIC })).status, 200);
        assert.equal(standIn.upstash.databases.get(id)?.budget, 50);
        // The provider sends `null` as the body of calls that carry none.
        assert.equal((await call(standIn, "api.upstash.com", "POST", `/v2/redis/disable-eviction/${id}`, { body: "null", headers: BASIC })).status, 200);
        assert.equal((await call(standIn, "api.upstash.com", "DELETE", `/v2/redis/database/${id}`, { body: "null", headers: BASIC })).status, 200);
        assert.ok(standIn.isEmpty());
        assert.deepEqual(standIn.failures(), []);
    });

    it("leaves the primary region empty when none was sent (the provider replaces a database whose region it reads back changed)", async () => {
        const created = await createDatabase(standIn, { region: "eu-west-1", primary_region: undefined });
        assert.equal(created.primary_region, "");
    });

    it("changes a database behind Pulumi's back, as in the console", async () => {
        const created = await createDatabase(standIn);
        standIn.upstash.changeDatabase("shop-dev", { tls: false, budget: 500 });
        const read = (await call(standIn, "api.upstash.com", "GET", `/v2/redis/database/${String(created.database_id)}`, { headers: BASIC })).json as Record<string, unknown>;
        assert.deepEqual([read.tls, read.budget], [false, 500]);
        assert.throws(() => standIn.upstash.changeDatabase("shop-prod", { tls: false }), /no Redis database named shop-prod/);
    });

    it("creates a Vector index whose pay-as-you-go plan reads back as the real API says it (paid)", async () => {
        const body = { name: "shop-dev-vectors", similarity_function: "COSINE", dimension_count: 1536, region: "eu-west-1", type: "payg" };
        const created = (await call(standIn, "api.upstash.com", "POST", "/v2/vector/index", { body: JSON.stringify(body), headers: BASIC })).json as Record<string, unknown>;
        assert.equal(created.type, "paid");
        assert.match(String(created.token), /^AB[A-Za-z0-9+/]{98}$/);
        assert.match(String(created.token), /[+/]/);
        assert.match(String(created.endpoint), /-eu1-vector\.upstash\.io$/);
    });

    it("creates a QStash schedule whose destination is the rest of the path, and reads back what the provider's headers said", async () => {
        const token = (await call(standIn, "api.upstash.com", "GET", "/v2/qstash/user", { headers: BASIC })).json as { token: string };
        assert.match(token.token, /^eyJVc2VySUQiOi/);
        const headers = { authorization: `Bearer ${token.token}`, "upstash-cron": "*/10 * * * *", "upstash-retries": "3", "upstash-delay": "0s", "upstash-method": "", "upstash-callback": "" };
        const created = (await call(standIn, "qstash.upstash.io", "POST", "/v2/schedules/http://shop-dev-10001.upstash.io/warm", { headers })).json as { scheduleId: string };
        const read = (await call(standIn, "qstash.upstash.io", "GET", `/v2/schedules/${created.scheduleId}`, { headers: { authorization: `Bearer ${token.token}` } })).json as Record<string, unknown>;
        assert.deepEqual([read.destination, read.cron, read.method, read.retries, read.delay], ["http://shop-dev-10001.upstash.io/warm", "*/10 * * * *", "", 3, 0]);
    });

    it("answers a project with every object the Vercel provider dereferences, and hides a sensitive variable's value", async () => {
        const project = (await call(standIn, "api.vercel.com", "POST", "/v8/projects", { body: JSON.stringify({ name: "shop-dev", buildCommand: null, enableAffectedProjectsDeployments: false }) })).json as Record<string, unknown>;
        assert.match(String(project.id), /^prj_/);
        assert.deepEqual(project.resourceConfig, {});
        assert.equal(project.enableAffectedProjectsDeployments, false);
        assert.equal(project.buildCommand, undefined, "unset fields stay unset");
        const id = String(project.id);
        const one = (await call(standIn, "api.vercel.com", "POST", `/v10/projects/${id}/env`, { body: JSON.stringify({ key: "UPSTASH_REDIS_REST_TOKEN", value: "s3cr3t-value-for-the-spec", target: ["preview"], type: "sensitive", comment: "" }) })).json as { created: Record<string, unknown> };
        assert.equal(one.created.value, "", "a sensitive value is never returned");
        const several = (await call(standIn, "api.vercel.com", "POST", `/v10/projects/${id}/env`, { body: JSON.stringify([{ key: "A", value: "a", target: ["production"], type: "encrypted", comment: "" }, { key: "B", value: "b", target: ["preview"], type: "encrypted", comment: "" }]) })).json as { created: unknown[] };
        assert.equal(several.created.length, 2);
        const read = (await call(standIn, "api.vercel.com", "GET", `/v10/projects/${id}/env/${String(one.created.id)}`)).json as Record<string, unknown>;
        assert.deepEqual([read.key, read.value, read.type, read.target], ["UPSTASH_REDIS_REST_TOKEN", "", "sensitive", ["preview"]]);
        assert.equal(standIn.vercel.changeVariables("UPSTASH_REDIS_REST_TOKEN", { type: "encrypted" }), 1);
        const plain = (await call(standIn, "api.vercel.com", "GET", `/v10/projects/${id}/env/${String(one.created.id)}`)).json as Record<string, unknown>;
        assert.deepEqual([plain.value, plain.type], ["s3cr3t-value-for-the-spec", "encrypted"]);
        assert.equal((await call(standIn, "api.vercel.com", "DELETE", `/v8/projects/${id}`)).status, 204);
        assert.ok(standIn.isEmpty());
    });

    it("echoes a firewall config's rules with ids it assigns and keeps", async () => {
        const project = (await call(standIn, "api.vercel.com", "POST", "/v8/projects", { body: '{"name":"shop-dev"}' })).json as { id: string };
        const rule = { name: "rate-limit-api", active: true, conditionGroup: [{ conditions: [{ type: "path", op: "pre", neg: false, key: "", value: "/api" }] }], action: { mitigate: { action: "rate_limit", rateLimit: { algo: "fixed_window", window: 60, limit: 100, keys: ["ip"], action: "deny" } } } };
        const path = `/v1/security/firewall/config?projectId=${project.id}&teamId=`;
        const put = (await call(standIn, "api.vercel.com", "PUT", path, { body: JSON.stringify({ firewallEnabled: true, rules: [rule] }) })).json as { active: { rules: Record<string, unknown>[] } };
        assert.match(String(put.active.rules[0].id), /^rule_/);
        const got = (await call(standIn, "api.vercel.com", "GET", `/v1/security/firewall/config/active?projectId=${project.id}&teamId=`)).json as { rules: Record<string, unknown>[] };
        assert.deepEqual(got.rules, put.active.rules);
    });

    it("tells which credentials reached which kind of place, without their values", async () => {
        const db = await createDatabase(standIn);
        const project = (await call(standIn, "api.vercel.com", "POST", "/v8/projects", { body: '{"name":"shop-dev"}' })).json as { id: string };
        const variable = (key: string, value: unknown, type: string) => call(standIn, "api.vercel.com", "POST", `/v10/projects/${project.id}/env`, { body: JSON.stringify({ key, value, target: ["preview"], type, comment: "" }) });
        await variable("UPSTASH_REDIS_REST_TOKEN", db.rest_token, "sensitive");
        await variable("CACHE_SECRET", db.rest_token, "encrypted");
        await variable("NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN", db.read_only_rest_token, "sensitive");
        await variable("UPSTASH_API_KEY", "not-a-real-management-key-0000", "sensitive");
        const deliveries = standIn.deliveries().map((d) => `${d.place}: ${d.placeKind}, ${d.credential.kind} of ${d.credential.owner}`);
        assert.deepEqual(deliveries, [
            "Vercel variable UPSTASH_REDIS_REST_TOKEN (preview): secret, redis-rest-token of Redis database shop-dev",
            "Vercel variable CACHE_SECRET (preview): plain, redis-rest-token of Redis database shop-dev",
            "Vercel variable NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN (preview): client-exposed, redis-read-only-rest-token of Redis database shop-dev",
            "Vercel variable UPSTASH_API_KEY (preview): secret, management-api-key of the Upstash account ops@example.com",
        ]);
        for (const value of standIn.credentialValues()) {
            assert.ok(!JSON.stringify(standIn.deliveries()).includes(value), "a delivery holds no value");
        }
    });
});
