/**
 * A CPU profile (bench/profile.js writes one per pack process) summed up: self time by area (the
 * pack, the policy SDK, the Pulumi SDK, gRPC, protobuf, Node, garbage collection, idle) and the
 * pack's own hottest functions.
 */
import * as fs from "fs";
import * as path from "path";

interface ProfileNode {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
}

const AREAS: [string, RegExp][] = [
    ["upstash-guard (policies/bin)", /\/policies\/bin\//],
    ["@pulumi/policy", /node_modules\/@pulumi\/policy\//],
    ["@pulumi/pulumi", /node_modules\/@pulumi\/pulumi\//],
    ["gRPC", /node_modules\/@grpc\//],
    ["protobuf", /node_modules\/google-protobuf\//],
    ["ajv", /node_modules\/ajv/],
    ["other node_modules", /node_modules\//],
    ["Node.js", /^node:|^internal\//],
];

function areaOf(node: ProfileNode): string {
    const { functionName, url } = node.callFrame;
    if (functionName === "(garbage collector)") {
        return "garbage collection";
    }
    if (functionName === "(idle)" || functionName === "(program)") {
        return `${functionName.slice(1, -1)} (waiting for requests, V8 itself)`;
    }
    return AREAS.find(([, pattern]) => pattern.test(url))?.[0] ?? (url === "" ? "V8 built-ins" : "other");
}

function selfTimes(profile: CpuProfile): Map<number, number> {
    const byNode = new Map<number, number>();
    profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    return byNode;
}

function table(title: string, rows: [string, number][], total: number, limit: number): string {
    const lines = [`| ${title} | self time | share |`, "|---|---:|---:|"];
    for (const [name, us] of rows.sort((a, b) => b[1] - a[1]).slice(0, limit)) {
        lines.push(`| ${name} | ${(us / 1000).toFixed(0)} ms | ${((100 * us) / total).toFixed(1)} % |`);
    }
    return lines.join("\n");
}

export function summariseProfiles(dir: string): string {
    const areas = new Map<string, number>();
    const ours = new Map<string, number>();
    let total = 0;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
        const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
        const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
        for (const [id, us] of selfTimes(profile)) {
            const node = nodes.get(id);
            if (!node) {
                continue;
            }
            total += us;
            const area = areaOf(node);
            areas.set(area, (areas.get(area) ?? 0) + us);
            if (area.startsWith("upstash-guard")) {
                const where = `${node.callFrame.functionName || "(anonymous)"} (${path.basename(node.callFrame.url)}:${node.callFrame.lineNumber + 1})`;
                ours.set(where, (ours.get(where) ?? 0) + us);
            }
        }
    }
    if (total === 0) {
        return "(no profile was written)";
    }
    return `${table("area", [...areas], total, 12)}\n\n${table("hottest functions of the pack", [...ours], total, 10)}\n`;
}
