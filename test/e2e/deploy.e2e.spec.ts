/**
 * Real deploys: `pulumi up`, `pulumi refresh`, `pulumi destroy` and the Automation API's `stack.up()`
 * under the real engine, language host and Upstash and Vercel providers, pointed at the stand-in of
 * their APIs (standin/), which records every request. What reached the platform is asserted from that
 * record, not from what the CLI printed.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { EngineEvent, LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { leakedFragments } from "../harness/fake-credentials";
import { NOT_DEPLOYABLE_HERE, NO_FIREWALL_DEPLOYED, StandInProcess, assertStoppedAtRegistration, exposed, withoutSdkDebugMessages } from "./deploy";
import { CLIS, PACK_DIR, PolicyEvent, REPO, Workspace, Workspaces, cliLabel, findingsOf, probedRequests, triples } from "./engine";
import { EXPECTED, blocks, blocksACredential } from "./expected";

const PROGRAM_FILES = ["Pulumi.yaml", "index.ts"];
const BLOCKED = Object.entries(EXPECTED).filter(([, e]) => blocks(e.findings));
const CREDENTIALS_BLOCKED = BLOCKED.filter(([, e]) => blocksACredential(e.findings));

/** The platform the tests of the running describe deploy to. */
let standIn: StandInProcess;

/** Gives the enclosing describe a stand-in of its own, so that "empty" after destroy means what its stacks left. */
function withOwnStandIn(): void {
    let outer: StandInProcess;
    before(async () => {
        outer = standIn;
        standIn = await StandInProcess.start();
    });
    after(async () => {
        await standIn.stop();
        standIn = outer;
    });
}

