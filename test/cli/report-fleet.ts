/**
 * The fleet the report specs read: the recorded real audits and previews (test/cli/fixtures), a
 * clean stack, a stack with hostile and credential-shaped text, and a policy pack config made by
 * `upstash-guard baseline` from the real audit, with an expired and a lasting exemption added.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { fakeCredentials } from "../harness/fake-credentials";
import { FIXTURES, SUMMARY_EVENT, eventLines, policyEvent, tempDir, upstashGuard } from "./helpers";

export const SECRETS = fakeCredentials(20);
export const ALL_SECRETS: readonly string[] = Object.values(SECRETS);

/** Text that would run or change the page if it were ever read as HTML. */
export const HOSTILE_NAME = `<script>window.__pwned=1</script>`;
export const HOSTILE_MESSAGE = `"><img src=x onerror="window.__pwned=2"> closes the tag`;
/** A stack label cannot hold `=` (it ends the label), but anything else. */
export const HOSTILE_STACK = `acme/evil/"></th><i>injected</i>`;

export const MANY_MISTAKES_WEB = "urn:pulumi:dev::many-mistakes::vercel:index/project:Project::web";

function day(offset: number, from: Date): string {
    return new Date(from.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
}

export interface Fleet {
    dir: string;
    /** The report's inputs, as the command line takes them. */
    inputs: string[];
    config: string;
    /** `--policy-pack-config`'s values: the baseline of many-mistakes/dev, given for the two stacks of that audit and preview. */
    configArgs: string[];
    /** The report's time: today at 06:00 UTC (baseline refuses an expiry in the past, so the dates follow the clock). */
    generatedAt: string;
}

function hostileAudit(): string {
    return eventLines([
        policyEvent({
            policyName: "upstash-tls-required",
            enforcementLevel: "mandatory",
            severity: "high",
            resourceUrn: `urn:pulumi:dev::evil::upstash:index/redisDatabase:RedisDatabase::${HOSTILE_NAME}`,
            message: `RedisDatabase ${HOSTILE_NAME} ${HOSTILE_MESSAGE}`,
        }),
        policyEvent({
            policyName: "acme-no-plain-secrets",
            policyPackName: "acme-guardrails",
            enforcementLevel: "advisory",
            resourceUrn: `urn:pulumi:dev::evil::vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable::${SECRETS.restToken}`,
            message: `value '${SECRETS.restToken}' is plain; also QSTASH_TOKEN=${SECRETS.qstashToken} and rediss://default:${SECRETS.password}@eu1-shop-41823.upstash.io:6379`,
        }),
        SUMMARY_EVENT,
    ]);
}

/**
 * Expected, from the inputs (see the listing of each fixture's events):
 *  - many-mistakes/dev (real `policy analyze`): 6 mandatory findings, all covered by the baseline
 *    (exempted), 1 advisory (rate limit on `web`) whose exemption expired;
 *  - acme/many-mistakes/dev-preview (real streamed preview of the same stack): the same 6 exempted and
 *    1 advisory, and 1 "can't run … during preview" note;
 *  - shop/dev (preview-blocked): 3 mandatory, 2 advisory (one of another pack), 1 note;
 *  - acme/shop/prod: an empty audit, clean;
 *  - the hostile stack: 1 mandatory, 1 advisory of another pack.
 */
export const EXPECTED = {
    blocking: 4,
    advisory: 5,
    exempted: 12,
    note: 2,
    stacks: 5,
    stacksClean: 1,
    stacksWithFindings: 4,
    exemptionsExpired: 1,
    exemptionsExpiring: 5,
} as const;

export async function buildFleet(now: Date = new Date()): Promise<Fleet> {
    const dir = tempDir("fleet");
    const today = new Date(`${now.toISOString().slice(0, 10)}T06:00:00Z`);
    const config = path.join(dir, "policy-config.json");
    const baseline = await upstashGuard(["baseline", "--input", path.join(FIXTURES, "many-mistakes.analyze.jsonl"), "--reason", "INC-1234: burn down by the quarter", "--expires", day(10, today), "--output", config]);
    assert.strictEqual(baseline.code, 0, baseline.stderr);
    const text = JSON.parse(fs.readFileSync(config, "utf8")) as Record<string, unknown>;
    text["upstash-rate-limit-public-apis"] = { exemptions: [{ resource: MANY_MISTAKES_WEB, reason: "INC-99: rate limit in code", expires: day(-3, today) }] };
    text["acme-no-plain-secrets"] = { exemptions: [{ resource: "urn:pulumi:prod::nothing-here::*", reason: `pasted by mistake ${SECRETS.signingKey}`, expires: day(400, today) }] };
    fs.writeFileSync(config, `${JSON.stringify(text, null, 2)}\n`);
    const empty = path.join(dir, "shop-prod.json");
    fs.writeFileSync(empty, "");
    const hostile = path.join(dir, "evil.jsonl");
    fs.writeFileSync(hostile, hostileAudit());
    return {
        dir,
        config,
        configArgs: [`many-mistakes/dev=${config}`, `acme/many-mistakes/dev-preview=${config}`],
        generatedAt: today.toISOString(),
        inputs: [
            path.join(FIXTURES, "many-mistakes.analyze.jsonl"),
            `acme/many-mistakes/dev-preview=${path.join(FIXTURES, "many-mistakes.preview.jsonl")}`,
            path.join(FIXTURES, "preview-blocked.jsonl"),
            `acme/shop/prod=${empty}`,
            `${HOSTILE_STACK}=${hostile}`,
        ],
    };
}

/** Builds the fleet's report with the given extra arguments and returns its text. */
export async function fleetReport(fleet: Fleet, extra: readonly string[] = []): Promise<{ text: string; stderr: string; file: string }> {
    const file = path.join(fleet.dir, `report-${Math.random().toString(36).slice(2)}${extra.includes("markdown") ? ".md" : ".html"}`);
    const res = await upstashGuard(["report", ...fleet.inputs, "--policy-pack-config", ...fleet.configArgs, "--generated-at", fleet.generatedAt, "--output", file, ...extra]);
    assert.strictEqual(res.code, 0, res.stderr);
    return { text: fs.readFileSync(file, "utf8"), stderr: res.stderr, file };
}

/** A synthetic fleet: `stacks` audits of `perStack` findings each, in a temporary folder. */
export function syntheticFleet(stacks: number, perStack: number): string[] {
    const dir = tempDir("synthetic");
    return Array.from({ length: stacks }, (_, s) => {
        const file = path.join(dir, `stack-${s}.jsonl`);
        const events = Array.from({ length: perStack }, (_, i) =>
            policyEvent({
                policyName: ["upstash-tls-required", "upstash-budget-required", "upstash-rate-limit-public-apis"][i % 3],
                enforcementLevel: i % 3 === 2 ? "advisory" : "mandatory",
                resourceUrn: `urn:pulumi:prod-${s}::app-${s % 40}::upstash:index/redisDatabase:RedisDatabase::db-${i}`,
                message: `RedisDatabase 'db-${i}' of stack ${s} | has *a* problem number ${i}.`,
            }),
        );
        fs.writeFileSync(file, eventLines([...events, SUMMARY_EVENT]));
        return file;
    });
}
