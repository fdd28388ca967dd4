import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, violations } from "../../../test/harness/expect";
import { runStack } from "../../../test/harness/pack";
import { StackFixture, secretsOf } from "../../../test/harness/stack";
import { DIGITALOCEAN } from "./type-tokens";

const SECRET_ONLY = "upstash-credentials-only-in-secret-env-vars";
const CLIENT = "upstash-no-client-exposed-credentials";

describe("platform: digitalocean", () => {
    for (const state of ["new", "existing"] as const) {
        it(`passes type SECRET at run time; fails GENERAL variables and public build-scope keys of services and static sites (${state} stack)`, async () => {
            const s = new StackFixture("dev", state);
            const db = s.redis("cache");
            const token = s.resolve({ from: db, output: "restToken" });
            s.add(DIGITALOCEAN.app, "good", { spec: { name: "shop-good", services: [{ name: "api", envs: [{ key: "UPSTASH_REDIS_REST_TOKEN", value: token.value, type: "SECRET", scope: "RUN_TIME" }] }] } }, { spec: token.deps });
            s.add(DIGITALOCEAN.app, "plain", { spec: { name: "shop-plain", services: [{ name: "api", envs: [{ key: "UPSTASH_REDIS_REST_TOKEN", value: token.value, scope: "RUN_TIME" }] }] } }, { spec: token.deps });
            s.add(DIGITALOCEAN.app, "site", { spec: { name: "shop-site", staticSites: [{ name: "web", envs: [{ key: "VITE_UPSTASH_REDIS_REST_TOKEN", value: token.value, type: "SECRET", scope: "RUN_TIME" }] }] } }, { spec: token.deps });
            const result = await runStack(s.resources);
            const found = violations(result, SECRET_ONLY);
            assertFlagged(found, [s.find("plain").urn, s.find("site").urn], "mandatory");
            assert.match(found.find((d) => d.urn === s.find("plain").urn)?.message ?? "", /App 'plain' \(spec.services\[0\].envs\[0\]\) variable UPSTASH_REDIS_REST_TOKEN .*GENERAL.*type: "SECRET"/);
            assertFlagged(violations(result, CLIENT), [s.find("site").urn], "mandatory", [/spec.staticSites\[0\].envs\[0\]\) variable VITE_UPSTASH_REDIS_REST_TOKEN starts with VITE_/]);
            assertNoLeak(result, secretsOf([db]));
        });
    }
});
