/** `upstash-guard report`: reads the inputs, builds the report, writes it (and the history). */
import { EXIT, ExitCode, UsageError } from "../errors";
import { Streams, readTextFile, writeOutput } from "../io";
import { redactText } from "../redact";
import { Report, StackInput, buildReport } from "./build";
import { BoundConfig, bindConfigs, parseConfigArguments } from "./configs";
import { ConfigExemption, configExemptions } from "./exemptions";
import { History, appendRun, readHistory, runEntries, writeHistory } from "./history";
import { checkDistinctStacks, parseInputArgument, readStackEvents, stackNameOf } from "./inputs";
import { reportMarkdown } from "./markdown";
import { reportHtml } from "./page";

export interface ReportCommandOptions {
    format: "html" | "markdown";
    output?: string;
    policyPackConfig?: string[];
    expiringDays: string;
    history?: string;
    generatedAt?: string;
}

/** `--generated-at`: an ISO 8601 time; absent, now. */
export function generatedAtOf(text: string | undefined, now: () => Date): Date {
    if (text === undefined) {
        return now();
    }
    const date = new Date(text);
    if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
        throw new UsageError("--generated-at is not an ISO 8601 date or time (e.g. 2027-01-31 or 2027-01-31T05:17:00Z)");
    }
    return date;
}

export function expiringDaysOf(text: string): number {
    const days = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(days) || days > 3650) {
        throw new UsageError("--expiring-days is not a whole number of days from 0 to 3650");
    }
    return days;
}

function readInputs(args: readonly string[]): StackInput[] {
    const inputs = args.map((a) => parseInputArgument(a));
    const events = inputs.map(readStackEvents);
    const names = inputs.map((input, i) => stackNameOf(input, events[i]));
    checkDistinctStacks(names, inputs);
    return names.map((name, i) => ({ ...name, findings: events[i].findings, finished: events[i].finished }));
}

function readExemptions(configs: readonly BoundConfig[]): ConfigExemption[] {
    return configs.flatMap(({ file, scope }) => configExemptions(readTextFile(file), file, scope));
}

function summaryLine(report: Report): string {
    const t = report.totals;
    return `${t.stacks} stacks (${t.stacksWithFindings} with findings), ${t.blocking} blocking, ${t.advisory} advisory, ${t.exempted} exempted; exemptions: ${t.exemptionsExpired} expired, ${t.exemptionsExpiring} expiring within ${report.expiringDays} days`;
}

export function reportCommand(args: readonly string[], options: ReportCommandOptions, streams: Streams, now: () => Date = () => new Date()): ExitCode {
    if (args.length === 0) {
        throw new UsageError("no input: pass the JSON output of `pulumi policy analyze --json` (or a streamed `pulumi preview --json`) of each stack, as FILE or STACK=FILE");
    }
    const generatedAt = generatedAtOf(options.generatedAt, now);
    const expiringDays = expiringDaysOf(options.expiringDays);
    const stacks = readInputs(args);
    const binding = bindConfigs(
        parseConfigArguments(options.policyPackConfig ?? []),
        stacks.map((s) => s.stack),
    );
    for (const { file, pattern } of binding.unmatched) {
        streams.stderr.write(`upstash-guard: warning: --policy-pack-config ${file} is given for '${redactText(pattern)}', which names no stack of the report\n`);
    }
    const exemptions = readExemptions(binding.configs);
    const plain = buildReport(stacks, exemptions, { generatedAt, expiringDays });
    let history: History | undefined;
    if (options.history !== undefined) {
        history = appendRun(readHistory(options.history), runEntries(plain.generatedAt, plain.stacks));
    }
    const report: Report = { ...plain, history };
    writeOutput(options.output, options.format === "markdown" ? reportMarkdown(report) : reportHtml(report), streams);
    if (options.history !== undefined && history !== undefined) {
        writeHistory(options.history, history);
    }
    const where = options.output === undefined || options.output === "-" ? "standard output" : options.output;
    streams.stderr.write(`upstash-guard: wrote the ${options.format === "markdown" ? "Markdown summary" : "HTML report"} to ${where}: ${summaryLine(report)}\n`);
    return EXIT.ok;
}
