/**
 * The CI recipes (examples/ci/upstash-guard.yml, which previews every change, and
 * examples/ci/upstash-guard-audit.yml, which audits a fleet of deployed stacks on a schedule) are
 * valid GitHub Actions workflows; examples/ci/gitlab-ci.yml is a valid GitLab CI job and
 * examples/ci/Jenkinsfile publishes what its junit command writes; every `upstash-guard` command in them parses with the
 * command's own definitions (buildProgram), so a renamed command or flag breaks this test rather
 * than someone's pipeline.
 */
import Ajv from "ajv";
import addFormats from "ajv-formats";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PassThrough, Readable } from "stream";
import { parse } from "yaml";
import { CommanderError } from "commander";
import { buildProgram } from "../../cli/src/program";
import { REPO } from "./helpers";

const CI_DIR = path.join(REPO, "examples", "ci");

interface Step {
    name?: string;
    if?: string;
    "continue-on-error"?: boolean;
    uses?: string;
    run?: string;
    env?: Record<string, string>;
    with?: Record<string, unknown>;
}

interface Job {
    needs?: string | string[];
    if?: string;
    steps: Step[];
    strategy?: { "fail-fast"?: boolean; matrix?: { include?: Record<string, string>[] } };
}

/** The keys of a GitLab CI job this test reads. */
interface GitlabJob {
    before_script: string[];
    script: string[];
    artifacts: { when?: string; reports: Record<string, string>; paths?: string[] };
}

interface Workflow {
    on: Record<string, unknown>;
    jobs: Record<string, Job>;
}

function readWorkflow(file: string): Workflow {
    return parse(fs.readFileSync(file, "utf8")) as Workflow;
}

