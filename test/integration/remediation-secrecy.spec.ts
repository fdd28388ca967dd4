import { strict as assert } from "assert";
import { TYPES } from "../../policies/src/analysis/types";
import { WireResource } from "../harness/analyzer";
import { leakedFragments } from "../harness/fake-credentials";
import { pack } from "../harness/pack";
import { StackFixture, isSecretEnvelope, secretsOf } from "../harness/stack";

const POLICY = "upstash-credentials-only-in-secret-env-vars";
const CONFIG = { [POLICY]: "remediate" as const };

async function remediate(resource: WireResource): Promise<Record<string, unknown>> {
    const c = pack();
    await c.configure(CONFIG);
    await c.configureStack("dev");
    const results = (await c.remediate(resource)).filter((r) => r.policyName === POLICY);
    assert.equal(results.length, 1, "the policy remediates the variable");
    const props = results[0].properties;
    assert.ok(props, "the remediation returns properties");
    return props;
}

describe("remediation keeps secrets secret", () => {
    it("a ProjectEnvironmentVariable's value stays a secret envelope after `sensitive: true` is set", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.envVar("token", { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, sensitive: false });
        const props = await remediate(s.find("token"));
        assert.equal(props.sensitive, true);
        assert.ok(isSecretEnvelope(props.value), "value is still a Pulumi secret");
        assert.equal((props.value as { value: unknown }).value, db.credentials.restToken);
        assert.equal(props.key, "UPSTASH_REDIS_REST_TOKEN");
    });

    it("one entry of ProjectEnvironmentVariables.variables: its value stays secret, the others are untouched", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        s.vercelProject("web");
        s.envVars("web-env", "web", [
            { key: "NEXT_PUBLIC_SITE", value: "shop", sensitive: false },
            { key: "KV_REST_API_TOKEN", value: { from: db, output: "restToken" }, sensitive: false },
        ]);
        const props = await remediate(s.find("web-env"));
        const variables = props.variables as Record<string, unknown>[];
        assert.equal(variables.length, 2);
        assert.equal(variables[1].sensitive, true);
        assert.ok(isSecretEnvelope(variables[1].value), "the remediated entry's value is still a Pulumi secret");
        assert.equal((variables[1].value as { value: unknown }).value, db.credentials.restToken);
        assert.equal(variables[0].sensitive, false);
        assert.equal(variables[0].value, "shop", "the untouched entry is returned as it came");
    });

    it("a whole secret `variables` list (one envelope around the list) is not unwrapped", async () => {
        const s = new StackFixture("dev", "existing");
        const db = s.redis("cache");
        const resource: WireResource = {
            type: TYPES.projectEnvironmentVariables,
            urn: s.urn(TYPES.projectEnvironmentVariables, "wrapped"),
            name: "wrapped",
            properties: {
                projectId: "prj_web",
                variables: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: [{ key: "KV_REST_API_TOKEN", value: db.credentials.restToken, sensitive: false, targets: ["production"] }] },
            },
        };
        const c = pack();
        await c.configure(CONFIG);
        await c.configureStack("dev");
        const results = (await c.remediate(resource)).filter((r) => r.policyName === POLICY);
        for (const r of results) {
            assert.ok(r.properties === undefined || isSecretEnvelope(r.properties.variables), "a returned list keeps its secret wrapper");
            assert.deepEqual(leakedFragments(r.diagnostic, secretsOf([db])), []);
        }
    });
});
