/**
 * The `upstash-guard` command line. The command definitions live here, and only here: the CI
 * recipe's test checks its `run:` lines against `buildProgram()`, so a renamed flag fails a test.
 */
import { Command, Option } from "commander";
import type { Log } from "sarif";
import { BaselineOptions, baselineCommand } from "./baseline/command";
import { ExemptionOf, NO_EXEMPTIONS, exemptionsOfConfig } from "./ci/exemptions";
import { gitlabText, previewToGitlab } from "./ci/gitlab";
import { previewToJunit } from "./ci/junit";
import { sarifReport, textReport } from "./config/report";
import { scanConfig } from "./config/scan";
import { EXIT, ExitCode, UsageError } from "./errors";
import { Streams, readInput, readTextFile, writeOutput } from "./io";
import { readPreviewEvents } from "./preview/events";
import { previewToSarif } from "./preview/toSarif";
import { ReportCommandOptions, reportCommand } from "./report/command";
import { sarifText, toolVersion } from "./sarif/common";

export interface SarifCommandOptions {
    input?: string;
    output?: string;
    projectFile: string;
}

export interface CiFormatOptions extends SarifCommandOptions {
    policyPackConfig?: string;
}

export interface ScanConfigOptions {
    format: "text" | "sarif";
    output?: string;
}

const EXIT_CODES_HELP = `
Exit codes:
  0  done (scan-config: no plaintext credentials found; baseline: also when there was nothing to baseline)
  1  scan-config found plaintext credentials
  2  usage error: unknown command or option, missing or invalid value (baseline: --reason, --expires; report: no input, --generated-at, --expiring-days, a --policy-pack-config without STACK= for several stacks; junit, gitlab: a --project-file outside the current folder)
  3  a file could not be read or written, or the input is not what the command reads
  4  internal error (please report it)`;

/** "3 errors, 1 warning, 2 notes" for the results of a log. */
function resultCounts(log: Log): string {
    const counts = new Map<string, number>();
    for (const result of log.runs[0]?.results ?? []) {
        const level = result.level ?? "warning";
        counts.set(level, (counts.get(level) ?? 0) + 1);
    }
    const parts = ["error", "warning", "note"].map((level) => {
        const n = counts.get(level) ?? 0;
        return `${n} ${level}${n === 1 ? "" : "s"}`;
    });
    return parts.join(", ");
}

function destination(output: string | undefined): string {
    return output === undefined || output === "-" ? "standard output" : output;
}

/** A terminal on standard input means nothing was piped: waiting for it would look like a hang. */
function isTerminal(stream: NodeJS.ReadableStream): boolean {
    return "isTTY" in stream && stream.isTTY === true;
}

/** The engine's JSON output named by `--input`, or piped in, with the name messages give it. */
async function engineOutput(input: string | undefined, streams: Streams): Promise<{ text: string; source: string }> {
    const fromStdin = input === undefined || input === "-";
    if (fromStdin && isTerminal(streams.stdin)) {
        throw new UsageError("no input: pass --input <file>, or pipe the output of `pulumi policy analyze --json` or `pulumi preview --json` into this command");
    }
    return { text: await readInput(input, streams), source: fromStdin ? "standard input" : (input ?? "") };
}

async function sarifCommand(options: SarifCommandOptions, streams: Streams): Promise<ExitCode> {
    const { text, source } = await engineOutput(options.input, streams);
    const events = readPreviewEvents(text, source);
    const log = previewToSarif(events, { projectFile: options.projectFile });
    writeOutput(options.output, sarifText(log), streams);
    streams.stderr.write(`upstash-guard: wrote SARIF to ${destination(options.output)}: ${resultCounts(log)}\n`);
    return EXIT.ok;
}

function exemptionsOf(config: string | undefined): ExemptionOf {
    return config === undefined ? NO_EXEMPTIONS : exemptionsOfConfig(readTextFile(config), config, new Date());
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}

async function junitCommand(options: CiFormatOptions, streams: Streams): Promise<ExitCode> {
    const { text, source } = await engineOutput(options.input, streams);
    const events = readPreviewEvents(text, source);
    const junit = previewToJunit(events, { projectFile: options.projectFile, exemptionOf: exemptionsOf(options.policyPackConfig) });
    writeOutput(options.output, junit.xml, streams);
    const { tests, failures, skipped, errors } = junit.counts;
    streams.stderr.write(
        `upstash-guard: wrote JUnit XML to ${destination(options.output)}: ${plural(junit.suites, "suite")}, ${plural(tests, "test case")}, ${failures} failed, ${skipped} skipped, ${plural(errors, "error")}\n`,
    );
    return EXIT.ok;
}

