/**
 * The pack's folders depend one way: analysis ← platforms ← stack ← framework ← rules. A platform
 * module can then be read and tested without the stack index, and code outside the pack (the
 * components) can import the analysis without the engine-request wrapper.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { TYPES } from "../../policies/src/analysis/types";
import { UNKNOWN } from "../../policies/src/analysis/values";
import { IndexedResource, StackView } from "../../policies/src/platforms/place";
import { vercel } from "../../policies/src/platforms/vercel";

const SRC = path.resolve(__dirname, "../../policies/src");
/** Lower layers first; a module may import its own folder and the folders before it. */
const LAYERS = ["analysis", "platforms", "stack", "framework", "rules"] as const;

function modulesOf(folder: string): string[] {
    return fs
        .readdirSync(path.join(SRC, folder))
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".spec.ts") && !f.endsWith(".d.ts"))
        .map((f) => path.join(SRC, folder, f));
}

/** Every relative import, re-export and type import of a module, resolved to a file. */
function importsOf(file: string): string[] {
    const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    return info.importedFiles
        .map((i) => i.fileName)
        .filter((spec) => spec.startsWith("."))
        .map((spec) => {
            const base = path.resolve(path.dirname(file), spec);
            const candidates = [`${base}.ts`, path.join(base, "index.ts"), `${base}.d.ts`];
            const found = candidates.find((c) => fs.existsSync(c));
            assert.ok(found, `${path.relative(SRC, file)} imports ${spec}, which does not resolve`);
            return found;
        });
}

function layerOf(file: string): string {
    return path.relative(SRC, file).split(path.sep)[0];
}

const MODULES = LAYERS.flatMap(modulesOf);
const GRAPH = new Map(MODULES.map((m) => [m, importsOf(m)]));

describe("layering of policies/src", () => {
    it("every folder imports only itself and the folders below it", () => {
        const wrongWay: string[] = [];
        for (const [file, imports] of GRAPH) {
            const from = LAYERS.indexOf(layerOf(file) as (typeof LAYERS)[number]);
            for (const target of imports) {
                const to = LAYERS.indexOf(layerOf(target) as (typeof LAYERS)[number]);
                if (to > from || (to < 0 && target.startsWith(SRC))) {
                    wrongWay.push(`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
                }
            }
        }
        assert.deepEqual(wrongWay, []);
    });

    it("no module of analysis, platforms or stack is part of an import cycle", () => {
        const inScope = MODULES.filter((m) => ["analysis", "platforms", "stack"].includes(layerOf(m)));
        const cycles: string[] = [];
        const state = new Map<string, "open" | "done">();
        const visit = (file: string, trail: string[]): void => {
            if (state.get(file) === "done") {
                return;
            }
            if (state.get(file) === "open") {
                cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(" → "));
                return;
            }
            state.set(file, "open");
            for (const target of GRAPH.get(file) ?? []) {
                visit(target, [...trail, file]);
            }
            state.set(file, "done");
        };
        inScope.forEach((m) => visit(m, []));
        assert.deepEqual(cycles, []);
    });

    it("the analysis reaches neither the framework's engine-request wrapper nor any platform", () => {
        const reached = new Set<string>();
        const walk = (file: string): void => {
            for (const target of GRAPH.get(file) ?? []) {
                if (!reached.has(target)) {
                    reached.add(target);
                    walk(target);
                }
            }
        };
        modulesOf("analysis").forEach(walk);
        assert.deepEqual([...reached].map(layerOf).filter((layer) => layer !== "analysis"), []);
    });

    it("the components reach nothing of the pack but its analysis (no engine-request wrapper, no policy)", () => {
        const components = path.resolve(__dirname, "../../components");
        const files = [path.join(components, "index.ts"), ...fs.readdirSync(path.join(components, "src")).filter((f) => f.endsWith(".ts") && !f.endsWith(".spec.ts")).map((f) => path.join(components, "src", f))];
        const reached = new Set<string>();
        const walk = (file: string): void => {
            const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
            for (const spec of info.importedFiles.map((i) => i.fileName)) {
                const pack = /^@upstash-guard\/policies\/(.+)$/.exec(spec);
                const target = pack ? path.join(SRC, `${pack[1]}.ts`) : spec.startsWith(".") ? `${path.resolve(path.dirname(file), spec)}.ts` : undefined;
                if (target && !reached.has(target)) {
                    assert.ok(fs.existsSync(target), `${file} imports ${spec}`);
                    reached.add(target);
                    walk(target);
                }
            }
        };
        files.forEach(walk);
        const ofPack = [...reached].filter((f) => f.startsWith(SRC));
        assert.ok(ofPack.length > 0, "the components import the pack's stage and credential rules");
        assert.deepEqual(ofPack.map(layerOf).filter((layer) => layer !== "analysis"), []);
    });

    it("a platform module works on a few resources handed to it, without the stack index", () => {
        const resource = (urn: string, type: string, props: IndexedResource["props"], dependsOn: Record<string, string[]> = {}): IndexedResource => ({
            urn,
            name: urn.split("::").pop() ?? urn,
            type,
            props,
            leaves: [],
            dependsOn: new Map(Object.entries(dependsOn)),
            places: [],
        });
        const project = resource("urn:pulumi:dev::p::vercel:index/project:Project::web", TYPES.vercelProject, { name: "web" });
        const firewall = (rules: IndexedResource["props"]) =>
            resource("urn:pulumi:dev::p::vercel:index/firewallConfig:FirewallConfig::fw", TYPES.firewallConfig, { enabled: true, rules }, { projectId: [project.urn] });
        const view = (resources: IndexedResource[]): StackView => ({
            byUrn: new Map(resources.map((r) => [r.urn, r])),
            resourcesOfType: (type) => resources.filter((r) => r.type === type),
        });
        const protectionOf = (resources: IndexedResource[]) => vercel.rateLimiting?.protectionByApp(view(resources)).get(project.urn);

        const rateLimit = { rules: [{ name: "api-rate", active: true, action: { action: "rate_limit" } }] };
        assert.equal(protectionOf([project, firewall(rateLimit)]), "rate-limited");
        assert.equal(protectionOf([project, firewall({ rules: [{ name: "deny-bots", active: true, action: { action: "deny" } }] })]), "unprotected");
        assert.equal(protectionOf([project, firewall(UNKNOWN)]), "undecided");
        assert.equal(protectionOf([project]), undefined);
    });
});
