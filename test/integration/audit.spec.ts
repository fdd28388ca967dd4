/**
 * The pack as `pulumi policy analyze` drives it (pkg/resource/deploy/analyze_snapshot.go and
 * cmd/pulumi/policy/policy_analyze.go, v3.248.0 to v3.277.0): a pack process of its own that gets a
 * ConfigureStack naming no stack, project, organisation or tag (as measured by the engine-facts e2e
 * test), Configure, `Remediate` then `Analyze` with each resource's
 * stored inputs, then one `AnalyzeStack` with the stored outputs, StackReferences included.
 * And the pack when an engine stops sending what it reads from the requests: it judges without it.
 */
import { strict as assert } from "assert";
import { AnalyzeResult, AnalyzerClient, Diagnostic, PACK_DIR, PolicyConfigInput, WireResource } from "../harness/analyzer";
import { assertFlagged, assertNoLeak, previewNotes, violations } from "../harness/expect";
import { runPreview } from "../harness/pack";
import { fakeCredentials } from "../harness/fake-credentials";
import { StackFixture, secret } from "../harness/stack";
import { TYPES } from "../../policies/src/analysis/types";

const BUDGET = "upstash-budget-required";
const STAGES = "upstash-separate-database-per-stage";
const PROD_HOST = "shop-prod-41823.upstash.io";

/** A fresh pack process, as each `pulumi policy analyze` starts one. */
class AuditedPack {
    private constructor(private readonly client: AnalyzerClient) {}

    static async start(): Promise<AuditedPack> {
        return new AuditedPack(await AnalyzerClient.start(PACK_DIR));
    }

    /** What analyze sends: an empty ConfigureStack, Configure (optional here, to test its absence), per resource Remediate + Analyze, then AnalyzeStack. */
    async audit(resources: WireResource[], config: Record<string, PolicyConfigInput> | undefined, remediate = true): Promise<Diagnostic[]> {
        await this.client.configureStack("", {}, { project: "", organization: "", dryRun: false });
        if (config) {
            await this.client.configure(config);
        }
        const diagnostics: Diagnostic[] = [];
        for (const r of resources) {
            if (remediate) {
                await this.client.remediate(r);
            }
            const result: AnalyzeResult = await this.client.analyze(r);
            diagnostics.push(...result.diagnostics.map((d) => ({ ...d, urn: d.urn || r.urn })));
        }
        diagnostics.push(...(await this.client.analyzeStack(resources)).diagnostics);
        return diagnostics;
    }

    stop(): Promise<void> {
        return this.client.stop();
    }
}

/** A StackReference as the engine's built-in provider stores it: the name it was given, the other stack's outputs. */
function stackReference(s: StackFixture, name: string, outputs: Record<string, unknown>, secretOutputNames: string[] = []): string {
    const urn = s.urn(TYPES.stackReference, name);
    s.resources.push({ type: TYPES.stackReference, urn, name, inputs: { name }, properties: { name, outputs, secretOutputNames }, propertyDependencies: {}, dependencies: [] });
    return urn;
}

function deployedDevStack(): StackFixture {
    const s = new StackFixture("dev", "existing");
    s.redis("cache", { databaseName: "shop-dev", budget: 20 });
    return s;
}

