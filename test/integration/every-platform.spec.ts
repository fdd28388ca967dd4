import { strict as assert } from "assert";
import { Diagnostic } from "../harness/analyzer";
import { assertNoLeak } from "../harness/expect";
import { mixedPlatformStackWithExpectations } from "../harness/mixed-stack";
import { runPreview } from "../harness/pack";

const PREVIEW_NOTE = /^can't run policy '([^']+)'/;

function findings(diagnostics: Diagnostic[]): string[] {
    return diagnostics.filter((d) => !PREVIEW_NOTE.test(d.message)).map((d) => `${d.policyName} ${d.urn}`).sort();
}

describe("every platform in one stack (issue 10: Vercel, Cloudflare Workers and Pages, Lambda, Cloud Run, Kubernetes, GitHub Actions)", () => {
    for (const state of ["new", "existing"] as const) {
        it(`finds every leak and nothing on the right way of each platform (${state === "new" ? "first preview, unknown outputs" : "known outputs"})`, async () => {
            const { fixture, resources, expected, secrets } = mixedPlatformStackWithExpectations(0, state);
            const diagnostics = await runPreview(resources);
            const want = expected.filter((e) => e.only === undefined || e.only === state).map((e) => `${e.policy} ${fixture.find(e.resource).urn}`).sort();
            assert.deepEqual([...new Set(findings(diagnostics))], want, diagnostics.map((d) => `${d.policyName}: ${d.message}`).join("\n"));
            assertNoLeak(diagnostics, secrets);
        });
    }
});

describe("the mixed-platform stack builder", () => {
    it("grows by whole groups to the requested size, every group's findings expected", () => {
        const small = mixedPlatformStackWithExpectations(0, "new");
        const large = mixedPlatformStackWithExpectations(500, "new");
        assert.ok(large.resources.length >= 500);
        assert.equal(large.expected.length % small.expected.length, 0);
        assert.equal(large.expected.length / small.expected.length, large.resources.length / small.resources.length);
    });
});
