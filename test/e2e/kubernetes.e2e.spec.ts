/**
 * A platform beyond Vercel under the real engine and its real provider: the Kubernetes provider is
 * the one whose source the Go module proxy serves (scripts/toolchain.sh builds it).
 * examples/kubernetes-plain-token (Pulumi YAML) puts the Redis REST token into a ConfigMap and a
 * container's plain `env` value, and, the right way, into a Secret read through `secretKeyRef`.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { makeExisting } from "./checkpoint";
import { CLIS, REPO, Workspace, assertAuditEqualsPreview, cliLabel, findingsOf, notesOf, triples } from "./engine";
import { KUBERNETES_PLAIN_TOKEN_FINDINGS } from "./expected";

const FINDINGS = [...KUBERNETES_PLAIN_TOKEN_FINDINGS];

for (const cli of CLIS) describe(`Kubernetes under the real engine and the real Kubernetes provider (${cliLabel(cli)})`, function () {
    this.timeout(600_000);
    let ws: Workspace;
    let dir: string;

    before(() => {
        ws = new Workspace(cli);
        dir = ws.program("kubernetes-plain-token", path.join(REPO, "examples", "kubernetes-plain-token"), ["Pulumi.yaml"]);
        ws.initStack(dir, "dev");
    });
    after(() => ws.dispose());

    it("finds the token in the ConfigMap and the plain env value, not in the Secret or the secretKeyRef", () => {
        const result = ws.preview(dir, "dev");
        assert.notEqual(result.exitCode, 0);
        assert.deepEqual(triples(findingsOf(result.events)), FINDINGS);
        const byResource = new Map(findingsOf(result.events).map((e) => [(e.resourceUrn ?? "").split("::").pop(), e.message]));
        assert.match(byResource.get("app-config") ?? "", /ConfigMap 'app-config'.*UPSTASH_REDIS_REST_TOKEN/s);
        assert.match(byResource.get("app") ?? "", /Deployment 'app'.*secretKeyRef/s);
        // The URLs are built from the database's endpoint, unknown until it exists: one note.
        assert.deepEqual(triples(notesOf(result.events)), ["upstash-tls-required kubernetes-plain-token-dev advisory"]);
    });

    it("finds the same on an existing stack, with nothing to change and no note, in a preview and in an audit", () => {
        makeExisting(ws, dir, "dev");
        const result = ws.preview(dir, "dev");
        assert.deepEqual(result.changes, [], "the imported checkpoint should match the program");
        assert.deepEqual(triples(result.events), FINDINGS);
        assertAuditEqualsPreview(ws.analyze(dir, { stack: "dev" }), result);
    });
});
