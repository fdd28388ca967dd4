/** What a rule's checks return, whichever moment they judge at (framework/rule.ts, framework/registration.ts). */

export interface Outcome<F> {
    findings: F[];
    /**
     * Findings that never block: said at the advisory level whatever the policy's level (a weakness
     * beside the one the policy blocks, such as a certificate checked but not its host name).
     */
    advisories?: F[];
    /**
     * What could not be judged because Pulumi does not know it yet (said as "what", e.g. "whether X is
     * sensitive"); never a reason to pass silently. Stack checks name the resource so exemptions apply.
     */
    undecided: F[];
}

export interface StackFinding {
    urn: string;
    name: string;
    message: string;
    /** Where in the resource (a place's or a field's path): one finding of one place, whichever moment makes it. */
    path?: string;
}

export interface StackContext {
    stackName: string | undefined;
    stackTags: ReadonlyMap<string, string>;
}