async function gitlabCommand(options: CiFormatOptions, streams: Streams): Promise<ExitCode> {
    const { text, source } = await engineOutput(options.input, streams);
    const events = readPreviewEvents(text, source);
    const issues = previewToGitlab(events, { projectFile: options.projectFile, exemptionOf: exemptionsOf(options.policyPackConfig) });
    writeOutput(options.output, gitlabText(issues), streams);
    const bySeverity = ["blocker", "critical", "major", "minor", "info"].map((severity) => `${issues.filter((i) => i.severity === severity).length} ${severity}`);
    const unfinished = events.finished ? "" : "; the output ends before the engine's summary, so findings may be missing";
    streams.stderr.write(`upstash-guard: wrote GitLab Code Quality report to ${destination(options.output)}: ${plural(issues.length, "issue")} (${bySeverity.join(", ")})${unfinished}\n`);
    return EXIT.ok;
}

function scanConfigCommand(dir: string, options: ScanConfigOptions, streams: Streams): ExitCode {
    const scan = scanConfig(dir);
    if (options.format === "sarif") {
        writeOutput(options.output, sarifText(sarifReport(scan)), streams);
        const found = scan.findings.length;
        streams.stderr.write(`upstash-guard: ${found} plaintext credential${found === 1 ? "" : "s"} in ${scan.files.length} config files; SARIF written to ${destination(options.output)}\n`);
    } else {
        writeOutput(options.output, textReport(scan), streams);
    }
    return scan.findings.length > 0 ? EXIT.findings : EXIT.ok;
}

/**
 * The program, wired to the given streams. `report` receives each command's exit code; parse
 * errors surface as commander's exceptions (see `exitOverride`) for `runCli` to map.
 */
