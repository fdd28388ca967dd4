/** The reason and expiry every exemption of a baseline carries, checked before anything is read or written. */
import { UsageError } from "../errors";
import { wordMayHoldCredential } from "../redact";
import { MAX_REASON_LENGTH } from "./limits";
import { ExemptionTerms } from "./merge";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` of a real calendar day (no 2027-02-30), as the pack itself demands of `expires`. */
export function isCalendarDate(text: string): boolean {
    if (!DATE.test(text)) {
        return false;
    }
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * The terms, or a `UsageError` saying what is wrong. An exemption holds through its expiry day
 * (UTC), so today is the earliest expiry that means anything. The reason is written into the
 * config verbatim: one that may hold a credential is refused, and never repeated in the message.
 */
export function checkTerms(reason: string, expires: string, now: Date): ExemptionTerms {
    const trimmed = reason.trim();
    if (trimmed.length === 0) {
        throw new UsageError("--reason is empty: say why these findings may stay for now (e.g. a ticket that tracks burning them down)");
    }
    if (trimmed.length > MAX_REASON_LENGTH) {
        throw new UsageError(`--reason is longer than the ${MAX_REASON_LENGTH} characters an exemption's reason may have`);
    }
    if (trimmed.split(/\s+/).some(wordMayHoldCredential)) {
        throw new UsageError("--reason has a word that looks like it may hold a credential; a baseline never holds any part of one: reword it");
    }
    if (!isCalendarDate(expires)) {
        // Not echoed: text that is not a date could be anything.
        throw new UsageError("--expires is not a date of the calendar as YYYY-MM-DD (e.g. 2027-03-31)");
    }
    const today = now.toISOString().slice(0, 10);
    if (expires < today) {
        throw new UsageError(`--expires ${expires} is already past (today is ${today}, UTC); an exemption holds through its expiry day`);
    }
    return { reason: trimmed, expires };
}
