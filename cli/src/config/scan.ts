/**
 * Plaintext Upstash credentials in Pulumi config files. Pulumi hands policies config values
 * already decrypted and gives them no way to tell a secret from plain text, so the pack cannot see
 * this; the files can. A value is a finding when it is not `secure:` and either sits under a
 * provider key that always holds a credential (`upstash:apiKey`, and `vercel:apiToken` since the
 * same deploys hold one) or is recognised as an Upstash credential by the pack's own analysis
 * (`credentialsByKeyOrShape`: the observed formats, and credential names with plausible values).
 *
 * Nothing here keeps or returns a value: findings carry the file, stack, key, position and kind.
 */
import * as path from "path";
import { Document, LineCounter, Node, isMap, isScalar, isSeq, parseDocument } from "yaml";
import { describeCredential } from "../../../policies/src/analysis/credentials";
import { credentialsByKeyOrShape } from "../../../policies/src/stack/flow";
import { InputError } from "../errors";
import { readTextFile } from "../io";
import { redactText } from "../redact";
import { projectFileIn, stackFilesIn } from "./files";

/** Provider config keys whose value is a credential whatever it looks like. */
const PROVIDER_CREDENTIAL_KEYS: ReadonlyMap<string, string> = new Map([
    ["upstash:apiKey", "Upstash management API key"],
    ["vercel:apiToken", "Vercel API token"],
]);

/** Keys of a Pulumi.yaml config entry in its long form (`{ type, default, value, … }`). */
const PROJECT_CONFIG_SCHEMA_KEYS: ReadonlySet<string> = new Set(["type", "description", "default", "value", "secret", "items"]);
/** Of those, the ones that hold values. */
const PROJECT_CONFIG_VALUE_KEYS = ["value", "default"] as const;

export interface ConfigFinding {
    file: string;
    /** Absent for project-level config in Pulumi.yaml, which every stack gets. */
    stack: string | undefined;
    /** The config key with its path (`proj:db.password`, `proj:list[0]`), redacted if it may itself be a secret. */
    configKey: string;
    /** True when the value sits inside an object or list under the key (`pulumi config set --path`). */
    nested: boolean;
    /** What the value is, e.g. "Upstash Redis REST token". */
    credential: string;
    line: number;
    column: number;
}

export interface ConfigScan {
    findings: ConfigFinding[];
    /** Files read, project file first. */
    files: string[];
    /** Things the scan could not check, to say rather than pass silently. */
    notes: string[];
}

interface Position {
    line: number;
    column: number;
}

interface FileContext {
    file: string;
    stack: string | undefined;
    lines: LineCounter;
}

function positionOf(node: Node | null | undefined, lines: LineCounter): Position {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
}

/** The YAML document of a file; parse errors name the position and the kind only, as yaml's messages quote the line. */
export function parseYamlFile(file: string, text: string, lines: LineCounter): Document.Parsed {
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    const error = doc.errors[0];
    if (error) {
        const where = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : "";
        throw new InputError(`${file}: not valid YAML${where} (${error.code})`);
    }
    return doc;
}

function scalarKey(node: unknown): string | undefined {
    if (isScalar(node) && (typeof node.value === "string" || typeof node.value === "number")) {
        return String(node.value);
    }
    return undefined;
}

/** The value of a top-level key of a document, if the document is a map and has it. */
function topLevel(doc: Document.Parsed, key: string): Node | undefined {
    const contents = doc.contents;
    if (!isMap(contents)) {
        return undefined;
    }
    const pair = contents.items.find((item) => scalarKey(item.key) === key);
    return pair?.value ?? undefined;
}

/** `{ secure: "v1:…" }`: a value Pulumi encrypted. */
function isSecureValue(node: Node): boolean {
    return isMap(node) && node.items.length === 1 && scalarKey(node.items[0].key) === "secure";
}

/** The credential a plaintext value of a config key is, if any. `leafName` is the innermost key, which names the value. */
function credentialOf(configKey: string, leafName: string, value: string): string | undefined {
    const providerCredential = PROVIDER_CREDENTIAL_KEYS.get(configKey);
    if (providerCredential !== undefined) {
        return value.length > 0 ? providerCredential : undefined;
    }
    const found = credentialsByKeyOrShape(value, leafName)[0];
    return found ? describeCredential(found.credential) : undefined;
}

/** The part of `namespace:name` that names the value (`myproj:redisToken` → `redisToken`). */
function nameOfKey(configKey: string): string {
    return configKey.slice(configKey.lastIndexOf(":") + 1);
}

/** A plaintext string somewhere under a config key. */
interface PlainString {
    /** Its path below the key (`.db.password`, `[0]`), empty for the key's own value. */
    suffix: string;
    /** The innermost key above it, which names the value (list items take their list's name). */
    name: string;
    value: string;
    /** Where to point: the innermost key, or the item itself in a list. */
    at: Node | undefined;
}

/** Every plaintext string under a config value; `secure:` values are encrypted and skipped. */
function* plainStrings(node: Node | null | undefined, suffix: string, name: string, at: Node | undefined): Generator<PlainString> {
    if (node === null || node === undefined || isSecureValue(node)) {
        return;
    }
    if (isMap(node)) {
        for (const pair of node.items) {
            const key = scalarKey(pair.key);
            if (key !== undefined && isNodeOrNull(pair.value)) {
                yield* plainStrings(pair.value, `${suffix}.${key}`, key, asNode(pair.key));
            }
        }
    } else if (isSeq(node)) {
        for (const [index, item] of node.items.entries()) {
            if (isNodeOrNull(item)) {
                yield* plainStrings(item, `${suffix}[${index}]`, name, asNode(item));
            }
        }
    } else if (isScalar(node) && typeof node.value === "string") {
        yield { suffix, name, value: node.value, at: at ?? node };
    }
}

