/**
 * One pack process for the whole mocha run (started as the language host starts it), reconfigured
 * before every check, since Configure replaces the whole policy config.
 */
import { AnalyzeResult, AnalyzerClient, Diagnostic, PACK_DIR, PolicyConfigInput, WireResource } from "./analyzer";

let client: AnalyzerClient | undefined;

export const mochaHooks = {
    async beforeAll(this: Mocha.Context): Promise<void> {
        this.timeout(120_000);
        client = await AnalyzerClient.start(PACK_DIR);
    },
    async afterAll(): Promise<void> {
        await client?.stop();
        client = undefined;
    },
};

export function pack(): AnalyzerClient {
    if (!client) {
        throw new Error("the pack is not running (mocha must load test/harness/pack.ts as a root hook)");
    }
    return client;
}

export interface RunOptions {
    config?: Record<string, PolicyConfigInput>;
    stack?: string;
    tags?: Record<string, string>;
}

async function prepare(options: RunOptions, stack: string, dryRun = true): Promise<AnalyzerClient> {
    const c = pack();
    await c.configure(options.config ?? {});
    await c.configureStack(options.stack ?? stack, options.tags ?? {}, { dryRun });
    return c;
}

function stackOf(urn: string | undefined): string {
    return /^urn:pulumi:([^:]+)::/.exec(urn ?? "")?.[1] ?? "dev";
}

/**
 * `AnalyzeStack` as a preview ends: after Remediate and `Analyze` of every resource (whose results are left out
 * here), as the engine always sends them first, in the same process.
 */
export async function runStack(resources: WireResource[], options: RunOptions = {}): Promise<AnalyzeResult> {
    const c = await prepare(options, stackOf(resources[0]?.urn));
    for (const r of resources) {
        await c.check(r);
    }
    return c.analyzeStack(resources);
}

export async function runResource(resource: WireResource, options: RunOptions = {}): Promise<AnalyzeResult> {
    const c = await prepare(options, stackOf(resource.urn));
    return c.check(resource);
}

/** Analyze every resource, then the stack, as a preview does; all diagnostics together. */
export async function runPreview(resources: WireResource[], options: RunOptions = {}): Promise<Diagnostic[]> {
    const c = await prepare(options, stackOf(resources[0]?.urn));
    const diagnostics: Diagnostic[] = [];
    for (const r of resources) {
        // The engine attributes a resource policy's diagnostics to the resource it sent.
        diagnostics.push(...(await c.check(r)).diagnostics.map((d) => ({ ...d, urn: d.urn || r.urn })));
    }
    diagnostics.push(...(await c.analyzeStack(resources)).diagnostics);
    return diagnostics;
}

export function of(result: AnalyzeResult | Diagnostic[], policyName: string): Diagnostic[] {
    const list = Array.isArray(result) ? result : result.diagnostics;
    return list.filter((d) => d.policyName === policyName);
}

/** What an update did: the diagnostics of each resource as it registered, where it stopped, and the end of the run's. */
export interface UpdateResult {
    /** Per resource registered, in order: its Remediate diagnostics and Analyze findings. */
    registered: { urn: string; diagnostics: Diagnostic[] }[];
    /** The resource whose step a mandatory finding stopped, when one did: the engine stops the update there. */
    stoppedAt: string | undefined;
    /** `AnalyzeStack` at the end, when every step ran. */
    atTheEnd: Diagnostic[] | undefined;
}

/**
 * An update (`pulumi up --skip-preview`) as the engine runs it: ConfigureStack with `dryRun: false`,
 * then for each resource in registration order Remediate and Analyze with its checked inputs (the
 * real values of what it depends on: `StackFixture` in state `existing`), stopping at the first
 * mandatory finding; `AnalyzeStack` on the outputs only once every step is done.
 */
export async function runUpdate(resources: WireResource[], options: RunOptions = {}): Promise<UpdateResult> {
    const c = await prepare(options, stackOf(resources[0]?.urn), false);
    const registered: UpdateResult["registered"] = [];
    for (const r of resources) {
        const diagnostics = (await c.check(r)).diagnostics.map((d) => ({ ...d, urn: d.urn || r.urn }));
        registered.push({ urn: r.urn, diagnostics });
        if (diagnostics.some((d) => d.enforcementLevel === "mandatory")) {
            return { registered, stoppedAt: r.urn, atTheEnd: undefined };
        }
    }
    return { registered, stoppedAt: undefined, atTheEnd: (await c.analyzeStack(resources)).diagnostics };
}
