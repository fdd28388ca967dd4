/**
 * Reading what `pulumi preview --json --policy-pack …` and `pulumi policy analyze --json
 * --policy-pack …` print, as Pulumi v3.248.0 prints them.
 *
 * Verified in the engine's source (github.com/pulumi/pulumi at v3.248.0):
 *  - By default `--json` prints one document, the preview digest (`ShowPreviewDigest` in
 *    pkg/backend/display/json.go; type `PreviewDigest` in pkg/display/json.go): `config`, `steps`,
 *    `diagnostics`, `duration`, `changeSummary`, `maybeCorrupt`. It has no policy field: the digest
 *    skips every policy event ("At this point in time, we don't handle policy events in JSON
 *    serialization"), so it cannot tell a blocked preview from a clean one.
 *  - With PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true, `--json` prints one engine event per line
 *    (`ShowJSONEvents`, pkg/backend/display/display.go), each an `apitype.EngineEvent`
 *    (sdk/go/common/apitype/events.go). Policy violations are `{"policyEvent": {resourceUrn?,
 *    message, color, policyName, policyPackName, policyPackVersion, policyPackVersionTag,
 *    enforcementLevel, severity?}}`; remediations are `policyRemediationEvent` (with the before and
 *    after inputs, which are values and are never read here); the run ends with a `summaryEvent`.
 *  - In newer CLIs (v3.276.0 has it, v3.248.0 does not), a `--policy-pack-config` file of `"version": 2` may hold policy exceptions
 *    (`"exceptions": {"EXC-1": {"reason", "match": [{"policies", "targets"}]}}`,
 *    pkg/resource/analyzer/exceptions.go); a violation they match carries `exceptions: [{id, reason}]`
 *    and "doesn't fail the operation, whatever its enforcement level" (apitype.PolicyEvent).
 *  - After a resource is analysed, a `policyAnalyzeSummaryEvent` names its URN, the pack, and the
 *    policies that `passed` and `failed` (each list omitted when empty); policies that were not
 *    applicable are in neither.
 *  - A violation's message is wrapped in colour directives (`<{%reset%}>…<{%reset%}>\n`,
 *    pkg/engine/events.go `policyViolationEvent`) unless NO_COLOR or `--color=never` removed them.
 *
 *  - `pulumi policy analyze --json` (pkg/cmd/pulumi/policy/policy_analyze.go) writes the same
 *    `apitype.EngineEvent`s, one per line (a json.Encoder): a `policyEvent` per violation (its
 *    message without colour directives), a `policyRemediationEvent` per remediation, and a final
 *    `summaryEvent` with `isPreview: false`; nothing else.
 *
 * The same events arrive through the Automation API's `onEvent` and the Pulumi Cloud events API,
 * so a JSON array of events and an `{"events": [...]}` document are read as well.
 */
import { InputError } from "../errors";
import { redactText, redactUrn } from "../redact";

export type FindingKind = "violation" | "remediation";

/** One policy event, cleaned and redacted: nothing in it can hold a value. */
export interface PolicyFinding {
    kind: FindingKind;
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    /** `mandatory`, `advisory`, `remediate`, … as the engine reported it; empty for remediations. */
    enforcementLevel: string;
    severity: string | undefined;
    message: string;
    /** Absent for stack-wide findings; redacted part by part (see `redactUrn`). */
    resourceUrn: string | undefined;
    /** A part of the URN looked like it may hold a credential and was replaced in `resourceUrn`. */
    resourceUrnRedacted: boolean;
    /** The engine's policy exceptions that matched it (newer CLIs, not v3.248.0): it then blocks nothing. Redacted. */
    exceptions: PolicyException[];
}

/** A policy exception of a version 2 `--policy-pack-config` file, as the engine names it on a violation. */
export interface PolicyException {
    id: string;
    reason: string;
}

/**
 * A resource that a pack's policies judged, from the engine's `policyAnalyzeSummaryEvent` (a streamed
 * preview or update has one per resource and pack; `pulumi policy analyze --json` has none).
 */
export interface ResourceCheck {
    /** Redacted part by part, as a finding's. */
    resourceUrn: string;
    policyPackName: string;
    /** The policies that passed or failed on it; those not applicable to it are in neither list. */
    policies: string[];
}

