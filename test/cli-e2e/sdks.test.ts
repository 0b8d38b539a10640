/**
 * The checked-in SDKs (sdk/): a fresh generation from the plugin's schema (the real CLI's `pulumi
 * package gen-sdk` for Python, Go and Node.js; pulumi-java's generator for Java) must match them file for
 * file, and each one installs or compiles with its own language's tools — Python with pip into a
 * virtual environment, Go with `go vet`, Java with Maven. (.NET cannot be compiled on these
 * machines: there is no .NET SDK, nor a generator for it in the Go modules the proxy serves.)
 *
 * Each tool missing is a failure in CI and a loud skip elsewhere. What installs slowly is cached
 * under $HOME: pip's wheels and one virtual environment per set of Python dependencies, Maven's
 * repository (~/.m2), Go's module and build caches.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { goEnv } from "../../scripts/pulumi-cli/go";
import { sdkDifferences } from "../../scripts/sdkgen/compare";
import { generateSdks, SDK_COMMAND } from "../../scripts/sdkgen/generate";
import { GO_IMPORT_PATH, GO_MODULE, PYTHON_PACKAGE } from "../../provider/plugin/schema";
import { repoRoot } from "../support/dist";

const SDK = path.join(repoRoot, "sdk");
const version = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
const scratch = mkdtempSync(path.join(os.tmpdir(), "sdk-checks-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Whether `command` runs; where it does not, CI fails and a developer's machine skips loudly. */
function available(command: string, args: string[], needed: string, rerun: string): boolean {
    const probe = spawnSync(command, args, { encoding: "utf8" });
    if (!probe.error && probe.status === 0) return true;
    const message = `\`${command}\` is not installed; it is needed ${needed}. Install it and re-run \`${rerun}\``;
    if (process.env.CI) throw new Error(`[SDKs] ${message}. In CI a missing tool is a failure, never a skip.`);
    console.warn(`\n[SDKs] SKIPPED: ${message}.\n`);
    return false;
}

const THIS_FILE = "npm run test:cli -- test/cli-e2e/sdks.test.ts";
const hasGo = available("go", ["version"], `to regenerate the SDKs (${SDK_COMMAND}) and to compile sdk/go`, THIS_FILE);
const hasPython = available("python3", ["-c", "import venv, ensurepip"], "to install sdk/python (python3 with venv)", THIS_FILE);
const hasMaven = available("mvn", ["-v"], "to compile sdk/java", THIS_FILE);

/** Runs a command to completion; a failure shows its output. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
    const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw result.error;
    if (result.status !== 0)
        throw new Error(`${command} ${args.join(" ")} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
    return result;
}

/** Runs `check`, printing how long it took (the suite's budget is about 3 minutes warm). */
async function timed<T>(label: string, check: () => T | Promise<T>): Promise<T> {
    const started = Date.now();
    const value = await check();
    console.log(`[SDKs] ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return value;
}

/** A copy of one SDK in the scratch folder, so installs and builds leave nothing in the checkout. */
function copyOf(language: string): string {
    const target = path.join(scratch, language);
    cpSync(path.join(SDK, language), target, { recursive: true });
    return target;
}

describe.skipIf(!hasGo)("the checked-in SDKs are a fresh generation", () => {
    it("regenerates sdk/ from the plugin's schema with no file differing", async () => {
        const fresh = path.join(scratch, "fresh");
        await timed("regeneration", () => generateSdks(fresh, () => undefined));
        const differences = sdkDifferences(repoRoot, fresh);
        expect(
            differences,
            `The checked-in SDKs differ from a fresh generation; run \`${SDK_COMMAND}\` and commit sdk/:\n  ${differences.join("\n  ")}`,
        ).toEqual([]);
    });
});

describe.skipIf(!hasPython)("sdk/python", () => {
    it(`installs with pip into a virtual environment and imports as ${PYTHON_PACKAGE}`, async () => {
        const project = copyOf("python");
        const python = await timed("python install", () => installPython(project));
        const printed = run(
            python,
            [
                "-c",
                `import ${PYTHON_PACKAGE} as t, json; print(json.dumps([t.OfficialChannel.__name__, t.Provider.__name__, t._utilities.get_version()]))`,
            ],
            scratch,
        ).stdout;
        expect(JSON.parse(printed)).toEqual(["OfficialChannel", "Provider", version]);
    });
});

/**
 * A virtual environment with sdk/python installed, its Python path returned. The environment is
 * kept under ~/.cache per set of dependencies (pyproject's `dependencies` and the Python version):
 * the first run installs everything from PyPI, later ones reinstall only the SDK itself and let
 * `pip check` prove the kept dependencies satisfy it.
 */
function installPython(project: string): string {
    const pyproject = readFileSync(path.join(project, "pyproject.toml"), "utf8");
    const dependencies = /^\s*dependencies = .*$/m.exec(pyproject)?.[0] ?? "";
    const pythonVersion = run("python3", ["--version"], scratch).stdout.trim();
    const key = createHash("sha256").update(`${pythonVersion}\n${dependencies}`).digest("hex").slice(0, 12);
    const venv = path.join(os.homedir(), ".cache", "pulumi-tencent-chat", "sdk-python", key);
    const python = path.join(venv, "bin", "python");
    const pip = (...args: string[]) => run(python, ["-m", "pip", "--disable-pip-version-check", "-q", ...args], scratch);
    if (!existsSync(python)) {
        rmSync(venv, { recursive: true, force: true });
        run("python3", ["-m", "venv", venv], scratch);
        pip("install", project);
    } else {
        pip("install", "--force-reinstall", "--no-deps", project);
        pip("check");
    }
    return python;
}

describe.skipIf(!hasGo)("sdk/go", () => {
    it(`is module ${GO_MODULE} and compiles against the Pulumi Go SDK it pins`, async () => {
        const goMod = readFileSync(path.join(SDK, "go", "go.mod"), "utf8");
        expect(goMod).toMatch(new RegExp(`^module ${GO_MODULE}$`, "m"));
        expect(goMod).toMatch(/^\tgithub\.com\/pulumi\/pulumi\/sdk\/v3 v3\.276\.0$/m);
        const project = copyOf("go");
        await timed("go vet", () => run("go", ["vet", "./..."], project, goEnv()));
        const listed = run("go", ["list", "./..."], project, goEnv()).stdout.trim().split("\n");
        expect(listed).toEqual([GO_IMPORT_PATH, `${GO_IMPORT_PATH}/config`, `${GO_IMPORT_PATH}/internal`]);
    });
});

describe.skipIf(!hasMaven)("sdk/java", () => {
    it("compiles with Maven against com.pulumi:pulumi", async () => {
        const project = copyOf("java");
        await timed("mvn compile", () => run("mvn", ["-B", "-q", "compile"], project));
        expect(
            existsSync(path.join(project, "target/classes/io/github/pulumitencentchat/tencentchat/OfficialChannel.class")),
        ).toBe(true);
    });
});
