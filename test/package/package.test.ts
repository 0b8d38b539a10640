/**
 * The package as a user gets it: packed from a clean copy of the sources (so `prepack` must build),
 * installed from the tarball into a fresh Pulumi TypeScript project, the README quickstart compiled
 * there, every export resolved, and one channel created and deleted through Pulumi's
 * dynamic-provider host running in that project — with that project's @pulumi/pulumi.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { getModuleFromPath } from "@pulumi/pulumi/runtime/closure/package";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as EmulatorModule from "../../emulator/index";
import { declaredResources } from "../../scripts/engine/program";
import { engineDriver, hostDriver, repoRoot } from "../support/dist";
import { anchorsOf, relativeLinks } from "./links";
import { projectLock, type LockEntry } from "./project-lock";
import {
    BUNDLER_TSCONFIG,
    CLASSIC_TSCONFIG,
    RESOLVE_SCRIPT,
    SUBPATHS_PROGRAM,
    TEMPLATE_TSCONFIG,
    quickstartFile,
} from "./quickstart";

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const PROJECT = "quickstart";
/** What `npm pack` may put in the tarball: the compiled package, its schema, and npm's fixed files. */
const ALLOWED =
    /^(dist\/(provider|emulator|plugin-sdk)\/.+\.(js|d\.ts)|dist\/plugin-sdk\/package\.json|plugin\/(PulumiPlugin\.yaml|index\.js|package\.json|pulumi-resource-tencent-chat)|schema\/channel-manifest\.schema\.json|docs\/_?[a-z-]+\.md|emulator\/README\.md|package\.json|README\.md|CHANGELOG\.md|LICENSE)$/;

interface PackResult {
    filename: string;
    integrity: string;
    size: number;
    entryCount: number;
    files: { path: string; size: number }[];
}

let work: string;
let app: string;
let packed: PackResult;

/** The sources as a fresh clone has them: no dist/, no node_modules/ of their own. */
function copySources(to: string): void {
    cpSync(repoRoot, to, {
        recursive: true,
        filter: (from) => {
            const rel = path.relative(repoRoot, from);
            const top = rel.split(path.sep)[0]!;
            return !["node_modules", "dist", ".git", "coverage", ".pulumi-local"].includes(top) && !rel.endsWith(".tgz");
        },
    });
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(to, "node_modules"), "dir");
}

async function pack(src: string): Promise<PackResult> {
    const { stdout } = await run(npm, ["pack", "--json", "--pack-destination", work], { cwd: src, maxBuffer: 16 << 20 });
    // Lifecycle scripts print before the JSON report.
    return (JSON.parse(stdout.slice(stdout.indexOf("\n[") + 1)) as PackResult[])[0]!;
}

/**
 * A `pulumi new typescript` project depending on the tarball, installed offline with a lock (see
 * project-lock.ts). Its `@pulumi/pulumi` and `@types/node` come from the directory above it, as in a
 * monorepo that hoists them: installing Pulumi's ~230 packages again cost half a minute of the suite
 * and proves nothing about this package. Only those two are hoisted, so a dependency the package
 * forgets to declare still fails to resolve here.
 */