export interface PreviewEvents {
    findings: PolicyFinding[];
    /** Empty where the output has no summaries (an audit): then only the findings say what was checked. */
    checked?: ResourceCheck[];
    /** The engine's closing `summaryEvent` was seen, so the preview or audit ran to its end. */
    finished: boolean;
}

/** What the engine's output is called in messages: both commands print the same events. */
export const ENGINE_OUTPUT = "`pulumi preview --json` or `pulumi policy analyze --json`";

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The keys of the preview digest; a document with only these is the digest. */
const DIGEST_KEYS: ReadonlySet<string> = new Set(["config", "steps", "diagnostics", "duration", "changeSummary", "maybeCorrupt"]);

export const DIGEST_ERROR =
    "the input is the preview digest that `pulumi preview --json` prints by default; Pulumi leaves policy " +
    "violations out of it, so it cannot say whether a policy failed. Run the preview with " +
    "PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true and pass that output (one engine event per line), or pass the " +
    "output of `pulumi policy analyze --json`.";

/** Engine events carry one `<kind>Event` field each, plus `sequence` and `timestamp`. */
function isEngineEvent(value: JsonObject): boolean {
    return Object.keys(value).some((key) => key.endsWith("Event"));
}

function isPreviewDigest(value: JsonObject): boolean {
    return Object.keys(value).every((key) => DIGEST_KEYS.has(key));
}

/** JSON.parse without its error text, which quotes the input. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
    try {
        return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
        return { ok: false };
    }
}

/** The events of a whole-document input: an array of events, `{"events": [...]}`, or one event. */
function eventsOfDocument(document: unknown, source: string): unknown[] {
    if (Array.isArray(document)) {
        return document;
    }
    if (!isObject(document)) {
        throw new InputError(`${source}: expected the JSON output of ${ENGINE_OUTPUT}, found a JSON ${typeof document}`);
    }
    if (Array.isArray(document.events)) {
        return document.events;
    }
    if (isEngineEvent(document)) {
        return [document];
    }
    if (isPreviewDigest(document)) {
        throw new InputError(`${source}: ${DIGEST_ERROR}`);
    }
    throw new InputError(`${source}: a JSON object that is neither an engine event nor a preview digest; expected the output of ${ENGINE_OUTPUT}`);
}

/** The events of a streamed input, one JSON object per line; blank lines are skipped. */
function eventsOfLines(text: string, source: string): unknown[] {
    const events: unknown[] = [];
    text.split(/\r?\n/).forEach((line, index) => {
        if (line.trim().length === 0) {
            return;
        }
        const parsed = parseJson(line);
        if (!parsed.ok) {
            throw new InputError(
                `${source}: line ${index + 1} is not JSON; expected one engine event per line (\`pulumi policy analyze --json\`, or \`pulumi preview --json\` with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true)`,
            );
        }
        events.push(parsed.value);
    });
    return events;
}

/** Every engine event of the input, whichever of the accepted forms it has. */
export function engineEventsOf(text: string, source: string): JsonObject[] {
    if (text.trim().length === 0) {
        throw new InputError(`${source}: the input is empty; expected the output of ${ENGINE_OUTPUT}`);
    }
    const whole = parseJson(text);
    const events = whole.ok ? eventsOfDocument(whole.value, source) : eventsOfLines(text, source);
    return events.map((event, index) => {
        if (!isObject(event) || !isEngineEvent(event)) {
            throw new InputError(`${source}: event ${index + 1} is not a Pulumi engine event`);
        }
        return event;
    });
}

const COLOR_DIRECTIVE = /<\{%[^%]*%\}>/g;
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** A message as text: no colour directives, no terminal escapes, no trailing newline. */
export function plainText(raw: string): string {
    return raw.replace(COLOR_DIRECTIVE, "").replace(ANSI_ESCAPE, "").trim();
}

function stringField(event: JsonObject, key: string): string | undefined {
    const value = event[key];
    return typeof value === "string" ? value : undefined;
}

function requiredString(event: JsonObject, key: string, where: string): string {
    const value = stringField(event, key);
    if (value === undefined) {
        throw new InputError(`${where} has no \`${key}\` string; is this the output of a Pulumi engine other than v3?`);
    }
    return value;
}

