/** Entry point of the `upstash-guard` command (started by cli/bin/upstash-guard.js). */
import { CommanderError } from "commander";
import { EXIT, ExitCode, InputError, UsageError } from "./errors";
import { Streams } from "./io";
import { buildProgram } from "./program";
import { redactText } from "./redact";

/** Commander's own exit codes: 0 for --help and --version, 1 for every parse error. */
function exitCodeOfCommanderError(error: CommanderError): ExitCode {
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
}

/** Runs the command line and returns its exit code; never exits the process itself, so tests can call it. */
export async function runCli(argv: readonly string[], streams: Streams): Promise<ExitCode> {
    let code: ExitCode = EXIT.ok;
    const program = buildProgram(streams, (c) => {
        code = c;
    });
    try {
        await program.parseAsync([...argv], { from: "node" });
        return code;
    } catch (error) {
        if (error instanceof CommanderError) {
            // Commander has already printed the problem and the usage hint.
            return exitCodeOfCommanderError(error);
        }
        if (error instanceof InputError || error instanceof UsageError) {
            streams.stderr.write(`upstash-guard: error: ${error.message}\n`);
            return error.exitCode;
        }
        const message = error instanceof Error ? redactText(error.message) : "unknown failure";
        streams.stderr.write(`upstash-guard: internal error: ${message}\n(please report it with the command you ran, not its input)\n`);
        return EXIT.internal;
    }
}

/** What the launcher calls: runs, then sets the exit code without cutting standard output short. */
export function run(argv: readonly string[]): void {
    void runCli(argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then((code) => {
        process.exitCode = code;
    });
}
