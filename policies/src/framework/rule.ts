/**
 * Turns a rule definition (metadata, config schema, pure checks) into a CrossGuard policy, with the
 * behaviour every rule shares: strict config, exemptions, not-applicable reasons, and an honest
 * "can't be known during preview" note instead of a silent pass.
 */
import {
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy/proxy";
import { StackIndex, stackIndexFor } from "../stack/flow";
import { isComponentResource } from "../stack/components";
import { recordProgramInputs, splitDefaults } from "../analysis/programInputs";
import { shownText } from "../analysis/credentials";
import { stageFromStackNameNote } from "../analysis/stage";
import { PlainObject, UNKNOWN_STRING_SENTINEL, asObject, toPlain } from "../analysis/values";
import { CommonConfig, ConfigProperties, ConfigValidator, UpstashGuardOptions, exemptionsProperty } from "./config";
import { configuredPolicyConfig, currentAnalyze, engineSentStackConfiguration } from "./engineRequests";
import type { Outcome, StackContext, StackFinding } from "./outcome";
import { RegistrationSession, judgingRegistrations, madeAtRegistration, registrationIndex, registrationsOver, rememberMadeAtRegistration } from "./registration";
import { NOTHING_TO_REPORT, StackMember, StackSession } from "./stackSession";
import { exemptReason, exemptionFor, expiredNote } from "./exemptions";
import { reportAdvisory } from "./violations";

export const FRAMEWORK_NAME = "Upstash security best practices";
export const FRAMEWORK_VERSION = "2026.11";
export const FRAMEWORK_REFERENCE = "https://upstash.com/docs/common/account/security";
/** Where `docs/policies/<name>.md` is published; organisations that fork the pack can point it elsewhere. */
export const DEFAULT_DOCS_BASE_URL = "https://github.com/upstash-guard/upstash-guard/blob/main/docs/policies";

export interface RuleInfo {
    name: string;
    description: string;
    severity: Severity;
    enforcementLevel: EnforcementLevel;
    /** The best practice the rule implements, as the framework's `specification`. */
    practice: string;
    tags: string[];
    remediationSteps: string;
    /**
     * What an update (`pulumi up --skip-preview`, the Automation API's `up`) blocks before a resource's
     * step calls the platform, and what only the end of the run shows (reported after the steps): the
     * README's policy table says both, word for word.
     */
    gate: { beforeTheStep: string; afterTheSteps: string };
}

export interface ResourceUnderCheck {
    urn: string;
    name: string;
    type: string;
    /** The checked inputs, without the provider's `__defaults` list. */
    props: PlainObject;
    /** Inputs the provider's `Check` filled with its defaults (Terraform-bridged providers list them in `__defaults`): the program did not set them. */
    defaulted: ReadonlySet<string>;
    stackTags: ReadonlyMap<string, string>;
    /** A component resource (the engine names no provider for it): its inputs are no place an app reads. */
    component: boolean;
}

export type { Outcome, StackContext, StackFinding } from "./outcome";

export type RemediationResult = "changed" | "unchanged";

export interface RuleDefinition<C extends CommonConfig> {
    info: RuleInfo;
    /** Config keys beyond `exemptions`, with defaults from the organisation's options. */
    configProperties(defaults: UpstashGuardOptions): ConfigProperties;
    /** Types `checkResource`/`remediateResource` apply to; every type when absent. */
    resourceTypes?: readonly string[];
    checkResource?(resource: ResourceUnderCheck, config: C): Outcome<string>;
    /** Mutates the engine's props in place (keeping secret wrappers) and says whether it changed them. */
    remediateResource?(props: Record<string, unknown>, resource: ResourceUnderCheck, config: C): RemediationResult;
    checkStack?(index: StackIndex, context: StackContext, config: C): Outcome<StackFinding>;
    /**
     * What the rule finds on a resource as it registers during an update, before its step calls the
     * platform: the rule's own checks, on the index of the run so far (`framework/registration.ts`)
     * judging that one resource. Absent where only the whole stack tells (which places a database
     * feeds, what stands in front of an app).
     */
    checkRegistration?(index: StackIndex, context: StackContext, config: C): Outcome<StackFinding>;
}

export type UpstashPolicy = ResourceValidationPolicy & Partial<Pick<StackValidationPolicy, "validateStack">>;

/** The SDK turns this into an advisory "can't run … during preview" note, keeping what was reported. */
export class PreviewUnknownError extends UnknownValueError {
    constructor(items: readonly string[]) {
        super(UNKNOWN_STRING_SENTINEL, []);
        const shown = items.slice(0, 20);
        const more = items.length > shown.length ? `; and ${items.length - shown.length} more` : "";
        this.message = `not yet known, checked again when the update runs: ${shown.join("; ")}${more}`;
    }
}

/** The SDK turns this into an advisory note too, with the same "can't run … during preview" prefix. */
export class StageSourceNote extends UnknownValueError {
    constructor(note: string) {
        super(UNKNOWN_STRING_SENTINEL, []);
        this.message = note;
    }
}

/** Notes in a stable order, each once: resource checks add them in whatever order the engine sent the resources. */
function stableList(items: readonly string[]): string[] {
    return [...new Set(items)].sort();
}

/** Findings in a stable order (by resource, then message): the engine reports them in the order a policy does. */
function stableFindings<F extends { urn: string; message: string }>(findings: readonly F[]): F[] {
    return [...findings].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

function sayUndecided(notes: readonly string[], stageNote: string | undefined): void {
    const undecided = stableList(notes);
    if (undecided.length > 0) {
        const error = new PreviewUnknownError(undecided);
        if (stageNote) {
            error.message = `${error.message}. Also: ${stageNote}`;
        }
        throw error;
    }
    if (stageNote) {
        throw new StageSourceNote(stageNote);
    }
}

/** The `stageTag` of a policy config that has one. */
function stageTagOf(config: object): string | undefined {
    const tag: unknown = Reflect.get(config, "stageTag");
    return typeof tag === "string" && tag.length > 0 ? tag : undefined;
}

/** Attaches a static type (one type) so that the SDK skips other resources without deserializing them. */
function withType<F extends object>(fn: F, types: readonly string[] | undefined): F {
    return types && types.length === 1 ? Object.assign(fn, { __pulumiType: types[0] }) : fn;
}

/**
 * The type a resource check attaches for the SDK's cheap skip. The SDK reads it once per Analyze
 * request, so for a check of several types, attaching the current request's type when it is one of
 * them (and another when it is not) skips the others just as cheaply. During an update, a check that
 * also judges registrations runs for every type, unless the registration's first judge decided it has
 * nothing to say (`mayReportRegistration`) and it checks nothing else of this type. Remediations must
 * not use this: the current request is an Analyze one.
 */
function attachTypes<F extends object>(fn: F, types: readonly string[] | undefined, mayReportRegistration: (() => boolean) | undefined): F {
    if (!mayReportRegistration && (!types || types.length < 2)) {
        return withType(fn, types);
    }
    Object.defineProperty(fn, "__pulumiType", {
        get: (): string | undefined => {
            const current = currentAnalyze();
            if (mayReportRegistration && judgingRegistrations()) {
                // `types` is undefined for a check of every type, and [NOTHING_TO_REPORT] for a policy that checks no type.
                const checksThisType = types === undefined || (current !== undefined && types.includes(current.type));
                return checksThisType || mayReportRegistration() ? undefined : NOTHING_TO_REPORT;
            }
            if (!types || current === undefined) {
                return types?.length === 1 ? types[0] : undefined;
            }
            return types.includes(current.type) ? current.type : types[0];
        },
    });
    return fn;
}

function readResource(args: ResourceValidationArgs): ResourceUnderCheck {
    const { props, defaulted } = splitDefaults(args.urn, asObject(toPlain(args.props)) ?? {});
    recordProgramInputs(args.urn, props, defaulted);
    return { urn: args.urn, name: args.name, type: args.type, props, defaulted, stackTags: args.stackTags, component: isComponentResource(args.type, args.provider !== undefined) };
}

let lastRead: { sequence: number; resource: ResourceUnderCheck } | undefined;

/** The resource of an Analyze request, read once for all the policies that check it. */
function resourceUnderCheck(args: ResourceValidationArgs): ResourceUnderCheck {
    const current = currentAnalyze();
    if (current === undefined || current.urn !== args.urn) {
        return readResource(args);
    }
    if (lastRead?.sequence !== current.sequence) {
        lastRead = { sequence: current.sequence, resource: readResource(args) };
    }
    return lastRead.resource;
}

/**
 * What a policy's resource checks could not decide during this preview, said once, in the stack
 * check that ends it: one note per policy instead of one per resource.
 */
class UndecidedItems {
    private items: string[] = [];
    private typeOfFirst: string | undefined;

    add(type: string, items: readonly string[]): void {
        if (items.length > 0) {
            this.typeOfFirst ??= type;
            this.items.push(...items);
        }
    }

    peek(): readonly string[] {
        return this.items;
    }

    /** Everything added since the last call, which forgets it. */
    take(): string[] {
        const taken = this.items;
        this.items = [];
        this.typeOfFirst = undefined;
        return taken;
    }

    /**
     * The type a policy with only notes to say attaches before any decision of the stack session: a
     * resource that left a note (so it runs) or a type no stack has (so it costs nothing).
     */
    attachedType(): string {
        return this.typeOfFirst ?? NOTHING_TO_REPORT;
    }
}

/** What a policy's stack check reports: findings (exemptions applied) and what it could not know. */
interface StackReport {
    findings: { message: string; urn: string }[];
    /** Findings said at the advisory level whatever the policy's (`Outcome.advisories`). */
    advisories: { message: string; urn: string }[];
    notes: string[];
    /** Said when the stage came from the stack name because the engine sent no stack tags. */
    stageNote: string | undefined;
}

export interface PolicyOptions {
    defaults?: UpstashGuardOptions;
    /** Shared by the policies of one pack, so that one stack check decides which others have nothing to report. */
    session?: StackSession;
    /** Shared by the policies of one pack, so that one registration's first judge decides which others have nothing to say. */
    registrations?: RegistrationSession;
    docsBaseUrl?: string;
    /** The clock used for exemption expiry; tests pin it. */
    now?: () => Date;
}

export function toPolicy<C extends CommonConfig>(rule: RuleDefinition<C>, options: PolicyOptions = {}): UpstashPolicy {
    const defaults = options.defaults ?? {};
    const now = options.now ?? (() => new Date());
    const { info } = rule;
    const properties: ConfigProperties = { ...exemptionsProperty(defaults), ...rule.configProperties(defaults) };
    const validator = new ConfigValidator<C>(info.name, properties);
    const types = rule.resourceTypes;
    const undecided = new UndecidedItems();

    /**
     * Config, type and exemption checks every resource check starts with; returns the config and any
     * expiry note. `registering`: the resource is judged as it registers, whatever its type.
     */
    const gate = (args: ResourceValidationArgs, registering = false): { config: C; expiredNote: string } => {
        const config = validator.resolve(args.getConfig());
        if (!registering && types && !types.includes(args.type)) {
            args.notApplicable(`applies only to ${types.join(", ")}`);
        }
        const exemption = exemptionFor(config.exemptions, args, now());
        if (exemption.state === "active") {
            args.notApplicable(exemptReason(exemption.exemption));
        }
        return { config, expiredNote: exemption.state === "expired" ? expiredNote(exemption.exemption) : "" };
    };

    const policy: UpstashPolicy = {
        name: info.name,
        description: info.description,
        enforcementLevel: info.enforcementLevel,
        severity: info.severity,
        framework: { name: FRAMEWORK_NAME, version: FRAMEWORK_VERSION, reference: FRAMEWORK_REFERENCE, specification: info.practice },
        tags: info.tags,
        remediationSteps: info.remediationSteps,
        url: `${options.docsBaseUrl ?? DEFAULT_DOCS_BASE_URL}/${info.name}.md`,
        configSchema: { properties },
    };

    const checkResource = rule.checkResource;
    const checkRegistration = rule.checkRegistration;
    const registrations = options.registrations;
    if (checkRegistration) {
        registrations?.join({ name: info.name, outcome: (index, context, raw) => checkRegistration(index, context, validator.resolve(raw)) });
    }
    if (checkResource || checkRegistration) {
        const validate = (args: ResourceValidationArgs, report: ReportViolation) => {
            const registering = checkRegistration !== undefined && judgingRegistrations();
            if (!checkResource && !registering) {
                args.notApplicable("checked at the end of the run");
            }
            const { config, expiredNote: note } = gate(args, registering);
            const resource = resourceUnderCheck(args);
            if (checkResource && (!types || types.includes(args.type))) {
                const outcome = checkResource(resource, config);
                for (const message of outcome.findings) {
                    report(`${message}${note}`);
                }
                for (const message of outcome.advisories ?? []) {
                    reportAdvisory(report, info.description, `${message}${note}`);
                }
                undecided.add(args.type, outcome.undecided);
            }
            if (registering && checkRegistration) {
                const index = registrationIndex(args, resource.props);
                const context: StackContext = { stackName: index.stackName, stackTags: args.stackTags };
                registrations?.decide(index, context);
                const outcome = registrations?.decided(info.name, args.getConfig()) ?? checkRegistration(index, context, config);
                for (const finding of stableFindings(outcome.findings)) {
                    rememberMadeAtRegistration(info.name, finding.urn, finding.path);
                    report(`${finding.message}${note}`);
                }
                for (const finding of stableFindings(outcome.advisories ?? [])) {
                    rememberMadeAtRegistration(info.name, finding.urn, finding.path);
                    reportAdvisory(report, info.description, `${finding.message}${note}`);
                }
                undecided.add(args.type, outcome.undecided.map((u) => u.message));
            }
        };
        const mayReportRegistration = checkRegistration ? () => registrations?.mayReport(info.name) ?? true : undefined;
        policy.validateResource = attachTypes(validate, checkResource ? types : [NOTHING_TO_REPORT], mayReportRegistration);
    }

    const remediate = rule.remediateResource;
    if (remediate) {
        policy.remediateResource = withType((args: ResourceValidationArgs) => {
            const { config } = gate(args);
            // Read afresh: the resource read for the latest Analyze request may be this one from an earlier preview.
            return remediate(args.props, readResource(args), config) === "changed" ? args.props : undefined;
        }, types);
    }

    const checkStack = rule.checkStack;
    if (checkStack || checkResource) {
        const member: StackMember<StackReport> = {
            name: info.name,
            outcome: (index, stackTags, raw) => {
                const notes = [...undecided.peek()];
                const config = validator.resolve(raw);
                const stackName = index.stackName === undefined ? undefined : shownText(index.stackName);
                const stageNote = stageFromStackNameNote(stageTagOf(config), engineSentStackConfiguration(), stackName);
                if (!checkStack) {
                    return { findings: [], advisories: [], notes, stageNote };
                }
                const outcome = checkStack(index, { stackName: index.stackName, stackTags }, config);
                const today = now();
                const toReport = (found: readonly StackFinding[]): StackReport["findings"] => {
                    const kept: StackReport["findings"] = [];
                    for (const finding of found) {
                        // Said when its resource registered in this update, which that step did not stop.
                        if (madeAtRegistration(info.name, finding.urn, finding.path)) {
                            continue;
                        }
                        const exemption = exemptionFor(config.exemptions, finding, today);
                        if (exemption.state !== "active") {
                            kept.push({ message: `${finding.message}${exemption.state === "expired" ? expiredNote(exemption.exemption) : ""}`, urn: finding.urn });
                        }
                    }
                    return kept;
                };
                notes.push(...outcome.undecided.filter((u) => exemptionFor(config.exemptions, u, today).state !== "active").map((u) => u.message));
                return { findings: toReport(outcome.findings), advisories: toReport(outcome.advisories ?? []), notes, stageNote };
            },
            reportsAnything: (report) => report.findings.length > 0 || report.advisories.length > 0 || report.notes.length > 0 || report.stageNote !== undefined,
        };
        const session = options.session;
        session?.join(member);
        const validateStack = (args: StackValidationArgs, report: ReportViolation) => {
            registrationsOver();
            const raw = args.getConfig<Record<string, unknown>>();
            const index = stackIndexFor(args.resources);
            session?.decide(info.name, index, args.stackTags, raw);
            const outcome = session?.decided(member, index, raw) ?? member.outcome(index, args.stackTags, raw);
            undecided.take();
            for (const finding of stableFindings(outcome.findings)) {
                report(finding.message, finding.urn);
            }
            for (const finding of stableFindings(outcome.advisories)) {
                reportAdvisory(report, info.description, finding.message, finding.urn);
            }
            sayUndecided(outcome.notes, outcome.stageNote);
        };
        // A policy with resource checks only reports here what those could not decide, or where the stage came from.
        const mayNoteStage = (): boolean => {
            const configured = configuredPolicyConfig(info.name);
            return engineSentStackConfiguration() !== true && (configured === undefined ? defaults.stageTag !== undefined : stageTagOf(configured) !== undefined);
        };
        Object.defineProperty(validateStack, "__pulumiType", {
            get: (): string | undefined => session?.attachedType(member) ?? (checkStack || mayNoteStage() ? undefined : undecided.attachedType()),
        });
        policy.validateStack = validateStack;
    }
    return policy;
}
