/** Reading an input from a file or standard input, and writing a report to a file or standard output. */
import * as fs from "fs";
import * as path from "path";
import { InputError } from "./errors";

/** Where a command reads from and writes to; tests pass their own. */
export interface Streams {
    stdin: NodeJS.ReadableStream;
    stdout: NodeJS.WritableStream;
    stderr: NodeJS.WritableStream;
}

/** Why a file could not be read, in words, without the system's message (which may quote paths we did not choose). */
function readFailure(file: string, error: unknown): InputError {
    const code = error instanceof Error && "code" in error ? String((error as NodeJS.ErrnoException).code) : "";
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "permission denied" : `cannot read it (${code || "unknown error"})`;
    return new InputError(`${file}: ${reason}`);
}

export function readTextFile(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (error) {
        throw readFailure(file, error);
    }
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
}

/** The input named by `--input`, or standard input when it is absent or `-`. */
export async function readInput(file: string | undefined, streams: Streams): Promise<string> {
    return file === undefined || file === "-" ? readAll(streams.stdin) : readTextFile(file);
}

/** Writes to the file named by `--output`, or standard output when it is absent or `-`. */
export function writeOutput(file: string | undefined, text: string, streams: Streams): void {
    if (file === undefined || file === "-") {
        streams.stdout.write(text);
        return;
    }
    try {
        fs.writeFileSync(file, text);
    } catch (error) {
        const code = error instanceof Error && "code" in error ? String((error as NodeJS.ErrnoException).code) : "unknown error";
        throw new InputError(`${file}: cannot write it (${code})`);
    }
}

/**
 * Writes a file whole or not at all (a temporary file beside it, then a rename), so that a failed
 * write never leaves a half-written config where the engine reads it.
 */
export function replaceFile(file: string, text: string): void {
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    try {
        fs.writeFileSync(temporary, text);
        fs.renameSync(temporary, file);
    } catch (error) {
        fs.rmSync(temporary, { force: true });
        const code = error instanceof Error && "code" in error ? String((error as NodeJS.ErrnoException).code) : "unknown error";
        throw new InputError(`${file}: cannot write it (${code})`);
    }
}