/** Names chosen by pack authors pass the same redaction as everything else. */
function safeName(name: string): string {
    return redactText(plainText(name));
}

/** The finding's URN, redacted, and whether redaction replaced a part of it. */
function urnOf(event: JsonObject): Pick<PolicyFinding, "resourceUrn" | "resourceUrnRedacted"> {
    const urn = stringField(event, "resourceUrn");
    if (urn === undefined || urn.length === 0) {
        return { resourceUrn: undefined, resourceUrnRedacted: false };
    }
    const shown = redactUrn(urn);
    return { resourceUrn: shown, resourceUrnRedacted: shown !== urn };
}

/** The exceptions a violation names; entries that are not `{id, reason}` strings are not ones to show. */
function exceptionsOf(value: unknown): PolicyException[] {
    if (!Array.isArray(value)) {
        return [];
    }
    return value.flatMap((entry: unknown) =>
        isObject(entry) && typeof entry.id === "string" && typeof entry.reason === "string" ? [{ id: safeName(entry.id), reason: redactText(plainText(entry.reason)) }] : [],
    );
}

function violationOf(event: JsonObject, where: string): PolicyFinding {
    const severity = stringField(event, "severity");
    return {
        kind: "violation",
        policyName: safeName(requiredString(event, "policyName", where)),
        policyPackName: safeName(requiredString(event, "policyPackName", where)),
        policyPackVersion: safeName(stringField(event, "policyPackVersion") ?? ""),
        enforcementLevel: safeName(requiredString(event, "enforcementLevel", where)),
        severity: severity === undefined || severity.length === 0 ? undefined : safeName(severity),
        message: redactText(plainText(requiredString(event, "message", where))),
        ...urnOf(event),
        exceptions: exceptionsOf(event.exceptions),
    };
}

/** A remediation says which policy changed which resource; its `before`/`after` inputs are values and stay unread. */
function remediationOf(event: JsonObject, where: string): PolicyFinding {
    return {
        kind: "remediation",
        policyName: safeName(requiredString(event, "policyName", where)),
        policyPackName: safeName(requiredString(event, "policyPackName", where)),
        policyPackVersion: safeName(stringField(event, "policyPackVersion") ?? ""),
        enforcementLevel: "",
        severity: undefined,
        message: "The policy remediated this resource: it changes the resource's inputs so that it complies. The values are not shown.",
        ...urnOf(event),
        exceptions: [],
    };
}

function namesOf(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((name): name is string => typeof name === "string").map(safeName) : [];
}

/** The policies a summary says ran on a resource; a summary without a URN or a pack is not one to read. */
function checkOf(event: JsonObject): ResourceCheck | undefined {
    const urn = stringField(event, "resourceUrn");
    const pack = stringField(event, "policyPackName");
    if (urn === undefined || urn.length === 0 || pack === undefined) {
        return undefined;
    }
    return { resourceUrn: redactUrn(urn), policyPackName: safeName(pack), policies: [...namesOf(event.passed), ...namesOf(event.failed)] };
}

/** The policy findings of a preview's or an audit's JSON output, in the order the engine emitted them. */
export function readPreviewEvents(text: string, source: string): PreviewEvents {
    const findings: PolicyFinding[] = [];
    const checked: ResourceCheck[] = [];
    let finished = false;
    engineEventsOf(text, source).forEach((event, index) => {
        const where = `${source}: event ${index + 1}`;
        if (event.policyEvent !== undefined) {
            if (!isObject(event.policyEvent)) {
                throw new InputError(`${where}: \`policyEvent\` is not an object`);
            }
            findings.push(violationOf(event.policyEvent, `${where} (policyEvent)`));
        }
        if (event.policyRemediationEvent !== undefined) {
            if (!isObject(event.policyRemediationEvent)) {
                throw new InputError(`${where}: \`policyRemediationEvent\` is not an object`);
            }
            findings.push(remediationOf(event.policyRemediationEvent, `${where} (policyRemediationEvent)`));
        }
        if (isObject(event.policyAnalyzeSummaryEvent)) {
            const check = checkOf(event.policyAnalyzeSummaryEvent);
            if (check !== undefined) {
                checked.push(check);
            }
        }
        if (event.summaryEvent !== undefined) {
            finished = true;
        }
    });
    return { findings, checked, finished };
}
