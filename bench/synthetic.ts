/**
 * Synthetic stacks of realistic shape for the benchmark and the large-stack test: apps, each with a
 * Vercel project, an Upstash Redis database, sometimes a Vector index, environment variables (single
 * and list) wired to them by `propertyDependencies`, a firewall for some; some values unknown (a
 * fresh app at preview), some violations; and filler resources of other providers.
 */
import { TYPES } from "../policies/src/analysis/types";
import { WireResource } from "../test/harness/analyzer";
import { StackFixture, UNKNOWN } from "../test/harness/stack";

export interface SyntheticOptions {
    /** Total number of resources (the result has exactly this many). */
    size: number;
    stack?: string;
    /** Nesting depth of the filler resources' properties. */
    depth?: number;
}

function nested(depth: number, i: number): Record<string, unknown> {
    let value: Record<string, unknown> = { leaf: `value-${i}`, n: i, flag: i % 2 === 0, list: [i, `x${i}`, null] };
    for (let d = 0; d < depth; d++) {
        value = { [`level${d}`]: value, tags: { team: "platform", cost: `cc-${d}` }, items: [value === null ? null : { k: d }] };
    }
    return value;
}

const FILLER_TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:iam/role:Role",
    "aws:lambda/function:Function",
    "random:index/randomPet:RandomPet",
    "cloudflare:index/record:Record",
    "kubernetes:apps/v1:Deployment",
    "pulumi:pulumi:StackReference",
];

function filler(s: StackFixture, i: number, depth: number): void {
    const type = FILLER_TYPES[i % FILLER_TYPES.length];
    s.add(type, `filler-${i}`, {
        name: `filler-${i}`,
        description: i % 11 === 0 ? UNKNOWN : `a resource of another provider (${i})`,
        tags: { app: `app-${i % 97}`, env: "dev" },
        config: nested(depth, i),
        arn: i % 5 === 0 ? UNKNOWN : `arn:aws:iam::123456789012:role/r-${i}`,
    });
}

/** Adds one app; returns how many resources it added. */
function app(s: StackFixture, fresh: StackFixture, i: number): number {
    const before = s.resources.length + fresh.resources.length;
    // Every fifth app is new in this preview: its Upstash outputs are unknown.
    const f = i % 5 === 0 ? fresh : s;
    const project = `app${i}`;
    f.vercelProject(project);
    // Every 13th database has TLS off, every 17th leaves its budget to the provider's default.
    const db = f.redis(`app${i}-cache`, {
        databaseName: `shop-${s.stack}-app${i}`,
        ...(i % 13 === 0 ? { tls: false } : {}),
        ...(i % 17 === 0 ? { budget: undefined } : {}),
    });
    const vector = i % 3 === 0 ? f.vector(`app${i}-vectors`, { name: `shop-${s.stack}-app${i}-vectors` }) : undefined;
    f.envVar(`app${i}-url`, { key: "UPSTASH_REDIS_REST_URL", value: { from: db, output: "restUrl" }, projectId: { project }, sensitive: false });
    f.envVar(`app${i}-token`, { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, projectId: { project } });
    if (i % 19 === 0) {
        f.envVar(`app${i}-public`, { key: "NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, projectId: { project } });
    }
    f.envVars(`app${i}-env`, project, [
        { key: "NEXT_PUBLIC_SITE_NAME", value: `shop ${i}` },
        { key: "KV_REST_API_READ_ONLY_TOKEN", value: { from: db, output: "readOnlyRestToken" } },
        ...(vector ? [{ key: "UPSTASH_VECTOR_REST_TOKEN", value: { from: vector, output: "token" as const } }] : []),
        { key: "LOG_LEVEL", value: "info", sensitive: false, targets: ["production", "preview"] },
    ]);
    if (i % 2 === 0) {
        f.firewall(`app${i}-firewall`, project, [{ name: "rate-limit-api", active: true, action: { action: "rate_limit", rateLimit: { limit: 100, window: 60 } } }]);
    }
    return s.resources.length + fresh.resources.length - before;
}

/** A stack of exactly `size` resources: about 60 % apps, 40 % filler. */
export function syntheticStack(options: SyntheticOptions): WireResource[] {
    const stack = options.stack ?? "dev";
    const depth = options.depth ?? 3;
    const known = new StackFixture(stack, "existing");
    const fresh = new StackFixture(stack, "new");
    known.add(TYPES.stack, `shop-${stack}`, {});
    const appBudget = Math.floor(options.size * 0.6);
    let i = 0;
    while (known.resources.length + fresh.resources.length + 12 <= appBudget) {
        app(known, fresh, i++);
    }
    let j = 0;
    while (known.resources.length + fresh.resources.length < options.size) {
        filler(known, j++, depth);
    }
    // Interleave as an engine would send them (registration order across apps and filler).
    const all = [...known.resources, ...fresh.resources];
    return all.slice(0, options.size);
}
