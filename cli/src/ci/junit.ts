/**
 * A preview's or an audit's findings as JUnit XML, the test report Jenkins, GitLab, Azure Pipelines,
 * CircleCI and Buildkite show natively: one test suite per policy, one test case per resource the
 * policy checked, a `<failure>` per blocking finding, advisory findings as passing cases with their
 * text in `<system-out>`, and notes (a value unknown during preview, a remediation) and exempted
 * findings as skipped cases with the reason.
 *
 * Which resources a policy checked comes from the engine's `policyAnalyzeSummaryEvent`s (a streamed
 * preview); an audit has none, so there a policy's cases are the resources it found something on,
 * and a policy that found nothing is one passing case for the stack. The attributes are those of the
 * JUnit XSD that Jenkins' xUnit plugin validates against (`test/cli/formats/junit-10.xsd`): a test
 * case has no `file`, so the program's Pulumi.yaml is the suite's `file`.
 */
import { DEFAULT_DOCS_BASE_URL } from "../../../policies/src/framework/rule";
import { RULES } from "../../../policies/src/rules";
import { PreviewEvents } from "../preview/events";
import { DistinctFinding, distinctFindings, exceptionText, isPreviewNote, levelOf } from "../preview/findings";
import { ExemptionOf, NO_EXEMPTIONS } from "./exemptions";
import { repositoryPath } from "./paths";

export interface JunitOptions {
    /** The program's Pulumi.yaml, relative to the repository root. */
    projectFile: string;
    exemptionOf?: ExemptionOf;
}

const PACK_NAME = "upstash-guard";

/** The name of a case for findings without a resource, and of the one case of a policy that checked nothing it names. */
const STACK_CASE = "the stack";

interface Case {
    name: string;
    failures: DistinctFinding[];
    skipped: { reason: string; finding: DistinctFinding }[];
    output: string[];
}

interface Suite {
    policy: string;
    pack: string;
    cases: Map<string, Case>;
}

function caseOf(suite: Suite, urn: string | undefined): Case {
    const name = urn ?? STACK_CASE;
    let found = suite.cases.get(name);
    if (found === undefined) {
        found = { name, failures: [], skipped: [], output: [] };
        suite.cases.set(name, found);
    }
    return found;
}

function suiteOf(suites: Map<string, Suite>, policy: string, pack: string): Suite {
    let found = suites.get(policy);
    if (found === undefined) {
        found = { policy, pack, cases: new Map() };
        suites.set(policy, found);
    }
    return found;
}

function describe(finding: DistinctFinding): string {
    const severity = finding.severity === undefined ? "" : `, severity ${finding.severity}`;
    return `${finding.message}\n(${finding.enforcementLevel || finding.kind}${severity}; fingerprint ${finding.fingerprint})`;
}

/** Where each finding goes in its case: a failure, a skip with its reason, or the case's output. */
function place(target: Case, finding: DistinctFinding, exemptionOf: ExemptionOf): void {
    const exemption = exceptionText(finding) ?? exemptionOf(finding);
    if (exemption !== undefined) {
        target.skipped.push({ reason: exemption, finding });
    } else if (finding.kind === "remediation") {
        target.skipped.push({ reason: "remediated: the policy changed the resource's inputs so that it complies", finding });
    } else if (isPreviewNote(finding.message)) {
        target.skipped.push({ reason: firstLine(finding.message), finding });
    } else if (levelOf(finding) === "error") {
        target.failures.push(finding);
    } else {
        target.output.push(`${levelOf(finding) === "warning" ? "advisory" : "note"}: ${describe(finding)}`);
    }
}

/** The pack's policies in its own order (a clean run still lists each as passing), then other packs' policies that ran, by name. */
function suitesOf(events: PreviewEvents, findings: readonly DistinctFinding[], exemptionOf: ExemptionOf): Suite[] {
    const suites = new Map<string, Suite>();
    RULES.forEach(({ info }) => suiteOf(suites, info.name, PACK_NAME));
    const others = new Map<string, string>();
    // Two packs with a policy of one name share its suite, under the first pack by name, whatever the input's order.
    const note = (policy: string, pack: string): void => {
        const known = others.get(policy);
        others.set(policy, known === undefined || pack < known ? pack : known);
    };
    (events.checked ?? []).forEach((check) => check.policies.forEach((policy) => note(policy, check.policyPackName)));
    findings.forEach((finding) => note(finding.policyName, finding.policyPackName));
    [...others]
        .filter(([policy]) => !suites.has(policy))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .forEach(([policy, pack]) => suiteOf(suites, policy, pack));
    for (const check of events.checked ?? []) {
        check.policies.forEach((policy) => caseOf(suiteOf(suites, policy, check.policyPackName), check.resourceUrn));
    }
    findings.forEach((finding) => place(caseOf(suiteOf(suites, finding.policyName, finding.policyPackName), finding.resourceUrn), finding, exemptionOf));
    for (const suite of suites.values()) {
        if (suite.cases.size === 0) {
            caseOf(suite, undefined);
        }
    }
    return [...suites.values()];
}

