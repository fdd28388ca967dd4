import { strict as assert } from "assert";
import { assertFlagged, assertNoLeak, violations } from "../../../test/harness/expect";
import { runStack } from "../../../test/harness/pack";
import { StackFixture, secretsOf } from "../../../test/harness/stack";
import { AZURE } from "./type-tokens";

const SECRET_ONLY = "upstash-credentials-only-in-secret-env-vars";

describe("platform: azure", () => {
    for (const state of ["new", "existing"] as const) {
        it(`passes Key Vault references and Container Apps secrets; fails plain app settings and env values (${state} stack)`, async () => {
            const s = new StackFixture("dev", state);
            const db = s.redis("cache");
            const token = s.resolve({ from: db, output: "restToken" });
            s.add(AZURE.keyVaultSecret, "redis-token", { vaultName: "shop-kv", secretName: "redis-token", properties: { value: token.value } }, { properties: token.deps });
            s.add(AZURE.webApp, "good-app", { resourceGroupName: "rg", siteConfig: { appSettings: [{ name: "UPSTASH_REDIS_REST_TOKEN", value: "@Microsoft.KeyVault(SecretUri=https://shop-kv.vault.azure.net/secrets/redis-token/)" }] } });
            s.add(AZURE.webApp, "bad-app", { resourceGroupName: "rg", kind: "functionapp", siteConfig: { appSettings: [{ name: "UPSTASH_REDIS_REST_TOKEN", value: token.value }] } }, { siteConfig: token.deps });
            s.add(AZURE.webAppApplicationSettings, "bad-settings", { name: "shop", resourceGroupName: "rg", properties: { KV_REST_API_TOKEN: token.value } }, { properties: token.deps });
            s.add(AZURE.containerApp, "good-container", { resourceGroupName: "rg", configuration: { secrets: [{ name: "redis-token", value: token.value }] }, template: { containers: [{ name: "app", image: "shop", env: [{ name: "UPSTASH_REDIS_REST_TOKEN", secretRef: "redis-token" }] }] } }, { configuration: token.deps });
            s.add(AZURE.containerApp, "bad-container", { resourceGroupName: "rg", template: { containers: [{ name: "app", image: "shop", env: [{ name: "UPSTASH_REDIS_REST_TOKEN", value: token.value }] }] } }, { template: token.deps });
            const result = await runStack(s.resources);
            const found = violations(result, SECRET_ONLY);
            assertFlagged(found, ["bad-app", "bad-settings", "bad-container"].map((n) => s.find(n).urn), "mandatory");
            assert.match(found.find((d) => d.urn === s.find("bad-app").urn)?.message ?? "", /WebApp 'bad-app' \(siteConfig.appSettings\[0\]\) variable UPSTASH_REDIS_REST_TOKEN .*@Microsoft.KeyVault/);
            assert.match(found.find((d) => d.urn === s.find("bad-container").urn)?.message ?? "", /secretRef/);
            assertNoLeak(result, secretsOf([db]));
        });
    }
});
