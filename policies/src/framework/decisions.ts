/**
 * What the shared sessions (`stackSession.ts` for `AnalyzeStack`, `registration.ts` for each
 * registration of an update) record when the first policy decides for all: each policy's outcome,
 * with the config it was computed with, so that a policy whose own config differs is not answered
 * from it.
 */
import { configuredPolicyConfig } from "./engineRequests";

/** Per policy: its outcome and its config as a key, or `undefined` when its config made it throw (it then decides for itself). */
export type DecidedOutcomes<O> = Map<string, { configKey: string; outcome: O } | undefined>;

/** Fills `outcomes` for every member the engine configured; members it did not configure are left to decide for themselves. */
export function decideEach<M extends { name: string }, O>(members: readonly M[], outcomes: DecidedOutcomes<O>, outcomeOf: (member: M, rawConfig: Record<string, unknown>) => O): void {
    for (const member of members) {
        const raw = configuredPolicyConfig(member.name);
        if (raw === undefined) {
            continue;
        }
        try {
            outcomes.set(member.name, { configKey: JSON.stringify(raw), outcome: outcomeOf(member, raw) });
        } catch {
            outcomes.set(member.name, undefined);
        }
    }
}