async function createProject(): Promise<void> {
    mkdirSync(app);
    const hoisted = path.join(work, "node_modules");
    for (const name of ["@pulumi/pulumi", "@types/node"]) {
        mkdirSync(path.dirname(path.join(hoisted, name)), { recursive: true });
        symlinkSync(path.join(repoRoot, "node_modules", name), path.join(hoisted, name), "dir");
    }
    const installed = JSON.parse(readFileSync(path.join(repoRoot, "node_modules/.package-lock.json"), "utf8")) as {
        packages: Record<string, LockEntry>;
    };
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as Record<
        string,
        Record<string, string>
    >;
    const tarball = `file:../${packed.filename}`;
    const project = { name: PROJECT, main: "bin/index.js", dependencies: { "pulumi-tencent-chat": tarball } };
    const entry: LockEntry = {
        version: manifest.version as unknown as string,
        resolved: tarball,
        integrity: packed.integrity,
        license: manifest.license,
        dependencies: manifest.dependencies,
        bin: manifest.bin,
        engines: manifest.engines,
    };
    writeFileSync(path.join(app, "package.json"), JSON.stringify(project, null, 2));
    writeFileSync(
        path.join(app, "package-lock.json"),
        JSON.stringify(
            projectLock({ installed: installed.packages, project, packed: { name: "pulumi-tencent-chat", entry } }),
            null,
            2,
        ),
    );
    writeFileSync(path.join(app, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\ndescription: the README quickstart\n`);
    await run(npm, ["ci", "--offline", "--no-audit", "--no-fund"], { cwd: app, maxBuffer: 16 << 20 });

    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    writeFileSync(path.join(app, "index.ts"), quickstartFile(readme, "index.ts"));
    writeFileSync(path.join(app, "tsconfig.readme.json"), quickstartFile(readme, "tsconfig.json"));
    writeFileSync(path.join(app, "subpaths.ts"), SUBPATHS_PROGRAM);
    writeFileSync(path.join(app, "resolve.js"), RESOLVE_SCRIPT);
    writeTsconfig("tsconfig.json", CLASSIC_TSCONFIG);
    writeFileSync(path.join(app, "tsconfig.bundler.json"), JSON.stringify(BUNDLER_TSCONFIG, null, 4));
}

type Tsconfig = { compilerOptions: Record<string, unknown>; files: string[] };

/** A tsconfig in the project with the subpaths program added, so every typed export is checked with it. */
function writeTsconfig(name: string, config: Tsconfig, options: Record<string, unknown> = {}): string {
    const written = { compilerOptions: { ...config.compilerOptions, ...options }, files: [...config.files, "subpaths.ts"] };
    writeFileSync(path.join(app, name), JSON.stringify(written, null, 4));
    return name;
}

type Compiler = "typescript-5" | "typescript";

/** Runs a compiler in the project: its version, whether it passed, and its report. */
async function compile(compiler: Compiler, args: string[]): Promise<{ version: string; ok: boolean; report: string }> {
    const bin = path.join(repoRoot, "node_modules", compiler, "bin/tsc");
    const version = (await run(process.execPath, [bin, "--version"])).stdout.trim();
    try {
        await run(process.execPath, [bin, ...args], { cwd: app });
        return { version, ok: true, report: "" };
    } catch (error) {
        const { stdout, stderr } = error as { stdout: string; stderr: string };
        // The template's `"pretty": true` colours the report.
        const report = `${stdout}${stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
        return { version, ok: false, report: `${version} ${args.join(" ")} failed:\n${report}` };
    }
}

/** Runs a compiler in the project; a type error fails with tsc's own report. */
async function tsc(compiler: Compiler, args: string[]): Promise<string> {
    const { version, ok, report } = await compile(compiler, args);
    if (!ok) throw new Error(report);
    return version;
}

beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "tencent-chat-package-"));
    app = path.join(work, "app");
    const src = path.join(work, "src");
    copySources(src);
    packed = await pack(src);
    await createProject();
}, 240_000);

// The project's node_modules hold ~230 packages: remove them without blocking the event loop, and
// give a busy disk time.
afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
}, 180_000);

