/**
 * An update judges each resource as it registers (framework/registration.ts): the engine calls
 * `Analyze` right before the resource's step and stops the step on a mandatory finding, while
 * `AnalyzeStack` runs only once every step is done. Driven here as the engine drives an update
 * (`runUpdate`: ConfigureStack with `dryRun: false`, inputs holding the real values of what each
 * resource depends on, no provenance); under the real engine and providers in test/e2e/deploy.
 */
import { strict as assert } from "assert";
import { WireResource } from "../harness/analyzer";
import { assertNoLeak } from "../harness/expect";
import { fakeCredentials } from "../harness/fake-credentials";
import { UpdateResult, pack, runPreview, runUpdate } from "../harness/pack";
import { StackFixture, secret, secretsOf } from "../harness/stack";
import { TYPES } from "../../policies/src/analysis/types";

const CREDENTIALS = "upstash-credentials-only-in-secret-env-vars";
const CLIENT = "upstash-no-client-exposed-credentials";
const HARDCODED = "upstash-no-hardcoded-credentials";
const MANAGEMENT = "upstash-management-api-key-not-in-apps";

function findingsAt(result: UpdateResult, name: string): string[] {
    const at = result.registered.find((r) => r.urn.endsWith(`::${name}`));
    return (at?.diagnostics ?? []).map((d) => `${d.policyName} ${d.enforcementLevel}`).sort();
}

function all(result: UpdateResult): string[] {
    return [...result.registered.flatMap((r) => r.diagnostics), ...(result.atTheEnd ?? [])].map((d) => `${d.policyName} ${d.urn.split("::").pop()} ${d.enforcementLevel}`);
}

/** The issue's program: a database, a project, and a token in a variable that is not sensitive. */
function issueProgram(key: string, output: "restToken" | "readOnlyRestToken"): { s: StackFixture; secrets: string[] } {
    const s = new StackFixture("dev", "existing");
    const db = s.redis("cache", { databaseName: "shop-dev" });
    s.vercelProject("web", { name: "shop-dev" });
    s.envVar("variable", { key, value: { from: db, output }, projectId: { project: "web" }, sensitive: false, targets: ["preview"] });
    return { s, secrets: secretsOf([db]) };
}

