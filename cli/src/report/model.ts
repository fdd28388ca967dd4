/**
 * What a fleet report is made of, once the inputs are read: every value here has been through the
 * same redaction as SARIF (`../redact`), so nothing below can hold any part of a credential.
 */

/** What a finding means for the stack today, in the order the report ranks them (worst first). */
export const STATUSES = ["blocking", "advisory", "exempted", "note", "remediated"] as const;
export type Status = (typeof STATUSES)[number];

/** One stack's audit (or preview) as read from one input file. */
export interface StackAudit {
    /** The stack's name as the report shows it: the label given on the command line, or `<project>/<stack>` from the URNs. */
    stack: string;
    project: string;
    findings: ReportFinding[];
    /** The engine's closing summary was seen: the audit ran to its end. */
    finished: boolean;
}

export interface ReportFinding {
    stack: string;
    project: string;
    policy: string;
    /** `critical`, `high`, … from the event or the pack's metadata; empty when unknown. */
    severity: string;
    status: Status;
    /** Platform: the type token's package (`vercel`, `upstash`, `kubernetes`), or `stack` for findings on no resource. */
    platform: string;
    /** The resource's own type token, or empty. */
    type: string;
    /** The resource's name, or empty for a stack-wide finding. */
    resource: string;
    urn: string;
    message: string;
    /** When status is `exempted`: the reason of the active exemption; when an expired exemption no longer applies: its expiry. */
    exemption: string;
}

/** An exemption of a policy pack config, with what the report found it covering. */
export interface ReportExemption {
    policy: string;
    resource: string;
    reason: string;
    /** `YYYY-MM-DD`, or empty when it never expires. */
    expires: string;
    /** Days from the report's date to the expiry (0: expires today, negative: expired); undefined without expiry. */
    daysLeft: number | undefined;
    state: "expired" | "expiring" | "active";
    /** Findings of this report it covers (active) or would cover (expired). */
    covers: number;
    /** Stacks those findings are in. */
    stacks: string[];
    /** The stacks its config was given for (`STACK=FILE`), or "every stack". */
    givenFor: string;
}

/** What a policy's findings link to and say about the fix: the pack's metadata, as SARIF has it. */
export interface PolicyMeta {
    name: string;
    severity: string;
    description: string;
    docsUrl: string;
    /** How to fix it, naming the component and input that do (the pack's `remediationSteps`). */
    fix: string;
}
