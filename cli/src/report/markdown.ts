/**
 * `--format markdown`: the report in short, for a CI job summary (`$GITHUB_STEP_SUMMARY`, at most
 * 1 MiB per step): totals, the worst stacks and policies, and the exemptions that need a decision.
 * Bounded whatever the fleet's size: at most `TOP` rows per table and `CELL` characters per cell.
 */
import { Report } from "./build";
import { ReportExemption } from "./model";
import { GroupRow, groupCounts } from "./summary";

export const TOP = 10;
const CELL = 160;

/** Text as one table cell: no line break, no pipe, no HTML or Markdown that would do anything, cut to a bounded length. */
export function markdownCell(text: string): string {
    const flat = text.replace(/\s+/g, " ").trim();
    const cut = flat.length > CELL ? `${flat.slice(0, CELL - 1)}…` : flat;
    return cut.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/([\\`*_[\]|~])/g, "\\$1");
}

function n(value: number): string {
    return value.toLocaleString("en-US");
}

function groupLines(title: string, label: string, rows: readonly GroupRow[]): string[] {
    const top = rows.filter((r) => r.counts.blocking + r.counts.advisory + r.counts.exempted > 0).slice(0, TOP);
    if (top.length === 0) {
        return [];
    }
    const more = rows.length - top.length;
    return [
        `### ${title}`,
        "",
        `| ${label} | blocking | advisory | exempted |`,
        "|---|---:|---:|---:|",
        ...top.map((r) => `| ${markdownCell(r.key)} | ${n(r.counts.blocking)} | ${n(r.counts.advisory)} | ${n(r.counts.exempted)} |`),
        ...(more > 0 ? ["", `and ${n(more)} more.`] : []),
        "",
    ];
}

/** Per set of stacks the configs were given for: how many exemptions, and how many findings they exempt. */
function scopeLines(exemptions: readonly ReportExemption[]): string[] {
    const rows = new Map<string, { exemptions: number; covers: number }>();
    for (const x of exemptions) {
        const row = rows.get(x.givenFor) ?? { exemptions: 0, covers: 0 };
        rows.set(x.givenFor, { exemptions: row.exemptions + 1, covers: row.covers + (x.state === "expired" ? 0 : x.covers) });
    }
    const sorted = [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const top = sorted.slice(0, TOP);
    return [
        "| exemptions given for | exemptions | findings exempted |",
        "|---|---:|---:|",
        ...top.map(([givenFor, row]) => `| ${markdownCell(givenFor)} | ${n(row.exemptions)} | ${n(row.covers)} |`),
        ...(sorted.length > top.length ? ["", `and ${n(sorted.length - top.length)} more.`] : []),
        "",
    ];
}

function exemptionLines(exemptions: readonly ReportExemption[], expiringDays: number): string[] {
    const due = exemptions.filter((x) => x.state !== "active");
    const given = exemptions.length === 0 ? [] : scopeLines(exemptions);
    if (due.length === 0) {
        return ["### Exemptions", "", ...given, `None expired, none expiring within ${expiringDays} days.`, ""];
    }
    const top = due.slice(0, TOP);
    return [
        "### Exemptions",
        "",
        ...given,
        `#### Expired or expiring within ${expiringDays} days`,
        "",
        "| state | expires | policy | resource | given for | reason | findings |",
        "|---|---|---|---|---|---|---:|",
        ...top.map((x) => `| **${x.state}** | ${markdownCell(x.expires)} | ${markdownCell(x.policy)} | ${markdownCell(x.resource)} | ${markdownCell(x.givenFor)} | ${markdownCell(x.reason)} | ${n(x.covers)} |`),
        ...(due.length > top.length ? ["", `and ${n(due.length - top.length)} more.`] : []),
        "",
    ];
}

export function reportMarkdown(report: Report): string {
    const t = report.totals;
    return [
        "## upstash-guard fleet report",
        "",
        `${n(t.stacks)} stack${t.stacks === 1 ? "" : "s"} audited, generated ${report.generatedAt}.`,
        "",
        "| blocking | advisory | exempted | exemptions expired | expiring | stacks clean | stacks with findings |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        `| ${n(t.blocking)} | ${n(t.advisory)} | ${n(t.exempted)} | ${n(t.exemptionsExpired)} | ${n(t.exemptionsExpiring)} | ${n(t.stacksClean)} | ${n(t.stacksWithFindings)} |`,
        "",
        ...(t.stacksUnfinished > 0 ? [`**${n(t.stacksUnfinished)} audit${t.stacksUnfinished === 1 ? "" : "s"} ended before the engine's summary: findings may be missing.**`, ""] : []),
        ...groupLines("Worst stacks", "stack", groupCounts(report.findings, (f) => f.stack)),
        ...groupLines("Worst policies", "policy", groupCounts(report.findings, (f) => f.policy)),
        ...exemptionLines(report.exemptions, report.expiringDays),
    ].join("\n");
}
