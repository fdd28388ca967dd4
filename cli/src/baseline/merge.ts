/**
 * Merging a baseline's exemptions into a `--policy-pack-config` file as text edits (jsonc-parser,
 * the library VS Code edits settings with), so every key the file had keeps its place, its value
 * and its formatting, and a review of the change shows only what the baseline added.
 */
import { FormattingOptions, applyEdits, modify } from "jsonc-parser";
import { InputError } from "../errors";
import { MAX_EXEMPTIONS } from "./limits";
import { BaselineEntry } from "./plan";

/** What every exemption of one baseline says besides its resource. */
export interface ExemptionTerms {
    reason: string;
    /** `YYYY-MM-DD`, the last day the exemption holds (UTC). */
    expires: string;
}

export interface PolicyChange {
    policyName: string;
    added: string[];
    /** URNs the policy already exempted by that exact URN (active or expired: a renewal is a person's decision). */
    alreadyExempt: string[];
}

export interface MergeResult {
    text: string;
    changes: PolicyChange[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The config as a JSON object; strict JSON, as the engine reads it (no comments, no trailing commas). */
export function parseConfig(text: string, source: string): JsonObject {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        throw new InputError(`${source}: not JSON; expected a policy pack config (a JSON object, as passed to --policy-pack-config)`);
    }
    if (!isObject(value)) {
        throw new InputError(`${source}: a JSON ${Array.isArray(value) ? "array" : value === null ? "null" : typeof value}, not an object; expected a policy pack config (a JSON object, as passed to --policy-pack-config)`);
    }
    return value;
}

/**
 * Where a config keeps its policies' settings: at the top (the only form v3.248.0 reads), or, in a
 * file of `"version": 2` (newer CLIs: v3.276.0 reads it, v3.248.0 does not; beside `environments` and the engine's `exceptions`),
 * under `policies` (pkg/resource/analyzer/config.go `parsePolicyPackConfigV2`).
 */
export interface PolicySettings {
    settings: JsonObject;
    /** The path of `settings` in the file: `[]` or `["policies"]`. */
    path: string[];
}

export function policySettingsOf(config: JsonObject, source: string): PolicySettings {
    if (config.version === undefined) {
        return { settings: config, path: [] };
    }
    if (config.version !== 2) {
        throw new InputError(`${source}: a policy pack config of a "version" other than 2; this command reads the unversioned form and version 2`);
    }
    // The engine reads `"policies": null` as no settings, as it does a missing key.
    if (config.policies !== undefined && config.policies !== null && !isObject(config.policies)) {
        throw new InputError(`${source}: 'policies' of a version 2 config is not an object`);
    }
    return { settings: isObject(config.policies) ? config.policies : {}, path: ["policies"] };
}

/** The file's own indentation and line ends, so that added lines look like the ones around them. */
function formattingOf(text: string): FormattingOptions {
    const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? "  ";
    return { insertSpaces: !indent.startsWith("\t"), tabSize: indent.startsWith("\t") ? 1 : indent.length, eol: text.includes("\r\n") ? "\r\n" : "\n" };
}

/** The `exemptions` a policy entry already has; an entry of another shape is refused. */
function existingExemptions(entry: unknown, policyName: string, source: string): unknown[] {
    if (entry === undefined || typeof entry === "string") {
        return [];
    }
    if (!isObject(entry)) {
        throw new InputError(`${source}: '${policyName}' is neither an enforcement level nor an object of settings`);
    }
    if (entry.exemptions === undefined) {
        return [];
    }
    if (!Array.isArray(entry.exemptions)) {
        throw new InputError(`${source}: '${policyName}.exemptions' is not an array`);
    }
    return entry.exemptions;
}

function groupByPolicy(entries: readonly BaselineEntry[]): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const { policyName, urn } of entries) {
        groups.set(policyName, [...(groups.get(policyName) ?? []), urn]);
    }
    return groups;
}

/**
 * The config with an exemption of each entry's policy for its URN added: to the policy's
 * `exemptions`, created when missing; a bare level ("advisory") becomes
 * `{ "enforcementLevel": "advisory", "exemptions": [...] }`. `existing` undefined starts from `{}`.
 * Throws `InputError`, having changed nothing, when the config is not a JSON object or a policy
 * entry has a shape the pack would refuse.
 */
export function mergeBaseline(existing: string | undefined, source: string, entries: readonly BaselineEntry[], terms: ExemptionTerms): MergeResult {
    let text = existing ?? "{}\n";
    const { settings: config, path: prefix } = policySettingsOf(parseConfig(text, source), source);
    const formattingOptions = formattingOf(text);
    const edit = (path: (string | number)[], value: unknown, isArrayInsertion = false) => {
        text = applyEdits(text, modify(text, [...prefix, ...path], value, { formattingOptions, isArrayInsertion }));
    };
    const changes: PolicyChange[] = [];
    for (const [policyName, urns] of groupByPolicy(entries)) {
        const entry = config[policyName];
        const existingList = existingExemptions(entry, policyName, source);
        const exempted = new Set(existingList.flatMap((e) => (isObject(e) && typeof e.resource === "string" ? [e.resource] : [])));
        const added = urns.filter((urn) => !exempted.has(urn));
        changes.push({ policyName, added, alreadyExempt: urns.filter((urn) => exempted.has(urn)) });
        if (added.length === 0) {
            continue;
        }
        if (existingList.length + added.length > MAX_EXEMPTIONS) {
            throw new InputError(
                `${source}: '${policyName}' would hold more than the ${MAX_EXEMPTIONS} exemptions a policy accepts; baseline fewer stacks into one config file`,
            );
        }
        const exemptions = added.map((urn) => ({ resource: urn, reason: terms.reason, expires: terms.expires }));
        if (entry === undefined) {
            edit([policyName], { exemptions });
        } else if (typeof entry === "string") {
            edit([policyName], { enforcementLevel: entry, exemptions });
        } else if (isObject(entry) && entry.exemptions === undefined) {
            edit([policyName, "exemptions"], exemptions);
        } else {
            for (const exemption of exemptions) {
                edit([policyName, "exemptions", -1], exemption, true);
            }
        }
    }
    return { text, changes };
}
