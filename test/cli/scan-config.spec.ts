/**
 * `upstash-guard scan-config`: plaintext Upstash credentials in Pulumi.yaml and Pulumi.<stack>.yaml,
 * found with the pack's own recognition, reported without any part of a value.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Log } from "sarif";
import { FINGERPRINT_KEY } from "../../cli/src/sarif/common";
import { fakeCredentials, leakedFragments } from "../harness/fake-credentials";
import { assertValidSarif, multitoolProblems, projectWith, tempDir, upstashGuard } from "./helpers";

const secrets = fakeCredentials(23);
const ALL_SECRETS = Object.values(secrets);

const PROJECT = "name: shop\nruntime: nodejs\n";

/** A stack file whose credentials are all encrypted, as `pulumi config set --secret` writes them. */
const CLEAN_STACK = [
    "encryptionsalt: v1:c2FsdHNhbHQ=:v1:bm9uY2Vub25jZQ==:c2FsdGVkc2FsdGVk",
    "config:",
    "  upstash:email: ops@example.com",
    "  upstash:apiKey:",
    "    secure: v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBB",
    "  vercel:apiToken:",
    "    secure: v1:CCCCCCCCCCCCCCCC:DDDDDDDDDDDDDDDDDDDDDDDD",
    "  shop:region: eu-west-1",
    "  shop:redis:",
    "    host: eu1-shop-41823.upstash.io",
    "    restToken:",
    "      secure: v1:EEEEEEEEEEEEEEEE:FFFFFFFFFFFFFFFFFFFFFFFF",
    "  shop:KV_REST_API_TOKEN: <set with --secret>",
    "",
].join("\n");

/** `upstash-guard scan-config <args>` run from inside `dir` (paths in reports are relative to the working folder). */
async function scan(dir: string, ...args: string[]) {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
        const res = await upstashGuard(["scan-config", ...args]);
        assert.deepStrictEqual(leakedFragments(res.stdout + res.stderr, ALL_SECRETS), [], "no part of a credential in the output");
        return res;
    } finally {
        process.chdir(cwd);
    }
}

