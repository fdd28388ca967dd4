import { clientExposedPrefix } from "../analysis/credentials";
import { evidenceText, findingLabel, placeLabel } from "../stack/labels";
import { StackIndex } from "../stack/flow";
import { isUnknown } from "../analysis/values";
import { CommonConfig, allowReadOnlyProperty, clientPrefixesProperty } from "../framework/config";
import { Outcome, RuleDefinition, StackFinding } from "../framework/rule";

export interface NoClientExposedCredentialsConfig extends CommonConfig {
    extraClientPrefixes: string[];
    allowReadOnlyTokensInClient: boolean;
}

export function checkClientExposure(index: StackIndex, config: NoClientExposedCredentialsConfig): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    for (const { resource, place } of index.placeEntries()) {
        // Only what the platform feeds into a frontend build can be inlined into the browser bundle.
        if (!place.build) {
            continue;
        }
        const credentials = index
            .credentialsOfPlace(resource, place)
            .filter((c) => !(config.allowReadOnlyTokensInClient && c.credential.access === "read-only"));
        if (credentials.length === 0) {
            continue;
        }
        if (isUnknown(place.key)) {
            outcome.undecided.push({ urn: resource.urn, name: resource.name, message: `${placeLabel(resource, place)} carries a credential and its name is not known yet` });
            continue;
        }
        const prefix = clientExposedPrefix(place.key, config.extraClientPrefixes);
        if (!prefix) {
            continue;
        }
        const first = credentials[0];
        const readOnlyHint = first.credential.access === "read-only" ? " A read-only token still lets anyone read the whole database." : "";
        outcome.findings.push({
            urn: resource.urn,
            name: resource.name,
            path: place.valuePath,
            message:
                `${placeLabel(resource, place)} starts with ${prefix} and goes into the ${place.words.platform} build, so the framework inlines it into the browser bundle, ` +
                `and it carries ${findingLabel(first)} (${evidenceText(first)}).${readOnlyHint} ` +
                `Rename it without the ${prefix} prefix, call Upstash only from server code (an API route or server action), and keep the credential in a secret: ${place.words.alternative}`,
        });
    }
    return outcome;
}

export const noClientExposedCredentials: RuleDefinition<NoClientExposedCredentialsConfig> = {
    info: {
        name: "upstash-no-client-exposed-credentials",
        description: "Upstash credentials must never be in environment variables that web frameworks expose to the browser (NEXT_PUBLIC_, VITE_, …).",
        severity: "critical",
        enforcementLevel: "mandatory",
        practice: "Keep Upstash tokens, passwords and signing keys on the server; never ship them to the browser.",
        tags: ["upstash", "vercel", "secrets", "client-exposure"],
        remediationSteps:
            "Remove the client-exposed prefix from the variable, mark it sensitive, and move the Upstash call to server code. " +
            "Rotate the token in the Upstash console: anything already deployed to browsers has leaked it. " +
            "The upstash-guard component `VercelRedisVariables` refuses a browser-exposed prefix in its inputs `urlKey` and `tokenKey` when it is built.",
        gate: {
            beforeTheStep: "a credential the variable itself shows (by its name, or a token's format under a secret-sounding name) in a variable with a browser-exposed prefix",
            afterTheSteps: "a credential that only its value or provenance ties to a database",
        },
    },
    configProperties: (defaults) => ({
        extraClientPrefixes: clientPrefixesProperty(defaults),
        allowReadOnlyTokensInClient: allowReadOnlyProperty(defaults),
    }),
    checkStack: (index, _context, config) => checkClientExposure(index, config),
    checkRegistration: (index, _context, config) => checkClientExposure(index, config),
};