describe("under `pulumi policy analyze` (an audit of a deployed stack)", function () {
    this.timeout(120_000);
    let pack: AuditedPack;

    beforeEach(async () => {
        pack = await AuditedPack.start();
    });
    afterEach(() => pack.stop());

    describe("stageTag with no stack tags from the engine", () => {
        it("each stage policy says once that the stage came from the stack name, and judges by it", async () => {
            const s = deployedDevStack();
            s.redis("shared", { databaseName: "shop-shared", budget: 20 });
            const config = { [BUDGET]: { stageTag: "stage" }, [STAGES]: { stageTag: "stage" } };
            const diagnostics = await pack.audit(s.resources, config);
            for (const policy of [BUDGET, STAGES]) {
                const notes = previewNotes(diagnostics, policy);
                assert.equal(notes.length, 1, `${policy}: ${notes.map((n) => n.message).join("\n")}`);
                assert.equal(notes[0].enforcementLevel, "advisory");
                assert.match(notes[0].message, /the stage was taken from the stack name "dev", not from the stack tag "stage" \(stageTag\), because the engine sent no stack tags/);
            }
            // Judged by the stack name: the database not named after "dev" is still found.
            assertFlagged(violations(diagnostics, STAGES), [s.urn(TYPES.redisDatabase, "shared")], "mandatory", [/does not contain the stage "dev"/]);
            assert.deepEqual(diagnostics.filter((d) => d.policyName !== BUDGET && d.policyName !== STAGES), []);
        });

        it("says nothing when no policy reads a stage tag", async () => {
            assert.deepEqual(await pack.audit(deployedDevStack().resources, {}), []);
        });
    });

    it("a preview names the stack (ConfigureStack; a stack may have no tags at all), so a stack without the stage tag goes unsaid", async () => {
        const config = { [BUDGET]: { stageTag: "stage" }, [STAGES]: { stageTag: "stage" } };
        assert.deepEqual(await runPreview(deployedDevStack().resources, { config }), []);
    });

    describe("StackReferences, which only an audit shows", () => {
        function devReadingProd(referenced: string, endpoint = PROD_HOST): StackFixture {
            const s = new StackFixture("dev", "existing");
            stackReference(s, referenced, { cacheEndpoint: endpoint, projectName: "shop-prod" });
            s.vercelProject("web", { name: "shop-dev" });
            s.add(TYPES.projectEnvironmentVariable, "redis-url", { projectId: "prj_web", key: "UPSTASH_REDIS_REST_URL", value: secret(`https://${endpoint}`), targets: ["preview"], sensitive: true });
            return s;
        }

        it("finds a dev stack using a production database host read from the prod stack, with no productionHosts set", async () => {
            const s = devReadingProd("organization/shop/prod");
            const diagnostics = await pack.audit(s.resources, {});
            assertFlagged(violations(diagnostics, STAGES), [s.urn(TYPES.projectEnvironmentVariable, "redis-url")], "mandatory", [
                /ProjectEnvironmentVariable 'redis-url' field value uses the production database host shop-prod-41823\.upstash\.io, read from the production stack "prod" through the StackReference organization\/shop\/prod \(its outputs\.cacheEndpoint\) in the non-production stage "dev"/,
            ]);
            // The StackReference itself is no hard-coded credential, no plain sink: it holds another stack's outputs.
            assert.deepEqual(diagnostics.filter((d) => d.policyName !== STAGES), []);
        });

        it("reports the field once when productionHosts lists the same host", async () => {
            const s = devReadingProd("organization/shop/prod");
            const found = violations(await pack.audit(s.resources, { [STAGES]: { productionHosts: [PROD_HOST] } }), STAGES);
            assert.equal(found.length, 1, found.map((d) => d.message).join("\n"));
            assert.match(found[0].message, /points at the production database host/);
        });

        it("finds a production credential read into a dev stack, without printing it", async () => {
            const s = new StackFixture("dev", "existing");
            const prodToken = fakeCredentials(41823).restToken;
            stackReference(s, "organization/shop/prod", { cacheToken: prodToken }, ["cacheToken"]);
            s.vercelProject("web", { name: "shop-dev" });
            s.add(TYPES.projectEnvironmentVariable, "redis-token", { projectId: "prj_web", key: "UPSTASH_REDIS_REST_TOKEN", value: secret(prodToken), targets: ["preview"], sensitive: true });
            const diagnostics = await pack.audit(s.resources, {});
            assertFlagged(violations(diagnostics, STAGES), [s.urn(TYPES.projectEnvironmentVariable, "redis-token")], "mandatory", [/uses a production database credential, read from the production stack "prod"/]);
            assertNoLeak(diagnostics, [prodToken]);
        });

        it("never takes a URL's password for a host: a Redis URL read from the prod stack is a credential, and is not printed", async () => {
            const s = new StackFixture("dev", "existing");
            const password = fakeCredentials(41824).password;
            const redisUrl = `default:${password}@${PROD_HOST}`;
            stackReference(s, "organization/shop/prod", { cacheUrl: redisUrl, cacheUrlWithScheme: `rediss://${redisUrl}:6379` });
            s.vercelProject("web", { name: "shop-dev" });
            s.add(TYPES.projectEnvironmentVariable, "redis-url", { projectId: "prj_web", key: "REDIS_URL", value: secret(`rediss://${redisUrl}:6379`), targets: ["preview"], sensitive: true });
            const diagnostics = await pack.audit(s.resources, {});
            assertFlagged(violations(diagnostics, STAGES), [s.urn(TYPES.projectEnvironmentVariable, "redis-url")], "mandatory", [/uses the production database host shop-prod-41823\.upstash\.io, read from the production stack "prod"/]);
            assertNoLeak(diagnostics, [password]);
        });

        it("passes a dev stack reading a staging stack, and a prod stack reading prod", async () => {
            assert.deepEqual(violations(await pack.audit(devReadingProd("organization/shop/staging").resources, {}), STAGES), []);
            const prod = new StackFixture("prod", "existing");
            stackReference(prod, "organization/shop/prod-eu", { cacheEndpoint: PROD_HOST });
            prod.add(TYPES.projectEnvironmentVariable, "redis-url", { projectId: "prj_web", key: "UPSTASH_REDIS_REST_URL", value: secret(`https://${PROD_HOST}`), targets: ["production"], sensitive: true });
            assert.deepEqual(violations(await pack.audit(prod.resources, {}), STAGES), []);
        });
    });

    describe("when an engine stops sending what the pack reads from its requests", () => {
        it("without Remediate (no `__defaults`), a budget of 20 is judged as set, and passes, as any explicit budget does", async () => {
            const s = new StackFixture("dev", "existing");
            s.redis("cache", { databaseName: "shop-dev", budget: undefined });
            assert.deepEqual(await pack.audit(s.resources, {}, false), []);
        });

        it("with Remediate, the same database is found relying on the provider's default", async () => {
            const s = new StackFixture("dev", "existing");
            s.redis("cache", { databaseName: "shop-dev", budget: undefined });
            assertFlagged(violations(await pack.audit(s.resources, {}), BUDGET), [s.urn(TYPES.redisDatabase, "cache")], "mandatory", [/relies on the provider's default of 20 USD/]);
        });

        it("without Configure, every policy runs at its defaults and reports what it reports when configured with nothing", async () => {
            const s = new StackFixture("dev", "existing");
            const db = s.redis("cache", { databaseName: "shop-dev", tls: false });
            s.envVar("token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, targets: ["preview"], sensitive: false });
            const unconfigured = await pack.audit(s.resources, undefined);
            const configured = await runPreview(s.resources, { config: {} });
            const summary = (list: Diagnostic[]) => list.map((d) => `${d.policyName} ${d.enforcementLevel} ${d.urn}`).sort();
            assert.ok(unconfigured.length >= 2, summary(unconfigured).join("\n"));
            assert.deepEqual(summary(unconfigured), summary(configured));
        });
    });
});
