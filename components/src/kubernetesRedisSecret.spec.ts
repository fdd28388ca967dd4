import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { GuardInputError } from "./guard";
import { KubernetesRedisSecret, KubernetesRedisSecretArgs } from "./kubernetesRedisSecret";
import { MOCK_CREDENTIALS, mockStack, registrations, settled } from "../../test/harness/pulumi-mocks";

const DATABASE = { namespace: "shop-dev", restUrl: "https://shop-dev-41823.upstash.io", restToken: pulumi.secret(MOCK_CREDENTIALS.restToken), readOnlyRestToken: pulumi.secret(MOCK_CREDENTIALS.readOnlyRestToken) };

describe("KubernetesRedisSecret", () => {
    it("registers a Secret holding URL and token, and gives secretKeyRef env entries for it", async () => {
        const registered = await mockStack("dev");
        const wiring = new KubernetesRedisSecret("shop-redis", DATABASE);
        assert.deepEqual((await settled(wiring.env)).value, [
            { name: "UPSTASH_REDIS_REST_URL", valueFrom: { secretKeyRef: { name: "shop-redis", key: "UPSTASH_REDIS_REST_URL" } } },
            { name: "UPSTASH_REDIS_REST_TOKEN", valueFrom: { secretKeyRef: { name: "shop-redis", key: "UPSTASH_REDIS_REST_TOKEN" } } },
        ]);
        await registrations();
        assert.deepEqual(registered.map((r) => r.type), ["upstash-guard-components:index:KubernetesRedisSecret", "kubernetes:core/v1:Secret"]);
        const secret = registered[1];
        assert.equal(secret.custom, true);
        assert.deepEqual(secret.inputs.metadata, { name: "shop-redis", namespace: "shop-dev" });
        assert.deepEqual(secret.inputs.stringData, { UPSTASH_REDIS_REST_URL: DATABASE.restUrl, UPSTASH_REDIS_REST_TOKEN: MOCK_CREDENTIALS.restToken });
        assert.equal(secret.inputs.type, "Opaque");
        assert.ok(!registered.some((r) => r.type.includes("ConfigMap")));
    });

    it("readOnly: the read-only token, under the names asked for", async () => {
        const registered = await mockStack("dev");
        new KubernetesRedisSecret("catalog-redis", { ...DATABASE, restToken: undefined, readOnly: true, secretName: "catalog", tokenKey: "CATALOG_REDIS_TOKEN" });
        await registrations();
        assert.deepEqual(registered[1].inputs.stringData, { UPSTASH_REDIS_REST_URL: DATABASE.restUrl, CATALOG_REDIS_TOKEN: MOCK_CREDENTIALS.readOnlyRestToken });
        assert.deepEqual(registered[1].inputs.metadata, { name: "catalog", namespace: "shop-dev" });
    });

    const refused: [string, string, Partial<KubernetesRedisSecretArgs>, string][] = [
        ["a Secret name Kubernetes rejects", "secretName", { secretName: "Shop_Redis" }, "upstash-credentials-only-in-secret-env-vars"],
        ["a key that is no variable name", "tokenKey", { tokenKey: "redis-token" }, "upstash-credentials-only-in-secret-env-vars"],
        ["the same key twice", "tokenKey", { tokenKey: "UPSTASH_REDIS_REST_URL" }, "upstash-credentials-only-in-secret-env-vars"],
        ["readOnly without the read-only token", "readOnlyRestToken", { readOnly: true, readOnlyRestToken: undefined }, "upstash-read-only-tokens-where-possible"],
    ];
    for (const [what, input, args, policy] of refused) {
        it(`refuses ${what} at construction, naming \`${input}\` and ${policy}`, async () => {
            await mockStack("dev");
            assert.throws(
                () => new KubernetesRedisSecret("shop-redis", { ...DATABASE, ...args }),
                (e: unknown) => e instanceof GuardInputError && e.input === input && e.policy === policy && e.message.startsWith(`KubernetesRedisSecret 'shop-redis': input \`${input}\``),
            );
            await registrations();
        });
    }
});
