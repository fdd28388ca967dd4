/**
 * The README's table of what `pulumi up` blocks before the platform is called is each rule's own
 * `gate`, word for word, in the order the pack lists its policies; each policy's docs page says it too.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { RULES } from "../../policies/src/rules";

const REPO = path.resolve(__dirname, "..", "..");

function gateRow(name: string, gate: { beforeTheStep: string; afterTheSteps: string }): string {
    return `| [\`${name}\`](docs/policies/${name}.md) | ${gate.beforeTheStep} | ${gate.afterTheSteps} |`;
}

describe("what an update blocks before the platform is called, as the README and the docs say it", () => {
    it("the README's table has every rule's gate, word for word, in the pack's order", () => {
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        const start = readme.indexOf("| policy | blocked before the platform is called |");
        assert.ok(start >= 0, "the table is there");
        const rows = readme.slice(start).split("\n").slice(2).filter((l) => l.startsWith("| [")).slice(0, RULES.length);
        assert.deepEqual(rows, RULES.map((r) => gateRow(r.info.name, r.info.gate)));
    });

    it("each policy's docs page says both halves", () => {
        for (const rule of RULES) {
            const page = fs.readFileSync(path.join(REPO, "docs", "policies", `${rule.info.name}.md`), "utf8");
            assert.ok(page.includes(`**Blocked before the platform is called:** ${rule.info.gate.beforeTheStep}.`), `${rule.info.name}: before`);
            assert.ok(page.includes(`**Reported only after the steps** (preview first): ${rule.info.gate.afterTheSteps}.`), `${rule.info.name}: after`);
        }
    });
});
