/**
 * Engine facts: how components look to a policy pack, under the real engine and language hosts, on
 * both CLIs, in a first preview and in an audit (`pulumi policy analyze`) of the deployed stack:
 *  - a local component (examples/team-component: a TypeScript class in the program);
 *  - a remote component (the upstash-guard components from Pulumi YAML, through the package's provider).
 * What `policies/src/stack/components.ts` relies on: a custom resource comes with its provider, a
 * component with none, in `Analyze` and in `AnalyzeStack`; a component's children name it as their
 * parent; a remote component's output carries a dependency on the component, a local one's on the
 * database itself.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { makeExisting } from "./checkpoint";
import { CLIS, REPO, Workspace, cliLabel } from "./engine";
import { writeHandWired } from "./programs";

const PROBE = path.join(REPO, "test", "e2e", "probe-pack");

/** A resource as the probe pack records it: names and types only, never a value. */
interface Seen {
    type: string;
    name: string;
    provider: string | null;
    parent: string | null;
    props?: Record<string, string>;
    propertyDependencies?: Record<string, string[]>;
    dependencyTypes?: Record<string, string[]>;
}

function probe(ws: Workspace, dir: string, args: string[], out: string): { stack: Seen[]; analyzed: Seen[] } {
    const res = ws.pulumi(dir, [...args, "--stack", "dev", "--policy-pack", PROBE], undefined, { ENGINE_PROBE_OUT: out });
    assert.equal(res.status, 0, res.stderr + res.stdout);
    const stack = JSON.parse(fs.readFileSync(out, "utf8")) as Seen[];
    const analyzed = fs.readFileSync(`${out}.analyze.jsonl`, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Seen);
    return { stack, analyzed };
}

function one(seen: Seen[], type: string, name: string): Seen {
    const found = seen.filter((r) => r.type === type && r.name === name);
    assert.ok(found.length > 0, `${type} ${name} not sent: ${seen.map((r) => `${r.type} ${r.name}`).join(", ")}`);
    return found[0];
}

/** What every request of a run says of the component, its database and the variable fed from it. */
function assertComponentFacts(seen: { stack: Seen[]; analyzed: Seen[] }, component: { type: string; name: string }, database: string, variable: string, dependency: string): void {
    for (const list of [seen.stack, seen.analyzed]) {
        assert.equal(one(list, component.type, component.name).provider, null, "a component comes with no provider");
        assert.equal(one(list, "upstash:index/redisDatabase:RedisDatabase", database).provider, "pulumi:providers:upstash", "a custom resource comes with its provider");
        assert.equal(one(list, "upstash:index/redisDatabase:RedisDatabase", database).parent, `${component.type} ${component.name}`);
        assert.equal(one(list, "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable", variable).provider, "pulumi:providers:vercel");
    }
    assert.deepEqual(one(seen.stack, "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable", variable).dependencyTypes?.value, [dependency]);
}

for (const cli of CLIS) describe(`how components look to a policy pack (${cliLabel(cli)})`, function () {
    this.timeout(900_000);
    let ws: Workspace;
    before(() => {
        ws = new Workspace(cli);
    });
    after(() => ws.dispose());

    it("a local component (TypeScript): no provider, its database's parent; the variable's dependency names the database; the same in an audit", () => {
        const dir = ws.program("team-component", path.join(REPO, "examples", "team-component"), ["Pulumi.yaml", "index.ts"]);
        ws.initStack(dir, "dev");
        const component = { type: "acme:platform:TeamCache", name: "cache" };
        const preview = probe(ws, dir, ["preview"], path.join(ws.root, "local-preview.json"));
        assertComponentFacts(preview, component, "cache-db", "cache-token", "upstash:index/redisDatabase:RedisDatabase");
        // A local component's inputs are not sent: the SDK registers it with none.
        assert.deepEqual(one(preview.analyzed, component.type, component.name).props, {});
        makeExisting(ws, dir, "dev");
        const audit = probe(ws, dir, ["policy", "analyze"], path.join(ws.root, "local-audit.json"));
        assertComponentFacts(audit, component, "cache-db", "cache-token", "upstash:index/redisDatabase:RedisDatabase");
        // Its registered outputs are in the state: the credentials it hands out, as strings.
        assert.equal(one(audit.stack, component.type, component.name).props?.restToken, "string");
    });

    it("a remote component (Pulumi YAML, through the package's provider): no provider either; the variable's dependency names the component, not the database", () => {
        const dir = writeHandWired(ws);
        ws.initStack(dir, "dev");
        const component = { type: "upstash-guard-components:index:StageRedisDatabase", name: "cache" };
        const preview = probe(ws, dir, ["preview"], path.join(ws.root, "remote-preview.json"));
        assertComponentFacts(preview, component, "cache", "cacheSecret", component.type);
        // The package's own provider is registered, and is not the component's.
        assert.ok(preview.stack.some((r) => r.type === "pulumi:providers:upstash-guard-components"));
        makeExisting(ws, dir, "dev");
        const audit = probe(ws, dir, ["policy", "analyze"], path.join(ws.root, "remote-audit.json"));
        assertComponentFacts(audit, component, "cache", "cacheSecret", component.type);
    });
});
