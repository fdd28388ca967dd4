// Mistake: the token in a ConfigMap and in a container's plain `env[].value`.
// Declared by type token so that the example needs no @pulumi/kubernetes install; with the SDK (or under the real
// Kubernetes provider built from the Go module proxy), write `new k8s.core.v1.ConfigMap(...)` with the same inputs.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";

const stage = pulumi.getStack();
const namespace = `shop-${stage}`;
const cache = new upstash.RedisDatabase("cache", { databaseName: `shop-${stage}`, region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20 });
new pulumi.CustomResource("kubernetes:core/v1:ConfigMap", "app-config", {
    metadata: { name: "app-config", namespace },
    data: { UPSTASH_REDIS_REST_URL: pulumi.interpolate`https://${cache.endpoint}`, UPSTASH_REDIS_REST_TOKEN: cache.restToken },
});
new pulumi.CustomResource("kubernetes:core/v1:Secret", "app-secret", { metadata: { name: "app-secret", namespace }, stringData: { UPSTASH_REDIS_REST_TOKEN: cache.restToken } });
new pulumi.CustomResource("kubernetes:apps/v1:Deployment", "app", {
    metadata: { name: "app", namespace },
    spec: {
        selector: { matchLabels: { app: "shop" } },
        template: {
            metadata: { labels: { app: "shop" } },
            spec: {
                containers: [
                    { name: "web", image: "ghcr.io/example/shop:1.0.0", env: [{ name: "UPSTASH_REDIS_REST_TOKEN", value: cache.restToken }] },
                    // The right way: the Secret, read through secretKeyRef.
                    { name: "worker", image: "ghcr.io/example/shop-worker:1.0.0", env: [{ name: "UPSTASH_REDIS_REST_TOKEN", valueFrom: { secretKeyRef: { name: "app-secret", key: "UPSTASH_REDIS_REST_TOKEN" } } }] },
                ],
            },
        },
    },
});
