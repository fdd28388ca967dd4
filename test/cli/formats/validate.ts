/** Validating the CI conversions against the formats their consumers document (see SOURCE.md). */
import Ajv2020 from "ajv/dist/2020";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { validateXML } from "xmllint-wasm";

const JUNIT_XSD = fs.readFileSync(path.join(__dirname, "junit-10.xsd"), "utf8");
const CODE_QUALITY_SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, "gitlab-codequality.schema.json"), "utf8")) as Record<string, unknown>;

/** libxml2's schema validation (xmllint compiled to WebAssembly), as `xmllint --schema junit-10.xsd` would run it. */
export async function assertValidJunit(xml: string, name = "report.junit.xml"): Promise<void> {
    const result = await validateXML({ xml: [{ fileName: name, contents: xml }], schema: [JUNIT_XSD] });
    assert.ok(result.valid, `${name} does not validate against junit-10.xsd:\n${result.errors.map((e) => e.message).join("\n")}`);
}

let validateCodeQuality: ReturnType<Ajv2020["compile"]> | undefined;

/** The documented rules: the schema, then what it cannot say (no byte order mark, unique fingerprints). */
export function assertValidCodeQuality(text: string): void {
    assert.notStrictEqual(text.charCodeAt(0), 0xfeff, "GitLab's parser refuses a byte order mark");
    const report = JSON.parse(text) as unknown;
    validateCodeQuality ??= new Ajv2020({ allErrors: true, strict: true }).compile(CODE_QUALITY_SCHEMA);
    assert.ok(validateCodeQuality(report), `not a Code Quality report: ${JSON.stringify(validateCodeQuality.errors, null, 1)}`);
    const fingerprints = (report as { fingerprint: string }[]).map((issue) => issue.fingerprint);
    assert.strictEqual(new Set(fingerprints).size, fingerprints.length, "fingerprints are unique within a report");
}