for (const cli of CLIS) describe(`deploys under the real engine and providers, against the stand-in of the Upstash and Vercel APIs (${cliLabel(cli)})`, function () {
    this.timeout(900_000);
    let ws: Workspace;

    before(async () => {
        ws = new Workspace(cli);
        standIn = await StandInProcess.start();
    });
    after(async () => {
        await standIn?.stop();
        ws?.dispose();
    });
    beforeEach(async () => standIn.clearRecord());
    afterEach(async () => {
        assert.deepEqual(await standIn.failures(), [], "the stand-in refused a host or did not know an endpoint");
    });

    /**
     * An example's program and its stack. The ways of deploying one example share its `dev` stack, in
     * order: `up --skip-preview` on a new stack, then `stack.up()` and `up` with its preview on what the
     * stopped update left (the database and the project), as a retry finds it.
     */
    const example = (name: string, stack = "dev"): string => {
        const dir = ws.program(name, path.join(REPO, "examples", name), PROGRAM_FILES);
        ws.initStack(dir, stack);
        return dir;
    };

    describe("pulumi up --skip-preview: stopped when the resource registers, before the platform receives it", () => {
        for (const [name, expected] of BLOCKED) {
            const when = expected.reportedAfterTheSteps ? "reported once the steps have run" : "stopped before any credential reaches a plain or browser-exposed place";
            it(`examples/${name}: ${when}`, async () => {
                const dir = example(name);
                const result = ws.up(dir, "dev", { env: standIn.env(), exclude: [...NOT_DEPLOYABLE_HERE] });
                if (!expected.reportedAfterTheSteps) {
                    await assertStoppedAtRegistration(result, expected, standIn);
                    return;
                }
                // Every step ran (the variables reached Vercel, sensitive), then the end of the run found what only the whole stack shows.
                assert.notEqual(result.exitCode, 0);
                assert.deepEqual(triples(findingsOf(result.events)), [...expected.findings, NO_FIREWALL_DEPLOYED("web")].sort());
                assert.ok((await standIn.deliveries()).length > 0, "the variables were created");
                assert.deepEqual(exposed(await standIn.deliveries()), []);
            });
        }

        it("the issue's program: neither token reaches Vercel, and the first is named with its key and kind", async () => {
            const dir = example("plain-and-browser-tokens", "named");
            const result = ws.up(dir, "named", { env: standIn.env() });
            const [finding] = findingsOf(result.events);
            // Which of the two registers first is the engine's choice; either is named with its key and the kind of token.
            assert.match(finding.message, /ProjectEnvironmentVariable '(neutral|public)' variable (CACHE_SECRET|NEXT_PUBLIC_UPSTASH_REDIS_REST_TOKEN) [^\n]*carries an? (read-only )?Upstash Redis REST token \(recognised by the format of its value\)/);
            const requests = await standIn.requests();
            assert.ok(!requests.some((r) => r.host === "api.vercel.com" && r.path.endsWith("/env") && r.method === "POST"), "no variable was sent");
            assert.ok(requests.some((r) => r.method === "POST" && r.path === "/v2/redis/database"), "the database, which is right, was created");
        });

        it("a token under a name of the app's own (CACHE) is reported only once the steps have run, as the README says: it reached Vercel", async () => {
            const dir = ws.program("neutral-name", path.join(REPO, "test", "e2e", "programs", "neutral-name"), PROGRAM_FILES);
            ws.initStack(dir, "dev");
            const result = ws.up(dir, "dev", { env: standIn.env() });
            assert.notEqual(result.exitCode, 0);
            assert.deepEqual(triples(findingsOf(result.events)), ["upstash-credentials-only-in-secret-env-vars cache mandatory", NO_FIREWALL_DEPLOYED("web")].sort());
            assert.match(findingsOf(result.events).find((e) => e.policyName === "upstash-credentials-only-in-secret-env-vars")?.message ?? "", /variable CACHE carries the Upstash Redis REST token of RedisDatabase 'cache' "shop-dev" \(recognised by its value\)/);
            assert.deepEqual(exposed(await standIn.deliveries()), ["Vercel variable CACHE (preview) (plain): redis-rest-token"]);
            // With its preview first, `pulumi up` stops it before anything changes.
            await standIn.clearRecord();
            ws.initStack(dir, "previewed");
            const previewed = ws.up(dir, "previewed", { env: standIn.env(), skipPreview: false });
            assert.notEqual(previewed.exitCode, 0);
            assert.deepEqual(await standIn.requests(), []);
        });
    });

    describe("the Automation API's stack.up({ policyPacks }) (always --skip-preview)", () => {
        for (const [name, expected] of CREDENTIALS_BLOCKED) {
            it(`examples/${name}: stopped before any credential reaches a plain or browser-exposed place`, async () => {
                const dir = example(name);
                const pulumiCommand = await PulumiCommand.get({ root: path.dirname(ws.cli.binDir), skipVersionCheck: true });
                const envVars = Object.fromEntries(Object.entries({ ...ws.env, ...standIn.env() }).filter((e): e is [string, string] => e[1] !== undefined));
                const stack = await LocalWorkspace.selectStack({ stackName: "dev", workDir: dir }, { pulumiCommand, envVars });
                const events: PolicyEvent[] = [];
                let output = "";
                const onEvent = (event: EngineEvent): void => {
                    if (event.policyEvent) {
                        events.push({ ...event.policyEvent, resourceUrn: event.policyEvent.resourceUrn ?? "" });
                    }
                };
                await assert.rejects(stack.up({ policyPacks: [PACK_DIR], exclude: [...NOT_DEPLOYABLE_HERE], onEvent, onOutput: (o) => (output += o) }), /exit code|code: 1|failed/i);
                await assertStoppedAtRegistration({ exitCode: 1, events, changes: [], output, stdout: output }, expected, standIn);
            });
        }
    });

    describe("pulumi up with its preview: nothing changes", () => {
        for (const [name] of BLOCKED) {
            it(`examples/${name}: blocked by the preview, no request reaches the platform`, async () => {
                const dir = example(name);
                const result = ws.up(dir, "dev", { env: standIn.env(), skipPreview: false });
                assert.notEqual(result.exitCode, 0);
                assert.deepEqual((await standIn.requests()).map((r) => `${r.method} ${r.host}${r.path}`), []);
            });
        }
    });

    describe("the reference stack deploys, is audited, drifts, is refreshed and destroyed", () => {
        withOwnStandIn();

        for (const stack of ["dev", "prod"]) {
            it(`${stack}: deployed with no finding but the firewall left out; the audit of its state says the same; destroy leaves the stand-in empty`, async () => {
                const dir = ws.program("shop", REPO, ["Pulumi.yaml", "stack"]);
                ws.initStack(dir, stack);
                const result = ws.up(dir, stack, { env: standIn.env(), exclude: [...NOT_DEPLOYABLE_HERE] });
                assert.equal(result.exitCode, 0, result.output);
                assert.deepEqual(triples(result.events), [NO_FIREWALL_DEPLOYED("web")]);
                // Vercel allows no sensitive development variable: the dev stack's copy for `vercel dev` is plain, and the pack accepts it.
                assert.deepEqual(exposed(await standIn.deliveries()), stack === "dev" ? ["Vercel variable UPSTASH_REDIS_REST_TOKEN (development) (plain): redis-rest-token"] : []);
                const audit = ws.analyze(dir, { stack });
                assert.deepEqual(triples(audit.events), [NO_FIREWALL_DEPLOYED("web")]);
                assert.deepEqual(leakedFragments(withoutSdkDebugMessages(`${result.output}\n${audit.output}`), await standIn.credentialValues()), []);
                if (stack === "dev") {
                    await driftRefreshAndAudit(dir);
                }
                const destroyed = ws.destroy(dir, stack, standIn.env());
                assert.equal(destroyed.exitCode, 0, destroyed.output);
                assert.deepEqual(Object.entries(await standIn.inventory()).filter(([, n]) => n > 0), [], "destroy left something on the platform");
            });
        }

        /** A person changes the database and a variable in the dashboards; `pulumi refresh` reads it; the next audit finds it. */
        async function driftRefreshAndAudit(dir: string): Promise<void> {
            await standIn.changeDatabase("shop-dev", { tls: false, budget: 500 });
            assert.equal(await standIn.changeVariables("UPSTASH_REDIS_REST_READONLY_TOKEN", { type: "encrypted" }), 1);
            const refreshed = ws.refresh(dir, "dev", standIn.env());
            assert.equal(refreshed.exitCode, 0, refreshed.output);
            const audit = ws.analyze(dir, { stack: "dev" });
            assert.notEqual(audit.exitCode, 0);
            assert.deepEqual(triples(audit.events), [
                "upstash-budget-required cache mandatory",
                "upstash-credentials-only-in-secret-env-vars redis-read-only-token mandatory",
                NO_FIREWALL_DEPLOYED("web"),
                "upstash-tls-required cache mandatory",
            ].sort());
        }

        it("the provider defect that keeps the firewall out is still there (pulumiverse/pulumi-vercel#265): its create reaches Vercel, then the provider panics", async () => {
            const dir = ws.program("shop", REPO, ["Pulumi.yaml", "stack"]);
            ws.initStack(dir, "firewall");
            assert.equal(ws.up(dir, "firewall", { env: standIn.env(), exclude: [...NOT_DEPLOYABLE_HERE], pack: null }).exitCode, 0);
            await standIn.clearRecord();
            const result = ws.up(dir, "firewall", { env: standIn.env(), exclude: ["**kubernetes:**"], pack: null });
            assert.notEqual(result.exitCode, 0);
            assert.match(result.output, /Bridged provider panic \(provider=vercel v=5\.4\.1 resourceURN=[^ ]*FirewallConfig::web-firewall method=Create\): interface conversion: interface \{\} is nil, not string/);
            assert.deepEqual((await standIn.requests()).map((r) => `${r.method} ${r.path}`), ["PUT /v1/security/firewall/config"], "the firewall config was sent, and nothing else");
            assert.equal(ws.destroy(dir, "firewall", standIn.env()).exitCode, 0);
        });
    });

    describe("a remediating policy's fix is what the platform receives", () => {
        it("`sensitive: true` on a variable, set by the pack before its step", async () => {
            const dir = example("plain-token-variable", "remediated");
            const result = ws.up(dir, "remediated", { env: standIn.env(), exclude: [...NOT_DEPLOYABLE_HERE], policyConfig: { "upstash-credentials-only-in-secret-env-vars": "remediate" } });
            assert.equal(result.exitCode, 0, result.output);
            const sent = (await standIn.requests()).filter((r) => r.method === "POST" && /\/v10\/projects\/[^/]+\/env$/.test(r.path));
            assert.deepEqual(sent.map((r) => (JSON.parse(r.body) as { type?: string }).type), ["sensitive"]);
            assert.deepEqual(exposed(await standIn.deliveries()), []);
        });

        it("`tls: true` on a database, set by the pack before its step (the rest of examples/many-mistakes still stops its own steps)", async () => {
            const dir = example("many-mistakes", "remediated");
            const config = { "upstash-tls-required": "remediate", "upstash-budget-required": "advisory", "upstash-separate-database-per-stage": "advisory" };
            const result = ws.up(dir, "remediated", { env: standIn.env(), exclude: [...NOT_DEPLOYABLE_HERE], policyConfig: config });
            assert.notEqual(result.exitCode, 0);
            const created = (await standIn.requests()).filter((r) => r.method === "POST" && r.path === "/v2/redis/database");
            assert.deepEqual(created.map((r) => (JSON.parse(r.body) as { tls?: boolean }).tls), [true]);
            assert.deepEqual(exposed(await standIn.deliveries()), []);
        });

        it("an https:// QStash destination on the same host, and `tls: true`, set by the pack before their steps (examples/tls-off deploys)", async () => {
            const dir = example("tls-off", "remediated");
            const result = ws.up(dir, "remediated", { env: standIn.env(), policyConfig: { "upstash-tls-required": "remediate" } });
            assert.equal(result.exitCode, 0, result.output);
            const scheduled = (await standIn.requests()).filter((r) => r.host === "qstash.upstash.io" && r.method === "POST" && r.path.startsWith("/v2/schedules/"));
            assert.deepEqual(scheduled.map((r) => r.path.slice("/v2/schedules/".length)), ["https://shop-dev-10001.upstash.io/warm"]);
            const created = (await standIn.requests()).filter((r) => r.method === "POST" && r.path === "/v2/redis/database");
            assert.deepEqual(created.map((r) => (JSON.parse(r.body) as { tls?: boolean }).tls), [true]);
            assert.equal(ws.destroy(dir, "remediated", standIn.env()).exitCode, 0);
        });
    });

    describe("what the engine shows a pack while an update registers resources", () => {
        it("a pack process per operation, told it is an update; each resource's inputs with the real values of what it depends on, secrets as secrets, its parent and its provider's inputs; no provenance; the end of the run only once every step is done", () => {
            const dir = ws.program("update-facts", path.join(REPO, "test", "e2e", "programs", "update-facts"), PROGRAM_FILES);
            ws.initStack(dir, "dev");
            const out = path.join(ws.root, "update-facts.json");
            const probe = path.join(REPO, "test", "e2e", "probe-pack");
            const result = ws.up(dir, "dev", { env: { ...standIn.env(), ENGINE_PROBE_OUT: out }, pack: probe, skipPreview: false });
            assert.equal(result.exitCode, 0, result.output);
            const requests = probedRequests(out);
            const configured = requests.filter((r) => r.method === "configureStack");
            // The preview and the update each start the pack afresh, and say which they are.
            assert.deepEqual(configured.map((r) => [r.stack, r.dryRun]), [["dev", true], ["dev", false]]);
            assert.notEqual(configured[0].pid, configured[1].pid);
            const update = requests.filter((r) => r.pid === configured[1].pid);
            const analyzed = (name: string) => update.find((r) => r.method === "analyze" && r.name === name);
            const order = update.filter((r) => r.method === "analyze" || r.method === "analyzeStack").map((r) => r.name ?? r.method);
            // Whatever depends on the database registers after it (its outputs are known by then); the end of the run comes last, once.
            assert.ok(order.indexOf("cache") < order.indexOf("from-output") && order.indexOf("cache") < order.indexOf("child-token"), order.join(", "));
            assert.equal(order[order.length - 1], "analyzeStack");
            assert.equal(order.filter((o) => o === "analyzeStack").length, 1);
            // The default providers register too, their keys as secrets; every Upstash resource comes with its provider's inputs.
            assert.deepEqual(update.find((r) => r.method === "analyze" && r.name?.startsWith("default_0_5_0"))?.secrets, ["apiKey"]);
            assert.deepEqual(analyzed("cache")?.provider, { type: "pulumi:providers:upstash", properties: ["apiKey", "email", "version"] });
            // Values arrive as secrets whatever their origin (Vercel's `value` is secret in its schema); a component's child names its parent; a component has no provider.
            assert.deepEqual(analyzed("from-output")?.secrets, ["value"]);
            assert.deepEqual(analyzed("literal")?.secrets, ["value"]);
            assert.match(analyzed("child-token")?.parent ?? "", /::facts:index:Variables::child$/);
            assert.equal(analyzed("child")?.provider, null);
            // What the policies receive: the database's output is a known value at registration; its credentials are not among its own inputs.
            const seen = fs.readFileSync(`${out}.analyze.jsonl`, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { name: string; props: Record<string, string> });
            const lastSeen = (name: string) => seen.filter((r) => r.name === name).pop();
            assert.equal(lastSeen("from-output")?.props.value, "string");
            assert.equal(lastSeen("child-token")?.props.value, "string");
            assert.equal(lastSeen("cache")?.props.restToken, undefined);
        });
    });
});

