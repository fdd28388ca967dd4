import * as pulumi from "@pulumi/pulumi";
import { FirewallConfig } from "@pulumiverse/vercel/firewallConfig";
import { GuardInputError } from "./guard";

const COMPONENT = "VercelRateLimit";
const POLICY = "upstash-rate-limit-public-apis";

export interface VercelRateLimitArgs {
    /** The Vercel project's id. */
    projectId: pulumi.Input<string>;
    /** Name of the firewall rule, 4 to 160 characters (Vercel's limits); `rate-limit-api` by default. */
    ruleName?: string;
    /** Path prefix of the API routes to limit; `/api` by default. */
    pathPrefix?: string;
    /** Window in seconds; 60 by default. */
    window?: number;
    /** Requests allowed per client and window; 100 by default. */
    limit?: number;
    /** What identifies a client; `["ip"]` by default. */
    keys?: string[];
}

/** A Vercel firewall with an active `rate_limit` rule in front of the project's API routes. */
export class VercelRateLimit extends pulumi.ComponentResource {
    /** The firewall rule's name. */
    public readonly ruleName: pulumi.Output<string>;

    constructor(name: string, args: VercelRateLimitArgs, opts?: pulumi.ComponentResourceOptions) {
        super("upstash-guard-components:index:VercelRateLimit", name, {}, opts);
        const ruleName = args.ruleName ?? "rate-limit-api";
        if (ruleName.length < 4 || ruleName.length > 160) {
            throw new GuardInputError(COMPONENT, name, "ruleName", POLICY, "must have 4 to 160 characters, as Vercel requires");
        }
        const pathPrefix = args.pathPrefix ?? "/api";
        if (!pathPrefix.startsWith("/")) {
            throw new GuardInputError(COMPONENT, name, "pathPrefix", POLICY, "must be a path starting with `/`");
        }
        const window = positiveInteger(name, "window", args.window ?? 60);
        const limit = positiveInteger(name, "limit", args.limit ?? 100);
        const keys = args.keys ?? ["ip"];
        if (keys.length === 0) {
            throw new GuardInputError(COMPONENT, name, "keys", POLICY, "must name at least one way to tell clients apart");
        }

        new FirewallConfig(
            name,
            {
                projectId: args.projectId,
                enabled: true,
                rules: {
                    rules: [
                        {
                            name: ruleName,
                            active: true,
                            conditionGroups: [{ conditions: [{ type: "path", op: "pre", value: pathPrefix }] }],
                            action: { action: "rate_limit", actionDuration: "1m", rateLimit: { algo: "fixed_window", window, limit, keys, action: "deny" } },
                        },
                    ],
                },
            },
            { parent: this },
        );
        this.ruleName = pulumi.output(ruleName);
        this.registerOutputs({ ruleName: this.ruleName });
    }
}

function positiveInteger(name: string, input: string, value: number): number {
    if (!Number.isInteger(value) || value <= 0) {
        throw new GuardInputError(COMPONENT, name, input, POLICY, "must be a positive whole number");
    }
    return value;
}
