/**
 * Regressions found by the property tests: user text that the pack quotes in messages (env var keys,
 * database names, hosts) must not echo a credential pasted into it.
 */
import { strict as assert } from "assert";
import { shownText } from "../../policies/src/analysis/credentials";
import { TYPES } from "../../policies/src/analysis/types";
import { fakeCredentials, leakedFragments } from "../harness/fake-credentials";
import { runPreview } from "../harness/pack";
import { StackFixture } from "../harness/stack";

const c = fakeCredentials(77);
const SECRETS = Object.values(c);

describe("messages never quote a credential pasted into a name", () => {
    it("shownText keeps ordinary names and withholds credential-shaped ones", () => {
        for (const name of ["shop-dev", "UPSTASH_REDIS_REST_TOKEN", "eu1-fine-cat-12345.upstash.io", "prod-eu-west-1-cache"]) {
            assert.equal(shownText(name), name);
        }
        for (const secret of [...SECRETS, `rediss://default:${c.password}@x.upstash.io:6379`, `shop-${c.restToken}`]) {
            assert.deepEqual(leakedFragments(shownText(secret), SECRETS), []);
        }
    });

    it("a database named with a token (separate-database-per-stage) is not echoed", async () => {
        const s = new StackFixture("dev", "existing");
        s.redis("cache", { databaseName: c.password });
        const diagnostics = await runPreview(s.resources);
        assert.ok(diagnostics.some((d) => d.policyName === "upstash-separate-database-per-stage"));
        assert.deepEqual(leakedFragments(diagnostics.map((d) => d.message).join("\n"), SECRETS), []);
    });

    it("an env var whose key is a Redis URL with a password (no-hardcoded, secret-env-vars) is not echoed", async () => {
        const s = new StackFixture("dev", "existing");
        const key = `rediss://default:${c.password}@eu1-x-1.upstash.io:6379`;
        s.add(TYPES.sharedEnvironmentVariable, "shared", { key, value: key, sensitive: false, targets: ["production"] });
        const diagnostics = await runPreview(s.resources);
        assert.ok(diagnostics.length > 0);
        assert.deepEqual(leakedFragments(diagnostics.map((d) => d.message).join("\n"), SECRETS), []);
    });
});
