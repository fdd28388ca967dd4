/** The counts a report shows: totals, the stack × policy matrix, and findings by platform and resource type. */
import { ReportExemption, ReportFinding, STATUSES, StackAudit, Status } from "./model";

export type Counts = Record<Status, number>;

export function zeroCounts(): Counts {
    return { blocking: 0, advisory: 0, exempted: 0, note: 0, remediated: 0 };
}

export function countsOf(findings: Iterable<ReportFinding>): Counts {
    const counts = zeroCounts();
    for (const f of findings) {
        counts[f.status]++;
    }
    return counts;
}

/** A stack is clean when nothing blocks and nothing advises; exempted findings and notes do not count against it. */
export function isClean(counts: Counts): boolean {
    return counts.blocking === 0 && counts.advisory === 0;
}

export interface Totals extends Counts {
    exemptionsExpired: number;
    exemptionsExpiring: number;
    stacks: number;
    stacksClean: number;
    stacksWithFindings: number;
    /** Inputs that end before the engine's summary: their audit did not finish. */
    stacksUnfinished: number;
}

export function totalsOf(stacks: readonly StackAudit[], exemptions: readonly ReportExemption[]): Totals {
    const counts = countsOf(stacks.flatMap((s) => s.findings));
    const clean = stacks.filter((s) => isClean(countsOf(s.findings))).length;
    return {
        ...counts,
        exemptionsExpired: exemptions.filter((e) => e.state === "expired").length,
        exemptionsExpiring: exemptions.filter((e) => e.state === "expiring").length,
        stacks: stacks.length,
        stacksClean: clean,
        stacksWithFindings: stacks.length - clean,
        stacksUnfinished: stacks.filter((s) => !s.finished).length,
    };
}

/** The worst status among counts, for a cell's colour and its word; undefined when there is nothing. */
export function worstStatus(counts: Counts): Status | undefined {
    return STATUSES.find((s) => counts[s] > 0);
}

export interface MatrixRow {
    stack: string;
    project: string;
    total: Counts;
    /** Per policy, in the order of the report's policies. */
    cells: Counts[];
}

/** One row per stack (sorted by name), one cell per policy. */
export function matrixOf(stacks: readonly StackAudit[], policies: readonly string[]): MatrixRow[] {
    const column = new Map(policies.map((p, i) => [p, i]));
    return [...stacks]
        .sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0))
        .map((s) => {
            const cells = policies.map(() => zeroCounts());
            for (const f of s.findings) {
                const at = column.get(f.policy);
                if (at !== undefined) {
                    cells[at][f.status]++;
                }
            }
            return { stack: s.stack, project: s.project, total: countsOf(s.findings), cells };
        });
}

export interface GroupRow {
    key: string;
    counts: Counts;
}

/** Counts grouped by a key, the largest backlog (blocking, then advisory, then all) first, then by key. */
export function groupCounts(findings: readonly ReportFinding[], keyOf: (f: ReportFinding) => string): GroupRow[] {
    const groups = new Map<string, Counts>();
    for (const f of findings) {
        const key = keyOf(f);
        const counts = groups.get(key) ?? zeroCounts();
        counts[f.status]++;
        groups.set(key, counts);
    }
    return [...groups].map(([key, counts]) => ({ key, counts })).sort(byBacklog);
}

function total(c: Counts): number {
    return STATUSES.reduce((n, s) => n + c[s], 0);
}

export function byBacklog(a: GroupRow, b: GroupRow): number {
    return b.counts.blocking - a.counts.blocking || b.counts.advisory - a.counts.advisory || total(b.counts) - total(a.counts) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
