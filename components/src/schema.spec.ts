/**
 * The schema `pulumi package add` generates SDKs from is inferred from these TypeScript sources by
 * the SDK's component provider (the code the Node.js language host runs for this package).
 */
import { strict as assert } from "assert";
import * as path from "path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";

const DIR = path.resolve(__dirname, "..");

interface Property {
    type?: string;
    plain?: boolean;
    $ref?: string;
    items?: Property;
}

interface Schema {
    name: string;
    resources: Record<string, { isComponent: boolean; inputProperties: Record<string, Property>; requiredInputs: string[]; properties: Record<string, Property> }>;
    types: Record<string, { properties: Record<string, Property> }>;
}

describe("the component package's schema", function () {
    this.timeout(60_000);
    let schema: Schema;

    before(async () => {
        const components = getPulumiComponents(require(DIR));
        schema = JSON.parse(await new ComponentProvider({ components, dirname: DIR, name: "upstash-guard-components" }).getSchema()) as Schema;
    });

    it("has the four components, under the package name run-plugin derives from package.json", () => {
        assert.equal(schema.name, "upstash-guard-components");
        assert.deepEqual(Object.keys(schema.resources).sort(), ["KubernetesRedisSecret", "StageRedisDatabase", "VercelRateLimit", "VercelRedisVariables"].map((c) => `upstash-guard-components:index:${c}`));
        assert.ok(Object.values(schema.resources).every((r) => r.isComponent));
    });

    it("takes every input checked at construction as a plain value, so it is known when the component is built", () => {
        const plain = (component: string, input: string) => schema.resources[`upstash-guard-components:index:${component}`].inputProperties[input].plain === true;
        for (const [component, inputs] of Object.entries({
            StageRedisDatabase: ["app", "stage", "budget", "maxMonthlyBudget", "productionStages"],
            VercelRedisVariables: ["stage", "target", "readOnly", "development", "urlKey", "tokenKey", "extraClientPrefixes"],
            VercelRateLimit: ["ruleName", "pathPrefix", "window", "limit", "keys"],
            KubernetesRedisSecret: ["secretName", "readOnly", "urlKey", "tokenKey"],
        })) {
            assert.deepEqual(inputs.filter((input) => !plain(component, input)), [], component);
        }
        assert.deepEqual(schema.resources["upstash-guard-components:index:StageRedisDatabase"].requiredInputs.sort(), ["app", "budget", "primaryRegion"]);
    });

    it("takes outputs of other resources (ids, URLs, tokens) as inputs, and gives KubernetesRedisSecret's env as typed entries", () => {
        const variables = schema.resources["upstash-guard-components:index:VercelRedisVariables"].inputProperties;
        assert.deepEqual(["projectId", "restUrl", "restToken", "readOnlyRestToken"].filter((input) => variables[input].plain === true), []);
        const env = schema.resources["upstash-guard-components:index:KubernetesRedisSecret"].properties.env;
        assert.equal(env.items?.$ref, "#/types/upstash-guard-components:index:SecretEnvVar");
        assert.deepEqual(Object.keys(schema.types["upstash-guard-components:index:SecretEnvVar"].properties).sort(), ["name", "valueFrom"]);
    });
});
