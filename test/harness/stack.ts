/**
 * Builds stacks in the engine's wire form: unknowns as Pulumi's unknown sentinel, secrets in Pulumi's
 * secret envelope, provenance as `propertyDependencies`, type tokens from the provider SDKs.
 */
import { QStashScheduleV2 } from "@upstash/pulumi/qstashScheduleV2";
import { TYPES, typeTokenOf } from "../../policies/src/analysis/types";
import { WireResource } from "./analyzer";
import { fakeCredentials, FakeDatabaseCredentials } from "./fake-credentials";

import { realView } from "./real-shapes";
import { UNKNOWN, isSecretEnvelope, secret } from "./wire";

export { UNKNOWN, isSecretEnvelope, secret };

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
    value: ValueRef;
    sensitive?: boolean;
    targets?: string[];
    projectId?: string | { project: string };
    valueWo?: boolean;
    customEnvironmentIds?: string[];
}

/** A database output, read directly or (`via`) as the output of a component that holds it: the dependency then names the component. */
export interface OutputRef {
    from: DatabaseHandle;
    output: "restToken" | "readOnlyRestToken" | "password" | "endpoint" | "restUrl" | "redisUrl" | "token" | "readOnlyToken";
    via?: string;
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
        return { value: this.state === "existing" ? secret(known[value.output]) : UNKNOWN, deps: [value.via ?? value.from.urn] };
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

