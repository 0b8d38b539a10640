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
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { packageSchema } from "../../provider/plugin/schema";
import { packageVersion } from "../../provider/plugin/server";
import { checkGo, GoBuildFailure, goEnv, runGo } from "../pulumi-cli/go";
import { repoRoot } from "../repo-root";

/** The command that regenerates the checked-in SDKs, for messages. */
export const SDK_COMMAND = "npm run sdk";

/** The languages generated, each a folder under sdk/. .NET is missing: see docs/sdks.md. */
export const SDK_LANGUAGES = ["python", "go", "nodejs", "java"] as const;

const SOURCE_DIR = path.join(repoRoot, "scripts/sdkgen");

/** One Go program of ours: its module folder and the binary's name. */
interface Tool {
    name: string;
    dir: string;
}

const TOOLS: Tool[] = [
    { name: "sdkgen", dir: SOURCE_DIR },
    { name: "sdkgen-java", dir: path.join(SOURCE_DIR, "java") },
];

/** The binary's cached path: a digest of its go.mod, go.sum and Go sources, so an edit builds anew. */
function toolPath(tool: Tool): string {
    const digest = createHash("sha256");
    for (const file of readdirSync(tool.dir).sort())
        if (/^go\.(mod|sum)$|\.go$/.test(file)) digest.update(file).update(readFileSync(path.join(tool.dir, file)));
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(base, "pulumi-tencent-chat", "sdkgen", `${tool.name}-${digest.digest("hex").slice(0, 12)}`, tool.name);
}

/** Builds each Go program unless its cached binary exists; returns the binaries by name. */
async function buildTools(say: (text: string) => void): Promise<Record<string, string>> {
    checkGo(
        TOOLS.map((t) => ({ name: t.name, file: path.join(t.dir, "go.mod") })),
        SDK_COMMAND,
    );
    const built: Record<string, string> = {};
    for (const tool of TOOLS) {
        const binary = toolPath(tool);
        if (!existsSync(binary)) {
            mkdirSync(path.dirname(binary), { recursive: true });
            const partial = `${binary}.partial-${process.pid}`;
            await runGo(`compile ${tool.name}`, ["build", "-v", "-trimpath", "-o", partial, "."], tool.dir, {
                say,
                command: SDK_COMMAND,
            });
            renameSync(partial, binary);
        }
        built[tool.name] = binary;
    }
    return built;
}

/** Runs one of our generators; its output lines are passed on, a failure carries its stderr. */
function exec(binary: string, args: string[], say: (text: string) => void): void {
    const result = spawnSync(binary, args, { encoding: "utf8" });
    if (result.error) throw result.error;
    for (const line of result.stdout.split("\n")) if (line.trim()) say(`  ${line}`);
    if (result.status !== 0) throw new GoBuildFailure(`${path.basename(binary)} failed:\n${result.stderr}`);
}

/** The schema exactly as the plugin's GetSchema serves it (provider/plugin/server.ts). */
export function servedSchema(): string {
    return JSON.stringify(packageSchema(packageVersion()));
}

/**
 * Writes every SDK under `outDir` (one folder per language, each replaced), then records the Go
 * SDK's go.sum with `go mod tidy` (from the module cache; the proxy only for what it lacks).
 */
export async function generateSdks(outDir: string, say: (text: string) => void = console.log): Promise<void> {
    const tools = await buildTools(say);
    const scratch = mkdtempSync(path.join(os.tmpdir(), "sdkgen-"));
    try {
        const schemaFile = path.join(scratch, "schema.json");
        writeFileSync(schemaFile, servedSchema());
        exec(tools.sdkgen!, ["-schema", schemaFile, "-out", outDir, "-languages", "python,go,nodejs"], say);
        exec(tools["sdkgen-java"]!, ["-schema", schemaFile, "-out", path.join(outDir, "java")], say);
        await runGo("record sdk/go/go.sum", ["mod", "tidy"], path.join(outDir, "go"), {
            say,
            command: SDK_COMMAND,
            env: { ...goEnv(), GOFLAGS: "-mod=mod" },
        });
    } finally {
        rmSync(scratch, { recursive: true, force: true });
    }
}
