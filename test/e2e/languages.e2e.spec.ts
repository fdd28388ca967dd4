/**
 * The pack needs nothing per language: a Python or Go program gives exactly the findings of its
 * TypeScript original, word for word. Each program below is run in TypeScript (the Node.js host),
 * Python (the real Python host, the `pulumi` SDK 3.248.0 and the providers' published Python SDKs)
 * and Go (the real Go host and the SDKs `pulumi package gen-sdk` generated from the real plugins),
 * under the real engine and providers: a first preview, the existing stack (a checkpoint built
 * from that language's own preview) and an audit of it.
 *
 * Pinned CLI only: the newest CLI runs the same language hosts (scripts/toolchain.sh), and the
 * TypeScript suites cover it. Each language runs the reference stack on both stages and three
 * examples on `dev`, within the CI time budget (README, "Test it").
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { leakedFragments } from "../harness/fake-credentials";
import { isSecretEnvelope } from "../harness/wire";
import { credentialsAmong, firstPreviewThenExisting } from "./checkpoint";
import { DUMMY_UPSTASH_API_KEY, PolicyEvent, PreviewResult, REPO, Workspace, notesOf, triples } from "./engine";
import { EXPECTED, REFERENCE_NOTES, blocks } from "./expected";

type Language = "typescript" | "python" | "go";
const TWIN_LANGUAGES: readonly Language[] = ["python", "go"];

/** A program and its twins: where each language's version lives (a folder, and the files to copy). */
interface Program {
    project: string;
    stacks: string[];
    sources: Record<Language, { source: string; files: string[] }>;
    /** What the TypeScript original gives on a first preview of each stack ("policy resource level"). */
    expected: (stack: string) => string[];
}

/** Every file of a twin's folder but what running it leaves behind. */
function filesOf(folder: string): { source: string; files: string[] } {
    const source = path.join(REPO, folder);
    return { source, files: fs.readdirSync(source).filter((f) => !/^(venv|sdks|__pycache__|Pulumi\..+\.yaml)$/.test(f)) };
}

function example(name: string): Program {
    const { findings, newStackNotes = [] } = EXPECTED[name];
    return {
        project: name,
        stacks: ["dev"],
        sources: {
            typescript: { source: path.join(REPO, "examples", name), files: ["Pulumi.yaml", "index.ts"] },
            python: filesOf(`examples/python/${name}`),
            go: filesOf(`examples/go/${name}`),
        },
        expected: () => [...findings, ...newStackNotes].sort(),
    };
}

const PROGRAMS: Program[] = [
    {
        project: "shop",
        stacks: ["dev", "prod"],
        sources: { typescript: { source: REPO, files: ["Pulumi.yaml", "stack"] }, python: filesOf("stack/python"), go: filesOf("stack/go") },
        expected: (stack) => REFERENCE_NOTES(stack).sort(),
    },
    example("many-mistakes"),
    example("client-exposed-token"),
    example("composed-redis-url"),
];

/** What a run says, in full: "policy urn level: message", sorted (the engine prints resources in its own order). */
function said(events: PolicyEvent[]): string[] {
    return events.map((e) => `${e.policyName} ${e.resourceUrn ?? "<no resource>"} ${e.enforcementLevel}: ${e.message}`).sort();
}

interface Outcome {
    first: PreviewResult;
    existing: PreviewResult;
    audit: PreviewResult;
    /** The credentials in that language's checkpoint: none may be printed. */
    secrets: string[];
    /** What the language's SDK made known to the engine, as the state records it. */
    state: ResourceFacts[];
}

/**
 * What an SDK decides about a resource, as the state records it: its parent, dependencies, property
 * dependencies and inputs, with every secret shown as `[secret]` (the export's ciphertexts differ from
 * stack to stack; which inputs are secret is what the SDK decides).
 */
interface ResourceFacts {
    urn: string;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    inputs: unknown;
}

function secretsMarked(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(secretsMarked);
    }
    if (isSecretEnvelope(value)) {
        return "[secret]";
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secretsMarked(v)]));
    }
    return value;
}

interface StateResource {
    urn: string;
    type: string;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    inputs?: Record<string, unknown>;
}