describe("the npm package", () => {
    it("packs the compiled package, its schema and licence from a clean checkout, nothing else", () => {
        const paths = packed.files.map((f) => f.path);
        expect(paths.filter((p) => !ALLOWED.test(p))).toEqual([]);
        for (const needed of [
            "dist/provider/index.js",
            "dist/provider/index.d.ts",
            "dist/provider/cli/main.js",
            "dist/provider/host/channel.js",
            "dist/emulator/index.d.ts",
            "dist/plugin-sdk/index.d.ts",
            "dist/plugin-sdk/package.json",
            "LICENSE",
            "docs/performance.md",
            "docs/_index.md",
            "docs/installation-configuration.md",
            "docs/versioning.md",
            "CHANGELOG.md",
            "emulator/README.md",
        ]) {
            expect(paths).toContain(needed);
        }
        const installed = path.join(app, "node_modules/pulumi-tencent-chat");
        expect(readFileSync(path.join(installed, "LICENSE"), "utf8")).toMatch(
            /Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/,
        );
        // No source maps in the package, and no dangling references to them.
        expect(readFileSync(path.join(installed, "dist/provider/index.js"), "utf8")).not.toContain("sourceMappingURL");
        expect(existsSync(path.join(app, "node_modules/.bin/tencent-chat"))).toBe(true);
    });

    it("links only to what it ships: every relative link of its Markdown files resolves in the package, headings included", () => {
        const shipped = new Set(packed.files.map((f) => f.path));
        const installed = path.join(app, "node_modules/pulumi-tencent-chat");
        const read = (file: string) => readFileSync(path.join(installed, file), "utf8");
        const links = [...shipped].filter((p) => p.endsWith(".md")).flatMap((from) => relativeLinks(from, read(from)));
        const broken = links.flatMap((link) => {
            const where = `${link.from}: (${link.target})`;
            const isFolder = [...shipped].some((p) => p.startsWith(`${link.file}/`));
            if (!shipped.has(link.file) && !isFolder) return [`${where} is not in the package`];
            if (link.anchor && link.file.endsWith(".md") && !anchorsOf(read(link.file)).has(link.anchor)) {
                return [`${where} names no heading of ${link.file}`];
            }
            return [];
        });
        expect(broken).toEqual([]);
        // The README's links to the docs and their anchors were all checked.
        expect(links.filter((l) => l.from === "README.md" && l.anchor).length).toBeGreaterThan(3);
        expect(links.filter((l) => l.from === "README.md" && l.file.startsWith("docs/")).length).toBeGreaterThan(5);
        // A link out of the package is caught, and example code is not taken for links.
        expect(relativeLinks("docs/a.md", "[x](../examples/yaml/) `[y](z.md)`")).toEqual([
            { from: "docs/a.md", target: "../examples/yaml/", file: "examples/yaml" },
        ]);
    });

    // Compilers and a second @pulumi/pulumi load slowly on a busy 2-core machine. None of these
    // tsconfigs has skipLibCheck: every declaration file the package's types reach is checked.
    it(
        "compiles the README quickstart and every subpath with the classic `pulumi new typescript` tsconfig (commonjs, node resolution) and TypeScript 5",
        { timeout: 120_000 },
        async () => {
            const version = await tsc("typescript-5", ["-p", "tsconfig.json"]);
            expect(version).toMatch(/^Version 5\./);
            expect(existsSync(path.join(app, "bin/index.js"))).toBe(true);
        },
    );

    it(
        "compiles them with the classic tsconfig and the repository's TypeScript (6; 5 in CI's floor stage), where TypeScript 6's only complaint is its own deprecation of `moduleResolution: node`",
        { timeout: 120_000 },
        async () => {
            const exact = await compile("typescript", ["-p", "tsconfig.json", "--noEmit"]);
            if (/^Version 5\./.test(exact.version)) {
                expect(exact.report).toBe("");
                return;
            }
            expect(exact.version).toMatch(/^Version 6\./);
            // TypeScript 6 stops at the tsconfig itself, before reading any file, and names its fix.
            expect(exact.ok).toBe(false);
            expect([...exact.report.matchAll(/error TS(\d+)/g)].map((m) => m[1])).toEqual(["5107"]);
            expect(exact.report).toContain('"ignoreDeprecations": "6.0"');
            const silenced = writeTsconfig("tsconfig.ts6.json", CLASSIC_TSCONFIG, { ignoreDeprecations: "6.0" });
            await tsc("typescript", ["-p", silenced, "--noEmit"]);
        },
    );

    it(
        "compiles them with the README's tsconfig, today's `pulumi new typescript` template (nodenext), under TypeScript 5 and the repository's TypeScript, and with bundler resolution",
        { timeout: 120_000 },
        async () => {
            const readme = JSON.parse(readFileSync(path.join(app, "tsconfig.readme.json"), "utf8")) as Tsconfig;
            expect(readme).toEqual(TEMPLATE_TSCONFIG);
            const config = writeTsconfig("tsconfig.readme.json", readme);
            expect(await tsc("typescript-5", ["-p", config, "--noEmit"])).toMatch(/^Version 5\./);
            await tsc("typescript", ["-p", config, "--noEmit"]);
            await tsc("typescript", ["-p", "tsconfig.bundler.json"]);
        },
    );

    it("resolves, requires and imports every export at run time", async () => {
        const { stdout } = await run(process.execPath, ["resolve.js"], { cwd: app });
        const loaded = JSON.parse(stdout) as Record<string, { path: string; keys: number; imported: number }>;
        expect(Object.keys(loaded)).toHaveLength(7);
        for (const [id, { path: file, keys, imported }] of Object.entries(loaded)) {
            expect(file, id).toContain(path.join(app, "node_modules/pulumi-tencent-chat"));
            expect(keys, id).toBeGreaterThan(0);
            expect(imported, id).toBeGreaterThan(0);
        }
    });

    it("runs the installed CLI's emulator command, which loads the emulator through the package's own export", async () => {
        const { stdout } = await run(path.join(app, "node_modules/.bin/tencent-chat"), ["emulator", "--help"], { cwd: app });
        expect(stdout).toMatch(/^Usage: tencent-chat emulator \[options\]/m);
        expect(stdout).toContain("--fault-rate");
        const resolved = createRequire(
            path.join(app, "node_modules/pulumi-tencent-chat/dist/provider/cli/commands/emulator.js"),
        ).resolve("pulumi-tencent-chat/emulator/cli");
        expect(resolved).toBe(path.join(app, "node_modules/pulumi-tencent-chat/dist/emulator/cli.js"));
    });

    it("serializes both providers by reference to the installed package, in at most 900 bytes", async () => {
        const requireApp = createRequire(path.join(app, "package.json"));
        const installed = requireApp("pulumi-tencent-chat") as typeof import("../../provider/index");
        const manifest = requireApp("pulumi-tencent-chat/package.json") as Record<string, unknown>;
        const METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];
        for (const [provider, file, subpath] of [
            [installed.officialChannelProvider, "dist/provider/host/channel.js", "host/channel"],
            [installed.channelSubscriptionProvider, "dist/provider/host/subscription.js", "host/sub"],
        ] as const) {
            const text = await hostDriver.serializeProvider(provider);
            expect(Buffer.byteLength(text), text).toBeLessThanOrEqual(900);
            // Either form the serializer writes resolves to the facade module the provider is.
            const written = /require\("([^"]+)"\)/.exec(text)![1]!;
            expect([`pulumi-tencent-chat/${file}`, `pulumi-tencent-chat/${subpath}`]).toContain(written);
            expect(requireApp(written)).toBe(provider);
            expect(requireApp(`pulumi-tencent-chat/${subpath}`)).toBe(provider);
            const methods = Object.entries(provider).filter(([, value]) => typeof value === "function");
            expect(methods.map(([name]) => name)).toEqual(METHODS);
            // Where the serializer finds the package.json (npm, yarn and pnpm installs), it maps the file back
            // through `exports` to the short subpath, the one state written by earlier versions requires.
            expect(getModuleFromPath(`pulumi-tencent-chat/${file}`, manifest as never)).toBe(`pulumi-tencent-chat/${subpath}`);
        }
    });

    it(
        "creates and deletes the quickstart's channel through Pulumi's dynamic-provider host in the project",
        { timeout: 120_000 },
        async () => {
            const requireApp = createRequire(path.join(app, "package.json"));
            const { startEmulator } = requireApp("pulumi-tencent-chat/emulator") as typeof EmulatorModule;
            const emulator = await startEmulator({ users: ["ops"] });
            const host = await hostDriver.ProviderHost.start({ cwd: app, project: PROJECT });
            try {
                const resources = await declaredResources(path.join(app, "bin/index.js"), { project: PROJECT, cwd: app });
                expect(resources.map((r) => r.type)).toEqual(["pulumi-nodejs:dynamic/tencent-chat:OfficialChannel"]);
                // Captured by reference, not copied: one require of the facade by package name. This project's
                // @pulumi/pulumi is hoisted above it (a monorepo's layout), so the serializer cannot find the
                // package.json from there and writes the file's path, which the package's `exports` also maps.
                const text = String(resources[0]!.inputs.__provider);
                expect(text).toContain('require("pulumi-tencent-chat/dist/provider/host/channel.js")');
                expect(Buffer.byteLength(text)).toBeLessThanOrEqual(900);
                await host.configure(
                    {
                        "tencent-chat:sdkAppId": String(emulator.settings.sdkAppId),
                        "tencent-chat:secretKey": emulator.settings.secretKey,
                        "tencent-chat:endpoint": emulator.url,
                    },
                    ["tencent-chat:secretKey"],
                );
                const engine = new engineDriver.Engine(host, { project: PROJECT });
                const up = await engine.up(resources);
                expect(up.map((s) => [s.kind, s.id, s.error])).toEqual([["create", "@TOA#_news", undefined]]);
                expect(emulator.channels().map((c) => [c.channelId, c.owner, c.name])).toEqual([
                    ["@TOA#_news", "ops", "Company News"],
                ]);
                const destroy = await engine.destroy();
                expect(destroy.map((s) => [s.kind, s.id, s.error])).toEqual([["delete", "@TOA#_news", undefined]]);
                expect(emulator.channels()).toEqual([]);
            } finally {
                await host.stop();
                await emulator.stop();
            }
        },
    );
});
