/**
 * The stacks the benchmark measures, by name (`BENCH_SHAPES=realistic,synthetic,…`):
 *  - `synthetic`: apps and filler of other providers, few findings (bench/synthetic.ts);
 *  - `realistic`: the common real shape of issue 9, where producing results is most of the work:
 *    per app one RedisDatabase (explicit tls and budget), one Vercel Project without a firewall, and
 *    `UPSTASH_REDIS_REST_URL` and `UPSTASH_REDIS_REST_TOKEN` variables wired to that database,
 *    targeting `development`, not sensitive, in a first preview (every database output unknown).
 *    About one result per two resources: a rate-limit advisory per project, and what cannot be
 *    known during preview;
 *  - `mixed-platforms`: the apps of every platform the pack knows (test/harness/mixed-stack.ts), when present.
 * Every resource looks the way the real providers deliver it (test/harness/real-shapes.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { TYPES } from "../policies/src/analysis/types";
import { WireResource } from "../test/harness/analyzer";
import { StackFixture, StackState } from "../test/harness/stack";
import { syntheticStack } from "./synthetic";

/** A stack of about `size` resources as the engine sends it: in a first preview (`new`), or with every value known, as an update registers it (`existing`). */
export type ShapeBuilder = (size: number, state: StackState) => WireResource[];

function realisticStack(size: number, state: StackState): WireResource[] {
    const s = new StackFixture("dev", state);
    s.add(TYPES.stack, "shop-dev", {});
    for (let i = 0; s.resources.length + 4 <= size; i++) {
        const project = `app${i}`;
        const db = s.redis(`app${i}-cache`, { databaseName: `shop-dev-app${i}`, tls: true, budget: 20 });
        s.vercelProject(project);
        s.envVar(`app${i}-url`, { key: "UPSTASH_REDIS_REST_URL", value: { from: db, output: "restUrl" }, projectId: { project }, targets: ["development"], sensitive: false });
        s.envVar(`app${i}-token`, { key: "UPSTASH_REDIS_REST_TOKEN", value: { from: db, output: "restToken" }, projectId: { project }, targets: ["development"], sensitive: false });
    }
    return s.resources;
}

function mixedPlatformsBuilder(): ShapeBuilder | undefined {
    const file = path.join(__dirname, "..", "test", "harness", "mixed-stack.ts");
    if (!fs.existsSync(file)) {
        return undefined;
    }
    // eslint-disable-next-line @typescript-eslint/no-var-requires -- optional until the every-platform work lands
    const mod = require(file) as { mixedPlatformStack?: (size: number, state: "new" | "existing") => WireResource[] };
    return mod.mixedPlatformStack ? (size, state) => mod.mixedPlatformStack!(size, state) : undefined;
}

export function shapes(): Map<string, ShapeBuilder> {
    const all = new Map<string, ShapeBuilder>([
        ["realistic", realisticStack],
        // Known and unknown values mixed, whatever the state.
        ["synthetic", (size) => syntheticStack({ size })],
    ]);
    const mixed = mixedPlatformsBuilder();
    if (mixed) {
        all.set("mixed-platforms", mixed);
    }
    return all;
}
