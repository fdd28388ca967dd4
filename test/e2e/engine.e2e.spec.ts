/**
 * The pack under the real Pulumi engine: every example and the reference stack through
 * `pulumi preview --policy-pack ./policies`, in both states the engine can be in:
 *  1. the first preview of a new stack (every Upstash output unknown);
 *  2. a preview of an existing stack (outputs known), reached without any cloud by importing a
 *     deployment with `pulumi stack import` and previewing without refresh.
 * See docs/toolchain.md for what is real here (the engine) and what stands in (providers, language host).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { fakeCredentials, leakedFragments } from "../harness/fake-credentials";
import { DUMMY_UPSTASH_API_KEY, REPO, Workspace, triples } from "./engine";

const PROGRAM_FILES = ["Pulumi.yaml", "index.ts"];
const SECRETS_IN_PLAY = [DUMMY_UPSTASH_API_KEY];

/** What each example must produce on the first preview of a `dev` stack: (policy, resource, level). */
const EXPECTED: Record<string, string[]> = {
    "client-exposed-token": [
        "upstash-credentials-only-in-secret-env-vars public-token mandatory",
        "upstash-no-client-exposed-credentials public-token mandatory",
    ],
    "shared-database": ["upstash-separate-database-per-stage cache mandatory"],
    "tls-off": ["upstash-tls-required cache mandatory", "upstash-tls-required warm-cache mandatory"],
    "no-budget": ["upstash-budget-required cache mandatory"],
    "token-in-build-command": ["upstash-credentials-only-in-secret-env-vars web mandatory"],
    "plain-token-variable": ["upstash-credentials-only-in-secret-env-vars redis-token mandatory"],
    "management-key-in-app": ["upstash-management-api-key-not-in-apps api-key mandatory"],
    "hardcoded-token": ["upstash-no-hardcoded-credentials qstash-token advisory"],
    "many-mistakes": [
        "upstash-budget-required cache mandatory",
        "upstash-credentials-only-in-secret-env-vars web-env mandatory",
        "upstash-no-client-exposed-credentials web-env mandatory",
        "upstash-rate-limit-public-apis web advisory",
        "upstash-separate-database-per-stage cache mandatory",
        "upstash-separate-database-per-stage cache mandatory",
        "upstash-tls-required cache mandatory",
        // KV_REST_API_URL is built from the database's endpoint, unknown until it exists: said, not passed silently.
        "upstash-tls-required web-env advisory",
    ],
};

/** A new reference stack passes; what cannot be known before the databases exist is said, as advisory notes. */
const REFERENCE_NEW = (stack: string) => [
    `upstash-read-only-tokens-where-possible shop-${stack} advisory`,
    "upstash-tls-required redis-url advisory",
    "upstash-tls-required vector-url advisory",
];

const PROD_HOST = "shop-prod-41823.upstash.io";

interface Deployment {
    deployment: { resources: { type: string; urn: string; outputs?: Record<string, unknown> }[] };
}

function plaintextSecret(value: string): Record<string, string> {
    return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(value) };
}

