/**
 * Property-based robustness and secrecy (issue 5): random stacks of handled and foreign resource
 * types with adversarial property shapes go through the real pack (Analyze, AnalyzeStack, Remediate),
 * and no call may fail, every finding must name its policy (and, for stack policies, a resource of
 * the input), and nothing the pack says or logs may contain any 8-character run of a credential.
 *
 * Fixed seed and run count by default; PROPERTY_RUNS=1000 PROPERTY_SEED=<n> for more.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { TYPES } from "../../policies/src/analysis/types";
import { WireResource } from "../harness/analyzer";
import { fakeCredentials, leakedFragments } from "../harness/fake-credentials";
import { pack } from "../harness/pack";
import { UNKNOWN, secret } from "../harness/stack";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 120);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261105);

const CREDENTIALS = [1, 2].flatMap((seed) => Object.values(fakeCredentials(1000 + seed)));
const HOST = "eu1-fine-cat-12345.upstash.io";

const POLICIES = [
    "upstash-no-client-exposed-credentials",
    "upstash-credentials-only-in-secret-env-vars",
    "upstash-no-hardcoded-credentials",
    "upstash-management-api-key-not-in-apps",
    "upstash-separate-database-per-stage",
    "upstash-tls-required",
    "upstash-budget-required",
    "upstash-read-only-tokens-where-possible",
    "upstash-rate-limit-public-apis",
];

const KEYS = [
    "key", "value", "valueWo", "sensitive", "targets", "customEnvironmentIds", "applyToAllCustomEnvironments", "variables", "environments",
    "projectId", "projectIds", "id", "name", "databaseName", "tls", "budget", "autoScale", "endpoint", "restToken", "readOnlyRestToken",
    "password", "token", "readOnlyToken", "apiKey", "enabled", "rules", "active", "action", "data", "stringData", "command", "body", "headers",
    "UPSTASH_REDIS_REST_TOKEN", "NEXT_PUBLIC_KV_REST_API_TOKEN", "KV_URL", "constructor", "__proto__", "toString", "", "ключ", "🔑",
];

const ENV_KEYS = [
    "UPSTASH_REDIS_REST_TOKEN", "UPSTASH_REDIS_REST_URL", "NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN", "KV_REST_API_READ_ONLY_TOKEN", "KV_URL",
    "UPSTASH_VECTOR_REST_TOKEN", "QSTASH_TOKEN", "UPSTASH_MANAGEMENT_API_KEY", "VITE_TOKEN", "NEXT_PUBLIC_SITE", "", "x".repeat(300),
];

const TYPE_CHOICES = [...Object.values(TYPES), "aws:ssm/parameter:Parameter", "kubernetes:core/v1:Secret", "aws:s3/bucket:Bucket", "random:index/randomPet:RandomPet", "weird", ""];

/** Strings that carry a credential in every way a user might write one. */
const credentialText: fc.Arbitrary<string> = fc.tuple(fc.constantFrom(...CREDENTIALS), fc.integer({ min: 0, max: 6 })).map(([c, how]) => {
    switch (how) {
        case 0: return c;
        case 1: return `https://${HOST}?token=${c}`;
        case 2: return `rediss://default:${c}@${HOST}:6379`;
        case 3: return `redis://default:${c}@${HOST}:6379`;
        case 4: return `export UPSTASH_REDIS_REST_TOKEN=${c} && curl -H "Authorization: Bearer ${c}"`;
        case 5: return `${c}${c}`;
        default: return `  ${c}\n`;
    }
});

const text: fc.Arbitrary<string> = fc.oneof(
    { weight: 4, arbitrary: credentialText },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom(UNKNOWN, "production", "preview", "development", "rate_limit", HOST, `https://${HOST}`, `http://${HOST}`, "dev", "prod") },
    { weight: 1, arbitrary: fc.constantFrom(...ENV_KEYS) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 200_000 }).map((n) => "A".repeat(n)) },
);

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        text,
        fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
        tie("value").map((v) => secret(v)),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 6 }),
    ),
}));

/** An env var entry that looks nearly right, so that the rules get past their first checks. */
const envEntry: fc.Arbitrary<Record<string, unknown>> = fc.record(
    {
        key: fc.oneof(fc.constantFrom(...ENV_KEYS), fc.constant(UNKNOWN), value),
        value: fc.oneof(text, text.map((t) => secret(t)), value),
        sensitive: fc.oneof(fc.boolean(), fc.constant(UNKNOWN), value),
        targets: fc.oneof(fc.subarray(["production", "preview", "development"]), fc.constant(UNKNOWN), value),
        customEnvironmentIds: value,
    },
    { requiredKeys: [] },
);

const props: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
    fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 10 }),
    fc.tuple(envEntry, fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 4 })).map(([e, extra]) => ({ ...extra, ...e })),
    fc.tuple(fc.array(fc.oneof(envEntry, value), { maxLength: 5 }), value).map(([variables, projectId]) => ({ variables, environments: variables, projectId })),
    fc.record({ tls: value, budget: value, databaseName: value, endpoint: value, restToken: value, password: value, readOnlyRestToken: value }, { requiredKeys: [] }),
);

