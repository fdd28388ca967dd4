import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, violations } from "../../../test/harness/expect";
import { runStack } from "../../../test/harness/pack";
import { StackFixture, secretsOf } from "../../../test/harness/stack";
import { DOCKER } from "./type-tokens";

const SECRET_ONLY = "upstash-credentials-only-in-secret-env-vars";
const CLIENT = "upstash-no-client-exposed-credentials";
const HARDCODED = "upstash-no-hardcoded-credentials";

describe("platform: docker", () => {
    for (const state of ["new", "existing"] as const) {
        it(`fails KEY=VALUE container envs and public build args; passes BuildKit secrets (${state} stack)`, async () => {
            const s = new StackFixture("dev", state);
            const db = s.redis("cache");
            const token = s.resolve({ from: db, output: "restToken" });
            const envLine = state === "existing" ? `UPSTASH_REDIS_REST_TOKEN=${db.credentials.restToken}` : token.value;
            s.add(DOCKER.container, "api", { image: "shop/api:1", envs: ["NODE_ENV=production", envLine] }, { envs: token.deps });
            s.add(DOCKER.buildImage, "web", { push: false, context: { location: "./web" }, buildArgs: { NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN: token.value } }, { buildArgs: token.deps });
            s.add(DOCKER.buildImage, "good", { push: false, context: { location: "./api" }, secrets: { UPSTASH_REDIS_REST_TOKEN: token.value } }, { secrets: token.deps });
            const result = await runStack(s.resources);
            const found = violations(result, SECRET_ONLY);
            assertFlagged(found, [s.find("api").urn, s.find("web").urn], "mandatory");
            assertFlagged(violations(result, CLIENT), [s.find("web").urn], "mandatory", [/NEXT_PUBLIC_/, /BuildKit secret/]);
            if (state === "existing") {
                assert.match(found.find((d) => d.urn === s.find("api").urn)?.message ?? "", /Container 'api' \(envs\[1\]\) variable UPSTASH_REDIS_REST_TOKEN .*docker.Secret/);
            }
            assertNoLeak(result, secretsOf([db]));
        });
    }

    it("a pasted token in a container env is hard-coded", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.add(DOCKER.container, "api", { image: "shop/api:1", envs: [`QSTASH_TOKEN=${db.credentials.qstashToken}`] });
        assertFlagged(violations(await runStack(s.resources), HARDCODED), [s.find("api").urn], "advisory", [/Container 'api' variable QSTASH_TOKEN holds a value shaped like a QStash token/]);
    });
});
