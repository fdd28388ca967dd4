import { strict as assert } from "assert";
import { GuardInputError } from "./guard";
import { StageRedisDatabase } from "./stageRedisDatabase";
import { MOCK_CREDENTIALS, mockStack, registrations, settled } from "../../test/harness/pulumi-mocks";

const REDIS = "upstash:index/redisDatabase:RedisDatabase";

describe("StageRedisDatabase", () => {
    it("registers one database named <app>-<stage>, TLS on, with its budget, under the component", async () => {
        const registered = await mockStack("dev");
        const db = new StageRedisDatabase("cache", { app: "shop", budget: 20, primaryRegion: "eu-west-1" });
        assert.deepEqual((await settled(db.databaseName)).value, "shop-dev");
        await registrations();
        assert.deepEqual(
            registered.map((r) => [r.type, r.name]),
            [
                ["upstash-guard-components:index:StageRedisDatabase", "cache"],
                [REDIS, "cache"],
            ],
        );
        const inputs = registered[1].inputs;
        assert.deepEqual({ databaseName: inputs.databaseName, tls: inputs.tls, budget: inputs.budget, region: inputs.region, primaryRegion: inputs.primaryRegion }, { databaseName: "shop-dev", tls: true, budget: 20, region: "global", primaryRegion: "eu-west-1" });
    });

    it("hands out its credentials as secrets and its URL as https", async () => {
        await mockStack("dev");
        const db = new StageRedisDatabase("cache", { app: "shop", budget: 20, primaryRegion: "eu-west-1" });
        assert.deepEqual(await settled(db.restToken), { value: MOCK_CREDENTIALS.restToken, secret: true });
        assert.deepEqual(await settled(db.readOnlyRestToken), { value: MOCK_CREDENTIALS.readOnlyRestToken, secret: true });
        assert.deepEqual(await settled(db.password), { value: MOCK_CREDENTIALS.password, secret: true });
        assert.equal((await settled(db.restUrl)).value, "https://shop-dev-41823.upstash.io");
        await registrations();
    });

    it("takes the stage from the stack, or as given, and applies that stage's cap", async () => {
        await mockStack("prod");
        const prod = new StageRedisDatabase("cache", { app: "shop", budget: 500, primaryRegion: "eu-west-1" });
        assert.equal((await settled(prod.databaseName)).value, "shop-prod");
        const staging = new StageRedisDatabase("staging-cache", { app: "shop", stage: "staging", budget: 40, primaryRegion: "eu-west-1", maxMonthlyBudget: { staging: 40, default: 10 } });
        assert.equal((await settled(staging.databaseName)).value, "shop-staging");
        await registrations();
    });

    const refused: [string, string, () => void, RegExp][] = [
        ["a budget above the stage's default cap", "budget", () => new StageRedisDatabase("cache", { app: "shop", budget: 51, primaryRegion: "eu-west-1" }), /51 USD, above the cap of 50 USD per month for stage "dev"/],
        ["a missing budget", "budget", () => new StageRedisDatabase("cache", { app: "shop", primaryRegion: "eu-west-1" } as never), /must be a positive monthly budget in USD, at most 50 USD for stage "dev"/],
        ["a budget of zero", "budget", () => new StageRedisDatabase("cache", { app: "shop", budget: 0, primaryRegion: "eu-west-1" }), /positive/],
        ["a budget above a cap given as maxMonthlyBudget", "budget", () => new StageRedisDatabase("cache", { app: "shop", budget: 30, primaryRegion: "eu-west-1", maxMonthlyBudget: { dev: 25 } }), /above the cap of 25 USD/],
        ["an app name that would hide the stage", "app", () => new StageRedisDatabase("cache", { app: "shop dev", budget: 20, primaryRegion: "eu-west-1" }), /<app>-<stage>/],
        ["a stage that is no name", "stage", () => new StageRedisDatabase("cache", { app: "shop", stage: "", budget: 20, primaryRegion: "eu-west-1" }), /stage name/],
    ];
    for (const [what, input, construct, problem] of refused) {
        it(`refuses ${what} at construction, naming \`${input}\` and the policy`, async () => {
            await mockStack("dev");
            assert.throws(construct, (e: unknown) => {
                assert.ok(e instanceof GuardInputError);
                assert.equal(e.input, input);
                assert.match(e.message, new RegExp(`^StageRedisDatabase 'cache': input \`${input}\` `));
                assert.match(e.message, /\(policy upstash-(budget-required|separate-database-per-stage)\)\.$/);
                assert.match(e.message, problem);
                return true;
            });
            await registrations();
        });
    }

    it("the production cap is the budget policy's own default", async () => {
        await mockStack("prod");
        assert.throws(() => new StageRedisDatabase("cache", { app: "shop", budget: 501, primaryRegion: "eu-west-1" }), /above the cap of 500 USD per month for stage "prod"/);
        await registrations();
    });
});
