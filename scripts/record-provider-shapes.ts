// `npm run record-shapes`: runs test/fixtures/provider-shapes (one resource of every type the pack
// reads) under the real engine, language host and providers, through a probe pack, and writes what
// each of Remediate, Analyze and AnalyzeStack received to test/fixtures/real-provider-shapes.json:
// property shapes (kinds, "unknown"), the provider's `__defaults` with their values, and the
// booleans and numbers the provider added. The test fixtures build their resources from that file,
// and the end-to-end suite records anew and compares, so the fixtures cannot drift from the providers.
import * as fs from "fs";
import * as path from "path";
import { REPO, Workspace } from "../test/e2e/engine";

export const SHAPES_FILE = path.join(REPO, "test", "fixtures", "real-provider-shapes.json");
const PROGRAM = path.join(REPO, "test", "fixtures", "provider-shapes");
const PROBE_PACK = path.join(REPO, "test", "e2e", "probe-pack");

type Shape = string | Shape[] | { [key: string]: Shape };

interface ProbeRecord {
    type: string;
    name: string;
    shape: Shape;
    defaults?: Record<string, unknown>;
    primitives?: Record<string, unknown>;
    propertyDependencies?: Record<string, string[]>;
}

export interface RecordedResource {
    type: string;
    /** The checked inputs as Remediate receives them (with `__defaults`), and the provider's defaults. */
    remediate: { shape: Shape; defaults: Record<string, unknown> };
    /** The same inputs as Analyze receives them (the engine drops `__` keys). */
    analyze: { shape: Shape };
    /** The planned outputs of a create, as AnalyzeStack receives them in a first preview. */
    stack: { shape: Shape; primitives: Record<string, unknown>; propertyDependencies: Record<string, string[]> };
}

export interface ProviderShapes {
    recordedWith: Record<string, string>;
    resources: Record<string, RecordedResource>;
}

function readJsonLines(file: string): ProbeRecord[] {
    return fs.readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as ProbeRecord);
}

/** Previews the shapes program once and returns what the probe saw, by resource name. */
export function recordProviderShapes(ws: Workspace): ProviderShapes {
    const dir = ws.program("provider-shapes", PROGRAM, ["Pulumi.yaml", "index.ts"]);
    ws.initStack(dir, "dev");
    const out = path.join(ws.root, "provider-shapes.json");
    const res = ws.pulumi(dir, ["preview", "--stack", "dev", "--policy-pack", PROBE_PACK], undefined, { ENGINE_PROBE_OUT: out });
    if (res.status !== 0) {
        throw new Error(`preview of the shapes program failed (${res.status}): ${res.stderr}\n${res.stdout}`);
    }
    const remediated = new Map(readJsonLines(`${out}.remediate.jsonl`).map((r) => [r.name, r]));
    const analyzed = new Map(readJsonLines(`${out}.analyze.jsonl`).map((r) => [r.name, r]));
    const stack = JSON.parse(fs.readFileSync(out, "utf8")) as ProbeRecord[];
    const resources: Record<string, RecordedResource> = {};
    for (const s of stack.filter((r) => r.type.startsWith("upstash:index") || r.type.startsWith("vercel:index")).sort((a, b) => a.name.localeCompare(b.name))) {
        const rem = remediated.get(s.name);
        const ana = analyzed.get(s.name);
        if (!rem || !ana) {
            throw new Error(`${s.name} reached AnalyzeStack without Remediate or Analyze`);
        }
        resources[s.name] = {
            type: s.type,
            remediate: { shape: rem.shape, defaults: rem.defaults ?? {} },
            analyze: { shape: ana.shape },
            stack: { shape: s.shape, primitives: s.primitives ?? {}, propertyDependencies: s.propertyDependencies ?? {} },
        };
    }
    return { recordedWith: { pulumi: "v3.248.0", "pulumi-language-nodejs": "v3.248.0", upstash: "0.5.0", vercel: "5.4.1" }, resources };
}

if (require.main === module) {
    const ws = new Workspace();
    try {
        const shapes = recordProviderShapes(ws);
        fs.writeFileSync(SHAPES_FILE, `${JSON.stringify(shapes, null, 2)}\n`);
        console.log(`wrote ${path.relative(REPO, SHAPES_FILE)}: ${Object.keys(shapes.resources).length} resources`);
    } finally {
        ws.dispose();
    }
}