    /**
     * A component resource as the engine sends it (no provider), with the outputs it registered
     * (unknown on a new stack unless given as known), made the parent of `children`.
     */
    component(type: string, name: string, children: string[], outputs: Record<string, unknown> = {}): string {
        const urn = this.urn(type, name);
        this.resources.push({ type, urn, name, properties: outputs, inputs: {}, propertyDependencies: {}, dependencies: [], component: true });
        for (const child of children) {
            const resource = this.resources.find((r) => r.urn === child);
            if (!resource) {
                throw new Error(`no resource ${child}`);
            }
            resource.parent = urn;
        }
        return urn;
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

// --- Platforms beyond Vercel (their providers cannot run here: the fixtures echo inputs, see real-shapes.ts) ---

import { AWS, CLOUDFLARE, GCP, GITHUB, KUBERNETES } from "../../policies/src/platforms/type-tokens";

export { AWS, CLOUDFLARE, GCP, GITHUB, KUBERNETES };

/** A value of a place: a literal or a database output reference. */
export type ValueRef = string | OutputRef;

/** Resolves many references at once: the wire values and every URN they came from. */
function resolveAll<T>(fixture: StackFixture, items: readonly T[], refOf: (item: T) => ValueRef | undefined): { values: unknown[]; deps: string[] } {
    const deps = new Set<string>();
    const values = items.map((item) => {
        const ref = refOf(item);
        if (ref === undefined) {
            return undefined;
        }
        const { value, deps: d } = fixture.resolve(ref);
        d.forEach((u) => deps.add(u));
        return value;
    });
    return { values, deps: [...deps] };
}

function withDeps(property: string, deps: string[], more: Record<string, string[]> = {}): Record<string, string[]> {
    return { ...(deps.length > 0 ? { [property]: deps } : {}), ...more };
}

export interface WorkerBindingSpec {
    name: string;
    type: "secret_text" | "plain_text" | "json" | "secrets_store_secret";
    value?: ValueRef;
    /** For `secrets_store_secret`: the store secret's resource name in this fixture. */
    storeSecret?: string;
}

export interface PagesVariableSpec {
    type: "secret_text" | "plain_text";
    value: ValueRef;
}

export interface ContainerEnvSpec {
    name: string;
    value?: ValueRef;
    /** A reference to a secret (Secret Manager secret / Kubernetes Secret) by its fixture resource name. */
    secret?: string;
}

/** Helpers for the platform resources, in the shapes of each provider's SDK (`*Args` of its `.d.ts`). */
export class PlatformFixture {
    constructor(readonly s: StackFixture) {}

    /** `cloudflare.WorkersScript` with `bindings[]` (`name`, `type`, `text` / `json` / `storeId`+`secretName`). */
    workersScript(name: string, bindings: WorkerBindingSpec[], type: string = CLOUDFLARE.workersScript): string {
        const { values, deps } = resolveAll(this.s, bindings, (b) => b.value);
        const storeDeps = bindings.flatMap((b) => (b.storeSecret ? [this.s.urn(CLOUDFLARE.secretsStoreSecret, b.storeSecret)] : []));
        const wire = bindings.map((b, i) => {
            if (b.type === "secrets_store_secret") {
                return { name: b.name, type: b.type, storeId: "store_1", secretName: this.s.state === "existing" || !b.storeSecret ? b.storeSecret ?? b.name : UNKNOWN };
            }
            return b.type === "json" ? { name: b.name, type: b.type, json: values[i] } : { name: b.name, type: b.type, text: values[i] };
        });
        return this.s.add(type, name, { accountId: "acc_1", scriptName: name, content: "export default { fetch() { return new Response('ok') } }", mainModule: "worker.js", bindings: wire }, withDeps("bindings", [...deps, ...storeDeps]));
    }

    secretsStoreSecret(name: string, value: ValueRef): string {
        const { value: wire, deps } = this.s.resolve(value);
        return this.s.add(CLOUDFLARE.secretsStoreSecret, name, { accountId: "acc_1", storeId: "store_1", name, value: wire, scopes: ["workers"] }, withDeps("value", deps));
    }

    /** `cloudflare.PagesProject` with `deploymentConfigs.{production,preview}.envVars`. */
    pagesProject(name: string, configs: { production?: Record<string, PagesVariableSpec>; preview?: Record<string, PagesVariableSpec> }): string {
        const deps = new Set<string>();
        const deploymentConfigs: Record<string, unknown> = {};
        for (const [config, vars] of Object.entries(configs)) {
            const envVars: Record<string, unknown> = {};
            for (const [key, spec] of Object.entries(vars ?? {})) {
                const { value, deps: d } = this.s.resolve(spec.value);
                d.forEach((u) => deps.add(u));
                envVars[key] = { type: spec.type, value };
            }
            deploymentConfigs[config] = { envVars, compatibilityDate: "2025-01-01" };
        }
        return this.s.add(CLOUDFLARE.pagesProject, name, { accountId: "acc_1", name, productionBranch: "main", deploymentConfigs }, withDeps("deploymentConfigs", [...deps]));
    }

    /** A zone, a route from it to a Worker script, and optionally a `http_ratelimit` ruleset on it. */
    zoneRouting(zone: string, script: string, ratelimit: "none" | "enabled" | "disabled" | "other-phase"): void {
        const zoneUrn = this.s.add(CLOUDFLARE.zone, zone, { account: { id: "acc_1" }, name: `${zone}.example.com` }, {}, { id: `zone_${zone}` });
        const zoneId = this.s.state === "existing" ? `zone_${zone}` : UNKNOWN;
        const scriptUrn = this.s.urn(CLOUDFLARE.workersScript, script);
        this.s.add(CLOUDFLARE.workersRoute, `${zone}-route`, { zoneId, pattern: `${zone}.example.com/api/*`, script: this.s.state === "existing" ? script : UNKNOWN }, { zoneId: [zoneUrn], script: [scriptUrn] });
        if (ratelimit !== "none") {
            this.s.add(
                CLOUDFLARE.ruleset,
                `${zone}-ratelimit`,
                {
                    zoneId,
                    name: "rate limit api",
                    kind: "zone",
                    phase: ratelimit === "other-phase" ? "http_request_firewall_custom" : "http_ratelimit",
                    rules: [{ action: "block", expression: '(http.request.uri.path matches "^/api/")', enabled: ratelimit !== "disabled", ratelimit: { characteristics: ["ip.src", "cf.colo.id"], period: 60, requestsPerPeriod: 100, mitigationTimeout: 600 } }],
                },
                { zoneId: [zoneUrn] },
            );
        }
    }

    /** `aws.lambda.Function` with `environment.variables`. */
    lambda(name: string, variables: Record<string, ValueRef>): string {
        const entries = Object.entries(variables);
        const { values, deps } = resolveAll(this.s, entries, ([, v]) => v);
        const wire = Object.fromEntries(entries.map(([k], i) => [k, values[i]]));
        return this.s.add(AWS.lambdaFunction, name, { name, role: "arn:aws:iam::123456789012:role/lambda", runtime: "nodejs20.x", handler: "index.handler", environment: { variables: wire } }, withDeps("environment", deps));
    }

    /** An API Gateway REST API with an integration to the Lambda, a stage, and optionally a WAFv2 web ACL (rate-based or not) associated with the stage. */
    apiInFront(name: string, lambda: string, waf: "none" | "rate-based" | "no-rate-rule"): void {
        const apiUrn = this.s.add(AWS.apiGatewayRestApi, `${name}-api`, { name });
        const lambdaUrn = this.s.urn(AWS.lambdaFunction, lambda);
        const known = <T>(v: T): T | string => (this.s.state === "existing" ? v : UNKNOWN);
        this.s.add(AWS.apiGatewayIntegration, `${name}-integration`, { restApi: known(`api_${name}`), resourceId: "root", httpMethod: "ANY", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: known(`arn:aws:apigateway:eu-west-1:lambda:path/functions/${lambda}/invocations`) }, { restApi: [apiUrn], uri: [lambdaUrn] });
        const stageUrn = this.s.add(AWS.apiGatewayStage, `${name}-stage`, { restApi: known(`api_${name}`), deployment: "dep_1", stageName: "prod" }, { restApi: [apiUrn] });
        if (waf === "none") {
            return;
        }
        const statement = waf === "rate-based" ? { rateBasedStatement: { limit: 1000, aggregateKeyType: "IP" } } : { geoMatchStatement: { countryCodes: ["XX"] } };
        const aclUrn = this.s.add(AWS.wafWebAcl, `${name}-acl`, { scope: "REGIONAL", defaultAction: { allow: {} }, rules: [{ name: "limit", priority: 1, action: { block: {} }, statement, visibilityConfig: { cloudwatchMetricsEnabled: false, metricName: "limit", sampledRequestsEnabled: false } }], visibilityConfig: { cloudwatchMetricsEnabled: false, metricName: name, sampledRequestsEnabled: false } });
        this.s.add(AWS.wafWebAclAssociation, `${name}-acl-association`, { resourceArn: known(`arn:aws:apigateway:eu-west-1::/restapis/api_${name}/stages/prod`), webAclArn: known(`arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/${name}`) }, { resourceArn: [stageUrn], webAclArn: [aclUrn] });
    }

    /** `aws.secretsmanager.Secret` and a `SecretVersion` holding the value. */
    secretsManagerSecret(name: string, value: ValueRef): string {
        const secretUrn = this.s.add(AWS.secretsManagerSecret, name, { name: `shop/${name}` }, {}, { arn: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/${name}-AbCdEf` });
        const { value: wire, deps } = this.s.resolve(value);
        this.s.add(AWS.secretsManagerSecretVersion, `${name}-version`, { secretId: this.s.state === "existing" ? `arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/${name}-AbCdEf` : UNKNOWN, secretString: wire }, { secretId: [secretUrn], ...withDeps("secretString", deps) });
        return secretUrn;
    }

    /** `aws.ecs.TaskDefinition` with `containerDefinitions` as the JSON string the SDK sends (unknown as a whole while any value is). */
    ecsTaskDefinition(name: string, environment: Record<string, ValueRef>, secrets: Record<string, string> = {}): string {
        const entries = Object.entries(environment);
        const { values, deps } = resolveAll(this.s, entries, ([, v]) => v);
        const unknown = values.some((v) => v === UNKNOWN);
        const plain = (v: unknown): unknown => (isSecretEnvelope(v) ? v.value : v);
        const json = JSON.stringify([{ name: "app", image: "app:1", essential: true, environment: entries.map(([k], i) => ({ name: k, value: plain(values[i]) })), secrets: Object.entries(secrets).map(([k, arn]) => ({ name: k, valueFrom: arn })) }]);
        return this.s.add(AWS.ecsTaskDefinition, name, { family: name, containerDefinitions: unknown ? UNKNOWN : json }, withDeps("containerDefinitions", deps));
    }

    /** `gcp.cloudrunv2.Service` with `template.containers[].envs[]` (`value` or `valueSource.secretKeyRef`). */
    cloudRunService(name: string, envs: ContainerEnvSpec[]): string {
        const { values, deps } = resolveAll(this.s, envs, (e) => e.value);
        const secretDeps = envs.flatMap((e) => (e.secret ? [this.s.urn(GCP.secretManagerSecret, e.secret)] : []));
        const wire = envs.map((e, i) => (e.secret ? { name: e.name, valueSource: { secretKeyRef: { secret: this.s.state === "existing" ? e.secret : UNKNOWN, version: "latest" } } } : { name: e.name, value: values[i] }));
        return this.s.add(GCP.cloudRunV2Service, name, { name, location: "europe-west1", template: { containers: [{ image: "gcr.io/shop/api", envs: wire }] } }, withDeps("template", [...deps, ...secretDeps]));
    }

    /** `gcp.secretmanager.Secret` and a `SecretVersion` with `secretData`. */
    secretManagerSecret(name: string, value: ValueRef): string {
        const secretUrn = this.s.add(GCP.secretManagerSecret, name, { secretId: name, replication: { auto: {} } });
        const { value: wire, deps } = this.s.resolve(value);
        this.s.add(GCP.secretManagerSecretVersion, `${name}-version`, { secret: this.s.state === "existing" ? `projects/shop/secrets/${name}` : UNKNOWN, secretData: wire }, { secret: [secretUrn], ...withDeps("secretData", deps) });
        return secretUrn;
    }

    /** `kubernetes.apps.v1.Deployment` in a namespace, its container's `env[]` (`value` or `valueFrom.secretKeyRef`). */
    deployment(name: string, namespace: string, env: ContainerEnvSpec[]): string {
        const { values, deps } = resolveAll(this.s, env, (e) => e.value);
        const secretDeps = env.flatMap((e) => (e.secret ? [this.s.urn(KUBERNETES.secret, e.secret)] : []));
        const wire = env.map((e, i) => (e.secret ? { name: e.name, valueFrom: { secretKeyRef: { name: e.secret, key: e.name } } } : { name: e.name, value: values[i] }));
        return this.s.add(
            KUBERNETES.deployment,
            name,
            { metadata: { name, namespace, labels: { app: name } }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "shop/api:1", env: wire }] } } } },
            withDeps("spec", [...deps, ...secretDeps]),
        );
    }

    /** `kubernetes.core.v1.Secret` with `stringData`. */
    k8sSecret(name: string, namespace: string, data: Record<string, ValueRef>): string {
        const entries = Object.entries(data);
        const { values, deps } = resolveAll(this.s, entries, ([, v]) => v);
        return this.s.add(KUBERNETES.secret, name, { metadata: { name, namespace }, type: "Opaque", stringData: Object.fromEntries(entries.map(([k], i) => [k, values[i]])) }, withDeps("stringData", deps));
    }

    /** An Actions variable or secret (repository, or environment when `environment` is given). */
    github(kind: "variable" | "secret", name: string, spec: { key: string; value: ValueRef; repository?: string; environment?: string }): string {
        const { value, deps } = this.s.resolve(spec.value);
        const type =
            kind === "variable" ? (spec.environment ? GITHUB.actionsEnvironmentVariable : GITHUB.actionsVariable) : spec.environment ? GITHUB.actionsEnvironmentSecret : GITHUB.actionsSecret;
        const nameField = kind === "variable" ? "variableName" : "secretName";
        return this.s.add(type, name, { repository: spec.repository ?? "shop", [nameField]: spec.key, value, ...(spec.environment ? { environment: spec.environment } : {}) }, withDeps("value", deps));
    }
}
