/**
 * The report's inputs: one engine output per stack, named on the command line as `FILE` or
 * `STACK=FILE`. The events are read by the same reader as `sarif` and `baseline` (`../preview/events`).
 */
import * as fs from "fs";
import * as path from "path";
import { InputError, UsageError } from "../errors";
import { readTextFile } from "../io";
import { PreviewEvents, readPreviewEvents } from "../preview/events";
import { redactText } from "../redact";

export interface NamedInput {
    /** The stack's name as given before `=`, or undefined. */
    label: string | undefined;
    file: string;
}

/**
 * `FILE` or `STACK=FILE`; an argument that names an existing file is a file, even with a `=` in it.
 * `what` names the argument in the error ("an input", "a --policy-pack-config").
 */
export function parseInputArgument(argument: string, exists: (file: string) => boolean = fs.existsSync, what = "an input"): NamedInput {
    const at = argument.indexOf("=");
    if (exists(argument) || at < 0) {
        return { label: undefined, file: argument };
    }
    const label = argument.slice(0, at).trim();
    if (label.length === 0) {
        throw new UsageError(`${what} of the form STACK=FILE has an empty STACK`);
    }
    return { label, file: argument.slice(at + 1) };
}

export interface StackName {
    stack: string;
    project: string;
}

const URN_HEAD = /^urn:pulumi:(.+?)::(.+?)::/;

/** The stack and project of the first URN among the findings (`urn:pulumi:<stack>::<project>::…`). */
function nameFromUrns(events: PreviewEvents): StackName | undefined {
    for (const finding of events.findings) {
        const match = URN_HEAD.exec(finding.resourceUrn ?? "");
        if (match) {
            return { stack: match[1], project: match[2] };
        }
    }
    return undefined;
}

/** A file name without its folder and extensions: `audits/shop-prod.analyze.jsonl` → `shop-prod`. */
function nameFromFile(file: string): string {
    return path.basename(file).replace(/\..*$/, "") || file;
}

/**
 * The stack's name: the label (with `org/project/stack` giving the project), else `project/stack`
 * of the URNs, else the file's name. User text, so it goes through the redaction too.
 */
export function stackNameOf(input: NamedInput, events: PreviewEvents): StackName {
    const fromUrns = nameFromUrns(events);
    if (input.label !== undefined) {
        const parts = input.label.split("/");
        const project = fromUrns?.project ?? (parts.length === 3 ? parts[1] : "");
        return { stack: redactText(input.label), project: redactText(project) };
    }
    if (fromUrns !== undefined) {
        return { stack: `${fromUrns.project}/${fromUrns.stack}`, project: fromUrns.project };
    }
    return { stack: redactText(nameFromFile(input.file)), project: "" };
}

/** An input's events; an empty file is a stack without findings (`policy analyze` of an empty stack prints nothing). */
export function readStackEvents(input: NamedInput): PreviewEvents {
    const text = readTextFile(input.file);
    return text.trim().length === 0 ? { findings: [], finished: true } : readPreviewEvents(text, input.file);
}

/** Refuses two inputs for one stack, which would count its findings twice. */
export function checkDistinctStacks(names: readonly StackName[], inputs: readonly NamedInput[]): void {
    const seen = new Map<string, string>();
    names.forEach((name, index) => {
        const earlier = seen.get(name.stack);
        if (earlier !== undefined) {
            throw new InputError(`${inputs[index].file}: stack '${name.stack}' is also the stack of ${earlier}; pass one audit per stack (name them with STACK=FILE)`);
        }
        seen.set(name.stack, inputs[index].file);
    });
}
