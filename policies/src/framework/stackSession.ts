/**
 * One `AnalyzeStack` call, shared by the pack's stack checks.
 *
 * The SDK deserializes the whole stack again for every stack policy it runs (about 0.1 s per policy
 * at 10,000 resources), unless the Pulumi type attached to the policy's function is absent from the
 * stack, which it checks from the request alone. So the first stack check that runs decides, for
 * every policy of the pack, whether it has anything to report at all; the others attach a type no
 * stack has when they have nothing, and the SDK skips them. A policy that has something runs as
 * usual and reports from its own config (`args.getConfig()`), reusing the outcome computed here when
 * its config is the one the decision was made with.
 *
 * Every doubt runs the policy: a config not seen in the engine's Configure request, a config that
 * does not match the SDK's, an error while deciding. The decision lives until the next turn of the
 * event loop: the SDK runs all stack policies of one call back to back, without waiting on I/O.
 *
 * When the pack holds no other policy (upstash-guard's own pack), the session also empties the
 * request's resources once the stack index is built: the policies that still run then cost the SDK
 * an empty rebuild each. A pack that mixes these policies with others must not do that, since its
 * other policies read the resources after ours.
 */
import { StackIndex } from "../stack/flow";
import { DecidedOutcomes, decideEach } from "./decisions";
import { configuredPolicyConfig, lightenCurrentStackRequest } from "./engineRequests";

/** A type no resource has: the SDK reports a policy that attaches it "not applicable" without reading the stack. */
export const NOTHING_TO_REPORT = "upstash-guard:preview:NothingToReport";

export interface StackMember<O> {
    name: string;
    /** The policy's outcome on this stack with this raw config (throws when the config is invalid). */
    outcome(index: StackIndex, stackTags: ReadonlyMap<string, string>, rawConfig: Record<string, unknown>): O;
    /** Whether an outcome reports anything: a finding or a "can't be known" note. */
    reportsAnything(outcome: O): boolean;
}

interface Decision {
    index: StackIndex;
    outcomes: DecidedOutcomes<unknown>;
}

export class StackSession {
    // Members of different outcome types live side by side; each reads back only its own.
    private readonly members: StackMember<unknown>[] = [];
    private decision: Decision | undefined;

    constructor(private readonly options: { aloneInPack: boolean }) {}

    join<O>(member: StackMember<O>): void {
        this.members.push(member as StackMember<unknown>);
    }

    /**
     * Called by every stack check that runs: the first of a call decides for all. `ownConfig` is what
     * the SDK gave the calling policy; when it differs from what the Configure request said, the
     * requests were not read as the SDK reads them, and nothing is skipped.
     */
    decide(caller: string, index: StackIndex, stackTags: ReadonlyMap<string, string>, ownConfig: Record<string, unknown>): void {
        if (this.decision && this.decision.index === index) {
            return;
        }
        const outcomes: DecidedOutcomes<unknown> = new Map();
        this.decision = { index, outcomes };
        setImmediate(() => {
            this.decision = undefined;
        });
        if (this.options.aloneInPack) {
            // The index holds all this call's checks need (stackIndexFor shares it with every one of them).
            lightenCurrentStackRequest();
        }
        if (JSON.stringify(configuredPolicyConfig(caller)) !== JSON.stringify(ownConfig)) {
            return;
        }
        decideEach(this.members, outcomes, (member, raw) => member.outcome(index, stackTags, raw));
    }

    /** The type a policy's stack check attaches for the SDK's cheap skip: `undefined` runs it. */
    attachedType(member: StackMember<unknown>): string | undefined {
        const decided = this.decision?.outcomes.get(member.name);
        return decided && !member.reportsAnything(decided.outcome) ? NOTHING_TO_REPORT : undefined;
    }

    /** The outcome decided for a policy, when it was computed from this index and this config. */
    decided<O>(member: StackMember<O>, index: StackIndex, rawConfig: Record<string, unknown>): O | undefined {
        const decided = this.decision?.index === index ? this.decision.outcomes.get(member.name) : undefined;
        return decided && decided.configKey === JSON.stringify(rawConfig) ? (decided.outcome as O) : undefined;
    }
}
