/**
 * What the real-CLI suite needs to run Python and Go programs under the built CLI, prepared once
 * and cached under the user's cache directory beside the CLI build:
 * - Python: a virtualenv with the `pulumi` SDK from PyPI and this checkout's `sdk/python`, keyed by
 *   the interpreter's version, the SDK release and a digest of sdk/python;
 * - Go: the example compiled with `go build` (GOTOOLCHAIN=local, -mod=readonly), keyed by a digest
 *   of its sources, go.mod, go.sum and the sdk/go it replaces in.
 * Each program is then served to the CLI over `--client` by python-program.py or go-program.ts.
 * A missing tool is a `MissingTool`, whose message names what to install.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ProgramRunner } from "./project";
import { repoRoot } from "../repo-root";
import { cacheRoot } from "./release";

/**
 * The Python SDK release installed from PyPI: the newest there at or below the CLI's 3.276.0 (PyPI
 * has no 3.273–3.276 final release); its inline language server speaks the same LanguageRuntime
 * protocol as the engine's.
 */
export const PYTHON_SDK_RELEASE = "3.272.0";

/** Python, pip or Go is not there: the message says which and how to get it. */
export class MissingTool extends Error {}

/** Where prepared environments and builds are kept: beside the CLI builds. */
const cacheDir = (kind: string) => path.join(path.dirname(cacheRoot()), kind);

/** A sha256 of every file under `dir` (paths and contents, sorted), or of nothing where it does not exist. */
function treeDigest(dir: string, digest = createHash("sha256")): ReturnType<typeof createHash> {
    if (!existsSync(dir)) return digest;
    const walk = (at: string) => {
        for (const entry of readdirSync(at).sort()) {
            if (entry === "__pycache__" || entry.endsWith(".egg-info") || entry === "build") continue;
            const full = path.join(at, entry);
            if (statSync(full).isDirectory()) walk(full);
            else digest.update(path.relative(dir, full)).update("\0").update(readFileSync(full)).update("\0");
        }
    };
    walk(dir);
    return digest;
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    return spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
}

/** The Python the suite uses (`python3`, or `$PYTHON`), refused when missing or without venv. */
function systemPython(): { command: string; version: string } {
    const command = process.env.PYTHON || "python3";
    const found = run(command, ["-c", "import sys, venv, ensurepip; print('%d.%d.%d' % sys.version_info[:3])"]);
    if (found.error || found.status !== 0)
        throw new MissingTool(
            `Python 3 with venv and ensurepip is needed to run Python programs (\`${command}\` ${found.error ? "is not on PATH" : `failed: ${found.stderr.trim()}`}); ` +
                "install python3 and python3-venv, or point PYTHON at an interpreter",
        );
    return { command, version: found.stdout.trim() };
}

/** The checkout's Python SDK, when one has been generated. */
const PYTHON_SDK = path.join(repoRoot, "sdk/python");

/**
 * A virtualenv with the `pulumi` SDK and, where it exists, the checkout's sdk/python; returns its
 * python. Built once per key, in a folder of this process's own that is renamed into place when
 * complete: two runs starting on a cold cache each build one, the first rename wins and the other
 * run's copy is dropped. A folder without its stamp is an interrupted build from before, made anew.
 */
export function pythonEnv(log: (line: string) => void = () => {}): string {
    const python = systemPython();
    const key = treeDigest(PYTHON_SDK, createHash("sha256").update(`${python.version}\0${PYTHON_SDK_RELEASE}\0`)).digest("hex");
    const dir = path.join(cacheDir("python"), `py${python.version}-pulumi${PYTHON_SDK_RELEASE}-${key.slice(0, 12)}`);
    const stamp = path.join(dir, "ready.json");
    if (existsSync(stamp)) return path.join(dir, "bin", "python");
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(path.dirname(dir), { recursive: true });
    log(`[python] creating ${dir} (pulumi==${PYTHON_SDK_RELEASE} from PyPI${existsSync(PYTHON_SDK) ? " and sdk/python" : ""})`);
    buildVenv(python.command, partial);
    try {
        renameSync(partial, dir);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if ((code !== "ENOTEMPTY" && code !== "EEXIST") || !existsSync(stamp)) throw error;
        rmSync(partial, { recursive: true, force: true });
    }
    return path.join(dir, "bin", "python");
}

/** Makes the venv in `dir`: `pulumi` from PyPI and a copy of sdk/python, then its stamp. */
function buildVenv(command: string, dir: string): void {
    const venvPython = path.join(dir, "bin", "python");
    const venv = run(command, ["-m", "venv", dir]);
    if (venv.status !== 0) throw new MissingTool(`\`${command} -m venv\` failed: ${venv.stderr.trim()}`);
    // pip builds a local project in place (build/, *.egg-info): install a copy, so the checkout stays clean.
    const sdkCopy = path.join(dir, "sdk-python");
    if (existsSync(PYTHON_SDK)) cpSync(PYTHON_SDK, sdkCopy, { recursive: true });
    const packages = [`pulumi==${PYTHON_SDK_RELEASE}`, ...(existsSync(sdkCopy) ? [sdkCopy] : [])];
    const pip = run(venvPython, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q", ...packages]);
    rmSync(sdkCopy, { recursive: true, force: true });
    if (pip.status !== 0)
        throw new MissingTool(`pip could not install ${packages.join(" ")} (is PyPI reachable?):\n${pip.stdout}${pip.stderr}`);
    writeFileSync(
        path.join(dir, "ready.json"),
        JSON.stringify({ pulumi: PYTHON_SDK_RELEASE, sdkPython: existsSync(PYTHON_SDK) }) + "\n",
    );
}

/** The runner for a Python program file (`__main__.py`). */
export function pythonRunner(mainPy: string, log?: (line: string) => void): ProgramRunner {
    return { command: pythonEnv(log), args: ["-u", path.join(repoRoot, "scripts/pulumi-cli/python-program.py"), mainPy] };
}

/** The checkout's Go SDK, which the Go example replaces in. */
const GO_SDK = path.join(repoRoot, "sdk/go");

/** The go command's environment: only what the module cache and go.sum hold, with the installed toolchain. */
const goEnv = (): NodeJS.ProcessEnv => ({ ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly" });

/** Compiles the Go program in `dir` once per source digest; returns the binary. */
export function goProgram(dir: string, log: (line: string) => void = () => {}): string {
    const go = run("go", ["env", "GOVERSION"], { env: goEnv() });
    if (go.error || go.status !== 0)
        throw new MissingTool("Go is needed to compile Go programs (no working `go` command on PATH); install Go 1.25 or later");
    const key = treeDigest(GO_SDK, treeDigest(dir, createHash("sha256").update(`${go.stdout.trim()}\0`))).digest("hex");
    const out = path.join(cacheDir("go-programs"), `${path.basename(dir)}-${key.slice(0, 12)}`, "program");
    if (existsSync(out)) return out;
    mkdirSync(path.dirname(out), { recursive: true });
    log(`[go] compiling ${path.relative(repoRoot, dir)} (a cold build takes minutes)`);
    const partial = `${out}.partial`;
    const built = run("go", ["build", "-o", partial, "."], { cwd: dir, env: goEnv() });
    if (built.status !== 0) throw new Error(`go build in ${dir} failed:\n${built.stdout}${built.stderr}`);
    renameSync(partial, out);
    return out;
}

/** The runner for a compiled Go program. */
export function goRunner(binary: string): ProgramRunner {
    return { command: process.execPath, args: [path.join(repoRoot, "dist/scripts/pulumi-cli/go-program.js"), binary] };
}
