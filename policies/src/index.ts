/**
 * upstash-guard as a library: the policies, to serve from this pack or to mix into an
 * organisation's own pack. Importing this module starts nothing.
 *
 *     import { PolicyPack } from "@pulumi/policy";
 *     import { createUpstashPolicies } from "@upstash-guard/policies/library";
 *     new PolicyPack("acme", { policies: [...createUpstashPolicies({ stageTag: "stage" }), ...acmePolicies] });
 */
import { readEngineRequests } from "./framework/engineRequests";
import { PolicyOptions, UpstashPolicy, toPolicy } from "./framework/rule";
import { RegistrationSession } from "./framework/registration";
import { StackSession } from "./framework/stackSession";
import { RULES } from "./rules";

export { UpstashGuardOptions, Exemption, PolicyConfigError } from "./framework/config";
export { UpstashPolicy, PolicyOptions, RuleDefinition, RuleInfo } from "./framework/rule";
export { RULES } from "./rules";
export type { NoClientExposedCredentialsConfig } from "./rules/upstash-no-client-exposed-credentials";
export type { CredentialsOnlyInSecretEnvVarsConfig } from "./rules/upstash-credentials-only-in-secret-env-vars";
export type { NoHardcodedCredentialsConfig } from "./rules/upstash-no-hardcoded-credentials";
export type { ManagementApiKeyNotInAppsConfig } from "./rules/upstash-management-api-key-not-in-apps";
export type { SeparateDatabasePerStageConfig } from "./rules/upstash-separate-database-per-stage";
export type { TlsRequiredConfig } from "./rules/upstash-tls-required";
export type { BudgetRequiredConfig } from "./rules/upstash-budget-required";
export type { ReadOnlyTokensConfig } from "./rules/upstash-read-only-tokens-where-possible";
export type { RateLimitPublicApisConfig } from "./rules/upstash-rate-limit-public-apis";

/** The pack's policies, with organisation-wide defaults (stage tag, production stages, caps…) baked into their config schemas. */
export function createUpstashPolicies(defaults: PolicyOptions["defaults"] = {}, options: Omit<PolicyOptions, "defaults" | "session"> = {}): UpstashPolicy[] {
    return policiesSharing(new StackSession({ aloneInPack: false }), defaults, options);
}

/**
 * The policies of upstash-guard's own pack (policies/index.ts), which holds no other policy: once
 * they have read the stack, nothing reads it after them, and the stack session may empty the request.
 */
export function upstashGuardPackPolicies(): UpstashPolicy[] {
    return policiesSharing(new StackSession({ aloneInPack: true }), {}, {});
}

function policiesSharing(session: StackSession, defaults: PolicyOptions["defaults"], options: Omit<PolicyOptions, "defaults" | "session">): UpstashPolicy[] {
    // Before the PolicyPack that will serve these policies starts its server (see engineRequests.ts).
    readEngineRequests();
    const registrations = new RegistrationSession();
    return RULES.map((rule) => toPolicy(rule, { ...options, defaults, session, registrations }));
}

export const POLICY_PACK_NAME = "upstash-guard";