interface Draft {
    type: string;
    name: string;
    stack: string;
    properties: Record<string, unknown>;
    deps: { property: string; to: number }[];
}

const draft: fc.Arbitrary<Draft> = fc.record({
    type: fc.constantFrom(...TYPE_CHOICES),
    name: fc.oneof(fc.constantFrom("cache", "web", "env", "token", "fw", "db"), fc.string({ unit: "grapheme", maxLength: 12 })),
    stack: fc.constantFrom("dev", "prod", "preview-eu"),
    properties: props,
    deps: fc.array(fc.record({ property: fc.constantFrom(...KEYS), to: fc.integer({ min: -1, max: 8 }) }), { maxLength: 4 }),
});

function build(drafts: Draft[]): WireResource[] {
    const urns = drafts.map((d, i) => `urn:pulumi:${drafts[0].stack}::shop::${d.type}::${d.name}-${i}`);
    return drafts.map((d, i) => {
        const deps = new Map<string, string[]>();
        for (const { property, to } of d.deps) {
            const urn = to < 0 || to >= urns.length ? `urn:pulumi:dev::shop::${TYPES.redisDatabase}::elsewhere` : urns[to];
            deps.set(property, [...(deps.get(property) ?? []), urn]);
        }
        const propertyDependencies: Record<string, string[]> = Object.fromEntries(deps);
        return { type: d.type, urn: urns[i], name: `${d.name}-${i}`, properties: d.properties, propertyDependencies, dependencies: [...new Set(Object.values(propertyDependencies).flat())] };
    });
}

const CONFIGS = [
    {},
    Object.fromEntries(POLICIES.map((p) => [p, "remediate" as const])),
    { "upstash-separate-database-per-stage": { productionHosts: [HOST] }, "upstash-read-only-tokens-where-possible": { readOnlyKeys: ["UPSTASH_REDIS_REST_TOKEN"] } },
];

/** Failure output must not print the (fake) credentials either. */
function redact(textIn: string): string {
    let out = textIn;
    for (const credential of CREDENTIALS) {
        out = out.split(credential).join("<credential>");
    }
    return out.replace(/"A{1000,}"/g, (m) => `"A×${m.length - 2}"`);
}

function assertNoLeak(what: string, textOut: string): void {
    assert.deepEqual(leakedFragments(textOut, CREDENTIALS), [], `${what} echoes part of a credential`);
}

describe("every policy under random and hostile input (property-based)", function () {
    this.timeout(Math.max(120_000, RUNS * 2_000));

    it(`never throws, always names policy and resource, never echoes a credential (${RUNS} runs, seed ${SEED})`, async () => {
        const c = pack();
        const details = await fc.check(
            // As a preview or as an update sends the resources (an update also judges each one as it registers).
            fc.asyncProperty(fc.array(draft, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: CONFIGS.length - 1 }), fc.boolean(), async (drafts, configIndex, update) => {
                const resources = build(drafts);
                const urns = new Set(resources.map((r) => r.urn));
                const stderrBefore = c.stderr().length;
                await c.configure(CONFIGS[configIndex]);
                await c.configureStack(drafts[0].stack, { stage: drafts[0].stack }, { dryRun: !update });

                for (const resource of resources) {
                    const result = await c.analyze(resource);
                    for (const d of result.diagnostics) {
                        assert.ok(POLICIES.includes(d.policyName), `Analyze diagnostic names a policy: ${d.policyName}`);
                        assertNoLeak(`Analyze diagnostic of ${d.policyName}`, d.message);
                    }
                    for (const n of result.notApplicable) {
                        assert.ok(POLICIES.includes(n.policyName));
                        assertNoLeak(`notApplicable reason of ${n.policyName}`, n.reason);
                    }
                    for (const r of await c.remediate(resource)) {
                        assert.ok(POLICIES.includes(r.policyName), `remediation names a policy: ${r.policyName}`);
                        assertNoLeak(`remediation diagnostic of ${r.policyName}`, r.diagnostic);
                    }
                }

                const stack = await c.analyzeStack(resources);
                for (const d of stack.diagnostics) {
                    assert.ok(POLICIES.includes(d.policyName), `AnalyzeStack diagnostic names a policy: ${d.policyName}`);
                    const advisoryNote = d.enforcementLevel === "advisory" && d.message.includes("can't run");
                    assert.ok(urns.has(d.urn) || (advisoryNote && d.urn === ""), `${d.policyName} names a resource of the input: '${d.urn}'`);
                    assertNoLeak(`AnalyzeStack diagnostic of ${d.policyName}`, d.message);
                }
                for (const n of stack.notApplicable) {
                    assertNoLeak(`notApplicable reason of ${n.policyName}`, n.reason);
                }
                assertNoLeak("pack stderr", c.stderr().slice(stderrBefore));
            }),
            { seed: SEED, numRuns: RUNS, endOnFailure: process.env.PROPERTY_SHRINK === undefined },
        );
        if (details.failed) {
            const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
            const example = details.counterexample ? JSON.stringify(details.counterexample) : "(none)";
            assert.fail(`property failed (seed ${details.seed}, path "${details.counterexamplePath ?? ""}"): ${redact(cause)}\ncounterexample: ${redact(example).slice(0, 20_000)}`);
        }
    });
});
