/**
 * The exemptions of `--policy-pack-config` files, and which findings they cover, judged by the pack's
 * own matching (`exemptionFor`: name or URN, `*` as a wildcard, active through its expiry day, UTC).
 */
import { Exemption } from "../../../policies/src/framework/config";
import { exemptionFor } from "../../../policies/src/framework/exemptions";
import { parseConfig, policySettingsOf } from "../baseline/merge";
import { InputError } from "../errors";
import { redactText, redactUrn } from "../redact";
import { StackScope, scopeText } from "./configs";
import { ReportExemption, ReportFinding } from "./model";

export interface ConfigExemption extends Exemption {
    policy: string;
    /** The stacks whose findings it may cover: those its config was given for. */
    scope: StackScope;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function exemptionOf(entry: unknown, where: string): Exemption {
    if (!isObject(entry) || typeof entry.resource !== "string" || typeof entry.reason !== "string" || (entry.expires !== undefined && typeof entry.expires !== "string")) {
        throw new InputError(`${where} is not { "resource": "…", "reason": "…", "expires"?: "YYYY-MM-DD" }`);
    }
    return { resource: entry.resource, reason: entry.reason, ...(entry.expires !== undefined ? { expires: entry.expires as string } : {}) };
}

/** Every exemption of a config file's text, in the file's order, read as `baseline` reads the file; the text is never quoted in errors. */
export function configExemptions(text: string, source: string, scope: StackScope): ConfigExemption[] {
    const config = policySettingsOf(parseConfig(text, source), source).settings;
    const exemptions: ConfigExemption[] = [];
    for (const [policy, entry] of Object.entries(config)) {
        if (!isObject(entry) || entry.exemptions === undefined) {
            continue;
        }
        if (!Array.isArray(entry.exemptions)) {
            throw new InputError(`${source}: '${redactText(policy)}.exemptions' is not an array`);
        }
        entry.exemptions.forEach((e, i) => exemptions.push({ policy, scope, ...exemptionOf(e, `${source}: '${redactText(policy)}.exemptions[${i}]'`) }));
    }
    return exemptions;
}

/** Exact patterns by text, wildcards apart: 50,000 findings against thousands of URN exemptions stay linear. */
interface PolicyIndex {
    exact: Map<string, number[]>;
    wildcard: number[];
}

function indexExemptions(exemptions: readonly ConfigExemption[]): Map<string, PolicyIndex> {
    const byPolicy = new Map<string, PolicyIndex>();
    exemptions.forEach((e, i) => {
        const index = byPolicy.get(e.policy) ?? { exact: new Map<string, number[]>(), wildcard: [] };
        byPolicy.set(e.policy, index);
        if (e.resource.includes("*")) {
            index.wildcard.push(i);
        } else {
            index.exact.set(e.resource, [...(index.exact.get(e.resource) ?? []), i]);
        }
    });
    return byPolicy;
}

/** The exemptions that may match a finding, in config order, for `exemptionFor` to judge: only those given for its stack. */
function candidatesOf(index: PolicyIndex | undefined, finding: ReportFinding, exemptions: readonly ConfigExemption[]): number[] {
    if (index === undefined) {
        return [];
    }
    const found = new Set([...(index.exact.get(finding.resource) ?? []), ...(index.exact.get(finding.urn) ?? []), ...index.wildcard]);
    return [...found].filter((i) => exemptions[i].scope.covers(finding.stack)).sort((a, b) => a - b);
}

const EXEMPTIBLE = new Set(["blocking", "advisory"]);

export interface Coverage {
    findings: ReportFinding[];
    /** Per exemption (config order), the findings it covers (active) or would cover (expired). */
    covered: ReportFinding[][];
}

/**
 * Findings with an active exemption become `exempted` (with its reason); those with only an expired
 * one stay as they are, saying that it expired, as the pack's own message does.
 */
export function applyExemptions(findings: readonly ReportFinding[], exemptions: readonly ConfigExemption[], now: Date): Coverage {
    const index = indexExemptions(exemptions);
    const covered: ReportFinding[][] = exemptions.map(() => []);
    const result = findings.map((finding) => {
        if (!EXEMPTIBLE.has(finding.status) || finding.urn.length === 0) {
            return finding;
        }
        const candidates = candidatesOf(index.get(finding.policy), finding, exemptions);
        const status = exemptionFor(candidates.map((i) => exemptions[i]), { name: finding.resource, urn: finding.urn }, now);
        if (status.state === "none") {
            return finding;
        }
        const position = candidates.find((i) => exemptions[i] === status.exemption) ?? 0;
        const updated: ReportFinding =
            status.state === "active"
                ? { ...finding, status: "exempted", exemption: redactText(status.exemption.reason) }
                : { ...finding, exemption: `an exemption expired on ${status.exemption.expires ?? "?"}` };
        covered[position].push(updated);
        return updated;
    });
    return { findings: result, covered };
}

const DAY_MS = 86_400_000;

/** Whole days from the report's (UTC) day to the expiry day: 0 on the last day it holds. */
export function daysLeft(expires: string, now: Date): number {
    const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
    return Math.round((Date.parse(`${expires}T00:00:00Z`) - today) / DAY_MS);
}

/** Exemptions as the report lists them: redacted, with days left, state and coverage; expired first, then by days left. */
export function reportExemptions(exemptions: readonly ConfigExemption[], coverage: Coverage, now: Date, expiringDays: number): ReportExemption[] {
    const listed = exemptions.map((e, i): ReportExemption => {
        const left = e.expires === undefined ? undefined : daysLeft(e.expires, now);
        const state = left !== undefined && left < 0 ? "expired" : left !== undefined && left <= expiringDays ? "expiring" : "active";
        const stacks = [...new Set(coverage.covered[i].map((f) => f.stack))].sort();
        return {
            policy: redactText(e.policy),
            resource: e.resource.startsWith("urn:") ? redactUrn(e.resource) : redactText(e.resource),
            reason: redactText(e.reason),
            expires: e.expires === undefined ? "" : redactText(e.expires),
            daysLeft: left === undefined || Number.isNaN(left) ? undefined : left,
            state,
            covers: coverage.covered[i].length,
            stacks,
            givenFor: scopeText(e.scope),
        };
    });
    const rank = (e: ReportExemption): number => (e.daysLeft === undefined ? Number.MAX_SAFE_INTEGER : e.daysLeft);
    return listed.sort((a, b) => rank(a) - rank(b) || (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0) || (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
}
