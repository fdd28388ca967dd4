import * as pulumi from "@pulumi/pulumi";
import { GuardInputError, tokenFor } from "./guard";

const COMPONENT = "KubernetesRedisSecret";
const POLICY = "upstash-credentials-only-in-secret-env-vars";
/** Secret keys and environment variable names both must match this. */
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A DNS-1123 subdomain, what Kubernetes accepts as a Secret's name. */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Declared by its type token: the Kubernetes SDK on npm asks the engine for its own provider version,
 * and the component needs only this one resource. The engine then uses the Kubernetes provider the
 * program already has (or `providers: { kubernetes }` given to the component).
 */
class Secret extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
        super("kubernetes:core/v1:Secret", name, props, opts);
    }
}

export interface SecretKeySelector {
    /** The Secret's name. */
    name: string;
    /** The key in the Secret. */
    key: string;
}

export interface SecretEnvVarSource {
    /** Where the value comes from: a key of a Secret. */
    secretKeyRef: SecretKeySelector;
}

/** A container `env` entry that reads its value from a Secret. */
export interface SecretEnvVar {
    /** The environment variable's name. */
    name: string;
    /** Its source. */
    valueFrom: SecretEnvVarSource;
}

export interface KubernetesRedisSecretArgs {
    /** Namespace of the Secret (and of the workload that reads it). */
    namespace: pulumi.Input<string>;
    /** Name of the Secret; the component's name by default. */
    secretName?: string;
    /** The database's REST URL (`StageRedisDatabase.restUrl`). */
    restUrl: pulumi.Input<string>;
    /** The read-write REST token (`StageRedisDatabase.restToken`); required unless `readOnly`. */
    restToken?: pulumi.Input<string>;
    /** The read-only REST token (`StageRedisDatabase.readOnlyRestToken`); required with `readOnly`. */
    readOnlyRestToken?: pulumi.Input<string>;
    /** The workload only reads: it gets the read-only token (policy upstash-read-only-tokens-where-possible). */
    readOnly?: boolean;
    /** Key (and variable name) of the URL; `UPSTASH_REDIS_REST_URL` by default. */
    urlKey?: string;
    /** Key (and variable name) of the token; `UPSTASH_REDIS_REST_TOKEN` by default. */
    tokenKey?: string;
}

/**
 * A Redis database wired into a Kubernetes workload: a `Secret` holding its URL and token, and the
 * `env` entries (`valueFrom.secretKeyRef`) to merge into a container spec. Never a plain value or a ConfigMap.
 */
export class KubernetesRedisSecret extends pulumi.ComponentResource {
    /** The Secret's name. */
    public readonly secretName: pulumi.Output<string>;
    /** `env` entries for a container: each reads one key of the Secret. */
    public readonly env: pulumi.Output<SecretEnvVar[]>;

    constructor(name: string, args: KubernetesRedisSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("upstash-guard-components:index:KubernetesRedisSecret", name, {}, opts);
        const secretName = args.secretName ?? name;
        if (!OBJECT_NAME.test(secretName)) {
            throw new GuardInputError(COMPONENT, name, "secretName", POLICY, "must be a Kubernetes object name (lower-case letters, digits, `-`, `.`)");
        }
        const urlKey = checkedKey(name, "urlKey", args.urlKey ?? "UPSTASH_REDIS_REST_URL");
        const tokenKey = checkedKey(name, "tokenKey", args.tokenKey ?? "UPSTASH_REDIS_REST_TOKEN");
        if (urlKey === tokenKey) {
            throw new GuardInputError(COMPONENT, name, "tokenKey", POLICY, "must differ from `urlKey`");
        }
        const token = tokenFor(COMPONENT, name, args);

        new Secret(
            name,
            { apiVersion: "v1", kind: "Secret", metadata: { name: secretName, namespace: args.namespace }, type: "Opaque", stringData: { [urlKey]: args.restUrl, [tokenKey]: token } },
            { parent: this },
        );
        const fromSecret = (key: string): SecretEnvVar => ({ name: key, valueFrom: { secretKeyRef: { name: secretName, key } } });
        this.secretName = pulumi.output(secretName);
        this.env = pulumi.output([fromSecret(urlKey), fromSecret(tokenKey)]);
        this.registerOutputs({ secretName: this.secretName, env: this.env });
    }
}

function checkedKey(name: string, input: string, key: string): string {
    if (!ENV_KEY.test(key)) {
        throw new GuardInputError(COMPONENT, name, input, POLICY, "must be an environment variable name (letters, digits, `_`)");
    }
    return key;
}
