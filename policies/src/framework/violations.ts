/**
 * Saying a finding at the advisory level from a policy whose level blocks. The SDK (since
 * @pulumi/policy 1.21.0, pulumi/pulumi-policy#424) takes an object with its own `enforcementLevel`
 * in place of the message, an overload its typings keep private; the engine reads each diagnostic's
 * level, not the policy's (`convertDiagnostics` in pulumi's analyzer_plugin.go), as it does for the
 * SDK's own "can't run during preview" notes. Pinned on every supported CLI by the engine-fact tests.
 * With an SDK that lacks the overload the finding is said at the policy's level: it blocks rather
 * than goes unsaid.
 */
import type { ReportViolation } from "@pulumi/policy";

interface ViolationArgs {
    message: string;
    urn?: string;
    enforcementLevel: "advisory";
}

function sdkVersion(): readonly number[] {
    try {
        const manifest: unknown = require("@pulumi/policy/package.json");
        const version: unknown = typeof manifest === "object" && manifest !== null ? Reflect.get(manifest, "version") : undefined;
        return typeof version === "string" ? version.replace(/^v/, "").split(".").map((n) => Number.parseInt(n, 10)) : [];
    } catch {
        return [];
    }
}

/** Whether the SDK in use reads a violation's own level: 1.21.0 or later. */
export function sdkReadsViolationLevels(version: readonly number[] = sdkVersion()): boolean {
    const [major = 0, minor = 0] = version;
    return major > 1 || (major === 1 && minor >= 21);
}

const READS_LEVELS = sdkReadsViolationLevels();

/** Says `message` as the SDK's string form would (under the policy's description), at the advisory level. */
export function reportAdvisory(report: ReportViolation, description: string, message: string, urn?: string): void {
    if (!READS_LEVELS) {
        report(message, urn);
        return;
    }
    const args: ViolationArgs = { message: `${description}\n${message}`, enforcementLevel: "advisory" };
    if (urn !== undefined) {
        args.urn = urn;
    }
    (report as unknown as (violation: ViolationArgs) => void)(args);
}
