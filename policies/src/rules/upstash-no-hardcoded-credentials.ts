import { aCredential, shownText } from "../analysis/credentials";
import { resourceLabel } from "../analysis/describe";
import { IndexedResource, StackIndex, credentialsByKeyOrShape } from "../stack/flow";
import { isUnknown } from "../analysis/values";
import { CommonConfig } from "../framework/config";
import { Outcome, RuleDefinition, StackFinding } from "../framework/rule";

export type NoHardcodedCredentialsConfig = CommonConfig;

/** The name that says what a leaf holds: the place's key for values of places, else the field name. */
function namesByPath(resource: IndexedResource): Map<string, string> {
    const names = new Map<string, string>();
    for (const place of resource.places) {
        if (!isUnknown(place.key)) {
            names.set(place.valuePath, place.key);
        }
    }
    return names;
}

export function checkHardcoded(index: StackIndex): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    for (const resource of index.judged) {
        if (index.isCredentialOrigin(resource)) {
            continue;
        }
        const names = namesByPath(resource);
        const leaves = resource.leaves;
        const leavesPerProperty = new Map<string, number>();
        leaves.forEach((leaf) => leavesPerProperty.set(leaf.property, (leavesPerProperty.get(leaf.property) ?? 0) + 1));
        for (const leaf of leaves) {
            // A property's dependencies vouch for a value only when it is the property's one value; in a list
            // (`variables[]`) or map they say nothing about which entry came from the Upstash resource.
            const fedFromUpstash = leavesPerProperty.get(leaf.property) === 1 && index.originsFeeding(resource, leaf.property).length > 0;
            if (isUnknown(leaf.value) || fedFromUpstash || index.exactSecretsIn(leaf.value).length > 0) {
                continue;
            }
            // Read from another stack, where that stack's own Upstash resource made it (an audit shows the reference).
            if (index.readThroughStackReference(resource, leaf.property, leaf.value)) {
                continue;
            }
            const name = names.get(leaf.path) ?? leaf.field;
            const shaped = credentialsByKeyOrShape(leaf.value, name).find((f) => f.evidence === "shape");
            // While an update registers resources, a database's own credentials are not shown yet: one of them is no paste.
            if (!shaped || index.mayBeUnshownOutput(shaped.credential)) {
                continue;
            }
            const where = names.has(leaf.path) ? `variable ${shownText(name)}` : `field ${leaf.path}`;
            outcome.findings.push({
                urn: resource.urn,
                name: resource.name,
                path: leaf.path,
                message:
                    `${resourceLabel(resource)} ${where} holds a value shaped like ${aCredential(shaped.credential)} ` +
                    "that does not come from an Upstash resource in this stack: it looks hard-coded or pasted into config. " +
                    "Rotate it in the Upstash console and wire the new one from the RedisDatabase, VectorIndex or Search resource, or from a secret store. " +
                    "A preview does not show policies values read through a StackReference or a resource's .get() (pulumi/pulumi#3950; an audit shows StackReferences): " +
                    "if it really comes that way, add an exemption for this resource with that reason.",
            });
        }
    }
    return outcome;
}

export const noHardcodedCredentials: RuleDefinition<NoHardcodedCredentialsConfig> = {
    info: {
        name: "upstash-no-hardcoded-credentials",
        description: "Upstash credentials must not be hard-coded or pasted into config; wire them from the Upstash resources that create them.",
        severity: "critical",
        enforcementLevel: "advisory",
        practice: "Never hard-code Upstash credentials; obtain them from the resource or a secret manager so they can be rotated.",
        tags: ["upstash", "secrets", "hard-coded"],
        remediationSteps:
            "Rotate the credential, then pass the Upstash resource's output (e.g. `db.restToken`) or a secret store reference instead of a literal. " +
            "Values that arrive through a StackReference look like literals to policies: exempt such resources with a reason. " +
            "With the upstash-guard components: pass `StageRedisDatabase`'s outputs (`restToken`) to the input `restToken` of `VercelRedisVariables` or `KubernetesRedisSecret`.",
        gate: {
            beforeTheStep: "a value shaped like a credential that no Upstash resource registered so far hands out (a QStash token or signing key; a Redis, Vector or Search token in a run without such a database)",
            afterTheSteps: "a token shaped like those of a database of the stack, told apart from the database's own only by its value",
        },
    },
    configProperties: () => ({}),
    checkStack: (index) => checkHardcoded(index),
    checkRegistration: (index) => checkHardcoded(index),
};
