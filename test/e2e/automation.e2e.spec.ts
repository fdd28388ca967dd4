/**
 * The pack through the Automation API (`@pulumi/pulumi/automation`), as platform teams embed Pulumi:
 * `LocalWorkspace` + `stack.preview({ policyPacks })` under the real engine, language host and
 * providers, with the policy events read from `onEvent`. The README shows the same snippet.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { EngineEvent, LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { CLIS, DUMMY_UPSTASH_API_KEY, PACK_DIR, PolicyEvent, REPO, Workspace, cliLabel, findingsOf, notesOf, triples } from "./engine";
import { EXPECTED } from "./expected";


for (const cli of CLIS) describe(`through the Automation API (LocalWorkspace, stack.preview({ policyPacks }); ${cliLabel(cli)})`, function () {
    this.timeout(600_000);
    let ws: Workspace;

    before(() => {
        ws = new Workspace(cli);
    });
    after(() => ws.dispose());

    it("blocks examples/many-mistakes exactly as `pulumi preview --policy-pack` does", async () => {
        const dir = ws.program("automation-many-mistakes", path.join(REPO, "examples", "many-mistakes"), ["Pulumi.yaml", "index.ts"]);
        const pulumiCommand = await PulumiCommand.get({ root: path.dirname(ws.cli.binDir), skipVersionCheck: true });
        const envVars = Object.fromEntries(Object.entries(ws.env).filter((e): e is [string, string] => e[1] !== undefined));
        const stack = await LocalWorkspace.createOrSelectStack({ stackName: "dev", workDir: dir }, { pulumiCommand, envVars });
        await stack.setConfig("upstash:email", { value: "ops@example.com" });
        await stack.setConfig("upstash:apiKey", { value: DUMMY_UPSTASH_API_KEY, secret: true });
        await stack.setConfig("vercel:apiToken", { value: "000000000000000000000000", secret: true });

        const events: PolicyEvent[] = [];
        const onEvent = (event: EngineEvent): void => {
            if (event.policyEvent) {
                events.push({ ...event.policyEvent, resourceUrn: event.policyEvent.resourceUrn ?? "" });
            }
        };
        // Mandatory findings fail the preview: the Automation API raises the CLI's non-zero exit.
        await assert.rejects(stack.preview({ policyPacks: [PACK_DIR], onEvent }), /exit code|code: 1|failed/i);

        const expected = EXPECTED["many-mistakes"];
        assert.deepEqual(triples(findingsOf(events)), [...expected.findings].sort());
        assert.deepEqual(triples(notesOf(events)), [...(expected.newStackNotes ?? [])].sort());
    });
});