/** The findings under one config key; a provider credential key counts only for its own value, not for nested ones. */
function findingsUnder(configKey: string, value: Node | null, keyNode: Node | undefined, context: FileContext): ConfigFinding[] {
    const findings: ConfigFinding[] = [];
    for (const leaf of plainStrings(value, "", nameOfKey(configKey), keyNode)) {
        const credential = credentialOf(leaf.suffix.length === 0 ? configKey : "", leaf.name, leaf.value);
        if (credential !== undefined) {
            findings.push({
                file: context.file,
                stack: context.stack,
                configKey: redactText(`${configKey}${leaf.suffix}`),
                nested: leaf.suffix.length > 0,
                credential,
                ...positionOf(leaf.at, context.lines),
            });
        }
    }
    return findings;
}

function isNodeOrNull(value: unknown): value is Node | null {
    return value === null || isMap(value) || isSeq(value) || isScalar(value);
}

/** A key as a node, for its position; keys of parsed documents always are. */
function asNode(value: unknown): Node | undefined {
    return value !== null && isNodeOrNull(value) ? value : undefined;
}

/** The `config:` map of a stack file: every key's value, however deep. */
function scanStackConfig(doc: Document.Parsed, context: FileContext, findings: ConfigFinding[]): void {
    const config = topLevel(doc, "config");
    if (!isMap(config)) {
        return;
    }
    for (const pair of config.items) {
        const key = scalarKey(pair.key);
        if (key !== undefined && isNodeOrNull(pair.value)) {
            findings.push(...findingsUnder(key, pair.value, asNode(pair.key), context));
        }
    }
}

/** The `config:` map of Pulumi.yaml: short-form values, and `value:`/`default:` of long-form entries. */
function scanProjectConfig(doc: Document.Parsed, context: FileContext, findings: ConfigFinding[]): void {
    const config = topLevel(doc, "config");
    if (!isMap(config)) {
        return;
    }
    for (const pair of config.items) {
        const key = scalarKey(pair.key);
        const value = pair.value;
        if (key === undefined || !isNodeOrNull(value)) {
            continue;
        }
        const longForm = isMap(value) && value.items.some((item) => PROJECT_CONFIG_SCHEMA_KEYS.has(scalarKey(item.key) ?? ""));
        if (!longForm) {
            findings.push(...findingsUnder(key, value, asNode(pair.key), context));
            continue;
        }
        for (const valueKey of PROJECT_CONFIG_VALUE_KEYS) {
            const entry = value.items.find((item) => scalarKey(item.key) === valueKey);
            if (entry && isNodeOrNull(entry.value)) {
                // The value is the key's own: no path below the key, and the key names it.
                findings.push(...findingsUnder(key, entry.value, asNode(entry.key), context));
            }
        }
    }
}

/** ESC environments a stack file imports: their values live in Pulumi Cloud and cannot be read offline. */
function escImports(doc: Document.Parsed): string[] {
    const environment = topLevel(doc, "environment");
    if (isSeq(environment)) {
        return environment.items.map((item) => scalarKey(item)).filter((name): name is string => name !== undefined);
    }
    const single = scalarKey(environment);
    return single !== undefined ? [single] : environment !== undefined ? ["(an environment list this scanner does not read)"] : [];
}

function escNote(file: string, stack: string, environments: readonly string[]): string {
    const names = environments.map((name) => `'${redactText(name)}'`).join(", ");
    return (
        `${file} (stack ${redactText(stack)}) imports the ESC environment${environments.length > 1 ? "s" : ""} ${names}: ` +
        "their values are resolved by Pulumi Cloud and cannot be checked offline; make sure Upstash credentials there are `fn::secret`."
    );
}

/** `stackConfigDir` of Pulumi.yaml, when it is set. */
function stackConfigDirOf(doc: Document.Parsed): string | undefined {
    return scalarKey(topLevel(doc, "stackConfigDir"));
}

/** Scans a project folder's Pulumi.yaml and stack files. `display` turns a path into the form reports show. */
export function scanConfig(dir: string, display: (file: string) => string = (file) => path.relative(process.cwd(), file) || file): ConfigScan {
    const findings: ConfigFinding[] = [];
    const notes: string[] = [];
    const projectPath = projectFileIn(dir);
    const projectLines = new LineCounter();
    const projectDoc = parseYamlFile(display(projectPath), readTextFile(projectPath), projectLines);
    const stackConfigDir = stackConfigDirOf(projectDoc);
    const stackFiles = stackFilesIn(stackConfigDir === undefined ? dir : path.resolve(dir, stackConfigDir));
    scanProjectConfig(projectDoc, { file: display(projectPath), stack: undefined, lines: projectLines }, findings);
    for (const { file, stack } of stackFiles) {
        const lines = new LineCounter();
        const doc = parseYamlFile(display(file), readTextFile(file), lines);
        scanStackConfig(doc, { file: display(file), stack, lines }, findings);
        const environments = escImports(doc);
        if (environments.length > 0) {
            notes.push(escNote(display(file), stack, environments));
        }
    }
    return { findings, files: [display(projectPath), ...stackFiles.map((s) => display(s.file))], notes };
}
