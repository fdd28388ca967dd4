/**
 * A stack that mixes the platforms Upstash apps run on (Vercel, Cloudflare Workers and Pages, AWS
 * Lambda behind API Gateway, Cloud Run, Kubernetes, GitHub Actions), each group with the right way of
 * every platform and one of each leak, and the findings the pack must report on it. Used by
 * test/integration/every-platform.spec.ts, and meant for the benchmark's mixed-platform shape.
 */
import { WireResource } from "./analyzer";
import { PlatformFixture, StackFixture, StackState } from "./stack";

export interface ExpectedFinding {
    policy: string;
    /** The resource's name in the fixture. */
    resource: string;
    /** Only at the first preview (`new`) or only with known outputs (`existing`); both when absent. */
    only?: StackState;
}

export interface MixedStack {
    fixture: StackFixture;
    resources: WireResource[];
    expected: ExpectedFinding[];
    /** Every credential the stack holds, to prove no message shows any part of one. */
    secrets: string[];
}

const SECRET_ONLY = "upstash-credentials-only-in-secret-env-vars";
const CLIENT = "upstash-no-client-exposed-credentials";
const HARDCODED = "upstash-no-hardcoded-credentials";
const MANAGEMENT = "upstash-management-api-key-not-in-apps";
const STAGES = "upstash-separate-database-per-stage";
const TLS = "upstash-tls-required";
const RATE_LIMIT = "upstash-rate-limit-public-apis";

/** One group: the right way on every platform, and every leak once. Returns the findings it must cause. */
function group(s: StackFixture, g: string, secrets: string[]): ExpectedFinding[] {
    const p = new PlatformFixture(s);
    const db = s.redis(`cache${g}`, { databaseName: `shop-${s.stack}${g}` });
    const shared = s.redis(`shared${g}`, { databaseName: `shop-${s.stack}-shared${g}` });
    secrets.push(...Object.values(db.credentials), ...Object.values(shared.credentials));
    const token = { from: db, output: "restToken" } as const;
    const url = { from: db, output: "restUrl" } as const;

    // --- The right way on each platform: no finding. ---
    s.vercelProject(`web${g}`);
    s.envVar(`web-token${g}`, { key: "UPSTASH_REDIS_REST_TOKEN", value: token, projectId: { project: `web${g}` } });
    s.firewall(`web-fw${g}`, `web${g}`, [StackFixture.firewallRule("rate_limit")]);
    p.workersScript(`edge${g}`, [{ name: "UPSTASH_REDIS_REST_URL", type: "plain_text", value: url }, { name: "UPSTASH_REDIS_REST_TOKEN", type: "secret_text", value: token }]);
    p.zoneRouting(`zone${g}`, `edge${g}`, "enabled");
    p.pagesProject(`site${g}`, { production: { UPSTASH_REDIS_REST_TOKEN: { type: "secret_text", value: token } } });
    p.secretsManagerSecret(`sm-token${g}`, token);
    p.lambda(`fn${g}`, { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN_ARN: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/sm-token${g}-AbCdEf` });
    p.apiInFront(`api${g}`, `fn${g}`, "rate-based");
    p.secretManagerSecret(`gsm-token${g}`, token);
    p.cloudRunService(`run${g}`, [{ name: "UPSTASH_REDIS_REST_URL", value: url }, { name: "UPSTASH_REDIS_REST_TOKEN", secret: `gsm-token${g}` }]);
    // A namespace that names no stage: the platform says nothing about the stage there.
    p.k8sSecret(`k8s-token${g}`, "shop", { UPSTASH_REDIS_REST_TOKEN: token });
    p.deployment(`deploy${g}`, "shop", [{ name: "UPSTASH_REDIS_REST_URL", value: url }, { name: "UPSTASH_REDIS_REST_TOKEN", secret: `k8s-token${g}` }]);
    p.github("secret", `gh-secret${g}`, { key: "UPSTASH_REDIS_REST_TOKEN", value: token });

    // --- Every leak once. ---
    s.envVar(`web-public${g}`, { key: "NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN", value: token, projectId: { project: `web${g}` } });
    p.workersScript(`edge-plain${g}`, [{ name: "UPSTASH_REDIS_REST_TOKEN", type: "plain_text", value: token }, { name: "LEGACY_URL", type: "plain_text", value: `http://legacy${g}.upstash.io` }]);
    p.pagesProject(`site-leaky${g}`, { production: { UPSTASH_REDIS_REST_TOKEN: { type: "secret_text", value: { from: shared, output: "restToken" } } }, preview: { VITE_UPSTASH_REDIS_REST_TOKEN: { type: "secret_text", value: { from: shared, output: "restToken" } } } });
    p.lambda(`fn-plain${g}`, { UPSTASH_REDIS_REST_TOKEN: token, QSTASH_TOKEN: db.credentials.qstashToken });
    p.cloudRunService(`run-plain${g}`, [{ name: "UPSTASH_REDIS_REST_TOKEN", value: token }]);
    s.kubernetesData(`config${g}`, "UPSTASH_REDIS_REST_TOKEN", token, false);
    p.github("variable", `gh-var${g}`, { key: "UPSTASH_REDIS_REST_TOKEN", value: token });
    p.github("variable", `gh-admin${g}`, { key: "UPSTASH_API_KEY", value: "placeholder-not-a-key-but-named-for-one" });

    return [
        { policy: CLIENT, resource: `web-public${g}` },
        { policy: SECRET_ONLY, resource: `web-public${g}` },
        { policy: SECRET_ONLY, resource: `edge-plain${g}` },
        { policy: TLS, resource: `edge-plain${g}` },
        { policy: RATE_LIMIT, resource: `edge-plain${g}` },
        { policy: CLIENT, resource: `site-leaky${g}` },
        { policy: SECRET_ONLY, resource: `site-leaky${g}` },
        { policy: STAGES, resource: `shared${g}` },
        { policy: SECRET_ONLY, resource: `fn-plain${g}` },
        { policy: HARDCODED, resource: `fn-plain${g}` },
        { policy: RATE_LIMIT, resource: `fn-plain${g}` },
        { policy: SECRET_ONLY, resource: `run-plain${g}` },
        { policy: SECRET_ONLY, resource: `config${g}` },
        { policy: SECRET_ONLY, resource: `gh-var${g}` },
        { policy: MANAGEMENT, resource: `gh-admin${g}` },
        // A value under the management key's name in a plain variable is a plain credential too.
        { policy: SECRET_ONLY, resource: `gh-admin${g}` },
    ];
}

/** Groups until the stack has at least `size` resources (one group when `size` is small), with the findings each group must cause. */
export function mixedPlatformStackWithExpectations(size: number, state: StackState, stack = "dev"): MixedStack {
    const fixture = new StackFixture(stack, state);
    const expected: ExpectedFinding[] = [];
    const secrets: string[] = [];
    for (let g = 0; g === 0 || fixture.resources.length < size; g++) {
        expected.push(...group(fixture, g === 0 ? "" : `-${g}`, secrets));
    }
    return { fixture, resources: fixture.resources, expected, secrets };
}

/** The mixed-platform stack's resources in the engine's wire form (what the benchmark sends). */
export function mixedPlatformStack(size: number, state: StackState, stack = "dev"): WireResource[] {
    return mixedPlatformStackWithExpectations(size, state, stack).resources;
}
