import { Exemption } from "./config";

export type ExemptionStatus =
    | { state: "none" }
    | { state: "active"; exemption: Exemption }
    | { state: "expired"; exemption: Exemption };

/**
 * Only `*` is special: resource names and URNs contain `/`, `:` and `.`, which path-style glob
 * libraries would treat as separators, so a pattern is matched as literal text with wildcards.
 */
function patternMatches(pattern: string, text: string): boolean {
    if (!pattern.includes("*")) {
        return pattern === text;
    }
    const parts = pattern.split("*");
    if (!text.startsWith(parts[0])) {
        return false;
    }
    let at = parts[0].length;
    for (let i = 1; i < parts.length - 1; i++) {
        const found = text.indexOf(parts[i], at);
        if (found < 0) {
            return false;
        }
        at = found + parts[i].length;
    }
    const last = parts[parts.length - 1];
    return text.length - at >= last.length && text.endsWith(last);
}

function isExpired(exemption: Exemption, now: Date): boolean {
    return exemption.expires !== undefined && now.toISOString().slice(0, 10) > exemption.expires;
}

/** The exemption that applies to a resource: an active one wins over an expired one. */
export function exemptionFor(exemptions: readonly Exemption[], resource: { name: string; urn: string }, now: Date): ExemptionStatus {
    let expired: Exemption | undefined;
    for (const exemption of exemptions) {
        if (!patternMatches(exemption.resource, resource.name) && !patternMatches(exemption.resource, resource.urn)) {
            continue;
        }
        if (!isExpired(exemption, now)) {
            return { state: "active", exemption };
        }
        expired ??= exemption;
    }
    return expired ? { state: "expired", exemption: expired } : { state: "none" };
}

export function exemptReason(exemption: Exemption): string {
    const until = exemption.expires ? ` (until ${exemption.expires})` : "";
    return `exempt${until}: ${exemption.reason}`;
}

export function expiredNote(exemption: Exemption): string {
    return ` (an exemption for '${exemption.resource}' expired on ${exemption.expires ?? "?"}; it no longer applies)`;
}
