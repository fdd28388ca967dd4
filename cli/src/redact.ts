/**
 * The last line of defence before anything reaches a report: text taken from the engine or from a
 * config file passes through here, and any run of it that the pack's own recognition considers
 * credential-shaped is replaced. Messages of the pack never hold values, but another pack's might,
 * and resource names or config keys are user text that may be a pasted secret.
 */
import { shownText } from "../../policies/src/analysis/credentials";
import { credentialsByKeyOrShape } from "../../policies/src/stack/flow";

export const HIDDEN = "(value not shown: it may hold a credential)";

/** Quotes and punctuation around a word, which the shape checks (anchored at both ends) must not see. */
const WRAPPING = /^[\s'"`([{<,;:.]+|[\s'"`)\]}>,;:.]+$/g;
/** A `redis://`/`rediss://` URL with a password anywhere in a word (the pack's own check is anchored at the start). */
const REDIS_URL_WITH_PASSWORD = /rediss?:\/\/[^\s:@/]*:[^\s@/]+@/i;

/** True when one whitespace-free word could be, or contain, a credential. */
export function wordMayHoldCredential(word: string): boolean {
    const core = word.replace(WRAPPING, "");
    if (core.length === 0) {
        return false;
    }
    return shownText(core) !== core || REDIS_URL_WITH_PASSWORD.test(core) || credentialsByKeyOrShape(core, undefined).length > 0;
}

/** A text with every word that may hold a credential replaced; whitespace and line breaks are kept. */
export function redactText(text: string): string {
    return text
        .split(/(\s+)/)
        .map((part) => (part.trim().length > 0 && wordMayHoldCredential(part) ? HIDDEN : part))
        .join("");
}

/**
 * A URN with each of its parts (stack, project, type, name) checked on its own, so that one
 * suspicious resource name does not hide the type and stack that locate the finding.
 */
export function redactUrn(urn: string): string {
    return urn
        .split("::")
        .map((part) => (redactText(part) !== part ? HIDDEN : part))
        .join("::");
}
