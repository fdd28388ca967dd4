/**
 * The components from Python and Go: `pulumi package add <components/>` in components/examples/python
 * and components/examples/go, under the real engine, the real Python and Go hosts and the Node.js
 * host that runs the component package. What it generates and links is checked; the programs preview
 * with nothing found on `dev` and `prod` (a first preview: the one "can't be known" TLS note; the
 * existing stack and its audit: nothing at all and nothing to change); and the database's token wired
 * by hand into a plain variable under a neutral key (config `twin: hand-wired`) is blocked at the
 * first preview, in each language. Pinned CLI, as components.e2e.spec.ts.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { firstPreviewThenExisting } from "./checkpoint";
import { REPO, Workspace, assertAuditEqualsPreview, findingsOf, notesOf, triples } from "./engine";

const COMPONENTS = path.join(REPO, "components");

interface Language {
    name: "python" | "go";
    files: string[];
    /** How the hand-wired variable's provenance reads: what the language's SDK told the engine the token depends on. */
    provenance: string;
    /** What `pulumi package add` must have generated and linked in the program's folder. */
    assertGenerated(dir: string, added: { status: number; stdout: string; stderr: string }): void;
}

const LANGUAGES: Language[] = [
    {
        name: "python",
        files: ["Pulumi.yaml", "__main__.py", "requirements.txt"],
        // The Python SDK gives a remote component's output the dependencies the engine returned for it
        // (RegisterResourceResponse.propertyDependencies: the component's own `restToken` depends on its
        // RedisDatabase), so the variable's value depends on the database itself, as with a local
        // TypeScript component. The Node.js and Go SDKs (and YAML) make it depend on the component.
        provenance: `RedisDatabase 'cache' "shop-hand-wired"`,
        assertGenerated(dir, added) {
            assert.equal(added.status, 0, added.stderr);
            const sdk = path.join(dir, "sdks", "upstash-guard-components", "pulumi_upstash_guard_components");
            for (const module of ["stage_redis_database.py", "vercel_redis_variables.py", "vercel_rate_limit.py", "kubernetes_redis_secret.py"]) {
                assert.ok(fs.existsSync(path.join(sdk, module)), module);
            }
            // The token outputs are typed as Pulumi secrets' carriers in the generated classes too.
            assert.match(fs.readFileSync(path.join(sdk, "stage_redis_database.py"), "utf8"), /def rest_token\(self\) -> pulumi\.Output\[_builtins\.str\]/);
            // Linked: the SDK is a requirement of the program, installed into its virtualenv only.
            assert.match(fs.readFileSync(path.join(dir, "requirements.txt"), "utf8"), /^sdks\/upstash-guard-components$/m);
            assert.match(added.stdout, /import pulumi_upstash_guard_components as upstash_guard_components/);
            const sitePackages = fs.readdirSync(path.join(dir, "venv", "lib")).map((python) => path.join(dir, "venv", "lib", python, "site-packages"));
            assert.ok(sitePackages.some((d) => fs.readdirSync(d).includes("pulumi_upstash_guard_components-0.1.0.dist-info")), "installed into the program's virtualenv");
        },
    },
    {
        name: "go",
        files: ["Pulumi.yaml", "main.go", "go.mod", "go.sum"],
        provenance: `RedisDatabase 'cache' "shop-hand-wired" out of component StageRedisDatabase 'cache'`,
        assertGenerated(dir, added) {
            assert.equal(added.status, 0, added.stderr);
            const sdk = path.join(dir, "sdks", "upstash-guard-components");
            assert.match(fs.readFileSync(path.join(sdk, "go.mod"), "utf8"), /^module example\.com\/pulumi-upstash-guard-components\/sdk\/go$/m);
            for (const file of ["stageRedisDatabase.go", "vercelRedisVariables.go", "vercelRateLimit.go", "kubernetesRedisSecret.go"]) {
                assert.ok(fs.existsSync(path.join(sdk, "upstashguardcomponents", file)), file);
            }
            assert.match(fs.readFileSync(path.join(sdk, "upstashguardcomponents", "stageRedisDatabase.go"), "utf8"), /RestToken pulumi\.StringOutput `pulumi:"restToken"`/);
            // Linked: the program's go.mod points the SDK's module at the generated folder.
            assert.match(fs.readFileSync(path.join(dir, "go.mod"), "utf8"), /^replace example\.com\/pulumi-upstash-guard-components\/sdk\/go => \.\/sdks\/upstash-guard-components$/m);
        },
    },
];

for (const language of LANGUAGES) {
    describe(`the components from ${language.name === "go" ? "Go" : "Python"}: pulumi package add, under the real engine (pulumi v3.248.0)`, function () {
        this.timeout(900_000);
        let ws: Workspace;
        let dir: string;
        let added: { status: number; stdout: string; stderr: string };
        const project = `shop-components-${language.name}`;

        before(() => {
            ws = new Workspace();
            dir = ws.program(project, path.join(COMPONENTS, "examples", language.name), language.files);
            added = ws.pulumi(dir, ["package", "add", COMPONENTS]);
        });
        after(() => ws.dispose());

        it("generates the package's SDK through the Node.js host and links it into the program", () => {
            assert.match(added.stdout, /Successfully generated an SDK for the upstash-guard-components package at .*sdks/);
            language.assertGenerated(dir, added);
            assert.match(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"), new RegExp(`^packages:\\n  upstash-guard-components: ${COMPONENTS}$`, "m"));
        });

        for (const stack of ["dev", "prod"]) {
            it(`previews ${stack}: no finding, one note on a first preview; nothing at all on its existing stack and in its audit`, () => {
                ws.initStack(dir, stack);
                const { first } = firstPreviewThenExisting(ws, dir, stack);
                assert.equal(first.exitCode, 0, first.output);
                assert.deepEqual(triples(findingsOf(first.events)), []);
                assert.deepEqual(triples(notesOf(first.events)), [`upstash-tls-required ${project}-${stack} advisory`]);
                assert.ok(first.changes.includes("create cache") && first.changes.includes("create redis-url"), "the components run in the Node.js host and declare their resources");
                const existing = ws.preview(dir, stack);
                assert.deepEqual(existing.changes, [], "the imported checkpoint should match the program");
                assert.equal(existing.exitCode, 0, existing.output);
                assert.deepEqual(triples(existing.events), []);
                assertAuditEqualsPreview(ws.analyze(dir, { stack }), existing);
            });
        }

        it("a component's token output wired by hand into a plain variable under a neutral key: blocked at the first preview", () => {
            ws.initStack(dir, "hand-wired");
            ws.must(dir, ["config", "set", "twin", "hand-wired", "--stack", "hand-wired"]);
            const result = ws.preview(dir, "hand-wired");
            assert.notEqual(result.exitCode, 0, result.output);
            assert.deepEqual(triples(findingsOf(result.events)), ["upstash-credentials-only-in-secret-env-vars cache-secret mandatory"]);
            assert.ok(
                findingsOf(result.events)[0].message.includes(
                    `ProjectEnvironmentVariable 'cache-secret' variable CACHE_SECRET carries a credential of ${language.provenance} (its restToken, readOnlyRestToken or password; which one is not known until the update)`,
                ),
                findingsOf(result.events)[0].message,
            );
        });
    });
}
