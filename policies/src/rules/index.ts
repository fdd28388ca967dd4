// Every rule of the pack, in the order the README lists them.
import { CommonConfig } from "../framework/config";
import { RuleDefinition } from "../framework/rule";
import { budgetRequired } from "./upstash-budget-required";
import { credentialsOnlyInSecretEnvVars } from "./upstash-credentials-only-in-secret-env-vars";
import { managementApiKeyNotInApps } from "./upstash-management-api-key-not-in-apps";
import { noClientExposedCredentials } from "./upstash-no-client-exposed-credentials";
import { noHardcodedCredentials } from "./upstash-no-hardcoded-credentials";
import { rateLimitPublicApis } from "./upstash-rate-limit-public-apis";
import { readOnlyTokensWherePossible } from "./upstash-read-only-tokens-where-possible";
import { separateDatabasePerStage } from "./upstash-separate-database-per-stage";
import { tlsRequired } from "./upstash-tls-required";

export const RULES: readonly RuleDefinition<CommonConfig>[] = [
    noClientExposedCredentials,
    credentialsOnlyInSecretEnvVars,
    noHardcodedCredentials,
    managementApiKeyNotInApps,
    separateDatabasePerStage,
    tlsRequired,
    budgetRequired,
    readOnlyTokensWherePossible,
    rateLimitPublicApis,
];
