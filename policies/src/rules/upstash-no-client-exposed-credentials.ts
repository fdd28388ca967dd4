import { clientExposedPrefix } from "../analysis/credentials";
import { credentialLabel, envVarLabel, evidenceText } from "../analysis/describe";
import { StackIndex } from "../analysis/flow";
import { isUnknown } from "../analysis/values";
import { CommonConfig, allowReadOnlyProperty, clientPrefixesProperty } from "../framework/config";
import { Outcome, RuleDefinition, StackFinding } from "../framework/rule";

export interface NoClientExposedCredentialsConfig extends CommonConfig {
    extraClientPrefixes: string[];
    allowReadOnlyTokensInClient: boolean;
}

export function checkClientExposure(index: StackIndex, config: NoClientExposedCredentialsConfig): Outcome<StackFinding> {
    const outcome: Outcome<StackFinding> = { findings: [], undecided: [] };
    for (const { resource, envVar } of index.envVarEntries()) {
        const credentials = index
            .credentialsIn(resource, envVar.property, envVar.value, envVar.key)
            .filter((c) => !(config.allowReadOnlyTokensInClient && c.credential.access === "read-only"));
        if (credentials.length === 0) {
            continue;
        }
        if (isUnknown(envVar.key)) {
            outcome.undecided.push({ urn: resource.urn, name: resource.name, message: `${envVarLabel(resource, envVar)} carries a credential and its name is not known yet` });
            continue;
        }
        const prefix = clientExposedPrefix(envVar.key, config.extraClientPrefixes);
        if (!prefix) {
            continue;
        }
        const first = credentials[0];
        const readOnlyHint = first.credential.access === "read-only" ? " A read-only token still lets anyone read the whole database." : "";
        outcome.findings.push({
            urn: resource.urn,
            name: resource.name,
            message:
                `${envVarLabel(resource, envVar)} starts with ${prefix}, so the framework inlines it into the browser bundle, ` +
                `and it carries ${credentialLabel(first.credential, first.source)} (${evidenceText(first)}).${readOnlyHint} ` +
                `Rename it without the ${prefix} prefix, mark it sensitive, and call Upstash only from server code (an API route or server action).`,
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
            "Rotate the token in the Upstash console: anything already deployed to browsers has leaked it.",
    },
    configProperties: (defaults) => ({
        extraClientPrefixes: clientPrefixesProperty(defaults),
        allowReadOnlyTokensInClient: allowReadOnlyProperty(defaults),
    }),
    checkStack: (index, _context, config) => checkClientExposure(index, config),
};
