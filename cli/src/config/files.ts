/**
 * The Pulumi config files of a project folder: its `Pulumi.yaml` and every `Pulumi.<stack>.yaml`,
 * which live beside it or in the folder its `stackConfigDir` names (the caller reads that setting).
 */
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../errors";

export interface StackFile {
    file: string;
    stack: string;
}

const PROJECT_FILE_NAMES = ["Pulumi.yaml", "Pulumi.yml"];
const STACK_FILE_NAME = /^Pulumi\.(.+)\.ya?ml$/;

/** The project file of a folder; a folder without one is not a Pulumi project. */
export function projectFileIn(dir: string): string {
    for (const name of PROJECT_FILE_NAMES) {
        const candidate = path.join(dir, name);
        if (fs.existsSync(candidate)) {
            return candidate;
        }
    }
    if (!fs.existsSync(dir)) {
        throw new InputError(`${dir}: no such folder`);
    }
    throw new InputError(`${dir}: no Pulumi.yaml here; pass the folder of a Pulumi project`);
}

/** The stack files of a folder, sorted by name so that reports come out in the same order every time. */
export function stackFilesIn(dir: string): StackFile[] {
    let names: string[];
    try {
        names = fs.readdirSync(dir);
    } catch {
        throw new InputError(`${dir}: cannot list the stack config folder`);
    }
    return names
        .filter((name) => !PROJECT_FILE_NAMES.includes(name))
        .map((name) => ({ name, match: STACK_FILE_NAME.exec(name) }))
        .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map(({ name, match }) => ({ file: path.join(dir, name), stack: match[1] }));
}
