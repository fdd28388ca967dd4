// The reference app built from the upstash-guard components: a database per stage, its wiring into a
// Vercel project and a Kubernetes Deployment, a rate limit in front of the API. Config `twin` replaces
// one component by the hand-written wrong twin of the example named after it (test/e2e).
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import * as vercel from "@pulumiverse/vercel";
import { KubernetesRedisSecret, StageRedisDatabase, VercelRateLimit, VercelRedisVariables } from "upstash-guard-components";

/** The app's own Kubernetes objects, by type token: the program needs no Kubernetes SDK either. */
class KubernetesResource extends pulumi.CustomResource {
    constructor(type: string, name: string, props: pulumi.Inputs) {
        super(type, name, props);
    }
}

const stage = pulumi.getStack();
const production = stage === "prod";
const twin = new pulumi.Config().get("twin");

const cache: { restUrl: pulumi.Output<string>; restToken: pulumi.Output<string> } =
    twin === "no-budget"
        ? wrongDatabase()
        : new StageRedisDatabase("cache", { app: "shop", budget: production ? 200 : 20, primaryRegion: "eu-west-1" });

// `framework` is left unset: the real provider checks it against a Vercel API, which previews here cannot reach.
const web = new vercel.Project("web", { name: `shop-${stage}` });

if (twin === "plain-token-variable") {
    new vercel.ProjectEnvironmentVariable("redis-token", { projectId: web.id, key: "UPSTASH_REDIS_REST_TOKEN", value: cache.restToken, targets: [production ? "production" : "preview"], sensitive: false });
} else {
    new VercelRedisVariables("redis", { projectId: web.id, restUrl: cache.restUrl, restToken: cache.restToken, development: !production });
}

if (twin !== "no-rate-limit") {
    new VercelRateLimit("web-firewall", { projectId: web.id });
}

const namespace = `shop-${stage}`;
const env: pulumi.Input<pulumi.Input<object>[]> = twin === "kubernetes-plain-token" ? wrongKubernetesEnv() : new KubernetesRedisSecret("app-secret", { namespace, restUrl: cache.restUrl, restToken: cache.restToken }).env;
new KubernetesResource("kubernetes:apps/v1:Deployment", "app", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "app", namespace },
    spec: {
        selector: { matchLabels: { app: "shop" } },
        template: { metadata: { labels: { app: "shop" } }, spec: { containers: [{ name: "web", image: "ghcr.io/example/shop:1.0.0", env }] } },
    },
});

/** examples/no-budget: a database that leaves its budget to the provider's default. */
function wrongDatabase() {
    const db = new upstash.RedisDatabase("cache", { databaseName: `shop-${stage}`, region: "global", primaryRegion: "eu-west-1", tls: true, autoScale: true });
    return { restUrl: pulumi.interpolate`https://${db.endpoint}`, restToken: db.restToken };
}

/** examples/kubernetes-plain-token: the token in a ConfigMap and in a plain `env` value. */
function wrongKubernetesEnv(): pulumi.Input<object>[] {
    new KubernetesResource("kubernetes:core/v1:ConfigMap", "app-config", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app-config", namespace }, data: { UPSTASH_REDIS_REST_TOKEN: cache.restToken } });
    return [{ name: "UPSTASH_REDIS_REST_TOKEN", value: cache.restToken }];
}