describe("under the real Pulumi engine (pulumi preview --policy-pack)", function () {
    this.timeout(600_000);
    let ws: Workspace;
    let reference: string;
    const prodCredentials = fakeCredentials(4242);

    before(() => {
        ws = new Workspace();
        reference = ws.program("shop", REPO, ["Pulumi.yaml", "stack"]);
    });
    after(() => ws.dispose());

    describe("state 1: first preview of a new stack", () => {
        for (const stack of ["dev", "prod"]) {
            it(`the reference stack passes for ${stack}`, () => {
                ws.initStack(reference, stack);
                const result = ws.preview(reference, stack);
                assert.equal(result.exitCode, 0, result.output);
                assert.deepEqual(triples(result.events), REFERENCE_NEW(stack).sort());
                assert.deepEqual(leakedFragments(result.output, SECRETS_IN_PLAY), []);
            });
        }

        for (const [name, expected] of Object.entries(EXPECTED)) {
            it(`examples/${name}: ${expected.length} finding(s), deploy ${expected.some((e) => e.endsWith("mandatory")) ? "blocked" : "allowed"}`, () => {
                const dir = ws.program(name, path.join(REPO, "examples", name), PROGRAM_FILES);
                ws.initStack(dir, "dev");
                const result = ws.preview(dir, "dev");
                assert.deepEqual(triples(result.events), [...expected].sort());
                const blocked = expected.some((e) => e.endsWith("mandatory"));
                assert.equal(result.exitCode !== 0, blocked, `exit code ${result.exitCode}`);
                assert.deepEqual(leakedFragments(result.output, SECRETS_IN_PLAY), []);
            });
        }

        it("--policy-pack-config changes levels and exemptions", () => {
            const dir = ws.program("configured", path.join(REPO, "examples", "client-exposed-token"), PROGRAM_FILES);
            ws.initStack(dir, "configured");
            const softened = ws.preview(dir, "configured", {
                "upstash-no-client-exposed-credentials": "advisory",
                "upstash-credentials-only-in-secret-env-vars": { enforcementLevel: "advisory" },
            });
            assert.equal(softened.exitCode, 0, softened.output);
            assert.deepEqual(triples(softened.events), [
                "upstash-credentials-only-in-secret-env-vars public-token advisory",
                "upstash-no-client-exposed-credentials public-token advisory",
            ]);
            const exemption = { exemptions: [{ resource: "public-*", reason: "throwaway demo", expires: "2999-01-01" }] };
            const exempt = ws.preview(dir, "configured", { "upstash-no-client-exposed-credentials": exemption, "upstash-credentials-only-in-secret-env-vars": exemption });
            assert.equal(exempt.exitCode, 0, exempt.output);
            assert.deepEqual(exempt.events, []);
            const expired = ws.preview(dir, "configured", { "upstash-no-client-exposed-credentials": { exemptions: [{ resource: "public-token", reason: "old", expires: "2001-01-01" }] } });
            assert.notEqual(expired.exitCode, 0);
            assert.ok(expired.events.some((e) => e.policyName === "upstash-no-client-exposed-credentials" && /expired on 2001-01-01/.test(e.message)));
        });

        it("at `remediate`, the engine applies the pack's fixes: sensitive variables and TLS on", () => {
            const dir = ws.program("remediated", path.join(REPO, "examples", "plain-token-variable"), PROGRAM_FILES);
            ws.initStack(dir, "remediated");
            const result = ws.preview(dir, "remediated", { "upstash-credentials-only-in-secret-env-vars": "remediate" });
            assert.equal(result.exitCode, 0, result.output);
            assert.deepEqual(triples(result.events), []);
            const tls = ws.program("tls-remediated", path.join(REPO, "examples", "tls-off"), PROGRAM_FILES);
            ws.initStack(tls, "remediated");
            const fixed = ws.preview(tls, "remediated", { "upstash-tls-required": "remediate" });
            // The database gets `tls: true`; the plain http:// URL in the schedule cannot be fixed and still blocks.
            assert.deepEqual(triples(fixed.events), ["upstash-tls-required warm-cache mandatory"]);
        });

        it("a malformed --policy-pack-config is rejected, naming the key", () => {
            const dir = ws.program("misconfigured", path.join(REPO, "examples", "no-budget"), PROGRAM_FILES);
            ws.initStack(dir, "misconfigured");
            const result = ws.preview(dir, "misconfigured", { "upstash-budget-required": { maxMonthlyBudgets: { default: 10 } } });
            assert.notEqual(result.exitCode, 0);
            assert.match(result.output, /maxMonthlyBudgets/);
        });
    });

    describe("state 2: preview of an existing stack (outputs known)", () => {
        before(() => {
            // Deploy prod with the stand-in providers, then give its Upstash resources the outputs the real
            // provider would have returned, and import that deployment.
            ws.must(reference, ["up", "--yes", "--skip-preview", "--stack", "prod"]);
            const deployment = JSON.parse(ws.must(reference, ["stack", "export", "--show-secrets", "--stack", "prod"])) as Deployment;
            for (const resource of deployment.deployment.resources) {
                const outputs = (resource.outputs ??= {});
                if (resource.type === "upstash:index/redisDatabase:RedisDatabase") {
                    Object.assign(outputs, {
                        endpoint: PROD_HOST,
                        port: 6379,
                        restToken: plaintextSecret(prodCredentials.restToken),
                        readOnlyRestToken: plaintextSecret(prodCredentials.readOnlyRestToken),
                        password: plaintextSecret(prodCredentials.password),
                    });
                } else if (resource.type === "upstash:index/vectorIndex:VectorIndex") {
                    Object.assign(outputs, {
                        endpoint: "shop-prod-vectors-41823-eu1-vector.upstash.io",
                        token: plaintextSecret(prodCredentials.vectorToken),
                        readOnlyToken: plaintextSecret(prodCredentials.vectorReadOnlyToken),
                    });
                } else if (resource.type === "pulumi:pulumi:Stack") {
                    outputs.cacheEndpoint = PROD_HOST;
                }
            }
            const file = path.join(ws.root, "prod-deployment.json");
            fs.writeFileSync(file, JSON.stringify(deployment));
            ws.must(reference, ["stack", "import", "--file", file, "--stack", "prod"]);
        });

        it("the reference stack passes with every value known, and nothing is left unsaid", () => {
            const result = ws.preview(reference, "prod");
            assert.equal(result.exitCode, 0, result.output);
            assert.deepEqual(triples(result.events), []);
            // The engine's own --json step dump shows the imported state's secret envelopes; what the pack
            // says (policy events) must hold none of them.
            assert.deepEqual(leakedFragments(JSON.stringify(result.events), [...SECRETS_IN_PLAY, ...Object.values(prodCredentials)]), []);
        });

        it("examples/dev-reads-prod: a dev stack reading the prod database through a StackReference is caught by productionHosts", () => {
            const dir = ws.program("dev-reads-prod", path.join(REPO, "examples", "dev-reads-prod"), PROGRAM_FILES);
            ws.initStack(dir, "dev");
            const unconfigured = ws.preview(dir, "dev");
            assert.deepEqual(triples(unconfigured.events), []);
            const result = ws.preview(dir, "dev", { "upstash-separate-database-per-stage": { productionHosts: [PROD_HOST] } });
            assert.deepEqual(triples(result.events), ["upstash-separate-database-per-stage redis-url mandatory"]);
            assert.notEqual(result.exitCode, 0);
        });

        it("pins down what the engine shows a policy pack (pulumi/pulumi#3950 and provenance)", () => {
            const dir = ws.program("engine-facts", path.join(REPO, "examples", "engine-facts"), PROGRAM_FILES);
            ws.initStack(dir, "dev");
            ws.must(dir, ["config", "set", "plain", "plain-config-value", "--stack", "dev"]);
            ws.must(dir, ["config", "set", "--secret", "secret", "secret-config-value", "--stack", "dev"]);
            const out = path.join(ws.root, "engine-facts.json");
            const res = ws.pulumi(dir, ["preview", "--stack", "dev", "--policy-pack", path.join(REPO, "test", "e2e", "probe-pack")], undefined, { ENGINE_PROBE_OUT: out });
            assert.equal(res.status, 0, res.stderr + res.stdout);
            const seen = JSON.parse(fs.readFileSync(out, "utf8")) as { type: string; name: string; props: Record<string, string>; propertyDependencies: Record<string, string[]> }[];
            const byName = new Map(seen.map((r) => [r.name, r]));
            // StackReferences and resources read with .get() never reach stack validation.
            assert.ok(!seen.some((r) => r.type === "pulumi:pulumi:StackReference"), "StackReference sent to policies");
            assert.ok(!byName.has("existing"), ".get() resource sent to policies");
            // A resource output is unknown on a new stack and its provenance is recorded.
            assert.equal(byName.get("from-output")?.props.value, "unknown");
            assert.deepEqual(byName.get("from-output")?.propertyDependencies.value, ["cache"]);
            // Literals and config values (secret or not) are known plaintext with no provenance: they look alike.
            for (const name of ["literal", "from-config", "from-secret-config"]) {
                assert.equal(byName.get(name)?.props.value, "string", name);
                assert.deepEqual(byName.get(name)?.propertyDependencies.value ?? [], [], name);
            }
            // A StackReference output is known at preview and carries no provenance either.
            assert.equal(byName.get("from-stack-reference")?.props.value, "string");
            assert.deepEqual(byName.get("from-stack-reference")?.propertyDependencies.value ?? [], []);
            // Analyze (per resource, before the stack is complete) sees the same: outputs of new resources
            // unknown, config and literals known; the RedisDatabase's secret outputs are not inputs at all.
            const analyzed = fs.readFileSync(`${out}.analyze.jsonl`, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { name: string; props: Record<string, string> });
            const analyzedByName = new Map(analyzed.map((r) => [r.name, r]));
            assert.equal(analyzedByName.get("from-output")?.props.value, "unknown");
            assert.equal(analyzedByName.get("from-secret-config")?.props.value, "string");
            assert.equal(analyzedByName.get("cache")?.props.restToken, undefined);
            assert.equal(analyzedByName.get("cache")?.props.tls, "boolean");
        });
    });
});
