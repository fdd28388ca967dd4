/**
 * What every service of the stand-in (one module per API: `upstash.ts`, `vercel.ts`) provides, and
 * the registry of the credentials the stand-in handed out or was shown.
 */
import { CredentialKind, KnownCredential } from "./credentials";
import { RecordedRequest, Router } from "./http";

/**
 * Where a request put a value on the platform, and what the platform makes of it:
 *  - `secret`: stored so that nobody reads it back (a sensitive Vercel variable);
 *  - `plain`: readable back by whoever can see the configuration (an encrypted Vercel variable, a
 *    project's build command, a QStash schedule's body or forwarded headers);
 *  - `client-exposed`: a variable whose name a web framework inlines into the browser bundle.
 */
export interface PlatformPlace {
    /** What the place is, for messages: `Vercel variable CACHE_SECRET (preview)`. Never a value. */
    label: string;
    kind: "secret" | "plain" | "client-exposed";
    /** The text written there. */
    text: string;
}

export interface Service {
    /** The host names the service answers on. */
    readonly hosts: readonly string[];
    readonly router: Router;
    /** The places a recorded request wrote values to. */
    placesIn(request: RecordedRequest): PlatformPlace[];
    /** What the service holds, counted by kind: `{ "redis database": 1 }`. */
    inventory(): Record<string, number>;
}

/** The credentials the stand-in handed out (and the account key it was shown), by value. */
export class CredentialRegistry {
    private readonly byValue = new Map<string, KnownCredential>();

    remember(value: string, kind: CredentialKind, owner: string): string {
        if (value.length > 0) {
            this.byValue.set(value, { kind, owner });
        }
        return value;
    }

    /** The known credentials a text holds, in the order of first occurrence. */
    foundIn(text: string): KnownCredential[] {
        const found: { at: number; credential: KnownCredential }[] = [];
        for (const [value, credential] of this.byValue) {
            const at = text.indexOf(value);
            if (at >= 0) {
                found.push({ at, credential });
            }
        }
        return found.sort((a, b) => a.at - b.at).map((f) => f.credential);
    }

    /** Every value, for the tests' leak checks (what no output may hold any part of). */
    values(): string[] {
        return [...this.byValue.keys()];
    }
}

/** Basic credentials of a request, as `user` and `password`. */
export function basicAuth(request: RecordedRequest): { user: string; password: string } | undefined {
    const header = request.headers.authorization ?? "";
    const match = /^Basic\s+(.+)$/i.exec(header);
    if (!match) {
        return undefined;
    }
    const decoded = Buffer.from(match[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function notFound(message: string): { status: number; json: unknown } {
    return { status: 404, json: { error: { code: "not_found", message } } };
}
