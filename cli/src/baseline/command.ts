/**
 * `upstash-guard baseline`: exemptions for every finding of a preview or an audit, merged into a
 * `--policy-pack-config` file, with a report on standard error of what was added and what was not.
 */
import { EXIT, ExitCode } from "../errors";
import { Streams, readTextFile, replaceFile } from "../io";
import { readPreviewEvents } from "../preview/events";
import { MergeResult, PolicyChange, mergeBaseline } from "./merge";
import { SKIP_REASONS, SkipReason, Skipped, planBaseline } from "./plan";
import { checkTerms } from "./terms";

export interface BaselineOptions {
    input: string;
    reason: string;
    expires: string;
    config?: string;
    output?: string;
    includeAdvisory: boolean;
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Where the baseline goes: `--output`; else the `--config` it extends, updated in place; else standard output. */
export function baselineDestination(options: Pick<BaselineOptions, "config" | "output">): string | undefined {
    if (options.output !== undefined) {
        return options.output === "-" ? undefined : options.output;
    }
    return options.config;
}

function changeLines(changes: readonly PolicyChange[]): string[] {
    return changes.flatMap(({ policyName, added, alreadyExempt }) => [
        `  ${policyName}: ${added.length} added${alreadyExempt.length > 0 ? `, ${alreadyExempt.length} already exempted by URN (not renewed)` : ""}`,
        ...added.map((urn) => `    + ${urn}`),
    ]);
}

/** Skipped events in groups of one reason; those whose URN was withheld are named one by one (policy and redacted URN). */
function skippedLines(skipped: readonly Skipped[]): string[] {
    const counts = new Map<SkipReason, number>();
    const named: string[] = [];
    for (const s of skipped) {
        if (s.reason === "hidden-urn" || s.reason === "wildcard-urn" || s.reason === "long-urn") {
            named.push(`  ${s.policyName} on ${s.urn ?? "a resource"}: ${SKIP_REASONS[s.reason]}`);
        } else {
            counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
        }
    }
    const lines = named.sort();
    // In the order of SKIP_REASONS, whatever order the engine emitted the events in.
    for (const reason of Object.keys(SKIP_REASONS) as SkipReason[]) {
        const n = counts.get(reason);
        if (n !== undefined) {
            lines.push(`  ${plural(n, "event")}: ${SKIP_REASONS[reason]}`);
        }
    }
    return lines;
}

function report(streams: Streams, lines: readonly string[]): void {
    streams.stderr.write(lines.map((line) => `${line}\n`).join(""));
}

/** Reads, plans and merges; writes only when every check passed and something was added. */
export function baselineCommand(inputText: string, source: string, options: BaselineOptions, streams: Streams, now: Date = new Date()): ExitCode {
    const terms = checkTerms(options.reason, options.expires, now);
    const events = readPreviewEvents(inputText, source);
    const existing = options.config === undefined ? undefined : readTextFile(options.config);
    const plan = planBaseline(events.findings, options.includeAdvisory);
    const merged: MergeResult = mergeBaseline(existing, options.config ?? "the new config", plan.entries, terms);
    const added = merged.changes.reduce((n, c) => n + c.added.length, 0);
    const destination = baselineDestination(options);
    const lines: string[] = [];
    if (!events.finished) {
        lines.push(`upstash-guard: warning: ${source} ends before the engine's summary: the preview or audit did not finish, so the baseline may miss findings`);
    }
    if (added === 0) {
        const already = merged.changes.reduce((n, c) => n + c.alreadyExempt.length, 0);
        lines.push(
            already > 0
                ? `upstash-guard: nothing new to baseline in ${source}: ${plural(already, "finding")} already exempted by URN; nothing written (an expired exemption is not renewed: change its date by hand)`
                : `upstash-guard: nothing to baseline in ${source}: no finding to exempt; nothing written`,
        );
    } else {
        lines.push(`upstash-guard: baseline of ${source}: ${plural(added, "exemption")} added, expiring ${terms.expires}, written to ${destination ?? "standard output"}`);
        lines.push(...changeLines(merged.changes));
    }
    if (plan.skipped.length > 0) {
        lines.push(`upstash-guard: not baselined: ${plural(plan.skipped.length, "event")}`, ...skippedLines(plan.skipped));
    }
    if (added > 0) {
        if (destination === undefined) {
            streams.stdout.write(merged.text);
        } else {
            replaceFile(destination, merged.text);
        }
    }
    report(streams, lines);
    return EXIT.ok;
}
