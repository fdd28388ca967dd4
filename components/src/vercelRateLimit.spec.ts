import { strict as assert } from "assert";
import { GuardInputError } from "./guard";
import { VercelRateLimit, VercelRateLimitArgs } from "./vercelRateLimit";
import { mockStack, registrations } from "../../test/harness/pulumi-mocks";

const FIREWALL = "vercel:index/firewallConfig:FirewallConfig";

describe("VercelRateLimit", () => {
    it("registers an enabled firewall with one active rate_limit rule on the API paths, defaults filled", async () => {
        const registered = await mockStack("dev");
        new VercelRateLimit("web-rate-limit", { projectId: "prj_web" });
        await registrations();
        const firewall = registered.find((r) => r.type === FIREWALL);
        assert.ok(firewall);
        assert.equal(firewall.name, "web-rate-limit");
        assert.equal(firewall.inputs.enabled, true);
        assert.equal(firewall.inputs.projectId, "prj_web");
        assert.deepEqual(firewall.inputs.rules, {
            rules: [
                {
                    name: "rate-limit-api",
                    active: true,
                    conditionGroups: [{ conditions: [{ type: "path", op: "pre", value: "/api" }] }],
                    action: { action: "rate_limit", actionDuration: "1m", rateLimit: { algo: "fixed_window", window: 60, limit: 100, keys: ["ip"], action: "deny" } },
                },
            ],
        });
    });

    it("takes rule name, path, window, limit and keys as inputs", async () => {
        const registered = await mockStack("dev");
        new VercelRateLimit("web-rate-limit", { projectId: "prj_web", ruleName: "api-burst", pathPrefix: "/v1", window: 10, limit: 20, keys: ["ip", "ja4"] });
        await registrations();
        const rule = (registered.find((r) => r.type === FIREWALL)?.inputs.rules as { rules: Record<string, unknown>[] }).rules[0];
        assert.equal(rule.name, "api-burst");
        assert.deepEqual(rule.conditionGroups, [{ conditions: [{ type: "path", op: "pre", value: "/v1" }] }]);
        assert.deepEqual((rule.action as Record<string, unknown>).rateLimit, { algo: "fixed_window", window: 10, limit: 20, keys: ["ip", "ja4"], action: "deny" });
    });

    const refused: [string, string, Partial<VercelRateLimitArgs>][] = [
        ["a rule name Vercel rejects (under 4 characters)", "ruleName", { ruleName: "api" }],
        ["a path that is no path", "pathPrefix", { pathPrefix: "api" }],
        ["a window of zero", "window", { window: 0 }],
        ["a fractional limit", "limit", { limit: 2.5 }],
        ["no client keys", "keys", { keys: [] }],
    ];
    for (const [what, input, args] of refused) {
        it(`refuses ${what} at construction, naming \`${input}\``, async () => {
            await mockStack("dev");
            assert.throws(
                () => new VercelRateLimit("web-rate-limit", { projectId: "prj_web", ...args }),
                (e: unknown) => e instanceof GuardInputError && e.input === input && e.message.endsWith("(policy upstash-rate-limit-public-apis)."),
            );
            await registrations();
        });
    }
});
