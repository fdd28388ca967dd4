/**
 * The exemptions of a stack's `--policy-pack-config`, for the CI formats to show an exempted finding
 * as such. The pack itself drops an exempted finding from the run it is configured for; a finding
 * reaches these formats when the preview or audit ran without the config (as `report` reads them),
 * and is then judged by the pack's own matching (`exemptionFor`: name or URN, `*`, through its expiry day).
 */
import { exemptReason, exemptionFor } from "../../../policies/src/framework/exemptions";
import { PolicyFinding } from "../preview/events";
import { isPreviewNote, urnParts } from "../preview/findings";
import { redactText } from "../redact";
import { ConfigExemption, configExemptions } from "../report/exemptions";

/** The reason a finding is exempted ("exempt (until 2027-03-31): …"), or undefined when it is not. */
export type ExemptionOf = (finding: PolicyFinding) => string | undefined;

/** Nothing is exempted without a config. */
export const NO_EXEMPTIONS: ExemptionOf = () => undefined;

/** The config was written for the one stack whose output is converted: its exemptions apply to every finding of it. */
const THE_STACK = { patterns: [], covers: (): boolean => true };

/**
 * A config's active exemptions as a lookup; an expired one exempts nothing (the finding blocks, as
 * the pack's own check does). Stack-wide findings without a URN and notes are never exempted.
 */
export function exemptionsOfConfig(text: string, source: string, now: Date): ExemptionOf {
    const byPolicy = new Map<string, ConfigExemption[]>();
    for (const exemption of configExemptions(text, source, THE_STACK)) {
        byPolicy.set(exemption.policy, [...(byPolicy.get(exemption.policy) ?? []), exemption]);
    }
    return (finding) => {
        const urn = finding.resourceUrn;
        const exemptions = byPolicy.get(finding.policyName);
        if (urn === undefined || exemptions === undefined || finding.kind !== "violation" || isPreviewNote(finding.message)) {
            return undefined;
        }
        const status = exemptionFor(exemptions, { name: urnParts(urn)?.name ?? urn, urn }, now);
        return status.state === "active" ? redactText(exemptReason(status.exemption)) : undefined;
    };
}