function steps(workflow: Workflow): Step[] {
    return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

/**
 * The simple commands of a `run:` script as word lists: lines joined at trailing backslashes, split
 * at `&&`, `||`, `;` and `|`, words split at blanks outside quotes, quotes removed, and everything
 * from a redirection on dropped.
 */
export function commandsOf(script: string): string[][] {
    const commands: string[][] = [];
    const text = script.replace(/\\\r?\n/g, " ");
    for (const line of text.split(/\r?\n/)) {
        let words: string[] = [];
        let word = "";
        let inWord = false;
        let quote: string | undefined;
        let redirected = false;
        const endWord = () => {
            if (inWord && !redirected) {
                words.push(word);
            }
            word = "";
            inWord = false;
        };
        const endCommand = () => {
            endWord();
            if (words.length > 0) {
                commands.push(words);
            }
            words = [];
            redirected = false;
        };
        for (let i = 0; i < line.length; i++) {
            const c = line[i];
            if (quote) {
                if (c === quote) {
                    quote = undefined;
                } else {
                    word += c;
                }
            } else if (c === "'" || c === '"') {
                quote = c;
                inWord = true;
            } else if (c === "#" && !inWord) {
                break;
            } else if (/\s/.test(c)) {
                endWord();
            } else if (c === ";" || c === "|" || (c === "&" && line[i + 1] === "&")) {
                endCommand();
                if (line[i + 1] === c) {
                    i++;
                }
            } else if (c === ">" || c === "<") {
                endWord();
                redirected = true;
            } else {
                word += c;
                inWord = true;
            }
        }
        endCommand();
    }
    return commands;
}

/** The arguments after the `upstash-guard` word of a command, if it runs upstash-guard. */
function upstashGuardArgs(words: readonly string[]): string[] | undefined {
    const at = words.indexOf("upstash-guard");
    return at < 0 ? undefined : words.slice(at + 1);
}

/** Parses arguments with the real command definitions, actions replaced, and says which command they reach. */
function parseWithProgram(args: readonly string[]): string {
    const silent = { stdin: Readable.from([]), stdout: new PassThrough(), stderr: new PassThrough() };
    const program = buildProgram(silent);
    let reached = "";
    for (const command of program.commands) {
        command.action(() => {
            reached = command.name();
        });
    }
    program.parse([...args], { from: "user" });
    return reached;
}

interface Run {
    step: Step;
    words: string[];
}

/** Every simple command of every `run:` step, and those that run upstash-guard with their arguments. */
function runsOf(workflow: Workflow): { runs: Run[]; guardRuns: (Run & { args: string[] })[] } {
    const runs = steps(workflow).flatMap((step) => (step.run ? commandsOf(step.run).map((words) => ({ step, words })) : []));
    const guardRuns = runs.flatMap(({ step, words }) => {
        const args = upstashGuardArgs(words);
        return args ? [{ step, words, args }] : [];
    });
    return { runs, guardRuns };
}

/** The file a command's output is redirected to (`… > file`), if any. */
function redirectTarget(step: Step): string | undefined {
    return /> *(\S+)/.exec(step.run ?? "")?.[1];
}

/** What every recipe must get right: schema, command lines, npx, uploads. */
function describeRecipe(name: string, commands: string[], extra: (workflow: Workflow) => void): void {
    const file = path.join(CI_DIR, name);
    describe(`CI recipe: examples/ci/${name}`, () => {
        const workflow = readWorkflow(file);
        const { guardRuns } = runsOf(workflow);

        it("validates against the GitHub workflow JSON schema (SchemaStore's github-workflow.json)", () => {
            const schema = JSON.parse(fs.readFileSync(require.resolve("schemastore/schemas/json/github-workflow.json"), "utf8")) as Record<string, unknown>;
            assert.match(String(schema.$schema), /json-schema\.org\/draft-07\/schema/);
            // The schema is written for draft-07 validators, not Ajv's strict mode (untyped keywords, tuples).
            const ajv = new Ajv({ allErrors: true, strict: false });
            addFormats(ajv);
            const validate = ajv.compile(schema);
            const document = parse(fs.readFileSync(file, "utf8")) as unknown;
            assert.ok(validate(document), JSON.stringify(validate.errors, null, 1));
            // The schema does reject a broken workflow: the check is not vacuous.
            assert.ok(!validate({ on: "push", jobs: { guard: { "runs-on": "ubuntu-latest", stepz: [] } } }));
        });

        it(`runs ${commands.join(" and ")}, and each upstash-guard command parses with the command's own definitions`, () => {
            const reached = guardRuns.map(({ args }) => parseWithProgram(args));
            assert.deepStrictEqual(reached.sort(), [...commands].sort());
        });

        it("never lets npx fetch a package named upstash-guard from the registry", () => {
            assert.ok(guardRuns.length > 0);
            for (const { words } of guardRuns) {
                assert.strictEqual(words[0], "npx");
                assert.ok(words.includes("--no-install"), words.join(" "));
            }
        });

        it("uploads every SARIF file it writes (report writes HTML and Markdown) with github/codeql-action/upload-sarif, each in its own category", () => {
            const written = guardRuns.filter(({ args }) => args[0] !== "report").map(({ args }) => args[args.indexOf("--output") + 1]).sort();
            const uploads = steps(workflow).filter((step) => step.uses?.startsWith("github/codeql-action/upload-sarif@"));
            assert.deepStrictEqual(uploads.map((u) => String(u.with?.sarif_file)).sort(), written);
            const categories = uploads.map((u) => String(u.with?.category));
            assert.strictEqual(new Set(categories).size, uploads.length);
        });

        extra(workflow);
    });
}

describe("CI recipes", () => {
    it("the parser of this test rejects what the command would reject", () => {
        assert.throws(() => parseWithProgram(["sarif", "--inptu", "x"]), CommanderError);
        assert.throws(() => parseWithProgram(["scan-config", "--format", "xml"]), CommanderError);
        assert.throws(() => parseWithProgram(["scan-sonfig"]), CommanderError);
        assert.throws(() => parseWithProgram(["sarif", "--output"]), CommanderError);
        assert.throws(() => parseWithProgram(["baseline", "--reason", "INC-1"]), CommanderError);
        assert.deepStrictEqual(commandsOf('a "b c" \\\n d > out.json && upstash-guard sarif -i x | tee y'), [["a", "b c", "d"], ["upstash-guard", "sarif", "-i", "x"], ["tee", "y"]]);
    });

    describeRecipe("upstash-guard.yml", ["sarif", "scan-config"], (workflow) => {
        it("previews with --json and the policy pack, in streaming JSON (the only form with policy findings)", () => {
            const { runs, guardRuns } = runsOf(workflow);
            const previews = runs.filter(({ words }) => words[0] === "pulumi" && words[1] === "preview");
            assert.strictEqual(previews.length, 1);
            const [{ step, words }] = previews;
            assert.ok(words.includes("--json"));
            assert.ok(words.includes("--policy-pack"));
            assert.strictEqual(step.env?.PULUMI_ENABLE_STREAMING_JSON_PREVIEW, "true");
            // The file the preview writes is the file sarif reads.
            const previewOutput = redirectTarget(step);
            const sarif = guardRuns.find(({ args }) => args[0] === "sarif");
            assert.ok(previewOutput && sarif?.args.includes(previewOutput));
        });
    });

    describeRecipe("upstash-guard-audit.yml", ["sarif", "report", "report"], (workflow) => {
        const job = workflow.jobs.audit;

        it("runs on a schedule and on demand, one job per stack of its matrix, none cancelling the others", () => {
            assert.ok(Array.isArray(workflow.on.schedule) && workflow.on.schedule.length > 0);
            assert.ok("workflow_dispatch" in workflow.on);
            assert.deepStrictEqual(Object.keys(workflow.jobs), ["audit", "report"]);
            assert.strictEqual(job.strategy?.["fail-fast"], false);
            const stacks = (job.strategy?.matrix?.include ?? []).map((entry) => entry.stack);
            assert.ok(stacks.length >= 2 && stacks.every((stack) => typeof stack === "string" && stack.length > 0));
            assert.strictEqual(new Set(stacks).size, stacks.length);
        });

        it("audits each stack with `pulumi policy analyze --json --policy-pack`, keeps going when it finds violations, and converts what it wrote", () => {
            const { runs, guardRuns } = runsOf(workflow);
            const audits = runs.filter(({ words }) => words[0] === "pulumi" && words[1] === "policy" && words[2] === "analyze");
            assert.strictEqual(audits.length, 1);
            const [{ step, words }] = audits;
            for (const flag of ["--json", "--policy-pack", "--stack", "--non-interactive"]) {
                assert.ok(words.includes(flag), `${flag} in ${words.join(" ")}`);
            }
            assert.strictEqual(words[words.indexOf("--stack") + 1], "$STACK");
            assert.strictEqual(step.env?.STACK, "${{ matrix.stack }}");
            // It exits non-zero on mandatory violations: a finding, not a broken job.
            assert.strictEqual(step["continue-on-error"], true);
            const auditOutput = redirectTarget(step);
            const sarif = guardRuns.find(({ args }) => args[0] === "sarif");
            assert.ok(auditOutput && sarif?.args.includes(auditOutput));
            assert.match(String(sarif?.step.if), /always\(\)/);
            // `policy analyze` of a stack without resources prints nothing and exits 0; sarif refuses empty input.
            assert.match(String(sarif?.step.run), /if \[ ! -s audit\.json \] && \[ "\$AUDIT_OUTCOME" = success \]; then exit 0; fi/);
            assert.strictEqual(sarif?.step.env?.AUDIT_OUTCOME, "${{ steps.audit.outcome }}");
        });

        it("uploads each stack's findings in a category of its own", () => {
            const [upload] = steps(workflow).filter((step) => step.uses?.startsWith("github/codeql-action/upload-sarif@"));
            assert.match(String(upload.with?.category), /\$\{\{ matrix\.stack \}\}/);
        });

        it("ends with a report job after every audit job, whatever their outcome, that reads each stack's kept audit under the stack's name, with the config given for that stack only", () => {
            const report = workflow.jobs.report;
            assert.strictEqual(report.needs, "audit");
            assert.strictEqual(report.if, "always()");
            const keep = job.steps.find((step) => step.name === "Keep the audit for the fleet report");
            assert.ok(keep?.run);
            // After a failed audit with no output nothing is kept: a broken stack never shows as clean.
            assert.match(keep.run, /if \[ ! -s audit\.json \] && \[ "\$AUDIT_OUTCOME" != success \]; then exit 0; fi/);
            assert.match(keep.run, /printf '%s' "\$STACK" > fleet-audit\/stack/);
            const upload = job.steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
            const download = report.steps.find((step) => step.uses?.startsWith("actions/download-artifact@"));
            const prefix = String(upload?.with?.name).replace(/\$\{\{.*\}\}$/, "");
            assert.strictEqual(download?.with?.pattern, `${prefix}*`);
            const build = report.steps.find((step) => step.name === "Build the fleet report and the job summary");
            assert.match(String(build?.run), /stack="\$\(cat "\$dir\/stack"\)"/);
            assert.match(String(build?.run), /inputs\+=\("\$stack=\$dir\/audit\.json"\)/);
            // Each stack's config is given for that stack only (STACK=FILE), as kept by its own audit job.
            assert.match(keep.run, /printf '%s' "\$STACK_CONFIG" > fleet-audit\/config/);
            assert.strictEqual(keep.env?.STACK_CONFIG, "${{ matrix.policy-pack-config }}");
            assert.match(String(build?.run), /config\+=\(--policy-pack-config "\$stack=\$\(cat "\$dir\/config"\)"\)/);
        });

        it("builds the HTML report with the history and the Markdown job summary from the same inputs at the same time, and keeps the history and the report", () => {
            const report = workflow.jobs.report;
            const runs = report.steps.flatMap((step) => (step.run ? commandsOf(step.run) : [])).flatMap((words) => {
                const args = upstashGuardArgs(words);
                return args ? [args] : [];
            });
            assert.strictEqual(runs.length, 2);
            const [page, summary] = runs;
            assert.strictEqual(page[page.indexOf("--output") + 1], "upstash-guard-report.html");
            assert.strictEqual(page[page.indexOf("--history") + 1], "report-history/history.json");
            assert.strictEqual(summary[summary.indexOf("--format") + 1], "markdown");
            assert.strictEqual(page[page.indexOf("--generated-at") + 1], "$AT");
            assert.strictEqual(summary[summary.indexOf("--generated-at") + 1], "$AT");
            assert.deepStrictEqual(page.slice(1, 3), summary.slice(1, 3), "the same inputs and config");
            const build = report.steps.find((step) => step.name === "Build the fleet report and the job summary");
            assert.match(String(build?.run), /--format markdown >> "\$GITHUB_STEP_SUMMARY"/);
            const restore = report.steps.find((step) => step.uses?.startsWith("actions/cache/restore@"));
            const save = report.steps.find((step) => step.uses?.startsWith("actions/cache/save@"));
            assert.strictEqual(restore?.with?.path, "report-history");
            assert.strictEqual(save?.with?.path, "report-history");
            assert.strictEqual(restore?.with?.key, save?.with?.key);
            assert.ok(String(save?.with?.key).startsWith(String(restore?.with?.["restore-keys"])), "the next run restores this one by its prefix");
            const artifact = report.steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
            assert.match(String(artifact?.with?.path), /upstash-guard-report\.html/);
        });

        it("says how a CLI with `policy analyze --file` audits an exported state instead", () => {
            const text = fs.readFileSync(path.join(CI_DIR, "upstash-guard-audit.yml"), "utf8");
            assert.match(text, /^# +pulumi policy analyze --file state\.json --json --policy-pack /m);
            assert.match(text, /v3\.249\.0 or later/);
        });
    });

    describe("CI recipe: examples/ci/gitlab-ci.yml", () => {
        const file = path.join(CI_DIR, "gitlab-ci.yml");
        const document = parse(fs.readFileSync(file, "utf8")) as Record<string, GitlabJob>;
        const job = document["upstash-guard"];
        const lines = [...job.before_script, ...job.script];
        const commands = lines.flatMap((line) => commandsOf(line));
        const guard = commands.flatMap((words) => (upstashGuardArgs(words) ? [{ words, args: upstashGuardArgs(words) ?? [] }] : []));

        it("validates against GitLab's CI schema (SchemaStore's copy of gitlab-org/gitlab's ci.json)", () => {
            const schema = JSON.parse(fs.readFileSync(require.resolve("schemastore/schemas/json/gitlab.com/gitlab-org/gitlab/-/raw/master/app/assets/javascripts/editor/schema/ci.json"), "utf8")) as Record<string, unknown>;
            const ajv = new Ajv({ allErrors: true, strict: false });
            addFormats(ajv);
            const validate = ajv.compile(schema);
            assert.ok(validate(document), JSON.stringify(validate.errors, null, 1));
            assert.ok(!validate({ job: { script: ["x"], artifacts: { reportz: {} } } }), "the schema rejects a misspelt key");
        });

        it("runs scan-config, gitlab and junit, each parsing with the command's own definitions, never fetching a package", () => {
            assert.deepStrictEqual(guard.map(({ args }) => parseWithProgram(args)).sort(), ["gitlab", "junit", "scan-config"]);
            for (const { words } of guard) {
                assert.deepStrictEqual(words.slice(0, 4), ["npx", "--prefix", ".upstash-guard", "--no-install"]);
            }
        });

        it("previews in streaming JSON into the file both conversions read, and fails the job only after trying both", () => {
            const preview = lines.find((line) => line.includes("pulumi preview")) ?? "";
            assert.ok(preview.startsWith("PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview "), preview);
            assert.match(preview, /--json --policy-pack \.upstash-guard\/policies > preview\.json \|\| status=1$/);
            for (const { args } of guard.filter(({ args }) => args[0] !== "scan-config")) {
                assert.strictEqual(args[args.indexOf("--input") + 1], "preview.json");
            }
            for (const line of job.script.filter((l) => / upstash-guard (gitlab|junit) /.test(l))) {
                assert.ok(line.endsWith(" || status=1"), `a conversion that fails must not stop the job before the other: ${line}`);
            }
            assert.strictEqual(job.script[job.script.length - 1], 'exit "$status"');
        });

        it("hands GitLab the files the commands write: the Code Quality report and the JUnit report, kept whatever the outcome", () => {
            const outputOf = (command: string): string | undefined => {
                const args = guard.find((g) => g.args[0] === command)?.args ?? [];
                return args[args.indexOf("--output") + 1];
            };
            assert.deepStrictEqual(job.artifacts.reports, { codequality: outputOf("gitlab"), junit: outputOf("junit") });
            assert.strictEqual(job.artifacts.when, "always");
        });
    });

    describe("CI recipe: examples/ci/Jenkinsfile", () => {
        const text = fs.readFileSync(path.join(CI_DIR, "Jenkinsfile"), "utf8");
        const scripts = [...text.matchAll(/(?:\bsh |script: )'([^']*)'/g)].map((m) => m[1]);
        const guard = scripts.flatMap((script) => commandsOf(script)).flatMap((words) => (upstashGuardArgs(words) ? [{ words, args: upstashGuardArgs(words) ?? [] }] : []));

        it("runs scan-config and junit, each parsing with the command's own definitions, never fetching a package", () => {
            assert.deepStrictEqual(guard.map(({ args }) => parseWithProgram(args)).sort(), ["junit", "scan-config"]);
            for (const { words } of guard) {
                assert.deepStrictEqual(words.slice(0, 4), ["npx", "--prefix", ".upstash-guard", "--no-install"]);
            }
        });

        it("gives the junit step the file the junit command writes, after a streamed preview, and fails the build after publishing it", () => {
            const junit = guard.find(({ args }) => args[0] === "junit")?.args ?? [];
            assert.match(text, new RegExp(`junit testResults: '${junit[junit.indexOf("--output") + 1].replace(/\./g, "\\.")}'`));
            const preview = scripts.find((script) => script.includes("pulumi preview")) ?? "";
            assert.ok(preview.startsWith("PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview "), preview);
            assert.ok(preview.endsWith(`> ${junit[junit.indexOf("--input") + 1]}`));
            assert.ok(text.indexOf("junit testResults:") < text.indexOf('error "scan-config exited'), "the results are published before the build fails");
        });
    });
});
