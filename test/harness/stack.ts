/**
 * Builds stacks in the engine's wire form: unknowns as Pulumi's unknown sentinel, secrets in Pulumi's
 * secret envelope, provenance as `propertyDependencies`, type tokens from the provider SDKs.
 */
import { QStashScheduleV2 } from "@upstash/pulumi/qstashScheduleV2";
import { TYPES, typeTokenOf } from "../../policies/src/analysis/types";
import { WireResource } from "./analyzer";
import { fakeCredentials, FakeDatabaseCredentials } from "./fake-credentials";

import { UNKNOWN, realView } from "./real-shapes";

export { UNKNOWN };
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function secret(value: unknown): Record<string, unknown> {
    return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

export function isSecretEnvelope(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** `new`: first preview of a new stack, Upstash outputs unknown. `existing`: outputs known. */
export type StackState = "new" | "existing";

export interface DatabaseHandle {
    urn: string;
    name: string;
    credentials: FakeDatabaseCredentials;
    host: string;
}

export interface EnvVarSpec {
    key: string;
    /** A literal, or a reference to a database output (resolved per stack state). */
    value: string | { from: DatabaseHandle; output: "restToken" | "readOnlyRestToken" | "password" | "endpoint" | "restUrl" | "redisUrl" | "token" | "readOnlyToken" };
    sensitive?: boolean;
    targets?: string[];
    projectId?: string | { project: string };
    valueWo?: boolean;
    customEnvironmentIds?: string[];
}

/** Type tokens of resources outside the two provider SDKs the pack depends on (as their providers register them). */
export const OTHER_TYPES = {
    qstashScheduleV2: typeTokenOf(QStashScheduleV2),
    configMap: "kubernetes:core/v1:ConfigMap",
    k8sSecret: "kubernetes:core/v1:Secret",
    ssmParameter: "aws:ssm/parameter:Parameter",
    secretsManagerVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    githubActionsSecret: "github:index/actionsSecret:ActionsSecret",
} as const;

export class StackFixture {
    readonly resources: WireResource[] = [];
    private seed = 1;

    constructor(readonly stack = "dev", readonly state: StackState = "new", readonly project = "shop") {}

    urn(type: string, name: string): string {
        return `urn:pulumi:${this.stack}::${this.project}::${type}::${name}`;
    }

    /**
     * A resource whose program set `properties` (wire form), as the real provider of its type hands
     * it to a pack (see real-shapes.ts); `existingOutputs` are outputs only an existing resource has.
     */
    add(type: string, name: string, properties: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}, existingOutputs: Record<string, unknown> = {}): string {
        const urn = this.urn(type, name);
        // `undefined` stands for "not set": the engine sends no such property.
        const set = Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== undefined));
        const { inputs, outputs } = realView(type, name, set, this.state === "existing", existingOutputs);
        this.resources.push({ type, urn, name, inputs, properties: outputs, propertyDependencies, dependencies: [...new Set(Object.values(propertyDependencies).flat())] });
        return urn;
    }

    private known<T>(value: T): T | string {
        return this.state === "existing" ? value : UNKNOWN;
    }

    redis(name: string, inputs: Record<string, unknown> = {}): DatabaseHandle {
        const credentials = fakeCredentials(this.seed++);
        const host = `${name}-${10000 + this.seed}.upstash.io`;
        const urn = this.add(
            TYPES.redisDatabase,
            name,
            { databaseName: `shop-${this.stack}`, region: "global", primaryRegion: "eu-west-1", tls: true, budget: 20, ...inputs },
            {},
            {
                endpoint: host,
                port: 6379,
                restToken: secret(credentials.restToken),
                readOnlyRestToken: secret(credentials.readOnlyRestToken),
                password: secret(credentials.password),
            },
        );
        return { urn, name, credentials, host };
    }

    vector(name: string, inputs: Record<string, unknown> = {}): DatabaseHandle {
        const credentials = fakeCredentials(this.seed++);
        const host = `${name}-${10000 + this.seed}-eu1-vector.upstash.io`;
        const urn = this.add(
            TYPES.vectorIndex,
            name,
            { name: `shop-${this.stack}-vectors`, region: "eu-west-1", type: "payg", dimensionCount: 1536, similarityFunction: "COSINE", ...inputs },
            {},
            { endpoint: host, token: secret(credentials.vectorToken), readOnlyToken: secret(credentials.vectorReadOnlyToken) },
        );
        return { urn, name, credentials, host };
    }

    upstashProvider(apiKey: string, name = "upstash"): string {
        return this.add(TYPES.upstashProvider, name, { email: "ops@example.com", apiKey: secret(apiKey), version: "0.5.0" });
    }

    vercelProject(name: string, inputs: Record<string, unknown> = {}): string {
        return this.add(TYPES.vercelProject, name, { name, ...inputs }, {}, { id: `prj_${name}` });
    }

    firewall(name: string, project: string, rules: Record<string, unknown>[] | string, enabled: boolean | string = true): string {
        return this.add(
            TYPES.firewallConfig,
            name,
            { projectId: this.known(`prj_${project}`), enabled, rules: rules === UNKNOWN ? UNKNOWN : { rules } },
            { projectId: [this.urn(TYPES.vercelProject, project)] },
        );
    }

    /** A firewall rule; `rate_limit` by default. */
    static firewallRule(action = "rate_limit", active: boolean | string = true): Record<string, unknown> {
        return {
            name: `${action}-api`,
            active,
            conditionGroups: [{ conditions: [{ type: "path", op: "pre", value: "/api" }] }],
            action: action === "rate_limit" ? { action, rateLimit: { algo: "fixed_window", window: 60, limit: 100, keys: ["ip"], action: "deny" } } : { action },
        };
    }

    /** The wire value and provenance of an env var value reference. */
    resolve(value: EnvVarSpec["value"]): { value: unknown; deps: string[] } {
        if (typeof value === "string") {
            return { value, deps: [] };
        }
        const c = value.from.credentials;
        const known: Record<typeof value.output, string> = {
            restToken: c.restToken,
            readOnlyRestToken: c.readOnlyRestToken,
            password: c.password,
            endpoint: value.from.host,
            restUrl: `https://${value.from.host}`,
            redisUrl: `rediss://default:${c.password}@${value.from.host}:6379`,
            token: c.vectorToken,
            readOnlyToken: c.vectorReadOnlyToken,
        };
        // The SDK marks every Vercel variable value secret, whatever its origin.
        return { value: this.state === "existing" ? secret(known[value.output]) : UNKNOWN, deps: [value.from.urn] };
    }

    /** A value reference spliced into a template at `{}` (a URL, a JSON body, a command line). */
    resolveInto(template: string, ref: EnvVarSpec["value"]): { value: unknown; deps: string[] } {
        const { value, deps } = this.resolve(ref);
        if (value === UNKNOWN) {
            return { value, deps };
        }
        const inner = typeof value === "string" ? value : String((value as { value: unknown }).value);
        return { value: template.replace("{}", inner), deps };
    }

    private entry(spec: EnvVarSpec): { wire: Record<string, unknown>; deps: string[] } {
        const { value, deps } = this.resolve(spec.value);
        const wire: Record<string, unknown> = {
            key: spec.key,
            [spec.valueWo ? "valueWo" : "value"]: value,
            sensitive: spec.sensitive ?? true,
            targets: spec.targets ?? ["production"],
        };
        if (spec.customEnvironmentIds) {
            wire.customEnvironmentIds = spec.customEnvironmentIds;
        }
        return { wire, deps };
    }

    /** A `SharedEnvironmentVariable` reaching the given projects. */
    sharedEnvVar(name: string, spec: EnvVarSpec, projects: string[] = []): string {
        const { wire, deps } = this.entry(spec);
        const propertyDependencies: Record<string, string[]> = {};
        if (deps.length > 0) {
            propertyDependencies[spec.valueWo ? "valueWo" : "value"] = deps;
        }
        if (projects.length > 0) {
            propertyDependencies.projectIds = projects.map((p) => this.urn(TYPES.vercelProject, p));
        }
        return this.add(TYPES.sharedEnvironmentVariable, name, { ...wire, projectIds: projects.map((p) => this.known(`prj_${p}`)) }, propertyDependencies);
    }

    /** A Vercel `Project` declaring its variables inline in `environments[]`. */
    projectWithEnvironments(name: string, variables: EnvVarSpec[], inputs: Record<string, unknown> = {}): string {
        const deps = new Set<string>();
        const environments = variables.map((spec) => {
            const { wire, deps: d } = this.entry(spec);
            d.forEach((u) => deps.add(u));
            return wire;
        });
        return this.add(TYPES.vercelProject, name, { name, ...inputs, environments }, deps.size > 0 ? { environments: [...deps] } : {}, { id: `prj_${name}` });
    }

    /** A QStash schedule whose body (and optionally a forwarded header) may carry a value reference. */
    qstashSchedule(name: string, parts: { body?: { template: string; ref: EnvVarSpec["value"] }; header?: { name: string; ref: EnvVarSpec["value"] } }): string {
        const props: Record<string, unknown> = { destination: "https://shop.example.com/api/cron", cron: "*/5 * * * *" };
        const propertyDependencies: Record<string, string[]> = {};
        if (parts.body) {
            const { value, deps } = this.resolveInto(parts.body.template, parts.body.ref);
            props.body = value;
            if (deps.length > 0) {
                propertyDependencies.body = deps;
            }
        }
        if (parts.header) {
            const { value, deps } = this.resolve(parts.header.ref);
            props.forwardHeaders = { [parts.header.name]: value };
            if (deps.length > 0) {
                propertyDependencies.forwardHeaders = deps;
            }
        }
        return this.add(OTHER_TYPES.qstashScheduleV2, name, props, propertyDependencies);
    }

    /** A Kubernetes ConfigMap (`secret: false`) or Secret (`secret: true`) with one data entry. */
    kubernetesData(name: string, key: string, ref: EnvVarSpec["value"], secretKind: boolean): string {
        const { value, deps } = this.resolve(ref);
        const property = secretKind ? "stringData" : "data";
        return this.add(secretKind ? OTHER_TYPES.k8sSecret : OTHER_TYPES.configMap, name, { metadata: { name }, [property]: { [key]: value } }, deps.length > 0 ? { [property]: deps } : {});
    }

    /** An AWS SSM parameter of the given type (`String`, `SecureString`). */
    ssmParameter(name: string, parameterType: string, ref: EnvVarSpec["value"]): string {
        const { value, deps } = this.resolve(ref);
        return this.add(OTHER_TYPES.ssmParameter, name, { name: `/shop/${this.stack}/${name}`, type: parameterType, value }, deps.length > 0 ? { value: deps } : {});
    }

    envVar(name: string, spec: EnvVarSpec): string {
        const { value, deps } = this.resolve(spec.value);
        const projectDeps = typeof spec.projectId === "object" ? [this.urn(TYPES.vercelProject, spec.projectId.project)] : [];
        const projectId = typeof spec.projectId === "object" ? this.known(`prj_${spec.projectId.project}`) : spec.projectId ?? "prj_external";
        const valueProperty = spec.valueWo ? "valueWo" : "value";
        const properties: Record<string, unknown> = {
            projectId,
            key: spec.key,
            [valueProperty]: typeof value === "string" && value !== UNKNOWN ? secret(value) : value,
            sensitive: spec.sensitive ?? true,
            targets: spec.targets ?? ["production"],
        };
        if (spec.customEnvironmentIds) {
            properties.customEnvironmentIds = spec.customEnvironmentIds;
        }
        const propertyDependencies: Record<string, string[]> = {};
        if (deps.length > 0) {
            propertyDependencies[valueProperty] = deps;
        }
        if (projectDeps.length > 0) {
            propertyDependencies.projectId = projectDeps;
        }
        return this.add(TYPES.projectEnvironmentVariable, name, properties, propertyDependencies);
    }

    envVars(name: string, project: string, variables: EnvVarSpec[]): string {
        const deps = new Set<string>();
        const wire = variables.map((spec) => {
            const { value, deps: d } = this.resolve(spec.value);
            d.forEach((u) => deps.add(u));
            return { key: spec.key, value, sensitive: spec.sensitive ?? true, targets: spec.targets ?? ["production"] };
        });
        return this.add(
            TYPES.projectEnvironmentVariables,
            name,
            { projectId: this.known(`prj_${project}`), variables: wire },
            { projectId: [this.urn(TYPES.vercelProject, project)], ...(deps.size > 0 ? { variables: [...deps] } : {}) },
        );
    }

    find(name: string): WireResource {
        const found = this.resources.find((r) => r.name === name);
        if (!found) {
            throw new Error(`no resource ${name}`);
        }
        return found;
    }
}

/** Every secret string a fixture holds, to prove no message echoes any part of one. */
export function secretsOf(handles: DatabaseHandle[], extra: string[] = []): string[] {
    return [...handles.flatMap((h) => Object.values(h.credentials)), ...extra];
}