describe("an update judges each resource as it registers, before its step calls the platform", () => {
    it("stops the step of a variable that would put a token under a secret-sounding name into a plain Vercel variable", async () => {
        const { s, secrets } = issueProgram("CACHE_SECRET", "restToken");
        const result = await runUpdate(s.resources);
        assert.equal(result.stoppedAt, s.find("variable").urn);
        assert.deepEqual(findingsAt(result, "variable"), [`${CREDENTIALS} mandatory`]);
        const [finding] = result.registered[result.registered.length - 1].diagnostics;
        assert.match(finding.message, /ProjectEnvironmentVariable 'variable' variable CACHE_SECRET carries an Upstash Redis REST token \(recognised by the format of its value\) but is not sensitive and targets preview/);
        assertNoLeak(result.registered.flatMap((r) => r.diagnostics), secrets);
        // The database and the project went through: nothing was found on them.
        assert.deepEqual(findingsAt(result, "cache"), []);
        assert.deepEqual(findingsAt(result, "web"), []);
    });

    it("stops a NEXT_PUBLIC_ variable carrying the read-only token: client-exposed and not sensitive", async () => {
        const { s, secrets } = issueProgram("NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN", "readOnlyRestToken");
        const result = await runUpdate(s.resources);
        assert.equal(result.stoppedAt, s.find("variable").urn);
        assert.deepEqual(findingsAt(result, "variable"), [`${CREDENTIALS} mandatory`, `${CLIENT} mandatory`]);
        const client = result.registered[result.registered.length - 1].diagnostics.find((d) => d.policyName === CLIENT);
        assert.match(client?.message ?? "", /starts with NEXT_PUBLIC_ and goes into the Vercel build.*read-only Upstash Redis REST token \(recognised by the format of its value\)/);
        assertNoLeak(result.registered.flatMap((r) => r.diagnostics), secrets);
    });

    it("lets a correct program through: nothing at registration, nothing at the end", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.vercelProject("web");
        s.firewall("web-firewall", "web", [StackFixture.firewallRule()]);
        s.envVar("redis-url", { key: "UPSTASH_REDIS_REST_URL", value: { from: db, output: "restUrl" }, projectId: { project: "web" }, targets: ["preview"] });
        s.envVar("redis-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, projectId: { project: "web" }, targets: ["preview"] });
        s.envVar("read-only", { key: "UPSTASH_REDIS_REST_READONLY_TOKEN", value: { from: db, output: "readOnlyRestToken" }, projectId: { project: "web" }, targets: ["preview"] });
        // Vercel allows no sensitive development variables: a plain development-only copy is right.
        s.envVar("dev-token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, projectId: { project: "web" }, sensitive: false, targets: ["development"] });
        const result = await runUpdate(s.resources);
        assert.equal(result.stoppedAt, undefined);
        assert.deepEqual(all(result), []);
    });

    it("reports after the steps what only the value ties to a database: a token under a neutral name", async () => {
        const { s } = issueProgram("CACHE", "restToken");
        const result = await runUpdate(s.resources);
        assert.equal(result.stoppedAt, undefined, "the token's format alone, under a neutral name, is no finding");
        assert.deepEqual(
            (result.atTheEnd ?? []).filter((d) => d.policyName === CREDENTIALS).map((d) => d.message.split("\n")[1].replace(/ but .*/, "")),
            [`ProjectEnvironmentVariable 'variable' variable CACHE carries the Upstash Redis REST token of RedisDatabase 'cache' "shop-dev" (recognised by its value)`],
        );
    });

    it("does not say again at the end what it said at registration (an advisory finding lets the step run)", async () => {
        const s = new StackFixture("dev", "existing");
        s.vercelProject("web");
        s.envVar("qstash", { key: "QSTASH_TOKEN", value: fakeCredentials(41).qstashToken, projectId: { project: "web" }, targets: ["production"] });
        const result = await runUpdate(s.resources);
        assert.deepEqual(findingsAt(result, "qstash"), [`${HARDCODED} advisory`]);
        assert.equal(result.stoppedAt, undefined);
        assert.deepEqual((result.atTheEnd ?? []).filter((d) => d.policyName === HARDCODED), []);
        // A preview, which judges at the end only, says it once there.
        const preview = await runPreview(s.resources);
        assert.deepEqual(preview.filter((d) => d.policyName === HARDCODED).map((d) => d.urn), [s.find("qstash").urn]);
    });

    it("takes no token of a database registered in the run for a pasted one: its outputs are not shown until the end", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.vercelProject("web");
        s.envVar("token", { key: "CACHE_TOKEN", value: { from: db, output: "restToken" }, projectId: { project: "web" }, targets: ["production"] });
        const result = await runUpdate(s.resources);
        assert.deepEqual(findingsAt(result, "token"), []);
        assert.deepEqual((result.atTheEnd ?? []).filter((d) => d.policyName === HARDCODED), []);
    });

    it("knows the Upstash provider's API key from the first Upstash resource and stops a variable holding it under any name", async () => {
        const s = new StackFixture("dev", "existing");
        const apiKey = fakeCredentials(7).managementKey;
        const provider = { type: TYPES.upstashProvider, urn: s.urn(TYPES.upstashProvider, "upstash"), name: "upstash", properties: { email: "ops@example.com", apiKey: secret(apiKey), version: "0.5.0" } };
        s.redis("cache");
        const database: WireResource = { ...s.find("cache"), provider };
        s.vercelProject("web");
        s.envVar("admin", { key: "ADMIN", value: apiKey, projectId: { project: "web" }, targets: ["production"] });
        const resources = s.resources.map((r) => (r.name === "cache" ? database : r));
        const result = await runUpdate(resources);
        assert.equal(result.stoppedAt, s.find("admin").urn);
        assert.deepEqual(findingsAt(result, "admin"), [`${MANAGEMENT} mandatory`]);
        assert.match(result.registered[result.registered.length - 1].diagnostics[0].message, /variable ADMIN holds the Upstash provider's API key/);
        assertNoLeak(result.registered.flatMap((r) => r.diagnostics), [apiKey]);
    });

    it("judges a component's children, never the component itself", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.vercelProject("web");
        const plain = s.envVar("plain", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, projectId: { project: "web" }, sensitive: false, targets: ["production"] });
        const component = s.component("acme:platform:Variables", "vars", [plain], { restToken: secret(db.credentials.restToken) });
        // A component registers before its children.
        const resources = [...s.resources.filter((r) => r.urn === component), ...s.resources.filter((r) => r.urn !== component)];
        const result = await runUpdate(resources);
        assert.deepEqual(findingsAt(result, "vars"), []);
        assert.equal(result.stoppedAt, plain);
    });

    it("stops a value pointing at a listed production host in a dev stack", async () => {
        const s = new StackFixture("dev", "existing");
        s.vercelProject("web");
        s.envVar("prod-url", { key: "UPSTASH_REDIS_REST_URL", value: "https://shop-prod-41823.upstash.io", projectId: { project: "web" }, targets: ["preview"] });
        const config = { "upstash-separate-database-per-stage": { productionHosts: ["shop-prod-41823.upstash.io"] } };
        const result = await runUpdate(s.resources, { config });
        assert.equal(result.stoppedAt, s.find("prod-url").urn);
        assert.deepEqual(findingsAt(result, "prod-url"), ["upstash-separate-database-per-stage mandatory"]);
    });

    it("applies exemptions and levels at registration as at the end", async () => {
        const { s } = issueProgram("CACHE_SECRET", "restToken");
        const exempt = { exemptions: [{ resource: "variable", reason: "demo stack, token rotated daily", expires: "2999-01-01" }] };
        const exempted = await runUpdate(s.resources, { config: { [CREDENTIALS]: exempt } });
        assert.equal(exempted.stoppedAt, undefined);
        assert.deepEqual(all(exempted).filter((f) => f.startsWith(CREDENTIALS)), []);
        const advisory = await runUpdate(s.resources, { config: { [CREDENTIALS]: "advisory" } });
        assert.equal(advisory.stoppedAt, undefined);
        assert.deepEqual(all(advisory).filter((f) => f.startsWith(CREDENTIALS)), [`${CREDENTIALS} variable advisory`], "said once, at registration");
    });

    it("at `remediate`, makes the variable sensitive before its step, and finds nothing left", async () => {
        const { s } = issueProgram("CACHE_SECRET", "restToken");
        const config = { [CREDENTIALS]: "remediate" as const };
        await pack().configure(config);
        await pack().configureStack("dev", {}, { dryRun: false });
        const variable = s.find("variable");
        const remediations = await pack().remediate(variable);
        assert.equal(remediations.find((r) => r.policyName === CREDENTIALS)?.properties?.sensitive, true);
        const remediated = s.resources.map((r) => (r.name === "variable" ? { ...r, inputs: { ...r.inputs, sensitive: true }, properties: { ...r.properties, sensitive: true } } : r));
        const result = await runUpdate(remediated, { config });
        assert.equal(result.stoppedAt, undefined);
        assert.deepEqual(all(result).filter((f) => f.startsWith(CREDENTIALS)), []);
    });

    it("decides once per registration for every policy: those with nothing to say are skipped without reading the resource, the others report", async () => {
        const { s } = issueProgram("CACHE_SECRET", "restToken");
        const c = pack();
        await c.configure({});
        await c.configureStack("dev", {}, { dryRun: false });
        const skipped = (result: Awaited<ReturnType<typeof c.check>>) => result.notApplicable.filter((n) => /NothingToReport/.test(n.reason)).map((n) => n.policyName).sort();
        await c.check(s.find("cache"));
        const project = await c.check(s.find("web"));
        assert.deepEqual(project.diagnostics, []);
        // The first policy in the pack's order judges for all (it runs); every other one that judges registrations has nothing
        // to say about the project and is skipped; the TLS check, which reads every resource, runs.
        assert.deepEqual(skipped(project), [CREDENTIALS, HARDCODED, MANAGEMENT, "upstash-read-only-tokens-where-possible", "upstash-separate-database-per-stage"].sort());
        const variable = await c.check(s.find("variable"));
        assert.deepEqual(variable.diagnostics.map((d) => d.policyName), [CREDENTIALS]);
        assert.ok(!skipped(variable).includes(CREDENTIALS));
    });

    it("judges nothing at registration in a preview or an audit, which judge the whole stack at the end", async () => {
        const { s } = issueProgram("CACHE_SECRET", "restToken");
        const c = pack();
        for (const [stack, dryRun] of [["dev", true], ["", false]] as const) {
            await c.configure({});
            await c.configureStack(stack, {}, { dryRun });
            for (const r of s.resources) {
                assert.deepEqual((await c.check(r)).diagnostics.filter((d) => d.policyName === CREDENTIALS), [], `${stack || "audit"}: ${r.name}`);
            }
            const atTheEnd = await c.analyzeStack(s.resources);
            assert.equal(atTheEnd.diagnostics.filter((d) => d.policyName === CREDENTIALS).length, 1);
        }
    });
});
