import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { GuardInputError } from "./guard";
import { VercelRedisVariables, VercelRedisVariablesArgs } from "./vercelRedisVariables";
import { MOCK_CREDENTIALS, Registered, mockStack, registrations } from "../../test/harness/pulumi-mocks";

const VARIABLE = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable";
const DATABASE = { projectId: "prj_web", restUrl: "https://shop-dev-41823.upstash.io", restToken: pulumi.secret(MOCK_CREDENTIALS.restToken), readOnlyRestToken: pulumi.secret(MOCK_CREDENTIALS.readOnlyRestToken) };

/** name → (key, targets, sensitive, whether the value is the read-write or read-only token). */
function variablesOf(registered: Registered[]): Record<string, unknown[]> {
    const tokenOf = (value: unknown) => (value === MOCK_CREDENTIALS.restToken ? "read-write" : value === MOCK_CREDENTIALS.readOnlyRestToken ? "read-only" : value);
    return Object.fromEntries(registered.filter((r) => r.type === VARIABLE).map((r) => [r.name, [r.inputs.key, r.inputs.targets, r.inputs.sensitive, tokenOf(r.inputs.value)]]));
}

async function construct(stack: string, args: Partial<VercelRedisVariablesArgs>): Promise<Registered[]> {
    const registered = await mockStack(stack);
    new VercelRedisVariables("redis", { ...DATABASE, ...args });
    await registrations();
    return registered;
}

describe("VercelRedisVariables", () => {
    it("a preview stage: sensitive URL and token for the preview target, nothing else", async () => {
        assert.deepEqual(variablesOf(await construct("dev", {})), {
            "redis-url": ["UPSTASH_REDIS_REST_URL", ["preview"], true, DATABASE.restUrl],
            "redis-token": ["UPSTASH_REDIS_REST_TOKEN", ["preview"], true, "read-write"],
        });
    });

    it("a production stage: the production target", async () => {
        assert.deepEqual(variablesOf(await construct("prod", {})), {
            "redis-url": ["UPSTASH_REDIS_REST_URL", ["production"], true, DATABASE.restUrl],
            "redis-token": ["UPSTASH_REDIS_REST_TOKEN", ["production"], true, "read-write"],
        });
    });

    it("development: also development-only plain variables, as Vercel allows no sensitive development variables", async () => {
        assert.deepEqual(variablesOf(await construct("dev", { development: true })), {
            "redis-url": ["UPSTASH_REDIS_REST_URL", ["preview"], true, DATABASE.restUrl],
            "redis-token": ["UPSTASH_REDIS_REST_TOKEN", ["preview"], true, "read-write"],
            "redis-dev-url": ["UPSTASH_REDIS_REST_URL", ["development"], false, DATABASE.restUrl],
            "redis-dev-token": ["UPSTASH_REDIS_REST_TOKEN", ["development"], false, "read-write"],
        });
    });

    it("readOnly: the read-only token, under the key asked for", async () => {
        assert.deepEqual(variablesOf(await construct("dev", { readOnly: true, restToken: undefined, tokenKey: "CATALOG_REDIS_TOKEN" })), {
            "redis-url": ["UPSTASH_REDIS_REST_URL", ["preview"], true, DATABASE.restUrl],
            "redis-token": ["CATALOG_REDIS_TOKEN", ["preview"], true, "read-only"],
        });
    });

    const refused: [string, string, string, Partial<VercelRedisVariablesArgs>, string, RegExp][] = [
        ["a browser-exposed token key", "dev", "tokenKey", { tokenKey: "NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN" }, "upstash-no-client-exposed-credentials", /NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN, whose prefix NEXT_PUBLIC_ ships it to the browser/],
        ["a browser-exposed URL key", "dev", "urlKey", { urlKey: "VITE_REDIS_URL" }, "upstash-no-client-exposed-credentials", /VITE_REDIS_URL, whose prefix VITE_/],
        ["a key with one of the organisation's own prefixes", "dev", "tokenKey", { tokenKey: "APP_PUBLIC_TOKEN", extraClientPrefixes: ["APP_PUBLIC_"] }, "upstash-no-client-exposed-credentials", /APP_PUBLIC_TOKEN, whose prefix APP_PUBLIC_/],
        ["a production stage given the preview target", "prod", "target", { target: "preview" }, "upstash-separate-database-per-stage", /is "preview" but stage "prod" deploys to "production"/],
        ["a preview stage given the production target", "dev", "target", { target: "production" }, "upstash-separate-database-per-stage", /is "production" but stage "dev" deploys to "preview"/],
        ["an unknown target", "dev", "target", { target: "development" }, "upstash-separate-database-per-stage", /must be "production" or "preview"/],
        ["development variables in a production stage", "prod", "development", { development: true }, "upstash-separate-database-per-stage", /production stage "prod"/],
        ["readOnly without the read-only token", "dev", "readOnlyRestToken", { readOnly: true, readOnlyRestToken: undefined }, "upstash-read-only-tokens-where-possible", /required with `readOnly: true`/],
        ["no token at all", "dev", "restToken", { restToken: undefined }, "upstash-credentials-only-in-secret-env-vars", /required unless `readOnly: true`/],
    ];
    for (const [what, stack, input, args, policy, problem] of refused) {
        it(`refuses ${what} at construction, naming \`${input}\` and ${policy}`, async () => {
            await mockStack(stack);
            assert.throws(
                () => new VercelRedisVariables("redis", { ...DATABASE, ...args }),
                (e: unknown) => e instanceof GuardInputError && e.input === input && e.policy === policy && problem.test(e.message) && e.message.startsWith(`VercelRedisVariables 'redis': input \`${input}\``),
            );
            await registrations();
        });
    }
});