function stateFacts(ws: Workspace, dir: string, stack: string): ResourceFacts[] {
    const exported = JSON.parse(ws.must(dir, ["stack", "export", "--stack", stack])) as { deployment: { resources: StateResource[] } };
    return exported.deployment.resources
        .filter((r) => !r.type.startsWith("pulumi:providers:"))
        .map((r) => ({
            urn: r.urn,
            parent: r.parent,
            dependencies: [...(r.dependencies ?? [])].sort(),
            propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, v]) => [k, [...v].sort()]).sort(([a], [b]) => String(a).localeCompare(String(b)))),
            inputs: secretsMarked(r.inputs ?? {}),
        }))
        .sort((a, b) => a.urn.localeCompare(b.urn));
}

function run(program: Program, language: Language, stack: string, ws: Workspace): Outcome {
    const { source, files } = program.sources[language];
    const dir = ws.program(`${program.project}-${language}`, source, files);
    ws.initStack(dir, stack);
    const { first, existing: made } = firstPreviewThenExisting(ws, dir, stack);
    const secrets = credentialsAmong(made.secrets);
    const existing = ws.preview(dir, stack);
    return { first, existing, audit: ws.analyze(dir, { stack }), secrets, state: stateFacts(ws, dir, stack) };
}

describe("every language: Python and Go programs give their TypeScript original's findings, word for word (pulumi v3.248.0)", function () {
    this.timeout(1_800_000);
    // One workspace (file backend) per language: the twins share their project and stack names.
    const workspaces = new Map<Language, Workspace>();
    before(() => {
        for (const language of ["typescript", ...TWIN_LANGUAGES] as Language[]) {
            workspaces.set(language, new Workspace());
        }
    });
    after(() => workspaces.forEach((ws) => ws.dispose()));

    for (const program of PROGRAMS) {
        for (const stack of program.stacks) {
            describe(`${program.project} (${stack})`, () => {
                const outcomes = new Map<Language, Outcome>();
                const outcome = (language: Language): Outcome => {
                    let known = outcomes.get(language);
                    if (!known) {
                        known = run(program, language, stack, workspaces.get(language) as Workspace);
                        outcomes.set(language, known);
                    }
                    return known;
                };

                it("TypeScript: the original gives what the TypeScript suites expect, and its audit the existing stack's findings", () => {
                    const ts = outcome("typescript");
                    assert.deepEqual(triples(ts.first.events), program.expected(stack));
                    assert.equal(ts.first.exitCode !== 0, blocks(program.expected(stack)), `first preview exit code ${ts.first.exitCode}`);
                    assert.deepEqual(ts.existing.changes, [], "the imported checkpoint should match the program");
                    assert.deepEqual(triples(ts.audit.events), triples(ts.existing.events));
                    assert.deepEqual(notesOf(ts.existing.events), []);
                });

                for (const language of TWIN_LANGUAGES) {
                    it(`${language}: the same findings and notes on a first preview, on the existing stack and in an audit; the same exit codes; no credential in the first preview's or the audit's output, nor in any policy event`, () => {
                        const ts = outcome("typescript");
                        const twin = outcome(language);
                        assert.deepEqual(said(twin.first.events), said(ts.first.events), twin.first.output);
                        assert.equal(twin.first.exitCode !== 0, blocks(triples(ts.first.events)), `first preview exit code ${twin.first.exitCode}`);
                        assert.deepEqual(twin.existing.changes, [], "the imported checkpoint should match the program");
                        assert.deepEqual(said(twin.existing.events), said(ts.existing.events), twin.existing.output);
                        assert.equal(twin.existing.exitCode !== 0, ts.existing.exitCode !== 0, `existing stack preview exit code ${twin.existing.exitCode}`);
                        assert.deepEqual(said(twin.audit.events), said(ts.audit.events), twin.audit.output);
                        assert.equal(twin.audit.exitCode, ts.audit.exitCode);
                        const secrets = [DUMMY_UPSTASH_API_KEY, ...twin.secrets];
                        // The engine prints the existing stack's plain values in its own resource events: the pack's events are checked there.
                        for (const text of [twin.first.output, JSON.stringify(twin.existing.events), twin.audit.output]) {
                            assert.deepEqual(leakedFragments(text, secrets), []);
                        }
                    });

                    it(`${language}: its SDK makes the same resources, parents, dependencies, property dependencies, inputs and secrets known to the engine`, () => {
                        assert.deepEqual(outcome(language).state, outcome("typescript").state);
                    });
                }
            });
        }
    }
});
