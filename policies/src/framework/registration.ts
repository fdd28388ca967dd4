/**
 * The run so far, while an update registers resources.
 *
 * During `pulumi up` (with `--skip-preview`, or the Automation API's `up`, which always skips it) the
 * engine calls `Analyze` for each resource right before its step and stops that step on a mandatory
 * finding; `AnalyzeStack` runs only after every step is done, when a credential has already reached
 * the platform. So each resource is judged as it registers, by the same rules that judge the stack at
 * the end, on a stack index of what the run has shown so far (`Moment` "registration" in
 * `stack/flow.ts`): the inputs of every resource registered before it, its own inputs (the real values
 * of whatever it depends on: those resources exist by then), and the provider the engine names with it.
 *
 * A finding made here is remembered by policy, resource and path, and the stack check at the end of
 * the same run does not make it again.
 *
 * The SDK deserializes a resource's inputs again for every policy it runs on it. So, as for stack
 * checks (`stackSession.ts`), the first policy that judges a registration decides for every policy of
 * the pack whether it has anything to say about that resource; the others then attach a type no
 * resource has, and the SDK skips them without reading the resource. Every doubt runs the policy.
 */
import { ResourceValidationArgs } from "@pulumi/policy";
import { PlainObject, asObject, toPlain } from "../analysis/values";
import { StackIndex } from "../stack/flow";
import { currentAnalyze, engineOperation, runNumber } from "./engineRequests";
import { DecidedOutcomes, decideEach } from "./decisions";
import type { Outcome, StackContext, StackFinding } from "./outcome";

interface Run {
    readonly number: number;
    index: StackIndex;
    /** The Analyze request whose resource the index judges now. */
    sequence: number | undefined;
    /** Findings made at registration: policy, URN and path. */
    made: Set<string>;
}

let run: Run | undefined;

function currentRun(): Run {
    const number = runNumber();
    if (run?.number !== number) {
        run = { number, index: new StackIndex([], "registration"), sequence: undefined, made: new Set() };
    }
    return run;
}

/**
 * Whether resources are judged as they register: during an update, and whenever the pack could not
 * read what the engine is doing (then it judges early rather than let a credential through; what it
 * finds is not said again at the end).
 */
export function judgingRegistrations(): boolean {
    const operation = engineOperation();
    return operation === "update" || operation === undefined;
}

/**
 * The index of the run so far, judging the resource of this Analyze request: added once, whichever
 * policy asks first.
 */
export function registrationIndex(args: ResourceValidationArgs, props: PlainObject): StackIndex {
    const current = currentRun();
    const analyze = currentAnalyze();
    const sequence = analyze !== undefined && analyze.urn === args.urn ? analyze.sequence : undefined;
    if (sequence === undefined || current.sequence !== sequence) {
        current.index.add({
            urn: args.urn,
            name: args.name,
            type: args.type,
            props,
            propertyDependencies: {},
            opts: { parent: args.opts.parent },
            provider: args.provider && { urn: args.provider.urn, type: args.provider.type, props: asObject(toPlain(args.provider.props)) ?? {} },
        });
        current.index.judgeOnly([args.urn]);
        current.sequence = sequence;
    }
    return current.index;
}

function findingKey(policy: string, urn: string, path: string | undefined): string {
    return `${policy}\u0000${urn}\u0000${path ?? ""}`;
}

export function rememberMadeAtRegistration(policy: string, urn: string, path: string | undefined): void {
    currentRun().made.add(findingKey(policy, urn, path));
}

/**
 * The registrations of this run are over: the engine checks the whole stack only once every step is
 * done. The index of the run so far is let go (on a large stack it would double what the stack check
 * keeps in memory); what was said at registration is kept.
 */
export function registrationsOver(): void {
    if (run?.number === runNumber() && run.index.resources.length > 0) {
        run.index = new StackIndex([], "registration");
        run.sequence = undefined;
    }
}

/** Whether a finding of the stack check was already made when its resource registered in this run. */
export function madeAtRegistration(policy: string, urn: string, path: string | undefined): boolean {
    return run?.number === runNumber() && run.made.has(findingKey(policy, urn, path));
}

/** A policy that judges registrations: its outcome on the resource the index judges, with a raw config (throws when the config is invalid). */
export interface RegistrationMember {
    name: string;
    outcome(index: StackIndex, context: StackContext, rawConfig: Record<string, unknown>): Outcome<StackFinding>;
}

interface RegistrationDecision {
    sequence: number;
    outcomes: DecidedOutcomes<Outcome<StackFinding>>;
}

/** One decision per registration for the policies of one pack (see the top of this file). */
export class RegistrationSession {
    private readonly members: RegistrationMember[] = [];
    private decision: RegistrationDecision | undefined;

    join(member: RegistrationMember): void {
        this.members.push(member);
    }

    /** Called by every policy that judges the current registration: the first decides for all. */
    decide(index: StackIndex, context: StackContext): void {
        const sequence = currentAnalyze()?.sequence;
        if (sequence === undefined || this.decision?.sequence === sequence) {
            return;
        }
        const outcomes: RegistrationDecision["outcomes"] = new Map();
        this.decision = { sequence, outcomes };
        decideEach(this.members, outcomes, (member, raw) => member.outcome(index, context, raw));
    }

    /** The outcome decided for a policy on the current registration, when it was computed with this config. */
    decided(name: string, rawConfig: Record<string, unknown>): Outcome<StackFinding> | undefined {
        const decided = this.current()?.outcomes.get(name);
        return decided && decided.configKey === JSON.stringify(rawConfig) ? decided.outcome : undefined;
    }

    /** `false` only when it is decided that the policy has nothing to say about the current registration. */
    mayReport(name: string): boolean {
        const decided = this.current()?.outcomes.get(name);
        return decided === undefined || decided.outcome.findings.length > 0 || (decided.outcome.advisories?.length ?? 0) > 0 || decided.outcome.undecided.length > 0;
    }

    private current(): RegistrationDecision | undefined {
        const sequence = currentAnalyze()?.sequence;
        return sequence !== undefined && this.decision?.sequence === sequence ? this.decision : undefined;
    }
}
