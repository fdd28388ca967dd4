/**
 * Which findings of a preview or an audit become exemptions in a baseline, and why the others do
 * not. A baseline exempts one policy for one resource, named by its full URN: the narrowest
 * exemption the pack accepts, so that anything new (another resource, another stack) still counts.
 */
import { RULES } from "../../../policies/src/rules";
import { PolicyFinding } from "../preview/events";
import { isPreviewNote, urnParts } from "../preview/findings";
import { MAX_RESOURCE_LENGTH } from "./limits";

/** One exemption to write: this policy, this resource. */
export interface BaselineEntry {
    policyName: string;
    urn: string;
}

/** Why a policy event is not baselined; each has one sentence in `SKIP_REASONS`. */
export type SkipReason =
    | "advisory"
    | "excepted"
    | "note"
    | "remediation"
    | "other-policy"
    | "other-level"
    | "no-resource"
    | "stack-resource"
    | "hidden-urn"
    | "wildcard-urn"
    | "long-urn";

/** A skipped event, named only by what is safe to show: the policy and the redacted URN. */
export interface Skipped {
    reason: SkipReason;
    policyName: string;
    urn: string | undefined;
}

export interface BaselinePlan {
    /** One per (policy, URN), sorted by policy in the pack's order, then by URN. */
    entries: BaselineEntry[];
    skipped: Skipped[];
}

export const SKIP_REASONS: Readonly<Record<SkipReason, string>> = {
    advisory: "advisory: it does not block (--include-advisory baselines advisory findings too)",
    excepted: "already excepted by a policy exception of the config the run was given (it blocks nothing)",
    note: "a note that a policy could not judge a value unknown during preview, not a finding",
    remediation: "a remediation: the policy fixes the resource itself, there is nothing to exempt",
    "other-policy": "not a policy of upstash-guard: its exemptions belong in the config of its own pack",
    "other-level": "an enforcement level that neither blocks nor advises",
    "no-resource": "a finding on no resource, which an exemption cannot name",
    "stack-resource": "on the stack resource itself, where the pack says things about the whole run, not about a resource to exempt",
    "hidden-urn": "its URN looks like it may hold a credential, and a baseline never holds any part of one: exempt it by hand or rename the resource",
    "wildcard-urn": "its URN holds `*`, which the pack reads as a wildcard matching other resources: exempt it by hand",
    "long-urn": "its URN is longer than an exemption's `resource` may be",
};

const POLICY_ORDER: ReadonlyMap<string, number> = new Map(RULES.map(({ info }, index) => [info.name, index]));

/** The type of a stack's own resource, to which the engine attributes what a policy says about the whole stack. */
const STACK_TYPE = "pulumi:pulumi:Stack";

/** Levels at which a finding blocks the deploy (`remediate` blocks when the fix did not take). */
const BLOCKING_LEVELS: ReadonlySet<string> = new Set(["mandatory", "remediate"]);

function skipReasonOf(finding: PolicyFinding, includeAdvisory: boolean): SkipReason | undefined {
    if (finding.kind === "remediation") {
        return "remediation";
    }
    if (isPreviewNote(finding.message)) {
        return "note";
    }
    if (finding.exceptions.length > 0) {
        return "excepted";
    }
    if (!POLICY_ORDER.has(finding.policyName)) {
        return "other-policy";
    }
    if (finding.enforcementLevel === "advisory") {
        if (!includeAdvisory) {
            return "advisory";
        }
    } else if (!BLOCKING_LEVELS.has(finding.enforcementLevel)) {
        return "other-level";
    }
    if (finding.resourceUrn === undefined) {
        return "no-resource";
    }
    if (urnParts(finding.resourceUrn)?.type === STACK_TYPE) {
        return "stack-resource";
    }
    if (finding.resourceUrnRedacted) {
        return "hidden-urn";
    }
    if (finding.resourceUrn.includes("*")) {
        return "wildcard-urn";
    }
    if (finding.resourceUrn.length > MAX_RESOURCE_LENGTH) {
        return "long-urn";
    }
    return undefined;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
    const byPolicy = (POLICY_ORDER.get(a.policyName) ?? 0) - (POLICY_ORDER.get(b.policyName) ?? 0);
    return byPolicy !== 0 ? byPolicy : a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0;
}

/** The exemptions a baseline of these findings holds, and the events it leaves out with their reasons. */
export function planBaseline(findings: readonly PolicyFinding[], includeAdvisory: boolean): BaselinePlan {
    const entries = new Map<string, BaselineEntry>();
    const skipped: Skipped[] = [];
    for (const finding of findings) {
        const reason = skipReasonOf(finding, includeAdvisory);
        if (reason !== undefined) {
            skipped.push({ reason, policyName: finding.policyName, urn: finding.resourceUrn });
            continue;
        }
        const urn = finding.resourceUrn ?? "";
        entries.set(JSON.stringify([finding.policyName, urn]), { policyName: finding.policyName, urn });
    }
    return { entries: [...entries.values()].sort(compareEntries), skipped };
}
