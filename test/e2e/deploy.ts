/**
 * What the deploy suites share: the stand-in of the Upstash and Vercel APIs (standin/), and what the
 * real providers here cannot deploy.
 */
import { strict as assert } from "assert";
import type { Delivery } from "../../standin/src";
import { StandInProcess } from "../../standin/src/process";
import { leakedFragments } from "../harness/fake-credentials";
import { PreviewResult, findingsOf, triples } from "./engine";
import { Expected } from "./expected";

export { StandInProcess };

/**
 * Left out of every deploy (`--exclude`), each for a reason the suites pin:
 *  - `vercel.FirewallConfig`: the real Vercel provider 5.4.1 panics computing the resource's id on
 *    create, on read and on import (`state["project_id"]` in pulumi-vercel's `resources.go`; the
 *    bridge hands it Pulumi's names; pulumiverse/pulumi-vercel#265), so no deploy of one succeeds;
 *  - Kubernetes resources: there is no cluster here, and the stand-in serves Upstash and Vercel only.
 */
export const NOT_DEPLOYABLE_HERE: readonly string[] = ["**firewallConfig:FirewallConfig**", "**kubernetes:**"];

/** What leaving the firewall out makes the end of a run say of a project it protects: there is none. */
export const NO_FIREWALL_DEPLOYED = (project: string): string => `upstash-rate-limit-public-apis ${project} advisory`;

/** Deliveries of credentials to anything but a secret place (a plain or browser-exposed one), as `place (kind): credential`. */
export function exposed(deliveries: readonly Delivery[]): string[] {
    return deliveries.filter((d) => d.placeKind !== "secret").map((d) => `${d.place} (${d.placeKind}): ${d.credential.kind}`);
}

/**
 * An update stopped when a resource registered: non-zero exit, at least one mandatory finding, every
 * finding one the example's preview reports too (the engine stops at the first resource it finds
 * something on, so fewer are said), nothing of a credential printed.
 */
export async function assertStoppedAtRegistration(result: PreviewResult, expected: Expected, standIn: StandInProcess): Promise<void> {
    const found = triples(findingsOf(result.events));
    const possible = new Set([...expected.findings, ...(expected.existingFindings ?? [])]);
    assert.notEqual(result.exitCode, 0, result.output);
    assert.ok(found.some((f) => f.endsWith(" mandatory")), `no mandatory finding: ${found.join("; ")}`);
    for (const finding of found) {
        assert.ok(possible.has(finding), `${finding} is not among what a preview of the program reports`);
    }
    assert.deepEqual(exposed(await standIn.deliveries()), [], "a credential reached a plain or browser-exposed place");
    assert.deepEqual(leakedFragments(withoutSdkDebugMessages(result.output), await standIn.credentialValues()), [], "a credential was printed");
}

/**
 * What `pulumi up --json` prints, without the Node.js SDK's debug messages. The engine streams them as
 * `diagnosticEvent`s of severity `debug` (a terminal shows them only with `--debug`), and the SDK's
 * "RegisterResource RPC finished" message lists a resource's outputs, secrets in plaintext: a JSON
 * stream of an update must not be kept where others read it. The pack prints none of them.
 */
export function withoutSdkDebugMessages(output: string): string {
    return output
        .split("\n")
        .filter((line) => !(line.includes('"diagnosticEvent"') && line.includes('"severity":"debug"')))
        .join("\n");
}
