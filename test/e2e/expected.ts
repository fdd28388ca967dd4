/**
 * What each program gives under the real engine, shared by every way of running it (the CLI,
 * the Automation API, a Pulumi YAML twin): "policy resource level" triples.
 */
export interface Expected {
    /** Findings of a first preview, and of the existing stack unless `existingFindings` says otherwise: "policy resource level". */
    findings: string[];
    /** Findings of the existing stack (a preview and an audit), where the values then known say more. */
    existingFindings?: string[];
    /** "Can't be known during preview" notes of a first preview (none on an existing stack). */
    newStackNotes?: string[];
    /**
     * What `pulumi up --skip-preview` can only report once every step has run (the README's policy
     * table: "reported after the steps"): the update's steps run, then the end of the run fails.
     */
    reportedAfterTheSteps?: true;
}

/** What each example produces on its `dev` stack. */
export const EXPECTED: Record<string, Expected> = {
    "client-exposed-token": {
        findings: ["upstash-credentials-only-in-secret-env-vars public-token mandatory", "upstash-no-client-exposed-credentials public-token mandatory"],
    },
    // What feeds a database is known only once every variable has registered and the database's outputs are shown.
    "shared-database": { findings: ["upstash-separate-database-per-stage cache mandatory"], reportedAfterTheSteps: true },
    "tls-off": { findings: ["upstash-tls-required cache mandatory", "upstash-tls-required warm-cache mandatory"] },
    // Certificates not checked: the process-wide switch and the QStash destination are known at once; the
    // Celery URL's query once the database exists. The Java URL's chain-only check is advisory, from a mandatory policy.
    "tls-unverified": {
        findings: ["upstash-rate-limit-public-apis web advisory", "upstash-tls-required digest mandatory", "upstash-tls-required insecure mandatory", "upstash-tls-required java-url advisory"],
        newStackNotes: ["upstash-tls-required tls-unverified-dev advisory"],
        existingFindings: [
            "upstash-rate-limit-public-apis web advisory",
            "upstash-tls-required broker-url mandatory",
            "upstash-tls-required digest mandatory",
            "upstash-tls-required insecure mandatory",
            "upstash-tls-required java-url advisory",
        ],
    },
    "no-budget": { findings: ["upstash-budget-required cache mandatory"] },
    "token-in-build-command": { findings: ["upstash-credentials-only-in-secret-env-vars web mandatory"] },
    "plain-token-variable": { findings: ["upstash-credentials-only-in-secret-env-vars redis-token mandatory"] },
    "management-key-in-app": { findings: ["upstash-management-api-key-not-in-apps api-key mandatory"] },
    "hardcoded-token": { findings: ["upstash-no-hardcoded-credentials qstash-token advisory"] },
    // The component registers the token as an output: nothing is said of it; the plain variable it feeds is found.
    "team-component": { findings: ["upstash-credentials-only-in-secret-env-vars cache-token mandatory"] },
    // The program: both tokens are stopped when their variable registers, before Vercel is called.
    "plain-and-browser-tokens": {
        findings: [
            "upstash-credentials-only-in-secret-env-vars neutral mandatory",
            "upstash-credentials-only-in-secret-env-vars public mandatory",
            "upstash-no-client-exposed-credentials public mandatory",
            "upstash-rate-limit-public-apis web advisory",
        ],
    },
    "composed-redis-url": {
        findings: ["upstash-credentials-only-in-secret-env-vars cache-url mandatory"],
        // The URL's scheme is unknown until the database exists: said in the note, then found.
        newStackNotes: ["upstash-tls-required composed-redis-url-dev advisory"],
        existingFindings: ["upstash-credentials-only-in-secret-env-vars cache-url mandatory", "upstash-tls-required cache-url mandatory"],
    },
    "many-mistakes": {
        findings: [
            "upstash-budget-required cache mandatory",
            "upstash-credentials-only-in-secret-env-vars web-env mandatory",
            "upstash-no-client-exposed-credentials web-env mandatory",
            "upstash-rate-limit-public-apis web advisory",
            "upstash-separate-database-per-stage cache mandatory",
            "upstash-separate-database-per-stage cache mandatory",
            "upstash-tls-required cache mandatory",
        ],
        // KV_REST_API_URL is built from the database's endpoint, unknown until it exists: said, once.
        newStackNotes: ["upstash-tls-required many-mistakes-dev advisory"],
    },
};

/** examples/kubernetes-plain-token (Pulumi YAML, the real Kubernetes provider) on its `dev` stack, new or existing. */
export const KUBERNETES_PLAIN_TOKEN_FINDINGS: readonly string[] = [
    "upstash-credentials-only-in-secret-env-vars app mandatory",
    "upstash-credentials-only-in-secret-env-vars app-config mandatory",
];

/** A correct program: nothing to find; on a first preview, at most one note per policy. */
export const REFERENCE_NOTES = (stack: string) => [`upstash-read-only-tokens-where-possible shop-${stack} advisory`, `upstash-tls-required shop-${stack} advisory`];

export function blocks(expected: string[]): boolean {
    return expected.some((e) => e.endsWith("mandatory"));
}

/** The policies about where credentials go: what must never reach a plain or browser-exposed place, even for a moment. */
export const CREDENTIAL_POLICIES: readonly string[] = ["upstash-no-client-exposed-credentials", "upstash-credentials-only-in-secret-env-vars", "upstash-management-api-key-not-in-apps"];

/** Whether a program's findings include a mandatory one of a credential policy. */
export function blocksACredential(expected: string[]): boolean {
    return expected.some((e) => e.endsWith(" mandatory") && CREDENTIAL_POLICIES.includes(e.split(" ")[0]));
}