describe("deploys in every language and through the components, against the stand-in (pulumi v3.248.0)", function () {
    this.timeout(900_000);
    // One workspace (file backend) per program: the twins share their project and stack names.
    const pool = new Workspaces();
    const workspace = (): Workspace => pool.next();

    before(async () => {
        standIn = await StandInProcess.start();
    });
    after(async () => {
        await standIn?.stop();
        pool.dispose();
    });
    beforeEach(async () => standIn.clearRecord());
    afterEach(async () => {
        assert.deepEqual(await standIn.failures(), [], "the stand-in refused a host or did not know an endpoint");
    });

    const MANY_MISTAKES: Record<string, { source: string; files: string[] }> = {
        typescript: { source: path.join(REPO, "examples", "many-mistakes"), files: PROGRAM_FILES },
        yaml: { source: path.join(REPO, "examples", "yaml-many-mistakes"), files: ["Pulumi.yaml"] },
        python: { source: path.join(REPO, "examples", "python", "many-mistakes"), files: ["Pulumi.yaml", "__main__.py", "requirements.txt"] },
        go: { source: path.join(REPO, "examples", "go", "many-mistakes"), files: ["Pulumi.yaml", "go.mod", "go.sum", "main.go"] },
    };
    const stoppedWith = new Map<string, string[]>();

    for (const [language, { source, files }] of Object.entries(MANY_MISTAKES)) {
        it(`examples/many-mistakes in ${language}: \`pulumi up --skip-preview\` stops at the database, word for word as in TypeScript, before anything reaches the platform`, async () => {
            const ws = workspace();
            const dir = ws.program(`many-mistakes-${language}`, source, files);
            ws.initStack(dir, "dev");
            // A Go program is compiled (and its modules fetched) by a first preview, as on a developer's machine;
            // the deploy then reaches nothing but the stand-in.
            const offline: Record<string, string> = {};
            if (language === "go") {
                ws.preview(dir, "dev");
                offline.GOPROXY = "off";
            }
            const result = ws.up(dir, "dev", { env: { ...standIn.env(), ...offline }, exclude: [...NOT_DEPLOYABLE_HERE] });
            await assertStoppedAtRegistration(result, EXPECTED["many-mistakes"], standIn);
            // The YAML twin's project has a name of its own: compare the resource's name, not its URN.
            const said = findingsOf(result.events).map((e) => `${e.policyName} ${(e.resourceUrn ?? "").split("::").pop() ?? ""} ${e.enforcementLevel} ${e.message}`).sort();
            stoppedWith.set(language, said);
            assert.deepEqual(said, stoppedWith.get("typescript"), `${language} differs from TypeScript`);
            assert.deepEqual((await standIn.requests()).filter((r) => r.host === "api.upstash.com" && r.method !== "GET").map((r) => `${r.method} ${r.path}`), [], "the database was not created");
        });
    }

    describe("components/examples/typescript (a platform of its own, emptied by destroy)", () => {
        let ws: Workspace;
        withOwnStandIn();
        before(() => {
            ws = workspace();
        });
        for (const stack of ["dev", "prod"]) {
            it(`${stack}: deploys with no finding but the firewall left out, its audit the same; destroy leaves nothing`, async () => {
                const dir = ws.program("components-deployed", path.join(REPO, "components", "examples", "typescript"), PROGRAM_FILES);
                ws.initStack(dir, stack);
                const result = ws.up(dir, stack, { env: standIn.env(), exclude: [...NOT_DEPLOYABLE_HERE] });
                assert.equal(result.exitCode, 0, result.output);
                assert.deepEqual(triples(result.events), [NO_FIREWALL_DEPLOYED("web")]);
                assert.deepEqual(exposed(await standIn.deliveries()), stack === "dev" ? ["Vercel variable UPSTASH_REDIS_REST_TOKEN (development) (plain): redis-rest-token"] : []);
                assert.deepEqual(triples(ws.analyze(dir, { stack }).events), [NO_FIREWALL_DEPLOYED("web")]);
                assert.equal(ws.destroy(dir, stack, standIn.env()).exitCode, 0);
                assert.deepEqual(Object.entries(await standIn.inventory()).filter(([, n]) => n > 0), []);
            });
        }
    });
});
