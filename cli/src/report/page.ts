/**
 * The report as one self-contained HTML file: no request of any kind (no script, style, font or
 * image from elsewhere), one inline stylesheet and one inline script allowed by hash in the page's
 * Content-Security-Policy, and every input text escaped. Counts, matrix, charts and exemptions are
 * HTML already; the script adds filtering of the list, sorting of the matrix and the URL fragment.
 */
import { createHash } from "crypto";
import { Report } from "./build";
import { burnDownSvg } from "./chart";
import { reportClient } from "./client";
import { escapeHtml, jsonForScript } from "./escape";
import { burnDown } from "./history";
import { PolicyMeta, ReportExemption, STATUSES, Status } from "./model";
import { STYLE } from "./style";
import { Counts, GroupRow, MatrixRow, groupCounts, matrixOf, worstStatus } from "./summary";

const SCRIPT = `(${reportClient.toString()})();`;

function sha256(text: string): string {
    return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** Nothing may load or connect; only our own inline style and script run. */
export function contentSecurityPolicy(): string {
    return `default-src 'none'; script-src ${sha256(SCRIPT)}; style-src ${sha256(STYLE)}; img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'`;
}

const e = escapeHtml;

function number(n: number): string {
    return n.toLocaleString("en-US");
}

/** A filter link, as the script reads it from the URL fragment. */
function filterHref(filters: Record<string, string>): string {
    return `#${Object.entries(filters)
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join("&")}`;
}

function totalsSection(report: Report): string {
    const t = report.totals;
    const item = (cls: string, label: string, value: number, id: string): string => `<div class="${cls}"><dt>${label}</dt><dd data-total="${id}">${number(value)}</dd></div>`;
    return [
        '<section aria-labelledby="totals-heading"><h2 id="totals-heading">Totals</h2><dl class="totals">',
        item("t-blocking", "Blocking findings", t.blocking, "blocking"),
        item("t-advisory", "Advisory findings", t.advisory, "advisory"),
        item("t-exempted", "Exempted findings", t.exempted, "exempted"),
        item("t-expired", "Exemptions expired", t.exemptionsExpired, "exemptions-expired"),
        item("t-expiring", `Exemptions expiring within ${report.expiringDays} days`, t.exemptionsExpiring, "exemptions-expiring"),
        item("t-stacks", "Stacks", t.stacks, "stacks"),
        item("t-clean", "Stacks clean", t.stacksClean, "stacks-clean"),
        item("t-dirty", "Stacks with findings", t.stacksWithFindings, "stacks-with-findings"),
        "</dl>",
        t.stacksUnfinished > 0 ? `<p><span class="badge badge-blocking">incomplete</span> ${number(t.stacksUnfinished)} audit${t.stacksUnfinished === 1 ? "" : "s"} ended before the engine's summary: findings may be missing.</p>` : "",
        `<p class="muted">Also ${number(t.note)} note${t.note === 1 ? "" : "s"} (a policy could not judge a value) and ${number(t.remediated)} remediation${t.remediated === 1 ? "" : "s"} (fixed by the policy itself). A stack is clean when nothing blocks or advises.</p>`,
        "</section>",
    ].join("\n");
}

function exemptionRow(x: ReportExemption): string {
    const left = x.daysLeft === undefined ? "never expires" : x.daysLeft < 0 ? `expired ${-x.daysLeft} day${x.daysLeft === -1 ? "" : "s"} ago` : `${x.daysLeft} day${x.daysLeft === 1 ? "" : "s"} left`;
    return `<tr class="exemption-${x.state}"><td><span class="badge badge-${x.state}">${x.state}</span></td><td>${e(x.policy)}</td><td class="urn">${e(x.resource)}</td><td>${e(x.reason)}</td><td class="nowrap">${e(x.expires || "—")}</td><td class="nowrap">${e(left)}</td><td class="num">${number(x.covers)}</td><td>${e(x.stacks.join(", "))}</td><td>${e(x.givenFor)}</td></tr>`;
}

function exemptionTable(rows: readonly ReportExemption[], id: string, caption: string): string {
    return `<div class="scroll"><table id="${id}"><caption class="muted">${e(caption)}</caption><thead><tr><th>state</th><th>policy</th><th>covers resource</th><th>reason</th><th>expires</th><th>days left</th><th class="num">findings covered</th><th>in stacks</th><th>given for</th></tr></thead><tbody>${rows.map(exemptionRow).join("")}</tbody></table></div>`;
}

/** The most rows of each "needs a decision" table; the rest are in "All exemptions", in the same order. */
export const ATTENTION_ROWS = 100;

function attentionTable(rows: readonly ReportExemption[], id: string, caption: string): string {
    const more = rows.length - ATTENTION_ROWS;
    return exemptionTable(rows.slice(0, ATTENTION_ROWS), id, caption) + (more > 0 ? `<p>and ${number(more)} more, in <a href="#all-exemptions">All exemptions</a> below, in the same order.</p>` : "");
}

function attentionSection(report: Report): string {
    const expired = report.exemptions.filter((x) => x.state === "expired");
    const expiring = report.exemptions.filter((x) => x.state === "expiring");
    const parts = ['<section aria-labelledby="attention-heading"><h2 id="attention-heading">Exemptions that need a decision</h2>'];
    parts.push(
        expired.length === 0
            ? '<p id="expired-none">No exemption has expired.</p>'
            : attentionTable(expired, "exemptions-expired", `${number(expired.length)} expired: they no longer apply, and what they covered blocks again`),
        expiring.length === 0
            ? `<p id="expiring-none">No exemption expires within ${report.expiringDays} days.</p>`
            : attentionTable(expiring, "exemptions-expiring", `${number(expiring.length)} expiring within ${report.expiringDays} days, the soonest first`),
        "</section>",
    );
    return parts.join("\n");
}

function cellText(counts: Counts): { status: Status | undefined; text: string; title: string } {
    const status = worstStatus(counts);
    const parts = STATUSES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
    return { status, text: status === undefined ? "" : `${counts[status]} ${status}`, title: parts.join(", ") };
}

/** Blocking outranks any number of advisory findings, advisory any number of exempted ones. */
function rank(counts: Counts): number {
    return counts.blocking * 1e9 + counts.advisory * 1e5 + counts.exempted;
}

function matrixCell(row: MatrixRow, policy: string | undefined, counts: Counts): string {
    const { status, text, title } = cellText(counts);
    if (status === undefined) {
        return `<td class="cell" data-rank="0"><span class="muted">—</span></td>`;
    }
    const href = filterHref(policy === undefined ? { stack: row.stack } : { stack: row.stack, policy });
    // The row's and column's headers name the stack and policy to assistive technology; the title gives every count.
    return `<td class="cell cell-${status}" data-rank="${rank(counts)}"><a href="${e(href)}" title="${e(title)}">${e(text)}</a></td>`;
}

function shortPolicy(name: string): string {
    return name.replace(/^upstash-/, "");
}

/** Rows laid out at first; the others wait, hidden (no layout cost), for "Show all stacks". */
export const MATRIX_ROWS = 100;

/** Column widths of the matrix, in CSS pixels. */
const STACK_COLUMN = 250;
const COLUMN = 116;

/** Worst first: blocking, then advisory, then exempted counts, then by name. */
function byWorst(a: MatrixRow, b: MatrixRow): number {
    return rank(b.total) - rank(a.total) || (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0);
}

function matrixSection(report: Report): string {
    const policies = report.policies.filter((p) => report.findings.some((f) => f.policy === p.name) || p.docsUrl !== "");
    const rows = matrixOf(report.stacks, policies.map((p) => p.name)).sort(byWorst);
    const head = [
        '<th scope="col"><button type="button" data-column="0">stack</button></th>',
        '<th scope="col" aria-sort="descending"><button type="button" data-column="1">all policies</button></th>',
        ...policies.map((p, i) => `<th scope="col" title="${e(p.name)}"><button type="button" data-column="${i + 2}">${e(shortPolicy(p.name))}</button>${p.severity ? `<br><span class="severity">${e(p.severity)}</span>` : ""}</th>`),
    ];
    const body = rows.map(
        (row, i) =>
            `<tr${i >= MATRIX_ROWS ? " hidden" : ""}><th scope="row" class="stack" title="${e(row.stack)}">${e(row.stack)}</th>${matrixCell(row, undefined, row.total)}${row.cells.map((c, j) => matrixCell(row, policies[j].name, c)).join("")}</tr>`,
    );
    const more = rows.length - MATRIX_ROWS;
    return [
        '<section aria-labelledby="matrix-heading"><h2 id="matrix-heading">Stacks × policies</h2>',
        '<p class="muted">Each cell gives the count of its worst kind of finding (blocking, then advisory, then exempted; hover for all). Open a cell to list its findings; sort by a column with its header. The stacks with the most blocking findings come first.</p>',
        // Fixed layout (the browser sizes columns from these widths, not from 1,000 rows): HTML width attributes, as the CSP allows no style attribute.
        `<div class="scroll"><table id="matrix" data-rows="${MATRIX_ROWS}" width="${STACK_COLUMN + COLUMN * (policies.length + 1)}"><colgroup><col width="${STACK_COLUMN}">${`<col width="${COLUMN}">`.repeat(policies.length + 1)}</colgroup><thead><tr>${head.join("")}</tr></thead><tbody>${body.join("\n")}</tbody></table></div>`,
        more > 0 ? `<p><button type="button" id="matrix-all" class="action">Show all ${number(rows.length)} stacks</button> <span class="muted">(${number(MATRIX_ROWS)} shown; the filters below reach every stack)</span></p>` : "",
        "</section>",
    ].join("\n");
}

function chartsSection(report: Report): string {
    if (report.history === undefined) {
        return '<section aria-labelledby="burndown-heading"><h2 id="burndown-heading">Burn-down</h2><p>No history: build the report with <code>--history FILE</code> at every run and the trend of blocking and exempted findings appears here.</p></section>';
    }
    const history = report.history;
    const legend = '<p class="legend"><span class="key-blocking">━ blocking</span> (solid) · <span class="key-exempted">╍ exempted</span> (dashed), summed over the stacks of each run</p>';
    const overall = `<figure id="burndown-all"><figcaption>All policies</figcaption>${burnDownSvg(burnDown(history), "All policies", { width: 720, height: 220 })}</figure>`;
    const perPolicy = report.policies
        .filter((p) => history.entries.some((x) => x.policies[p.name] !== undefined))
        .map((p) => `<figure><figcaption>${e(p.name)}</figcaption>${burnDownSvg(burnDown(history, p.name), p.name, { width: 340, height: 150 })}</figure>`);
    return [
        '<section aria-labelledby="burndown-heading"><h2 id="burndown-heading">Burn-down</h2>',
        legend,
        overall,
        perPolicy.length > 0 ? `<h3>Per policy</h3><div class="charts">${perPolicy.join("")}</div>` : "",
        "</section>",
    ].join("\n");
}

function groupTable(rows: readonly GroupRow[], id: string, label: string, href: (key: string) => string | undefined): string {
    const body = rows.map((r) => {
        const link = href(r.key);
        const name = link === undefined ? e(r.key) : `<a href="${e(link)}">${e(r.key)}</a>`;
        return `<tr><td>${name}</td>${(["blocking", "advisory", "exempted", "note", "remediated"] as const).map((s) => `<td class="num">${number(r.counts[s])}</td>`).join("")}</tr>`;
    });
    return `<div class="scroll"><table id="${id}"><thead><tr><th>${e(label)}</th><th class="num">blocking</th><th class="num">advisory</th><th class="num">exempted</th><th class="num">notes</th><th class="num">remediated</th></tr></thead><tbody>${body.join("")}</tbody></table></div>`;
}

function platformSection(report: Report): string {
    return [
        '<section aria-labelledby="platform-heading"><h2 id="platform-heading">By platform and resource type</h2>',
        groupTable(groupCounts(report.findings, (f) => f.platform), "by-platform", "platform", (key) => filterHref({ platform: key })),
        "<h3>Resource types</h3>",
        groupTable(groupCounts(report.findings, (f) => f.type || "(the stack)"), "by-type", "resource type", (key) => (key === "(the stack)" ? undefined : filterHref({ q: key }))),
        "</section>",
    ].join("\n");
}

function options(values: readonly string[], all: string): string {
    return [`<option value="">${e(all)}</option>`, ...values.map((v) => `<option value="${e(v)}">${e(v)}</option>`)].join("");
}

function sortedUnique(values: Iterable<string>): string[] {
    return [...new Set(values)].filter((v) => v !== "").sort();
}

function findingsSection(report: Report): string {
    const select = (name: string, label: string, values: readonly string[], all: string): string =>
        `<label>${label}<select id="f-${name}" name="${name}">${options(values, all)}</select></label>`;
    return [
        '<section aria-labelledby="findings-heading"><h2 id="findings-heading" tabindex="-1">Findings</h2>',
        '<form class="filters" role="search" aria-label="Filter the findings">',
        select("stack", "stack", report.stacks.map((s) => s.stack), "all stacks"),
        select("project", "project", sortedUnique(report.stacks.map((s) => s.project)), "all projects"),
        select("policy", "policy", report.policies.map((p) => p.name), "all policies"),
        select("level", "level", [...STATUSES], "all levels"),
        select("platform", "platform", sortedUnique(report.findings.map((f) => f.platform)), "all platforms"),
        '<label>text<input id="f-q" name="q" type="search" placeholder="resource, message, type…" autocomplete="off"></label>',
        '<button type="button" id="f-reset" class="action">Clear filters</button>',
        "</form>",
        '<p class="nojs">The list, its filters and the stacks of the matrix beyond its first 100 need JavaScript; the rest of the page needs none.</p>',
        '<p id="finding-count" role="status" aria-live="polite"></p>',
        '<ol id="finding-list"></ol>',
        '<button type="button" id="finding-more" class="action" hidden>Show more</button>',
        "</section>",
    ].join("\n");
}

function allExemptionsSection(report: Report): string {
    return [
        '<section aria-labelledby="exemptions-heading"><h2 id="exemptions-heading">All exemptions</h2>',
        report.exemptions.length === 0
            ? "<p>No exemption in the configs given (<code>--policy-pack-config</code>).</p>"
            : `<details id="all-exemptions"><summary>${number(report.exemptions.length)} exemptions, the soonest to expire first</summary>${exemptionTable(report.exemptions, "exemptions-all", "every exemption of the configs given")}</details>`,
        "</section>",
    ].join("\n");
}

function policyRow(p: PolicyMeta): string {
    const name = p.docsUrl === "" ? e(p.name) : `<a href="${e(p.docsUrl)}" rel="noreferrer">${e(p.name)}</a>`;
    return `<tr><td>${name}</td><td>${e(p.severity || "—")}</td><td>${e(p.description)}</td><td>${e(p.fix || "See the documentation of its own policy pack.")}</td></tr>`;
}

function policiesSection(report: Report): string {
    return [
        '<section aria-labelledby="policies-heading"><h2 id="policies-heading">Policies and how to fix them</h2>',
        `<table id="policies"><thead><tr><th>policy</th><th>severity</th><th>what it enforces</th><th>how to fix (the component and input that do)</th></tr></thead><tbody>${report.policies.map(policyRow).join("")}</tbody></table>`,
        "</section>",
    ].join("\n");
}

/** Only what the script needs to list and filter findings; strings once each. */
export function clientData(report: Report): unknown {
    const strings: string[] = [];
    const at = new Map<string, number>();
    const id = (text: string): number => {
        let index = at.get(text);
        if (index === undefined) {
            index = strings.push(text) - 1;
            at.set(text, index);
        }
        return index;
    };
    const policyIndex = new Map(report.policies.map((p, i) => [p.name, i]));
    const statusIndex = new Map(STATUSES.map((s, i) => [s, i]));
    // Worst first (blocking, advisory, exempted, notes, remediations), each kind in the report's order.
    const ordered = [...report.findings].sort((a, b) => (statusIndex.get(a.status) ?? 0) - (statusIndex.get(b.status) ?? 0));
    const findings = ordered.map((f) => [
        id(f.stack),
        id(f.project),
        policyIndex.get(f.policy) ?? 0,
        statusIndex.get(f.status) ?? 0,
        id(f.platform),
        id(f.type),
        id(f.resource),
        id(f.message),
        id(f.exemption),
        id(f.severity),
        id(f.urn),
    ]);
    return { strings, statuses: STATUSES, policies: report.policies.map(({ name, severity, docsUrl, fix }) => ({ name, severity, docsUrl, fix })), findings };
}

export function reportHtml(report: Report): string {
    const t = report.totals;
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy())}">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        `<title>upstash-guard fleet report: ${number(t.blocking)} blocking, ${number(t.stacks)} stacks</title>`,
        `<style>${STYLE}</style>`,
        "</head>",
        "<body>",
        "<main>",
        "<h1>upstash-guard fleet report</h1>",
        `<p class="muted">Generated <time datetime="${e(report.generatedAt)}">${e(report.generatedAt)}</time> from the audits of ${number(t.stacks)} stack${t.stacks === 1 ? "" : "s"}. No value of any resource is shown: texts that may hold a credential are replaced.</p>`,
        totalsSection(report),
        matrixSection(report),
        chartsSection(report),
        attentionSection(report),
        platformSection(report),
        findingsSection(report),
        allExemptionsSection(report),
        policiesSection(report),
        "</main>",
        `<script type="application/json" id="report-data">${jsonForScript(clientData(report))}</script>`,
        `<script>${SCRIPT}</script>`,
        "</body>",
        "</html>",
        "",
    ].join("\n");
}
