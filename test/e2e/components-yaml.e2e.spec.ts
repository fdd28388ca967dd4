/**
 * The component package from Pulumi YAML: `pulumi package add <components/>` under the real engine,
 * the real YAML language host and the real Node.js language host (which runs the package to read its
 * schema). What it generates is what the README says.
 *
 * Not proven here, and why: previewing the YAML program (components/examples/yaml). The toolchain's
 * YAML host (pulumi-yaml v1.25.0, built on the v3.206.0 engine packages) loads schemas with its own
 * plugin host, which starts the Node.js host with a `-root` flag that the v3.248.0 Node.js host no
 * longer accepts ("flag provided but not defined: -root"); and it does not implement the `Link` call
 * that ends `pulumi package add`. Measured by hand: the same host built to use the engine's schema
 * loader (`server.NewLanguageHost(…, true)`) previews the program clean on `dev` and `prod`.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO, Workspace } from "./engine";

describe("the components from Pulumi YAML: pulumi package add", function () {
    this.timeout(600_000);
    let ws: Workspace;
    let dir: string;
    let added: { status: number; stdout: string; stderr: string };

    before(() => {
        ws = new Workspace();
        dir = ws.program("components-yaml", path.join(REPO, "components", "examples", "yaml"), ["Pulumi.yaml"]);
        added = ws.pulumi(dir, ["package", "add", path.join(REPO, "components")]);
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
});
