/**
 * Findings point to the fix: each policy's remediation text (which the engine shows and the SARIF
 * rule's help carries) and its docs page name the upstash-guard component and the input that make
 * the finding go away, and that component has that input.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import { RULES } from "../../policies/src/rules";
import { packRules } from "../../cli/src/preview/toSarif";

const COMPONENTS = path.resolve(__dirname, "../../components");
const DOCS = path.resolve(__dirname, "../../docs/policies");

/** Policy → the component and input its remediation names. */
const FIX: Record<string, [component: string, input: string][]> = {
    "upstash-budget-required": [["StageRedisDatabase", "budget"]],
    "upstash-tls-required": [["StageRedisDatabase", "restUrl"]],
    "upstash-credentials-only-in-secret-env-vars": [["VercelRedisVariables", "restToken"], ["KubernetesRedisSecret", "env"]],
    "upstash-no-client-exposed-credentials": [["VercelRedisVariables", "tokenKey"]],
    "upstash-no-hardcoded-credentials": [["VercelRedisVariables", "restToken"]],
    "upstash-management-api-key-not-in-apps": [["VercelRedisVariables", "restToken"]],
    "upstash-separate-database-per-stage": [["StageRedisDatabase", "app"], ["VercelRedisVariables", "target"]],
    "upstash-read-only-tokens-where-possible": [["VercelRedisVariables", "readOnly"], ["KubernetesRedisSecret", "readOnly"]],
    "upstash-rate-limit-public-apis": [["VercelRateLimit", "projectId"]],
};

describe("every finding points to a component that fixes it", function () {
    this.timeout(60_000);
    let inputsAndOutputs: Map<string, Set<string>>;

    before(async () => {
        const schema = JSON.parse(await new ComponentProvider({ components: getPulumiComponents(require(COMPONENTS)), dirname: COMPONENTS, name: "upstash-guard-components" }).getSchema()) as {
            resources: Record<string, { inputProperties: Record<string, unknown>; properties: Record<string, unknown> }>;
        };
        inputsAndOutputs = new Map(Object.entries(schema.resources).map(([token, r]) => [token.split(":").pop() ?? token, new Set([...Object.keys(r.inputProperties), ...Object.keys(r.properties)])]));
    });

    it("covers every policy of the pack", () => {
        assert.deepEqual(Object.keys(FIX).sort(), RULES.map((r) => r.info.name).sort());
    });

    for (const [policy, fixes] of Object.entries(FIX)) {
        it(`${policy}: remediation text, SARIF help and docs page name ${fixes.map(([c, i]) => `${c}.${i}`).join(", ")}`, () => {
            const remediation = RULES.find((r) => r.info.name === policy)?.info.remediationSteps ?? "";
            const help = packRules().find((r) => r.id === policy)?.help?.text ?? "";
            const docs = fs.readFileSync(path.join(DOCS, `${policy}.md`), "utf8");
            const section = docs.slice(docs.indexOf("## Fix it with a component"));
            assert.ok(section.length < docs.length, `${policy}.md has a "Fix it with a component" section`);
            for (const [component, input] of fixes) {
                assert.ok(inputsAndOutputs.get(component)?.has(input), `${component} has ${input}`);
                for (const [where, text] of [["remediation", remediation], ["SARIF help", help], ["docs", section]]) {
                    assert.match(text, new RegExp(`\`${component}\``), `${where} names ${component}`);
                    assert.match(text, new RegExp(`\`${input}[\`:]`), `${where} names ${input}`);
                }
            }
        });
    }
});