describe("upstash-guard scan-config", function () {
    this.timeout(120_000);

    it("finds a plaintext upstash:apiKey and says how to store it as a secret (exit 1)", async () => {
        const dir = projectWith({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": `config:\n  upstash:email: ops@example.com\n  upstash:apiKey: ${secrets.managementKey}\n` });
        const res = await scan(dir);
        assert.strictEqual(res.code, 1);
        assert.match(res.stdout, /^Pulumi\.dev\.yaml:3:3: Config key 'upstash:apiKey' \(stack dev\) holds an Upstash management API key in plaintext\./m);
        assert.match(res.stdout, /`pulumi config set --secret 'upstash:apiKey' --stack dev`/);
        assert.match(res.stdout, /rotate the credential/);
        assert.match(res.stdout, /1 plaintext credential in 2 files/);
    });

    it("finds a pasted Upstash REST token, and credentials nested in objects and lists", async () => {
        const dir = projectWith({
            "Pulumi.yaml": PROJECT,
            "Pulumi.prod.yaml": [
                "config:",
                `  shop:redisToken: ${secrets.restToken}`,
                "  shop:upstash:",
                "    vector:",
                `      token: "${secrets.vectorToken}"`,
                "  shop:webhooks:",
                `    - ${secrets.qstashToken}`,
                `  vercel:apiToken: plaintext-vercel-token-000000`,
                "",
            ].join("\n"),
        });
        const res = await scan(dir);
        assert.strictEqual(res.code, 1);
        const lines = res.stdout.trim().split("\n");
        assert.match(lines[0], /^Pulumi\.prod\.yaml:2:3: Config key 'shop:redisToken' \(stack prod\) holds an Upstash Redis REST token in plaintext/);
        assert.match(lines[1], /^Pulumi\.prod\.yaml:5:7: Config key 'shop:upstash\.vector\.token' \(stack prod\) holds an Upstash Vector or Search token in plaintext.*--secret --path 'shop:upstash\.vector\.token' --stack prod/);
        assert.match(lines[2], /^Pulumi\.prod\.yaml:7:7: Config key 'shop:webhooks\[0\]' \(stack prod\) holds a QStash token in plaintext/);
        assert.match(lines[3], /^Pulumi\.prod\.yaml:8:3: Config key 'vercel:apiToken' \(stack prod\) holds a Vercel API token in plaintext/);
        assert.match(lines[4], /^4 plaintext credentials in 2 files/);
    });

    it("finds nothing in a stack file whose credentials are secure: values (exit 0)", async () => {
        const dir = projectWith({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": CLEAN_STACK });
        const res = await scan(dir);
        assert.strictEqual(res.code, 0, res.stdout);
        assert.strictEqual(res.stdout, "No plaintext Upstash credentials in 2 files (Pulumi.yaml, Pulumi.dev.yaml).\n");
    });

    it("reads project config in Pulumi.yaml: short values, value: and default:", async () => {
        const dir = projectWith({
            "Pulumi.yaml": [
                PROJECT.trim(),
                "config:",
                "  shop:stage: dev",
                `  shop:kvUrl: rediss://default:${secrets.password}@eu1-shop-41823.upstash.io:6379`,
                "  shop:signingKey:",
                "    type: string",
                `    default: ${secrets.signingKey}`,
                "  upstash:apiKey:",
                `    value: ${secrets.managementKey}`,
                "",
            ].join("\n"),
        });
        const res = await scan(dir);
        assert.strictEqual(res.code, 1);
        const lines = res.stdout.trim().split("\n");
        assert.match(lines[0], /^Pulumi\.yaml:5:3: Config key 'shop:kvUrl' \(project config, every stack\) holds an Upstash Redis URL carrying the database password in plaintext\. Remove it from Pulumi\.yaml/);
        assert.match(lines[1], /^Pulumi\.yaml:8:5: Config key 'shop:signingKey' .* holds a QStash signing key/);
        assert.match(lines[2], /^Pulumi\.yaml:10:5: Config key 'upstash:apiKey' .* holds an Upstash management API key/);
        assert.strictEqual(lines.length, 4);
    });

    it("notes ESC environment imports it cannot resolve offline, and does not fail for them", async () => {
        const dir = projectWith({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": `environment:\n  - acme/shop-dev\n${CLEAN_STACK}` });
        const res = await scan(dir);
        assert.strictEqual(res.code, 0);
        assert.match(res.stdout, /^note: Pulumi\.dev\.yaml \(stack dev\) imports the ESC environment 'acme\/shop-dev': .*cannot be checked offline/m);
    });

    it("takes the project folder as an argument and names files relative to the working folder", async () => {
        const parent = tempDir("parent");
        const dir = path.join(parent, "infra");
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), PROJECT);
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `config:\n  upstash:apiKey: ${secrets.managementKey}\n`);
        const res = await scan(parent, "infra");
        assert.strictEqual(res.code, 1);
        assert.match(res.stdout, /^infra\/Pulumi\.dev\.yaml:2:3: /m);
    });

    it("follows stackConfigDir", async () => {
        const dir = projectWith({ "Pulumi.yaml": `${PROJECT}stackConfigDir: config\n`, "config/Pulumi.dev.yaml": `config:\n  upstash:apiKey: ${secrets.managementKey}\n` });
        const res = await scan(dir);
        assert.strictEqual(res.code, 1);
        assert.match(res.stdout, new RegExp(`^${path.join("config", "Pulumi.dev.yaml").replace(/\./g, "\\.")}:2:3: `, "m"));
    });

    describe("SARIF output", () => {
        const files = {
            "Pulumi.yaml": PROJECT,
            "Pulumi.dev.yaml": `environment:\n  - acme/shop-dev\nconfig:\n  upstash:apiKey: ${secrets.managementKey}\n  shop:redisToken: ${secrets.restToken}\n`,
            "Pulumi.prod.yaml": CLEAN_STACK,
        };

        async function sarifOf(dir: string): Promise<Log> {
            const res = await scan(dir, "--format", "sarif");
            assert.strictEqual(res.code, 1);
            const log = JSON.parse(res.stdout) as unknown;
            assertValidSarif(log);
            return log;
        }

        it("validates against the SARIF 2.1.0 schema, with one error result per finding at its line", async () => {
            const log = await sarifOf(projectWith(files));
            const results = log.runs[0].results ?? [];
            assert.deepStrictEqual(
                results.map((r) => [r.ruleId, r.level, r.locations?.[0]?.physicalLocation?.region?.startLine, r.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName]),
                [
                    ["upstash-config-credentials-secret", "error", 4, "dev/upstash:apiKey"],
                    ["upstash-config-credentials-secret", "error", 5, "dev/shop:redisToken"],
                ],
            );
            assert.match(log.runs[0].invocations?.[0]?.toolExecutionNotifications?.[0]?.message.text ?? "", /ESC environment/);
        });

        it("gives the same fingerprints in two runs, and keeps them when lines move", async () => {
            const fingerprints = (log: Log) => (log.runs[0].results ?? []).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
            const dirA = projectWith(files);
            const dirB = projectWith({ ...files, "Pulumi.dev.yaml": `# a comment moves every line\n\n${files["Pulumi.dev.yaml"]}` });
            const first = await sarifOf(dirA);
            const second = await sarifOf(dirA);
            const moved = await sarifOf(dirB);
            assert.deepStrictEqual(second, first);
            assert.deepStrictEqual(fingerprints(moved), fingerprints(first));
            assert.strictEqual(new Set(fingerprints(first)).size, 2);
        });

        it("passes the SARIF multitool's validation, GitHub ingestion rules included", async () => {
            const dir = projectWith(files);
            const out = path.join(tempDir("config-sarif"), "config.sarif");
            const res = await scan(dir, "--format", "sarif", "--output", out);
            assert.strictEqual(res.code, 1);
            assert.match(res.stderr, /2 plaintext credentials in 3 config files/);
            assert.deepStrictEqual(leakedFragments(fs.readFileSync(out, "utf8"), ALL_SECRETS), []);
            assert.deepStrictEqual(multitoolProblems(out), []);
        });

        it("is a valid, empty log for a clean project (exit 0)", async () => {
            const res = await scan(projectWith({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": CLEAN_STACK }), "--format", "sarif");
            assert.strictEqual(res.code, 0);
            const log = JSON.parse(res.stdout) as unknown;
            assertValidSarif(log);
            assert.deepStrictEqual(log.runs[0].results, []);
        });
    });

    describe("errors", () => {
        it("a folder without Pulumi.yaml, or no folder at all (exit 3)", async () => {
            const empty = await scan(tempDir("empty"));
            assert.strictEqual(empty.code, 3);
            assert.match(empty.stderr, /no Pulumi\.yaml here/);
            const missing = await scan(tempDir("gone"), "nope");
            assert.strictEqual(missing.code, 3);
            assert.match(missing.stderr, /no such folder/);
        });

        it("invalid YAML names the position but never quotes the line (exit 3)", async () => {
            const dir = projectWith({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": `config:\n  upstash:apiKey: ${secrets.managementKey}\n  upstash:apiKey: "${secrets.restToken}\n` });
            const res = await scan(dir);
            assert.strictEqual(res.code, 3);
            assert.match(res.stderr, /Pulumi\.dev\.yaml: not valid YAML at line \d+, column \d+ \([A-Z_]+\)/);
        });

        it("an unknown format is a usage error (exit 2)", async () => {
            const res = await scan(projectWith({ "Pulumi.yaml": PROJECT }), "--format", "xml");
            assert.strictEqual(res.code, 2);
            assert.match(res.stderr, /Allowed choices are text, sarif/);
        });
    });
});
