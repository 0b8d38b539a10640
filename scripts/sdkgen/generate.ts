/**
 * Generates the SDKs of the tencent-chat plugin from the package schema it serves: Python, Go and
 * Node.js with Pulumi's code generators at the CLI's release (scripts/sdkgen, Go), Java with
 * pulumi-java's (scripts/sdkgen/java). The generators are the ones Pulumi's language hosts call for
 * `pulumi package gen-sdk`; those hosts cannot be built here (see docs/sdks.md), so two small Go
 * programs of ours call the generators directly. Each is compiled once into a cached folder keyed
 * by its sources, the way scripts/pulumi-cli builds the CLI.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
    existsSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    renameSync,
    rmSync,
    symlinkSync,
    writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { packageSchema } from "../../provider/plugin/schema";
import { packageVersion } from "../../provider/kit/version";
import { checkGo, GoBuildFailure, goEnv, runGo } from "../pulumi-cli/go";
import { PLUGIN_DIR, PLUGIN_EXECUTABLE } from "../engine/plugin-host";
import { offlinePulumiEnv } from "../pulumi-cli/project";
import { BUILD_COMMAND, locatePulumiCli, PULUMI_RELEASE } from "../pulumi-cli/release";
import { repoRoot } from "../repo-root";

/** The command that regenerates the checked-in SDKs, for messages. */
export const SDK_COMMAND = "npm run sdk";

/** The languages generated, each a folder under sdk/. .NET is missing: see docs/sdks.md. */
export const SDK_LANGUAGES = ["python", "go", "nodejs", "java"] as const;

const SOURCE_DIR = path.join(repoRoot, "scripts/sdkgen");

/** One Go program of ours: its module folder, the binary's name and its linker flags. */
interface Tool {
    name: string;
    dir: string;
    ldflags?: string;
}

/** pulumi-java's generator, which has no language host the CLI can reach here (sdkgen/java). */
const JAVA_TOOL: Tool = { name: "sdkgen-java", dir: path.join(SOURCE_DIR, "java") };

/**
 * The language hosts' code generation (codegen-host/main.go), for `pulumi package gen-sdk` and for
 * `pulumi import` in TypeScript projects under the real CLI.
 */
const CODEGEN_HOST: Tool = {
    name: "codegen-host",
    dir: path.join(SOURCE_DIR, "codegen-host"),
    ldflags: `-X main.version=${PULUMI_RELEASE}`,
};

/** The names the engine looks the hosts up by; each is a link to the one codegen-host binary. */
export const CODEGEN_LANGUAGES = ["nodejs", "python", "go"] as const;

/** The binary's cached path: a digest of its go.mod, go.sum and Go sources, so an edit builds anew. */
function toolPath(tool: Tool): string {
    const digest = createHash("sha256");
    for (const file of readdirSync(tool.dir).sort())
        if (/^go\.(mod|sum)$|\.go$/.test(file)) digest.update(file).update(readFileSync(path.join(tool.dir, file)));
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(base, "pulumi-tencent-chat", "sdkgen", `${tool.name}-${digest.digest("hex").slice(0, 12)}`, tool.name);
}

/** Builds each Go program unless its cached binary exists; returns the binaries by name. */
async function buildTools(tools: Tool[], say: (text: string) => void, command = SDK_COMMAND): Promise<Record<string, string>> {
    checkGo(
        tools.map((t) => ({ name: t.name, file: path.join(t.dir, "go.mod") })),
        command,
    );
    const built: Record<string, string> = {};
    for (const tool of tools) {
        const binary = toolPath(tool);
        if (!existsSync(binary)) {
            mkdirSync(path.dirname(binary), { recursive: true });
            const partial = `${binary}.partial-${process.pid}`;
            const flags = tool.ldflags === undefined ? [] : ["-ldflags", tool.ldflags];
            await runGo(`compile ${tool.name}`, ["build", "-v", "-trimpath", ...flags, "-o", partial, "."], tool.dir, {
                say,
                command,
            });
            renameSync(partial, binary);
        }
        built[tool.name] = binary;
    }
    return built;
}

/**
 * The folder holding the code-generation hosts (built once and cached): `pulumi-language-nodejs`,
 * `-python` and `-go`, for a project's `plugins.languages` or PATH. `command` names what to re-run
 * in messages.
 */
