/**
 * `upstash-guard report`: a `--policy-pack-config` belongs to the stacks it is given for
 * (`STACK=FILE`, a glob of stacks allowed). The recorded real audit of examples/many-mistakes is
 * read as two stacks, dev and prod, with one config written for dev that exempts the resource
 * `cache` by name from `upstash-budget-required` (the form the README shows first).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { markdownCell } from "../../cli/src/report/markdown";
import { FIXTURES, tempDir, upstashGuard } from "./helpers";

const AUDIT = path.join(FIXTURES, "many-mistakes.analyze.jsonl");
const DEV = "acme/many-mistakes/dev";
const PROD = "acme/many-mistakes/prod";
const AT = "2027-01-04T05:17:00Z";

interface TwoStacks {
    dir: string;
    inputs: string[];
    devConfig: string;
}

function twoStacks(): TwoStacks {
    const dir = tempDir("report-stacks");
    const devConfig = path.join(dir, "dev-config.json");
    fs.writeFileSync(devConfig, JSON.stringify({ "upstash-budget-required": { exemptions: [{ resource: "cache", reason: "dev runs without a budget (INC-7)", expires: "2027-06-30" }] } }, null, 2));
    return { dir, devConfig, inputs: [`${DEV}=${AUDIT}`, `${PROD}=${AUDIT}`] };
}

/** A row of the summary's "Worst stacks" table: [blocking, advisory, exempted]. */
function stackRow(markdown: string, stack: string): number[] {
    const row = markdown.split("\n").find((line) => line.startsWith(`| ${stack} |`));
    assert.ok(row, `a row for ${stack} in:\n${markdown}`);
    return row.split("|").slice(2, 5).map((cell) => Number(cell.trim()));
}

describe("upstash-guard report: exemptions stay in the stacks their config is given for", () => {
    let stacks: TwoStacks;

    before(() => {
        stacks = twoStacks();
    });

    for (const given of [DEV, "acme/*/dev"]) {
        it(`a dev config given as '${given}=FILE' exempts dev's finding and leaves prod's blocking`, async () => {
            const res = await upstashGuard(["report", ...stacks.inputs, "--policy-pack-config", `${given}=${stacks.devConfig}`, "--format", "markdown", "--generated-at", AT]);
            assert.strictEqual(res.code, 0, res.stderr);
            assert.deepStrictEqual(stackRow(res.stdout, DEV), [5, 1, 1], "dev: the budget finding exempted");
            assert.deepStrictEqual(stackRow(res.stdout, PROD), [6, 1, 0], "prod: the same finding still blocking");
            assert.ok(res.stdout.includes(`| ${markdownCell(given)} | 1 | 1 |`), "the summary says which stacks the exemptions were given for");
            assert.match(res.stderr, /2 stacks \(2 with findings\), 11 blocking, 2 advisory, 1 exempted/);
        });
    }

    it("reads a version 2 config (newer CLIs) the same way: its policies' exemptions are under `policies`", async () => {
        const v2 = path.join(stacks.dir, "dev-config-v2.json");
        const v1 = JSON.parse(fs.readFileSync(stacks.devConfig, "utf8")) as Record<string, unknown>;
        fs.writeFileSync(v2, JSON.stringify({ version: 2, policies: v1, exceptions: {} }));
        const res = await upstashGuard(["report", ...stacks.inputs, "--policy-pack-config", `${DEV}=${v2}`, "--format", "markdown", "--generated-at", AT]);
        assert.strictEqual(res.code, 0, res.stderr);
        assert.deepStrictEqual(stackRow(res.stdout, DEV), [5, 1, 1]);
        assert.deepStrictEqual(stackRow(res.stdout, PROD), [6, 1, 0]);
    });

    it("names, for each exemption, the stacks it was given for and those it covered, in the page", async () => {
        const res = await upstashGuard(["report", ...stacks.inputs, "--policy-pack-config", `acme/*/dev=${stacks.devConfig}`, "--generated-at", AT]);
        assert.strictEqual(res.code, 0, res.stderr);
        assert.match(res.stdout, /<th>in stacks<\/th><th>given for<\/th>/);
        assert.match(res.stdout, /<td class="num">1<\/td><td>acme\/many-mistakes\/dev<\/td><td>acme\/\*\/dev<\/td><\/tr>/);
    });

    it("refuses a config given without a stack when the report has several, showing the form to use, and writes nothing", async () => {
        const output = path.join(stacks.dir, "refused.html");
        const history = path.join(stacks.dir, "history.json");
        const res = await upstashGuard(["report", ...stacks.inputs, "--policy-pack-config", stacks.devConfig, "--history", history, "--output", output, "--generated-at", AT]);
        assert.strictEqual(res.code, 2);
        assert.match(res.stderr, /names no stack, and the report has 2 stacks/);
        assert.ok(res.stderr.includes(`--policy-pack-config '${DEV}=${stacks.devConfig}'`), res.stderr);
        assert.ok(res.stderr.includes(`'acme/*/dev=${stacks.devConfig}'`), res.stderr);
        assert.ok(!fs.existsSync(output), "no report written");
        assert.ok(!fs.existsSync(history), "no history written");
    });

    it("applies a config given without a stack to a report of one stack, where that is unambiguous", async () => {
        const res = await upstashGuard(["report", `${DEV}=${AUDIT}`, "--policy-pack-config", stacks.devConfig, "--format", "markdown", "--generated-at", AT]);
        assert.strictEqual(res.code, 0, res.stderr);
        assert.deepStrictEqual(stackRow(res.stdout, DEV), [5, 1, 1]);
        assert.match(res.stdout, /\| every stack \| 1 \| 1 \|/);
    });

    it("gives one config to several stacks, each named, and warns about a glob that names no stack of the report", async () => {
        const res = await upstashGuard(["report", ...stacks.inputs, "-c", `${DEV}=${stacks.devConfig}`, `${PROD}=${stacks.devConfig}`, `acme/*/staging=${stacks.devConfig}`, "--format", "markdown", "--generated-at", AT]);
        assert.strictEqual(res.code, 0, res.stderr);
        assert.deepStrictEqual(stackRow(res.stdout, DEV), [5, 1, 1]);
        assert.deepStrictEqual(stackRow(res.stdout, PROD), [5, 1, 1]);
        assert.match(res.stdout, /\| acme\/many-mistakes\/dev, acme\/many-mistakes\/prod, acme\/\\\*\/staging \| 1 \| 2 \|/);
        assert.match(res.stderr, /warning: --policy-pack-config .*dev-config\.json is given for 'acme\/\*\/staging', which names no stack of the report/);
    });
});