/** XML 1.0 has no place for most control characters, even escaped. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function xmlEscape(text: string): string {
    return text
        .replace(NOT_XML, "\ufffd")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&apos;")
        .replace(/\r/g, "&#13;")
        .replace(/\n/g, "&#10;")
        .replace(/\t/g, "&#9;");
}

/** Text content keeps its line breaks; only markup characters are escaped. */
function xmlText(text: string): string {
    return text.replace(NOT_XML, "\ufffd").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attributes(values: Record<string, string | number>): string {
    return Object.entries(values)
        .map(([name, value]) => ` ${name}="${xmlEscape(String(value))}"`)
        .join("");
}

function firstLine(text: string): string {
    return text.split("\n", 1)[0].trim();
}

const byName = (a: Case, b: Case): number => (a.name === STACK_CASE ? -1 : b.name === STACK_CASE ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function caseXml(suite: Suite, c: Case): string[] {
    const lines = [`    <testcase${attributes({ name: c.name, classname: `${suite.pack || "policy"}.${suite.policy}` })}>`];
    for (const failure of c.failures) {
        lines.push(`      <failure${attributes({ type: failure.enforcementLevel, message: firstLine(failure.message) })}>${xmlText(describe(failure))}</failure>`);
    }
    const notes = c.skipped.map(({ reason, finding }) => `${reason}\n${describe(finding)}`);
    if (c.failures.length === 0 && c.skipped.length > 0) {
        lines.push(`      <skipped${attributes({ message: c.skipped[0].reason })}>${xmlText(notes.join("\n\n"))}</skipped>`);
    }
    const output = [...c.output, ...(c.failures.length > 0 ? notes.map((note) => `skipped: ${note}`) : [])];
    if (output.length > 0) {
        lines.push(`      <system-out>${xmlText(output.join("\n\n"))}</system-out>`);
    }
    if (lines.length === 1) {
        return [lines[0].replace(/>$/, "/>")];
    }
    lines.push("    </testcase>");
    return lines;
}

interface Counts {
    tests: number;
    failures: number;
    errors: number;
    skipped: number;
}

function countsOf(cases: readonly Case[]): Counts {
    return {
        tests: cases.length,
        failures: cases.filter((c) => c.failures.length > 0).length,
        errors: 0,
        skipped: cases.filter((c) => c.failures.length === 0 && c.skipped.length > 0).length,
    };
}

const INFO = new Map(RULES.map(({ info }) => [info.name, info]));

function suiteXml(suite: Suite, projectFile: string): { xml: string[]; counts: Counts } {
    const cases = [...suite.cases.values()].sort(byName);
    const counts = countsOf(cases);
    const info = INFO.get(suite.policy);
    const properties = info === undefined ? [] : [
        `      <property${attributes({ name: "severity", value: info.severity })}/>`,
        `      <property${attributes({ name: "enforcementLevel", value: info.enforcementLevel })}/>`,
        `      <property${attributes({ name: "help", value: `${DEFAULT_DOCS_BASE_URL}/${info.name}.md` })}/>`,
    ];
    return {
        counts,
        xml: [
            `  <testsuite${attributes({ name: suite.policy, tests: counts.tests, failures: counts.failures, errors: 0, skipped: counts.skipped, file: projectFile })}>`,
            ...(properties.length > 0 ? ["    <properties>", ...properties, "    </properties>"] : []),
            ...cases.flatMap((c) => caseXml(suite, c)),
            "  </testsuite>",
        ],
    };
}

/** An output cut short is an error of its own, so that a CI view never shows a partial run as green. */
function unfinishedSuite(projectFile: string): string[] {
    return [
        `  <testsuite${attributes({ name: PACK_NAME, tests: 1, failures: 0, errors: 1, skipped: 0, file: projectFile })}>`,
        `    <testcase${attributes({ name: "the preview or audit ran to its end", classname: `${PACK_NAME}.run` })}>`,
        `      <error${attributes({ type: "unfinished", message: "The output ends before the engine's summary: the preview or audit did not finish, so findings may be missing." })}/>`,
        "    </testcase>",
        "  </testsuite>",
    ];
}

export interface JunitReport {
    xml: string;
    counts: Counts;
    suites: number;
}

/** The JUnit XML of a preview or an audit; the same events in any order give the same bytes. */
export function previewToJunit(events: PreviewEvents, options: JunitOptions): JunitReport {
    const projectFile = repositoryPath(options.projectFile);
    const suites = suitesOf(events, distinctFindings(events.findings), options.exemptionOf ?? NO_EXEMPTIONS).map((suite) => suiteXml(suite, projectFile));
    const body = suites.flatMap((s) => s.xml);
    const total = suites.reduce<Counts>(
        (sum, { counts }) => ({ tests: sum.tests + counts.tests, failures: sum.failures + counts.failures, errors: sum.errors, skipped: sum.skipped + counts.skipped }),
        { tests: 0, failures: 0, errors: 0, skipped: 0 },
    );
    if (!events.finished) {
        body.push(...unfinishedSuite(projectFile));
        total.tests += 1;
        total.errors += 1;
    }
    const xml = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites${attributes({ name: PACK_NAME, tests: total.tests, failures: total.failures, errors: total.errors })}>`,
        ...body,
        "</testsuites>",
        "",
    ].join("\n");
    return { xml, counts: total, suites: suites.length + (events.finished ? 0 : 1) };
}
