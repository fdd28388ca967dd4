/**
 * Drives a policy pack exactly as the Pulumi engine does: starts it the way the Node.js language host
 * runs a pack (`node <pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine> <pack>`, resolved
 * from the pack folder, with the pack folder as working directory), reads the port it prints, and
 * speaks the analyzer gRPC protocol to it: GetAnalyzerInfo, Configure, ConfigureStack, Analyze,
 * AnalyzeStack, Remediate. Used by the specs, the end-to-end checks and the benchmark.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";

export type Level = "advisory" | "mandatory" | "remediate" | "disabled";
export type PolicyConfigInput = Level | ({ enforcementLevel?: Level } & Record<string, unknown>);

/**
 * A resource as the engine sends it, properties already in wire form (see `stack.ts`): `inputs` are
 * the provider-checked inputs `Analyze` receives, `properties` the (planned) outputs `AnalyzeStack`
 * receives; without `inputs`, `Analyze` receives `properties` too.
 */
export interface WireResource {
    type: string;
    urn: string;
    name: string;
    properties: Record<string, unknown>;
    inputs?: Record<string, unknown>;
    propertyDependencies?: Record<string, string[]>;
    dependencies?: string[];
    parent?: string;
    /** The provider the engine names; absent, the engine's default provider of the type's package (see `providerOf`). */
    provider?: { type: string; urn: string; name: string; properties: Record<string, unknown> };
    /** A component resource: the engine names no provider for it. */
    component?: boolean;
}

/**
 * The provider the engine sends with a resource: the one it names, else the default provider of the
 * type's package for every custom resource, a StackReference's being `pulumi:providers:pulumi` (as
 * `pulumi preview` and `pulumi policy analyze` send it, pinned in test/e2e/components-facts.e2e.spec.ts);
 * none for components, provider resources and the stack.
 */
export function providerOf(resource: WireResource): WireResource["provider"] {
    if (resource.provider || resource.component || resource.type.startsWith("pulumi:providers:") || resource.type === "pulumi:pulumi:Stack") {
        return resource.provider;
    }
    const pkg = resource.type.split(":")[0];
    const [prefix] = resource.urn.split("::");
    const project = resource.urn.split("::")[1] ?? "";
    const type = `pulumi:providers:${pkg}`;
    return { type, urn: `${prefix}::${project}::${type}::default`, name: "default", properties: {} };
}

export interface Diagnostic {
    policyName: string;
    message: string;
    urn: string;
    enforcementLevel: Level;
    severity: number;
}

export interface AnalyzeResult {
    diagnostics: Diagnostic[];
    notApplicable: { policyName: string; reason: string }[];
}

export interface RemediationResult {
    policyName: string;
    properties: Record<string, unknown> | undefined;
    diagnostic: string;
}

const LEVELS: Record<number, Level> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const LEVEL_CODES: Record<Level, pb.EnforcementLevel> = {
    advisory: pb.EnforcementLevel.ADVISORY,
    mandatory: pb.EnforcementLevel.MANDATORY,
    disabled: pb.EnforcementLevel.DISABLED,
    remediate: pb.EnforcementLevel.REMEDIATE,
};

function call<Req, Res>(fn: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => fn(req, (err, res) => (err ? reject(err) : resolve(res))));
}

/** What AnalyzeRequest and AnalyzerResource share: the resource as the engine describes it. */
interface ResourceMessage {
    setType(value: string): unknown;
    setUrn(value: string): unknown;
    setName(value: string): unknown;
    setProperties(value: Struct): unknown;
    setOptions(value: pb.AnalyzerResourceOptions): unknown;
    setProvider(value: pb.AnalyzerProviderResource): unknown;
}

function describeResource<M extends ResourceMessage>(message: M, resource: WireResource, properties: Record<string, unknown>): M {
    message.setType(resource.type);
    message.setUrn(resource.urn);
    message.setName(resource.name);
    message.setProperties(Struct.fromJavaScript(properties as Record<string, never>));
    const options = new pb.AnalyzerResourceOptions();
    if (resource.parent) {
        options.setParent(resource.parent);
    }
    message.setOptions(options);
    const provider = providerOf(resource);
    if (provider) {
        const p = new pb.AnalyzerProviderResource();
        p.setType(provider.type);
        p.setUrn(provider.urn);
        p.setName(provider.name);
        p.setProperties(Struct.fromJavaScript(provider.properties as Record<string, never>));
        message.setProvider(p);
    }
    return message;
}

/** The engine drops keys starting with `__` (such as `__defaults`) from what it sends to Analyze and AnalyzeStack. */
function withoutInternalKeys(properties: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(properties).filter(([k]) => !k.startsWith("__")));
}

export function toAnalyzeRequest(resource: WireResource): pb.AnalyzeRequest {
    return describeResource(new pb.AnalyzeRequest(), resource, withoutInternalKeys(resource.inputs ?? resource.properties));
}

/** Remediate gets the checked inputs whole, `__defaults` included. */
export function toRemediateRequest(resource: WireResource): pb.AnalyzeRequest {
    return describeResource(new pb.AnalyzeRequest(), resource, resource.inputs ?? resource.properties);
}

function toAnalyzerResource(resource: WireResource): pb.AnalyzerResource {
    const r = describeResource(new pb.AnalyzerResource(), resource, withoutInternalKeys(resource.properties));
    r.setDependenciesList(resource.dependencies ?? []);
    if (resource.parent) {
        r.setParent(resource.parent);
    }
    const deps = r.getPropertydependenciesMap();
    for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
        const d = new pb.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        deps.set(property, d);
    }
    return r;
}

