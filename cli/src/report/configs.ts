/**
 * Which stacks each `--policy-pack-config` of `report` belongs to. A config is written for a stack
 * (the engine applies it to the one stack whose preview or audit it is passed to), so the report
 * applies its exemptions to the stacks it is given for and to no other: a name-only exemption meant
 * for dev must never show a production finding as accepted.
 *
 * Given as `STACK=FILE`, STACK is a stack's name as the report shows it, or a glob of names in which
 * `*` stands for any run of characters other than `/`. Given as `FILE` alone, a config applies to
 * every stack only where that is unambiguous: the report has one stack.
 */
import { UsageError } from "../errors";
import { redactText } from "../redact";
import { NamedInput, parseInputArgument } from "./inputs";

/** The stacks a config's exemptions apply to: the globs it was given for, or every stack of a one-stack report. */
export interface StackScope {
    /** The globs, as given; empty for a config given without a stack. */
    readonly patterns: readonly string[];
    readonly covers: (stack: string) => boolean;
}

export interface BoundConfig {
    file: string;
    scope: StackScope;
}

export interface Binding {
    configs: BoundConfig[];
    /** Globs that match no stack of the report: said on standard error, as a likely typo. */
    unmatched: { file: string; pattern: string }[];
}

function globRegExp(pattern: string): RegExp {
    const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^${escaped.join("[^/]*")}$`);
}

function scopeOf(patterns: readonly string[]): StackScope {
    if (patterns.length === 0) {
        return { patterns, covers: () => true };
    }
    const globs = patterns.map(globRegExp);
    return { patterns, covers: (stack) => globs.some((glob) => glob.test(stack)) };
}

/** `--policy-pack-config` arguments, FILE or STACK=FILE, read as the inputs are. */
export function parseConfigArguments(args: readonly string[], exists?: (file: string) => boolean): NamedInput[] {
    return args.map((argument) => parseInputArgument(argument, exists, "a --policy-pack-config"));
}

function refusal(file: string, stacks: readonly string[]): UsageError {
    const example = stacks[0] ?? "acme/shop/dev";
    const parts = example.split("/");
    const glob = parts.length >= 3 ? [parts[0], "*", ...parts.slice(2)].join("/") : parts.length === 2 ? `*/${parts[1]}` : "*";
    return new UsageError(
        `--policy-pack-config ${file} names no stack, and the report has ${stacks.length} stacks: a config's exemptions apply ` +
            `only to the stacks it is given for. Give it as STACK=FILE, e.g. --policy-pack-config '${example}=${file}', ` +
            `or a glob of stacks such as '${glob}=${file}'; nothing was written`,
    );
}

/**
 * Each config file once, with every stack glob it was given for. Refuses (before anything is
 * written) a config given without a stack when the report has more than one stack.
 */
export function bindConfigs(args: readonly NamedInput[], stacks: readonly string[]): Binding {
    const patternsByFile = new Map<string, { everyStack: boolean; patterns: string[] }>();
    for (const { label, file } of args) {
        if (label === undefined && stacks.length > 1) {
            throw refusal(file, stacks);
        }
        const given = patternsByFile.get(file) ?? { everyStack: false, patterns: [] };
        patternsByFile.set(file, label === undefined ? { ...given, everyStack: true } : { ...given, patterns: [...new Set([...given.patterns, label])] });
    }
    const configs = [...patternsByFile].map(([file, given]) => ({ file, scope: scopeOf(given.everyStack ? [] : given.patterns) }));
    const unmatched = configs.flatMap(({ file, scope }) =>
        scope.patterns.filter((pattern) => !stacks.some((stack) => scopeOf([pattern]).covers(stack))).map((pattern) => ({ file, pattern })),
    );
    return { configs, unmatched };
}

/** The globs a config was given for, comma-separated, or "every stack" (given without a stack, to a one-stack report). */
export function scopeText(scope: StackScope): string {
    return scope.patterns.length === 0 ? "every stack" : scope.patterns.map(redactText).join(", ");
}
