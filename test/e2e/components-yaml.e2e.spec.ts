/**
 * The component package from Pulumi YAML: `pulumi package add <components/>` under the real engine,
 * the real YAML language host and the real Node.js language host (which runs the package to read its
 * schema). What it generates is what the README says. The YAML host (pulumi-yaml v1.25.0) does not
 * implement the `Link` call that ends `pulumi package add`, so the test writes the `packages:` entry a
 * Pulumi release records; then the program previews with no finding on `dev` and `prod`, on a first
 * preview (the one "can't be known" TLS note) and on its existing stack (nothing, and nothing to change).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { makeExisting } from "./checkpoint";
import { REPO, Workspace, assertAuditEqualsPreview, findingsOf, notesOf, triples } from "./engine";
import { writeHandWired } from "./programs";

const COMPONENTS = path.join(REPO, "components");

describe("the components from Pulumi YAML: pulumi package add", function () {
    this.timeout(600_000);
    let ws: Workspace;
    let dir: string;
    let added: { status: number; stdout: string; stderr: string };

    before(() => {
        ws = new Workspace();
        dir = ws.program("components-yaml", path.join(REPO, "components", "examples", "yaml"), ["Pulumi.yaml"]);
        added = ws.pulumi(dir, ["package", "add", COMPONENTS]);
    });
    after(() => ws.dispose());

    it("runs the package through the Node.js host and generates its YAML package declaration", () => {
        assert.match(added.stdout, /Successfully generated an SDK for the upstash-guard-components package at .*sdks/);
        const declaration = path.join(dir, "sdks", "upstash-guard-components", "upstash-guard-components-0.1.0.yaml");
        assert.equal(fs.readFileSync(declaration, "utf8"), "packageDeclarationVersion: 1\nname: upstash-guard-components\nversion: 0.1.0\n");
    });

    it("stops at linking, which the toolchain's YAML host does not implement (so Pulumi.yaml gets no packages: entry)", () => {
        assert.notEqual(added.status, 0);
        assert.match(added.stderr, /linking package: method Link not implemented/);
        assert.doesNotMatch(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"), /^packages:/m);
    });

    for (const stack of ["dev", "prod"]) {
        it(`previews ${stack} with the package: no finding, one note on a first preview; nothing at all on its existing stack`, () => {
            // What `pulumi package add` of a local folder records in Pulumi.yaml (workspace.Project.AddPackage).
            const project = path.join(dir, "Pulumi.yaml");
            if (!/^packages:/m.test(fs.readFileSync(project, "utf8"))) {
                fs.appendFileSync(project, `packages:\n  upstash-guard-components: ${COMPONENTS}\n`);
            }
            ws.initStack(dir, stack);
            const first = ws.preview(dir, stack);
            assert.equal(first.exitCode, 0, first.output);
            assert.deepEqual(triples(findingsOf(first.events)), []);
            assert.deepEqual(triples(notesOf(first.events)), [`upstash-tls-required shop-components-yaml-${stack} advisory`]);
            assert.ok(first.changes.includes("create cache") && first.changes.includes("create app-secret"), "the components run in the Node.js host and declare their resources");

            makeExisting(ws, dir, stack);
            const existing = ws.preview(dir, stack);
            assert.deepEqual(existing.changes, [], "the imported checkpoint should match the program");
            assert.equal(existing.exitCode, 0, existing.output);
            assert.deepEqual(triples(existing.events), []);
            assertAuditEqualsPreview(ws.analyze(dir, { stack }), existing);
        });
    }

    it("a component's token output wired by hand into a plain variable under a neutral key: blocked at the first preview, on its existing stack and in an audit", () => {
        const wired = writeHandWired(ws);
        ws.initStack(wired, "dev");
        const expected = ["upstash-credentials-only-in-secret-env-vars cacheSecret mandatory"];
        const first = ws.preview(wired, "dev");
        assert.notEqual(first.exitCode, 0, first.output);
        assert.deepEqual(triples(first.events), expected);
        assert.match(
            first.events[0].message,
            /ProjectEnvironmentVariable 'cacheSecret' variable CACHE_SECRET carries a credential of RedisDatabase 'cache' "shop-dev" out of component StageRedisDatabase 'cache' \(its restToken, readOnlyRestToken or password; which one is not known until the update\)/,
        );
        makeExisting(ws, wired, "dev");
        const existing = ws.preview(wired, "dev");
        assert.deepEqual(existing.changes, [], "the imported checkpoint should match the program");
        assert.deepEqual(triples(existing.events), expected);
        assert.match(existing.events[0].message, /carries the Upstash Redis REST token of RedisDatabase 'cache' "shop-dev"/);
        assertAuditEqualsPreview(ws.analyze(wired, { stack: "dev" }), existing);
    });
});
