/**
 * Pulumi's wire forms, as the engine sends values to a pack and as a checkpoint stores them: the
 * sentinel of an unknown value and the signature of a secret.
 */

/** How the engine sends a value it cannot know yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret as the engine sends it to a pack. */
export function secret(value: unknown): Record<string, unknown> {
    return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

/** A secret as a checkpoint (`pulumi stack import`) stores it in plaintext. */
export function checkpointSecret(value: string): Record<string, string> {
    return { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(value) };
}

export function isSecretEnvelope(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}