/** A whole AnalyzeStack request; the benchmark builds it before timing the call. */
export function toAnalyzeStackRequest(resources: WireResource[]): pb.AnalyzeStackRequest {
    const req = new pb.AnalyzeStackRequest();
    req.setResourcesList(resources.map(toAnalyzerResource));
    return req;
}

function fromResponse(res: pb.AnalyzeResponse): AnalyzeResult {
    return {
        diagnostics: res.getDiagnosticsList().map((d) => ({
            policyName: d.getPolicyname(),
            message: d.getMessage(),
            urn: d.getUrn(),
            enforcementLevel: LEVELS[d.getEnforcementlevel()],
            severity: d.getSeverity(),
        })),
        notApplicable: res.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
    };
}

export class AnalyzerClient {
    private constructor(private readonly child: ChildProcess, private readonly client: analyzerRpc.AnalyzerClient, readonly stderr: () => string) {}

    /** Starts a pack folder as the language host does. */
    static async start(packDir: string, env: NodeJS.ProcessEnv = process.env): Promise<AnalyzerClient> {
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: packDir, env, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            const timer = setTimeout(() => reject(new Error(`pack did not start: ${stderr}`)), 60_000);
            child.stdout?.on("data", (chunk: Buffer) => {
                stdout += chunk.toString();
                const match = /^(\d+)\s*$/m.exec(stdout);
                if (match) {
                    clearTimeout(timer);
                    resolve(Number(match[1]));
                }
            });
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`pack exited with ${code}: ${stderr}`));
            });
        });
        const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        });
        return new AnalyzerClient(child, client, () => stderr);
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    async info(): Promise<pb.AnalyzerInfo> {
        return call(this.client.getAnalyzerInfo.bind(this.client), new Empty());
    }

    private defaultLevels: Map<string, pb.EnforcementLevel> | undefined;

    /**
     * Replaces the whole policy config, as `--policy-pack-config` does. Like the engine, a policy
     * configured without `enforcementLevel` keeps the level the pack declares for it (the wire
     * default, 0, would mean advisory).
     */
    async configure(config: Record<string, PolicyConfigInput>): Promise<void> {
        if (!this.defaultLevels) {
            const info = await this.info();
            this.defaultLevels = new Map(info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]));
        }
        const req = new pb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, value] of Object.entries(config)) {
            const pc = new pb.PolicyConfig();
            const { enforcementLevel, ...props } = typeof value === "string" ? { enforcementLevel: value } : value;
            const level = enforcementLevel ? LEVEL_CODES[enforcementLevel] : this.defaultLevels.get(name);
            if (level !== undefined) {
                pc.setEnforcementlevel(level);
            }
            pc.setProperties(Struct.fromJavaScript(props as Record<string, never>));
            map.set(name, pc);
        }
        await call(this.client.configure.bind(this.client), req);
    }

    /** As a preview sends it; `pulumi policy analyze` sends it with `stack`, `project` and `organization` empty. */
    async configureStack(stack: string, tags: Record<string, string> = {}, context: { project?: string; organization?: string; dryRun?: boolean } = {}): Promise<void> {
        const req = new pb.AnalyzerStackConfigureRequest();
        req.setStack(stack);
        req.setProject(context.project ?? "shop");
        req.setOrganization(context.organization ?? "acme");
        req.setDryRun(context.dryRun ?? true);
        const map = req.getTagsMap();
        for (const [k, v] of Object.entries(tags)) {
            map.set(k, v);
        }
        await call(this.client.configureStack.bind(this.client), req);
    }

    /** What the engine does for each resource it registers: Remediate (every pack, every level), then Analyze. */
    async check(resource: WireResource): Promise<AnalyzeResult> {
        await this.remediate(resource);
        return this.analyze(resource);
    }

    async analyze(resource: WireResource): Promise<AnalyzeResult> {
        return fromResponse(await call(this.client.analyze.bind(this.client), toAnalyzeRequest(resource)));
    }

    async analyzeStack(resources: WireResource[]): Promise<AnalyzeResult> {
        return this.analyzeStackRequest(toAnalyzeStackRequest(resources));
    }

    /** Sends a prebuilt request, so that a caller can time the call alone. */
    async analyzeRequest(req: pb.AnalyzeRequest): Promise<AnalyzeResult> {
        return fromResponse(await call(this.client.analyze.bind(this.client), req));
    }

    async analyzeStackRequest(req: pb.AnalyzeStackRequest): Promise<AnalyzeResult> {
        return fromResponse(await call(this.client.analyzeStack.bind(this.client), req));
    }

    async remediate(resource: WireResource): Promise<RemediationResult[]> {
        return this.remediateRequest(toRemediateRequest(resource));
    }

    /** Sends a prebuilt Remediate request, so that a caller can time the call alone. */
    async remediateRequest(req: pb.AnalyzeRequest): Promise<RemediationResult[]> {
        const res = await call<pb.AnalyzeRequest, pb.RemediateResponse>(this.client.remediate.bind(this.client), req);
        return res.getRemediationsList().map((r) => ({
            policyName: r.getPolicyname(),
            properties: r.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
            diagnostic: r.getDiagnostic(),
        }));
    }

    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode === null) {
            const exited = new Promise((resolve) => this.child.once("exit", resolve));
            this.child.kill();
            await exited;
        }
    }
}

export const PACK_DIR = path.resolve(__dirname, "..", "..", "policies");
