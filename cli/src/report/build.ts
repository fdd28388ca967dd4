/** Everything a report shows, assembled from the read inputs; pure, so the same inputs give the same report. */
import { PolicyFinding } from "../preview/events";
import { ConfigExemption, applyExemptions, reportExemptions } from "./exemptions";
import { stackFindings } from "./findings";
import { History } from "./history";
import { policiesOf } from "./meta";
import { PolicyMeta, ReportExemption, ReportFinding, StackAudit } from "./model";
import { Totals, totalsOf } from "./summary";

export interface StackInput {
    stack: string;
    project: string;
    findings: readonly PolicyFinding[];
    finished: boolean;
}

export interface ReportOptions {
    /** The report's time: days left are counted from its (UTC) day. */
    generatedAt: Date;
    expiringDays: number;
}

export interface Report {
    generatedAt: string;
    expiringDays: number;
    policies: PolicyMeta[];
    stacks: StackAudit[];
    findings: ReportFinding[];
    exemptions: ReportExemption[];
    totals: Totals;
    /** The history including this run, when `--history` was given. */
    history: History | undefined;
}

function byStack(a: StackInput, b: StackInput): number {
    return a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0;
}

export function buildReport(inputs: readonly StackInput[], exemptions: readonly ConfigExemption[], options: ReportOptions, history?: History): Report {
    const severities = new Map(policiesOf([]).map((p) => [p.name, p.severity]));
    const read = [...inputs].sort(byStack).map((input) => ({ input, findings: stackFindings(input.findings, input.stack, input.project, severities) }));
    const coverage = applyExemptions(
        read.flatMap((r) => r.findings),
        exemptions,
        options.generatedAt,
    );
    let at = 0;
    const stacks: StackAudit[] = read.map(({ input, findings }) => {
        const own = coverage.findings.slice(at, at + findings.length);
        at += findings.length;
        return { stack: input.stack, project: input.project, findings: own, finished: input.finished };
    });
    const listed = reportExemptions(exemptions, coverage, options.generatedAt, options.expiringDays);
    return {
        generatedAt: options.generatedAt.toISOString(),
        expiringDays: options.expiringDays,
        policies: policiesOf(coverage.findings.map((f) => f.policy)),
        stacks,
        findings: coverage.findings,
        exemptions: listed,
        totals: totalsOf(stacks, listed),
        history,
    };
}
