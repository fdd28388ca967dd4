/**
 * upstash-guard components: the right wiring, in one line each, for what the upstash-guard policies
 * check. Every input is checked at construction against the same rules the policies apply.
 */
export { GuardInputError } from "./src/guard";
export { StageRedisDatabase, StageRedisDatabaseArgs } from "./src/stageRedisDatabase";
export { VercelRedisVariables, VercelRedisVariablesArgs } from "./src/vercelRedisVariables";
export { VercelRateLimit, VercelRateLimitArgs } from "./src/vercelRateLimit";
export { KubernetesRedisSecret, KubernetesRedisSecretArgs, SecretEnvVar, SecretEnvVarSource, SecretKeySelector } from "./src/kubernetesRedisSecret";