export function buildProgram(streams: Streams, report: (code: ExitCode) => void = () => undefined): Command {
    const program = new Command("upstash-guard")
        .description(
            "Upstash security checks for Pulumi in CI: SARIF, JUnit XML and GitLab Code Quality from a policy preview or audit, a baseline of an audit's findings as exemptions, " +
                "a report of a fleet's audits, and a scan of Pulumi config for plaintext credentials.",
        )
        .version(toolVersion(), "-V, --version", "print the version")
        .helpOption("-h, --help", "show help")
        .addHelpText("after", EXIT_CODES_HELP)
        .showHelpAfterError("(run with --help for usage)")
        .configureOutput({ writeOut: (text) => streams.stdout.write(text), writeErr: (text) => streams.stderr.write(text) })
        .exitOverride();

    program
        .command("sarif")
        .description(
            "Convert the output of `pulumi policy analyze --json --policy-pack …` (an audit of a stack's state) or of " +
                "`PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --json --policy-pack …` to SARIF 2.1.0. " +
                "Mandatory findings become errors, advisory ones warnings, and notes that a policy could not run on values unknown during preview become notes.",
        )
        .option("-i, --input <file>", "the JSON output of the preview or audit ('-' or absent: standard input)")
        .option("-o, --output <file>", "where to write the SARIF ('-' or absent: standard output)")
        .option("--project-file <path>", "the program's Pulumi.yaml, which results point at, relative to the repository root", "Pulumi.yaml")
        .addHelpText("after", EXIT_CODES_HELP)
        .exitOverride()
        .action(async (options: SarifCommandOptions) => report(await sarifCommand(options, streams)));

    /** `junit` and `gitlab` read what `sarif` reads and take the same options; only the format differs. */
    const ciFormat = (name: string, description: string, written: string, run: (options: CiFormatOptions, streams: Streams) => Promise<ExitCode>): void => {
        program
            .command(name)
            .description(description)
            .option("-i, --input <file>", "the JSON output of `pulumi policy analyze --json` or of a streamed `pulumi preview --json` ('-' or absent: standard input)")
            .option("-o, --output <file>", `where to write the ${written} ('-' or absent: standard output)`)
            .option("--project-file <path>", "the program's Pulumi.yaml, relative to the repository root, where the findings point", "Pulumi.yaml")
            .option("-c, --policy-pack-config <file>", "the stack's --policy-pack-config file: findings its exemptions cover (in a run without it) are shown as exempted, with the reason")
            .addHelpText("after", EXIT_CODES_HELP)
            .exitOverride()
            .action(async (options: CiFormatOptions) => report(await run(options, streams)));
    };
    ciFormat(
        "junit",
        "Convert the same input as `sarif` to JUnit XML (Jenkins `junit`, GitLab `artifacts:reports:junit`, Azure Pipelines, CircleCI, Buildkite): " +
            "one test suite per policy, one test case per resource checked, a failure per blocking finding, advisory findings as passing cases " +
            "with their text in system-out, notes and exempted findings as skipped with the reason.",
        "XML",
        junitCommand,
    );
    ciFormat(
        "gitlab",
        "Convert the same input as `sarif` to a GitLab Code Quality report (`artifacts:reports:codequality`): one issue per finding, " +
            "its severity from the policy's (low minor, medium major, high critical, critical blocker; notes and exempted findings info), " +
            "its fingerprint the SARIF one, located at the program's Pulumi.yaml.",
        "JSON",
        gitlabCommand,
    );

    program
        .command("baseline")
        .description(
            "Exempt every finding of a `pulumi policy analyze --json` or `pulumi preview --json` run, each policy for each resource by URN, " +
                "with one reason and expiry, in a --policy-pack-config file. Blocking findings only, unless --include-advisory. " +
                "Keys of --config keep their order and formatting; a URN already exempted for a policy is not added again. " +
                "Prints on standard error what it added per policy and which findings it left out, and why.",
        )
        .option("-i, --input <file>", "the JSON output of `pulumi policy analyze --json` or of a streamed `pulumi preview --json` ('-' or absent: standard input)")
        .requiredOption("--reason <text>", "why the findings may stay for now, written into every exemption (e.g. a ticket that tracks them)")
        .requiredOption("--expires <YYYY-MM-DD>", "the last day the exemptions hold (UTC); today or later")
        .option("-c, --config <file>", "an existing --policy-pack-config file to add the exemptions to")
        .option("-o, --output <file>", "where to write the config (absent: the --config file, updated in place, or standard output without --config; '-': standard output)")
        .option("--include-advisory", "baseline advisory findings too", false)
        .addHelpText("after", EXIT_CODES_HELP)
        .exitOverride()
        .action(async (options: Omit<BaselineOptions, "input"> & { input?: string }) => {
            const { text, source } = await engineOutput(options.input, streams);
            report(baselineCommand(text, source, { ...options, input: source }, streams));
        });

    program
        .command("report")
        .description(
            "One self-contained HTML report (or a short Markdown summary, for a CI job summary) of the audits of any number of stacks: " +
                "totals, a stack × policy matrix, findings by platform and resource type, the findings with filters kept in the URL, " +
                "the exemptions of --policy-pack-config files with those expired or expiring singled out, and with --history a burn-down over runs. " +
                "Each input is the output of `pulumi policy analyze --json` (or of a streamed `pulumi preview --json`) of one stack, " +
                "named by its URNs or as STACK=FILE; an empty file is a stack without findings.",
        )
        .argument("<inputs...>", "one engine output per stack: FILE or STACK=FILE (e.g. acme/shop/prod=audits/shop-prod.json)")
        .addOption(new Option("-f, --format <format>", "html: the report; markdown: the short summary").choices(["html", "markdown"]).default("html"))
        .option("-o, --output <file>", "where to write it ('-' or absent: standard output)")
        .option("-c, --policy-pack-config <files...>", "the --policy-pack-config files whose exemptions the report lists and applies, each as STACK=FILE (STACK a stack or a glob of stacks, e.g. acme/*/dev) to apply it to those stacks only; FILE alone only when the report has one stack")
        .option("--expiring-days <days>", "single out exemptions that expire within this many days", "30")
        .option("--history <file>", "a JSON history of counts per run and stack (no finding text): read, this run appended (bounded), written back; drawn as the burn-down")
        .option("--generated-at <time>", "the report's time, ISO 8601 (absent: now); days left are counted from its UTC day, and the history records the run under it")
        .addHelpText("after", EXIT_CODES_HELP)
        .exitOverride()
        .action((inputs: string[], options: ReportCommandOptions) => report(reportCommand(inputs, options, streams)));

    program
        .command("scan-config")
        .description(
            "Report plaintext Upstash credentials in Pulumi.yaml and every Pulumi.<stack>.yaml of a project: upstash:apiKey " +
                "and vercel:apiToken not stored with --secret, and any plain value the policy pack recognises as an Upstash credential.",
        )
        .argument("[dir]", "the Pulumi project's folder", ".")
        .addOption(new Option("-f, --format <format>", "report format").choices(["text", "sarif"]).default("text"))
        .option("-o, --output <file>", "where to write the report ('-' or absent: standard output)")
        .addHelpText("after", EXIT_CODES_HELP)
        .exitOverride()
        .action((dir: string, options: ScanConfigOptions) => report(scanConfigCommand(dir, options, streams)));

    return program;
}
