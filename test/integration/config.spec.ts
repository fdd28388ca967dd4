/**
 * Hostile `--policy-pack-config`: every malformed value is rejected by the pack's own validation with
 * a message naming the policy and the key, and the pack keeps serving. (Through this harness the
 * engine's JSON-schema validation does not run, so the pack's must catch everything.)
 */
import { strict as assert } from "assert";
import { PolicyConfigInput } from "../harness/analyzer";
import { of, pack, runPreview } from "../harness/pack";
import { StackFixture } from "../harness/stack";

function fixture(): StackFixture {
    const s = new StackFixture("dev", "existing");
    const db = s.redis("cache", { tls: false });
    s.vercelProject("web");
    s.envVar("token", { key: "NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, projectId: { project: "web" } });
    return s;
}

/** Runs every call a preview makes; returns the error messages of the calls that failed. */
async function errorsWith(config: Record<string, PolicyConfigInput>): Promise<string[]> {
    const s = fixture();
    const c = pack();
    await c.configure(config);
    await c.configureStack("dev");
    const errors: string[] = [];
    for (const call of [...s.resources.map((r) => () => c.analyze(r)), () => c.analyzeStack(s.resources)]) {
        try {
            await call();
        } catch (err) {
            errors.push(err instanceof Error ? err.message : String(err));
        }
    }
    return errors;
}

async function stillServes(): Promise<void> {
    const found = of(await runPreview(fixture().resources), "upstash-tls-required");
    assert.ok(found.length > 0, "a valid call after the bad config still works");
}

const HUGE = Array.from({ length: 5000 }, (_, i) => `PREFIX_${i}_`);

const CASES: { what: string; policy: string; config: Record<string, unknown>; key: RegExp }[] = [
    { what: "a boolean given as a string", policy: "upstash-no-client-exposed-credentials", config: { allowReadOnlyTokensInClient: "yes" }, key: /'allowReadOnlyTokensInClient' must be boolean/ },
    { what: "a list given as a string", policy: "upstash-no-client-exposed-credentials", config: { extraClientPrefixes: "APP_" }, key: /'extraClientPrefixes' must be array/ },
    { what: "a list of numbers", policy: "upstash-budget-required", config: { productionStages: [1, 2] }, key: /'productionStages\[0\]' must be string/ },
    { what: "an unknown key (typo)", policy: "upstash-tls-required", config: { tlsRequird: true }, key: /unknown key 'tlsRequird'/ },
    { what: "a negative budget", policy: "upstash-budget-required", config: { maxMonthlyBudget: { production: -5 } }, key: /'maxMonthlyBudget\.production' must be > 0/ },
    { what: "a zero budget", policy: "upstash-budget-required", config: { maxMonthlyBudget: { default: 0 } }, key: /'maxMonthlyBudget\.default' must be > 0/ },
    { what: "a budget given as a string", policy: "upstash-budget-required", config: { maxMonthlyBudget: { dev: "10" } }, key: /'maxMonthlyBudget\.dev' must be number/ },
    { what: "a budget map given as a number", policy: "upstash-budget-required", config: { maxMonthlyBudget: 50 }, key: /'maxMonthlyBudget' must be object/ },
    { what: "February 30th", policy: "upstash-budget-required", config: { exemptions: [{ resource: "cache", reason: "x", expires: "2026-02-30" }] }, key: /'exemptions\[0\]\.expires' is not a real date/ },
    { what: "month 13", policy: "upstash-tls-required", config: { exemptions: [{ resource: "cache", reason: "x", expires: "2026-13-01" }] }, key: /'exemptions\[0\]\.expires' is not a real date/ },
    { what: "a date in another format", policy: "upstash-no-client-exposed-credentials", config: { exemptions: [{ resource: "token", reason: "x", expires: "31/12/2026" }] }, key: /'exemptions\[0\]\.expires' must match pattern/ },
    { what: "an exemption without reason", policy: "upstash-no-client-exposed-credentials", config: { exemptions: [{ resource: "token" }] }, key: /'exemptions\[0\]\.reason' is required/ },
    { what: "an exemption with a blank reason", policy: "upstash-budget-required", config: { exemptions: [{ resource: "cache", reason: "   " }] }, key: /'exemptions\[0\]\.reason' must match pattern/ },
    { what: "an exemption that is not an object", policy: "upstash-tls-required", config: { exemptions: [null, "cache"] }, key: /'exemptions\[0\]' must be object/ },
    { what: "exemptions given as an object", policy: "upstash-tls-required", config: { exemptions: { resource: "cache", reason: "x" } }, key: /'exemptions' must be array/ },
    { what: "a huge list", policy: "upstash-no-client-exposed-credentials", config: { extraClientPrefixes: HUGE }, key: /'extraClientPrefixes' must NOT have more than 1000 items/ },
    { what: "a huge exemption list", policy: "upstash-rate-limit-public-apis", config: { exemptions: HUGE.map((resource) => ({ resource, reason: "x" })) }, key: /'exemptions' must NOT have more than 1000 items/ },
    { what: "a huge string", policy: "upstash-read-only-tokens-where-possible", config: { readOnlyKeys: ["K".repeat(100_000)] }, key: /'readOnlyKeys\[0\]' must NOT have more than 1024 characters/ },
    { what: "a null where a string goes", policy: "upstash-separate-database-per-stage", config: { stageTag: null }, key: /'stageTag' must be string/ },
];

describe("hostile policy config", () => {
    for (const { what, policy, config, key } of CASES) {
        it(`rejects ${what} in ${policy}, naming the key, and keeps serving`, async () => {
            const errors = await errorsWith({ [policy]: config });
            assert.ok(errors.length > 0, "some call fails");
            for (const message of errors) {
                assert.ok(message.includes(`invalid config for policy '${policy}'`), `message names the policy: ${message.slice(0, 300)}`);
                assert.match(message, key);
                assert.ok(message.length < 4000, "the message stays short even for huge input");
            }
            await stillServes();
        });
    }

    it("names every bad key at once", async () => {
        const errors = await errorsWith({ "upstash-budget-required": { maxMonthlyBudget: { prod: -1 }, stageTg: "stage" } });
        assert.ok(errors.length > 0);
        assert.match(errors[0], /unknown key 'stageTg'/);
        assert.match(errors[0], /'maxMonthlyBudget\.prod' must be > 0/);
        await stillServes();
    });

    it("accepts a valid config with every key", async () => {
        const errors = await errorsWith({
            "upstash-budget-required": { maxMonthlyBudget: { production: 100, default: 10, dev: 5 }, productionStages: ["prod"], stageTag: "stage", exemptions: [{ resource: "x", reason: "y", expires: "2028-02-29" }] },
        });
        assert.deepEqual(errors, []);
    });
});
