import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, assertPreviewNote, resourceViolations, violations } from "../../../test/harness/expect";
import { of, runPreview, runResource } from "../../../test/harness/pack";
import { StackFixture, UNKNOWN, secretsOf } from "../../../test/harness/stack";

const POLICY = "upstash-budget-required";

describe(POLICY, () => {
    for (const state of ["new", "existing"] as const) {
        it(`passes a positive budget within the default cap (${state} stack)`, async () => {
            const s = new StackFixture("dev", state);
            s.redis("cache", { budget: 50 });
            assert.deepEqual(of(await runResource(s.find("cache")), POLICY), []);
        });
    }

    for (const state of ["new", "existing"] as const) {
        it(`passes an explicit budget equal to the provider's default (${state} stack)`, async () => {
            const s = new StackFixture("dev", state);
            s.redis("cache", { budget: 20 });
            assert.equal(s.find("cache").inputs?.budget, 20);
            assert.deepEqual(of(await runResource(s.find("cache")), POLICY), []);
        });

        it(`fails a database that leaves budget to the provider's default, and says so for autoScale (${state} stack)`, async () => {
            const s = new StackFixture("dev", state);
            const plain = s.redis("cache", { budget: undefined });
            const scaled = s.redis("scaled", { budget: undefined, autoScale: true });
            // The real provider's Check fills the default and lists it in __defaults.
            assert.equal(s.find("cache").inputs?.budget, 20);
            assert.ok((s.find("cache").inputs?.__defaults as string[]).includes("budget"));
            const r1 = await runResource(s.find("cache"));
            assertFlagged(resourceViolations(r1, POLICY, plain.urn), [plain.urn], "mandatory", [
                /RedisDatabase 'cache' sets no `budget`: it relies on the provider's default of 20 USD per month/,
                /Set an explicit monthly budget in USD \(at most 50 USD for stage "dev"\)/,
            ]);
            assert.doesNotMatch(violations(r1, POLICY)[0].message, /autoScale/);
            const r2 = await runResource(s.find("scaled"));
            assertFlagged(resourceViolations(r2, POLICY, scaled.urn), [scaled.urn], "mandatory", [/RedisDatabase 'scaled'/, /With `autoScale: true` and no budget of its own, spend grows with traffic/]);
            assertNoLeak([...r1.diagnostics, ...r2.diagnostics], secretsOf([plain, scaled]));
        });
    }

    for (const budget of [0, -5]) {
        it(`fails budget ${budget}`, async () => {
            const s = new StackFixture("dev", "new");
            s.redis("cache", { budget });
            assertFlagged(resourceViolations(await runResource(s.find("cache")), POLICY, s.find("cache").urn), [s.find("cache").urn], "mandatory", [/RedisDatabase 'cache' sets `budget` to something other than a positive number/]);
        });
    }

    it("fails a budget above the stage's cap; production stages get the production cap", async () => {
        const dev = new StackFixture("dev", "new");
        dev.redis("cache", { budget: 200 });
        assertFlagged(resourceViolations(await runResource(dev.find("cache")), POLICY, dev.find("cache").urn), [dev.find("cache").urn], "mandatory", [/`budget: 200`, above the cap of 50 USD per month for stage "dev"/]);
        const prod = new StackFixture("prod-eu", "new");
        prod.redis("cache", { budget: 200 });
        assert.deepEqual(of(await runResource(prod.find("cache")), POLICY), []);
        prod.redis("big", { budget: 900 });
        assertFlagged(resourceViolations(await runResource(prod.find("big")), POLICY, prod.find("big").urn), [prod.find("big").urn], "mandatory", [/above the cap of 500 USD per month for stage "prod-eu"/]);
    });

    it("reads caps per stage, production stages and the stage tag from config", async () => {
        const s = new StackFixture("acme-main", "new");
        s.redis("cache", { budget: 200 });
        const config = { maxMonthlyBudget: { production: 300, default: 10, staging: 100 } };
        assertFlagged(resourceViolations(await runResource(s.find("cache"), { config: { [POLICY]: config } }), POLICY, s.find("cache").urn), [s.find("cache").urn], "mandatory", [/cap of 10 USD/]);
        assert.deepEqual(of(await runResource(s.find("cache"), { config: { [POLICY]: { ...config, productionStages: ["acme-main"] } } }), POLICY), []);
        const tagged = await runResource(s.find("cache"), { config: { [POLICY]: { ...config, stageTag: "stage" } }, tags: { stage: "staging" } });
        assertFlagged(resourceViolations(tagged, POLICY, s.find("cache").urn), [s.find("cache").urn], "mandatory", [/cap of 100 USD per month for stage "staging"/]);
    });

    it("rejects a malformed config, naming the key", async () => {
        const s = new StackFixture("dev", "new");
        s.redis("cache");
        await assert.rejects(runResource(s.find("cache"), { config: { [POLICY]: { maxMonthlyBudgets: {} } } }), /maxMonthlyBudgets/);
        await assert.rejects(runResource(s.find("cache"), { config: { [POLICY]: { exemptions: [{ resource: "cache" }] } } }), /reason/);
    });

    it("says it cannot decide when the budget is unknown at preview", async () => {
        const s = new StackFixture("dev", "new");
        s.redis("cache", { budget: UNKNOWN });
        s.redis("other-cache", { budget: UNKNOWN });
        // One note for the whole preview, at its end, naming both.
        const result = await runPreview(s.resources);
        assert.deepEqual(violations(result, POLICY), []);
        assertPreviewNote(result, POLICY, [/RedisDatabase 'cache' budget/, /RedisDatabase 'other-cache' budget/]);
    });

    it("is not applicable to Vector indexes", async () => {
        const s = new StackFixture("dev", "new");
        s.vector("vectors");
        const result = await runResource(s.find("vectors"));
        assert.deepEqual(of(result, POLICY), []);
        assert.ok(result.notApplicable.some((n) => n.policyName === POLICY));
    });

    it("honours exemptions (not applicable, with the reason) and says when one has expired", async () => {
        const s = new StackFixture("dev", "new");
        s.redis("cache", { budget: undefined });
        const exempt = await runResource(s.find("cache"), { config: { [POLICY]: { exemptions: [{ resource: "cach*", reason: "enterprise contract", expires: "2999-12-31" }] } } });
        assert.deepEqual(of(exempt, POLICY), []);
        assert.deepEqual(exempt.notApplicable.filter((n) => n.policyName === POLICY).map((n) => n.reason), ["exempt (until 2999-12-31): enterprise contract"]);
        const expired = await runResource(s.find("cache"), { config: { [POLICY]: { exemptions: [{ resource: "cache", reason: "old", expires: "2001-01-01" }] } } });
        assertFlagged(resourceViolations(expired, POLICY, s.find("cache").urn), [s.find("cache").urn], "mandatory", [/expired on 2001-01-01/]);
    });

    it("reports at the configured level", async () => {
        const s = new StackFixture("dev", "new");
        s.redis("cache", { budget: undefined });
        assertFlagged(resourceViolations(await runResource(s.find("cache"), { config: { [POLICY]: "advisory" } }), POLICY, s.find("cache").urn), [s.find("cache").urn], "advisory");
    });
});
