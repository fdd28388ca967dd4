/**
 * What a program of each Pulumi runtime needs beside its own files before the real language host can
 * run it in a test workspace: the setup a developer does once after cloning (`npm install`,
 * `python -m venv venv && pip install -r requirements.txt`, `go mod download`), done here from what
 * scripts/toolchain.sh prepared, in seconds and without the network.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export type Runtime = "nodejs" | "python" | "go" | "yaml";

/** The published Go SDK modules the toolchain generated locally (the Go module proxy refuses them). */
export interface GoSdks {
    upstash: string;
    vercel: string;
}

/** Where the toolchain keeps what Python and Go programs run with (scripts/toolchain.sh json). */
export interface LanguageToolchain {
    pythonVenv: string;
    goSdks: GoSdks;
}

interface ProjectFile {
    runtime: string | { name: string; options?: { virtualenv?: string } };
}

const GO_SDK_MODULES: Record<keyof GoSdks, string> = {
    upstash: "github.com/upstash/pulumi-upstash/sdk",
    vercel: "github.com/pulumiverse/pulumi-vercel/sdk/v3",
};

function projectOf(dir: string): ProjectFile {
    return parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

export function runtimeOf(dir: string): Runtime {
    const { runtime } = projectOf(dir);
    return (typeof runtime === "string" ? runtime : runtime.name) as Runtime;
}

/**
 * A Node.js (or YAML) program: the repository's node_modules, which hold the SDKs at the versions
 * package-lock.json pins, and a package.json, by which the Node.js host finds the program's root.
 */
function prepareNodejs(dir: string, repo: string, name: string): void {
    fs.symlinkSync(path.join(repo, "node_modules"), path.join(dir, "node_modules"));
    if (!fs.existsSync(path.join(dir, "package.json"))) {
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "0.0.0", private: true }));
    }
}

/**
 * A Python program with `virtualenv: venv`: its own virtualenv, as `pulumi new python` makes one, whose
 * site-packages reach the toolchain's (every requirement the program pins is already there, by
 * hash). What `pulumi package add` installs then goes into the program's virtualenv only.
 */
function preparePython(dir: string, toolchain: LanguageToolchain): void {
    const { runtime } = projectOf(dir);
    const venv = typeof runtime === "string" ? undefined : runtime.options?.virtualenv;
    if (!venv) {
        throw new Error(`${dir}: a Python program under test names its virtualenv (runtime.options.virtualenv)`);
    }
    const python = path.join(toolchain.pythonVenv, "bin", "python");
    execFileSync(python, ["-m", "venv", path.join(dir, venv)]);
    const toolchainSitePackages = execFileSync(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: "utf8" }).trim();
    const ownSitePackages = execFileSync(path.join(dir, venv, "bin", "python"), ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: "utf8" }).trim();
    fs.writeFileSync(path.join(ownSitePackages, "_upstash_guard_toolchain.pth"), `${toolchainSitePackages}\n`);
}

/** A Go program: its go.mod requires the published SDK modules; they resolve to the generated ones. */
function prepareGo(dir: string, toolchain: LanguageToolchain): void {
    const replaces = Object.entries(GO_SDK_MODULES).flatMap(([sdk, module]) => ["-replace", `${module}=${toolchain.goSdks[sdk as keyof GoSdks]}`]);
    execFileSync("go", ["mod", "edit", ...replaces], { cwd: dir });
}

/** Makes a copied program ready to run under its language host. */
export function prepareProgram(dir: string, name: string, repo: string, toolchain: LanguageToolchain): void {
    const runtime = runtimeOf(dir);
    if (runtime === "python") {
        preparePython(dir, toolchain);
    } else if (runtime === "go") {
        prepareGo(dir, toolchain);
    } else {
        prepareNodejs(dir, repo, name);
    }
}
