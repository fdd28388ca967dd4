/**
 * `--history FILE`: one small entry per run and stack (counts only, never a finding's text), appended
 * at each report and bounded, so the burn-down grows run by run in a file CI can keep.
 */
import * as fs from "fs";
import { InputError } from "../errors";
import { readTextFile, replaceFile } from "../io";
import { StackAudit } from "./model";
import { countsOf } from "./summary";

export interface HistoryEntry {
    /** The run's time (the report's `--generated-at`), ISO 8601. */
    at: string;
    stack: string;
    blocking: number;
    advisory: number;
    exempted: number;
    /** Per policy with anything to count: [blocking, exempted]. */
    policies: Record<string, [number, number]>;
}

export interface History {
    version: 1;
    entries: HistoryEntry[];
}

/** The most runs kept, and the most entries (runs × stacks): the oldest runs go first. */
export const MAX_RUNS = 100;
export const MAX_ENTRIES = 50_000;

function isCount(value: unknown): value is number {
    return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function isPolicyCounts(value: unknown): value is Record<string, [number, number]> {
    return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => Array.isArray(v) && v.length === 2 && v.every(isCount));
}

function isEntry(value: unknown): value is HistoryEntry {
    if (typeof value !== "object" || value === null) {
        return false;
    }
    const e = value as Record<string, unknown>;
    return typeof e.at === "string" && typeof e.stack === "string" && isCount(e.blocking) && isCount(e.advisory) && isCount(e.exempted) && isPolicyCounts(e.policies);
}

/** The history in a file; a missing file is an empty history, anything but our format is refused (and left alone). */
export function readHistory(file: string): History {
    if (!fs.existsSync(file)) {
        return { version: 1, entries: [] };
    }
    let value: unknown;
    try {
        value = JSON.parse(readTextFile(file));
    } catch (error) {
        if (error instanceof InputError) {
            throw error;
        }
        throw new InputError(`${file}: not JSON; expected a history written by upstash-guard report --history`);
    }
    const entries = typeof value === "object" && value !== null ? (value as { entries?: unknown }).entries : undefined;
    if (!Array.isArray(entries) || !entries.every(isEntry)) {
        throw new InputError(`${file}: not a history written by upstash-guard report --history`);
    }
    return { version: 1, entries };
}

/** This run's entry for each stack: counts only. */
export function runEntries(at: string, stacks: readonly StackAudit[]): HistoryEntry[] {
    return stacks.map((s) => {
        const counts = countsOf(s.findings);
        const policies: Record<string, [number, number]> = {};
        for (const f of s.findings) {
            if (f.status === "blocking" || f.status === "exempted") {
                const pair = policies[f.policy] ?? [0, 0];
                pair[f.status === "blocking" ? 0 : 1]++;
                policies[f.policy] = pair;
            }
        }
        const sorted = Object.fromEntries(Object.entries(policies).sort(([a], [b]) => (a < b ? -1 : 1)));
        return { at, stack: s.stack, blocking: counts.blocking, advisory: counts.advisory, exempted: counts.exempted, policies: sorted };
    });
}

/**
 * The history with this run appended (replacing an earlier record of the same run and stack), sorted
 * by time then stack, and cut to the newest `MAX_RUNS` runs and `MAX_ENTRIES` entries.
 */
export function appendRun(history: History, entries: readonly HistoryEntry[]): History {
    const replaced = new Set(entries.map((e) => JSON.stringify([e.at, e.stack])));
    const all = [...history.entries.filter((e) => !replaced.has(JSON.stringify([e.at, e.stack]))), ...entries].sort(
        (a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0),
    );
    const runs = [...new Set(all.map((e) => e.at))];
    let kept = runs.slice(-MAX_RUNS);
    const perRun = new Map<string, number>();
    all.forEach((e) => perRun.set(e.at, (perRun.get(e.at) ?? 0) + 1));
    while (kept.length > 1 && kept.reduce((n, at) => n + (perRun.get(at) ?? 0), 0) > MAX_ENTRIES) {
        kept = kept.slice(1);
    }
    const keep = new Set(kept);
    return { version: 1, entries: all.filter((e) => keep.has(e.at)) };
}

/** One entry per line: small diffs, and a file people can read. */
export function historyText(history: History): string {
    return `{"version":1,"entries":[\n${history.entries.map((e) => JSON.stringify(e)).join(",\n")}\n]}\n`;
}

export function writeHistory(file: string, history: History): void {
    replaceFile(file, historyText(history));
}

export interface BurnDownPoint {
    at: string;
    blocking: number;
    exempted: number;
}

/** Per run, the sum over its stacks; for one policy when `policy` is given. */
export function burnDown(history: History, policy?: string): BurnDownPoint[] {
    const byRun = new Map<string, BurnDownPoint>();
    for (const e of history.entries) {
        const point = byRun.get(e.at) ?? { at: e.at, blocking: 0, exempted: 0 };
        const [blocking, exempted] = policy === undefined ? [e.blocking, e.exempted] : e.policies[policy] ?? [0, 0];
        point.blocking += blocking;
        point.exempted += exempted;
        byRun.set(e.at, point);
    }
    return [...byRun.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