export async function codegenHostDir(command: string, say: (text: string) => void = console.log): Promise<string> {
    const binary = (await buildTools([CODEGEN_HOST], say, command))[CODEGEN_HOST.name]!;
    const dir = path.dirname(binary);
    for (const language of CODEGEN_LANGUAGES) {
        const link = path.join(dir, `pulumi-language-${language}`);
        try {
            symlinkSync(path.basename(binary), link);
        } catch (error) {
            // Another test file's run may have linked it a moment ago.
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
    }
    return dir;
}

/** Runs one of our generators; its output lines are passed on, a failure carries its stderr. */
function exec(binary: string, args: string[], say: (text: string) => void): void {
    const result = spawnSync(binary, args, { encoding: "utf8" });
    if (result.error) throw result.error;
    for (const line of result.stdout.split("\n")) if (line.trim()) say(`  ${line}`);
    if (result.status !== 0) throw new GoBuildFailure(`${path.basename(binary)} failed:\n${result.stderr}`);
}

/** The schema exactly as the plugin's GetSchema serves it (provider/plugin/handlers.ts). */
export function servedSchema(): string {
    return JSON.stringify(packageSchema(packageVersion()));
}

/** The built Pulumi CLI's folder: the cached build, or `npm run pulumi-cli`'s builder run now. */
function pulumiCli(): string {
    const found = locatePulumiCli();
    if (found) return found.dir;
    // Progress goes to our stderr; stdout carries only the folder.
    const built = spawnSync(process.execPath, [path.join(__dirname, "../pulumi-cli/build.js"), "--print-dir"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
    });
    if (built.status !== 0) throw new GoBuildFailure(`the Pulumi CLI could not be built (run \`${BUILD_COMMAND}\` to see why)`);
    return built.stdout.trim();
}

/**
 * `pulumi package gen-sdk <plugin> --language <language> --out <outDir>` with the real CLI: it starts
 * the plugin, asks for its schema (GetSchema) and hands it to the language host, here codegen-host.
 * The plugin is named by its executable: the plugin/ folder holds a PulumiPlugin.yaml, for which the
 * CLI would first run `npm install` there. Ambient plugins are allowed, for the hosts on PATH.
 */
function genSdk(
    cli: string,
    hosts: string,
    language: string,
    outDir: string,
    scratch: string,
    say: (text: string) => void,
): void {
    const env = offlinePulumiEnv(`${hosts}${path.delimiter}${cli}`, path.join(scratch, "home"));
    const args = ["package", "gen-sdk", path.join(PLUGIN_DIR, PLUGIN_EXECUTABLE), "--language", language, "--out", outDir];
    const result = spawnSync("pulumi", args, { cwd: scratch, env, encoding: "utf8" });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new GoBuildFailure(`pulumi ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
    say(`  ${language}: ${/SDK has been written to .*/.exec(`${result.stdout}${result.stderr}`)?.[0] ?? "done"}`);
}

/**
 * Writes every SDK under `outDir` (one folder per language, each replaced): Python, Go and Node.js by
 * the real CLI's `pulumi package gen-sdk`, Java by pulumi-java's generator. The Go SDK then requires
 * the Pulumi Go SDK of the CLI's release (the generator writes an older floor), and its go.sum is
 * recorded with `go mod tidy` (from the module cache; the proxy only for what it lacks).
 */
export async function generateSdks(outDir: string, say: (text: string) => void = console.log): Promise<void> {
    const cli = pulumiCli();
    const hosts = await codegenHostDir(SDK_COMMAND, say);
    const java = (await buildTools([JAVA_TOOL], say))[JAVA_TOOL.name]!;
    const scratch = mkdtempSync(path.join(os.tmpdir(), "sdkgen-"));
    try {
        for (const language of CODEGEN_LANGUAGES) genSdk(cli, hosts, language, outDir, scratch, say);
        const schemaFile = path.join(scratch, "schema.json");
        writeFileSync(schemaFile, servedSchema());
        exec(java, ["-schema", schemaFile, "-out", path.join(outDir, "java")], say);
        const goDir = path.join(outDir, "go");
        const go = { say, command: SDK_COMMAND, env: { ...goEnv(), GOFLAGS: "-mod=mod" } };
        await runGo(
            "pin the Pulumi Go SDK",
            ["mod", "edit", `-require=github.com/pulumi/pulumi/sdk/v3@v${PULUMI_RELEASE}`],
            goDir,
            go,
        );
        await runGo("record sdk/go/go.sum", ["mod", "tidy"], goDir, go);
    } finally {
        rmSync(scratch, { recursive: true, force: true });
    }
}
