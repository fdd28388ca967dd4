/** Where the CI formats point: a file as a path from the repository root, the folder the command runs in. */
import * as path from "path";
import { UsageError } from "../errors";

/**
 * `examples/shop/Pulumi.yaml` for a file given relative to the current folder (or absolute inside
 * it), with forward slashes. GitLab matches `location.path` against the repository's files, so a file
 * outside it is refused rather than written as a path no view can open.
 */
export function repositoryPath(file: string, base: string = process.cwd()): string {
    const relative = path.relative(base, path.resolve(base, file));
    if (relative.length === 0 || relative.startsWith("..") || path.isAbsolute(relative)) {
        throw new UsageError(`--project-file ${file} is not a file inside the folder the command runs in; run it from the repository root and give the program's Pulumi.yaml relative to it`);
    }
    return relative.split(path.sep).join("/");
}
