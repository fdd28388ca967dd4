/**
 * Builds stacks in the engine's wire form: unknowns as Pulumi's unknown sentinel, secrets in Pulumi's
 * secret envelope, provenance as `propertyDependencies`, type tokens from the provider SDKs.
 */
import { TYPES } from "../../policies/src/analysis/types";
import { WireResource } from "./analyzer";
import { fakeCredentials, FakeDatabaseCredentials } from "./fake-credentials";

/** How the engine sends a value it cannot know yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
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
}

export class StackFixture {
    readonly resources: WireResource[] = [];
    private seed = 1;

    constructor(readonly stack = "dev", readonly state: StackState = "new", readonly project = "shop") {}

    urn(type: string, name: string): string {
        return `urn:pulumi:${this.stack}::${this.project}::${type}::${name}`;
    }

    add(type: string, name: string, properties: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): string {
        const urn = this.urn(type, name);
        this.resources.push({ type, urn, name, properties, propertyDependencies, dependencies: [...new Set(Object.values(propertyDependencies).flat())] });
        return urn;
    }

    private known<T>(value: T): T | string {
        return this.state === "existing" ? value : UNKNOWN;
    }

    redis(name: string, inputs: Record<string, unknown> = {}): DatabaseHandle {
        const credentials = fakeCredentials(this.seed++);
        const host = `${name}-${10000 + this.seed}.upstash.io`;
        const urn = this.add(TYPES.redisDatabase, name, {
            databaseName: `shop-${this.stack}`,
            region: "global",
            primaryRegion: "eu-west-1",
            tls: true,
            budget: 20,
            ...inputs,
            endpoint: this.known(host),
            port: this.known(6379),
            restToken: this.known(secret(credentials.restToken)),
            readOnlyRestToken: this.known(secret(credentials.readOnlyRestToken)),
            password: this.known(secret(credentials.password)),
        });
        return { urn, name, credentials, host };
    }

    vector(name: string, inputs: Record<string, unknown> = {}): DatabaseHandle {
        const credentials = fakeCredentials(this.seed++);
        const host = `${name}-${10000 + this.seed}-eu1-vector.upstash.io`;
        const urn = this.add(TYPES.vectorIndex, name, {
            name: `shop-${this.stack}-vectors`,
            region: "eu-west-1",
            type: "payg",
            dimensionCount: 1536,
            similarityFunction: "COSINE",
            ...inputs,
            endpoint: this.known(host),
            token: this.known(secret(credentials.vectorToken)),
            readOnlyToken: this.known(secret(credentials.vectorReadOnlyToken)),
        });
        return { urn, name, credentials, host };
    }

    upstashProvider(apiKey: string, name = "upstash"): string {
        return this.add(TYPES.upstashProvider, name, { email: "ops@example.com", apiKey: secret(apiKey), version: "0.5.0" });
    }

    vercelProject(name: string, inputs: Record<string, unknown> = {}): string {
        return this.add(TYPES.vercelProject, name, { name, framework: "nextjs", ...inputs, id: this.known(`prj_${name}`) });
    }

    firewall(name: string, project: string, rules: Record<string, unknown>[], enabled = true): string {
        return this.add(TYPES.firewallConfig, name, { projectId: UNKNOWN, enabled, rules: { rules } }, { projectId: [this.urn(TYPES.vercelProject, project)] });
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
