/**
 * Exit codes of the `upstash-guard` command, and the errors that carry them. The README lists the
 * same table; CI scripts branch on these numbers, so they never change meaning.
 */
export const EXIT = {
    /** Done; for `scan-config`, nothing found. */
    ok: 0,
    /** `scan-config` found plaintext credentials. */
    findings: 1,
    /** The command line is wrong: unknown command or option, missing or invalid value. */
    usage: 2,
    /** A file could not be read or written, or an input is not what the command reads (not JSON/YAML, the wrong JSON). */
    input: 3,
    /** A bug: anything else that went wrong. */
    internal: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An input problem the user can fix; its message names the file and what to do, never the input's content. */
export class InputError extends Error {
    readonly exitCode: ExitCode = EXIT.input;
}

/** A command-line problem found after parsing (e.g. an option value out of range). */
export class UsageError extends Error {
    readonly exitCode: ExitCode = EXIT.usage;
}
