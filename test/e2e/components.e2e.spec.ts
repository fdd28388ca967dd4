/**
 * The upstash-guard components under the real engine, the real Node.js language host and the real
 * Upstash, Vercel and Kubernetes providers: components/examples/typescript, built from the components
 * only, previews with no finding on `dev` and `prod` (a first preview: the one "can't be known" note
 * any correct program gets; an existing stack: nothing at all and nothing to change), and each
 * component swapped for its hand-written wrong twin is blocked exactly as the matching example is.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { makeExisting } from "./checkpoint";
import { REPO, Workspace, Workspaces, assertAuditEqualsPreview, findingsOf, notesOf, triples } from "./engine";
import { EXPECTED, KUBERNETES_PLAIN_TOKEN_FINDINGS, blocks } from "./expected";

const PROGRAM = path.join(REPO, "components", "examples", "typescript");

/** Twin → what it gives: the findings of the example it copies. */
const TWINS: Record<string, string[]> = {
    "no-budget": EXPECTED["no-budget"].findings,
    "plain-token-variable": EXPECTED["plain-token-variable"].findings,
    // As in examples/many-mistakes, whose project has no firewall either.
    "no-rate-limit": EXPECTED["many-mistakes"].findings.filter((f) => f.startsWith("upstash-rate-limit-public-apis ")),
    "kubernetes-plain-token": [...KUBERNETES_PLAIN_TOKEN_FINDINGS],
};

describe("the components under the real engine and providers", function () {
    this.timeout(900_000);
    // One workspace (file backend) per program: every variant is the same project and stack name.
    const pool = new Workspaces();
    const workspace = (): Workspace => pool.next();
    after(() => pool.dispose());

    for (const stack of ["dev", "prod"]) {
        describe(`stack ${stack}`, () => {
            let ws: Workspace;
            let dir: string;
            before(() => {
                ws = workspace();
                dir = ws.program(`components-${stack}`, PROGRAM, ["Pulumi.yaml", "index.ts"]);
                ws.initStack(dir, stack);
            });

            it("a first preview: no finding, one note (the database's URL is unknown until it exists), not blocked", () => {
                const result = ws.preview(dir, stack);
                assert.equal(result.exitCode, 0, result.output);
                assert.deepEqual(triples(findingsOf(result.events)), []);
                assert.deepEqual(triples(notesOf(result.events)), [`upstash-tls-required shop-components-${stack} advisory`]);
                assert.ok(result.changes.some((c) => c === "create cache") && result.changes.some((c) => c === "create app-secret"), "the components' resources are planned");
            });

            it("its existing stack: nothing found, nothing to change, in a preview and in an audit", () => {
                makeExisting(ws, dir, stack);
                const result = ws.preview(dir, stack);
                assert.deepEqual(result.changes, [], "the imported checkpoint should match the program");
                assert.equal(result.exitCode, 0, result.output);
                assert.deepEqual(triples(result.events), []);
                assertAuditEqualsPreview(ws.analyze(dir, { stack }), result);
            });
        });
    }

    for (const [twin, expected] of Object.entries(TWINS)) {
        it(`with the wrong twin ${twin}: ${expected.join("; ")}, blocked: ${blocks(expected)}`, () => {
            const ws = workspace();
            const dir = ws.program(`components-${twin}`, PROGRAM, ["Pulumi.yaml", "index.ts"]);
            ws.initStack(dir, "dev");
            ws.must(dir, ["config", "set", "twin", twin, "--stack", "dev"]);
            const result = ws.preview(dir, "dev");
            assert.deepEqual(triples(findingsOf(result.events)), [...expected].sort());
            assert.equal(result.exitCode !== 0, blocks(expected), result.output);
        });
    }
});
