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
import { projectLock, type LockEntry } from "./project-lock";
import { BUNDLER_TSCONFIG, CLASSIC_TSCONFIG, RESOLVE_SCRIPT, SUBPATHS_PROGRAM, quickstartFile } from "./quickstart";

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const PROJECT = "quickstart";
/** What `npm pack` may put in the tarball: the compiled package, its schema, and npm's fixed files. */
const ALLOWED =
    /^(dist\/(provider|emulator|plugin-sdk)\/.+\.(js|d\.ts)|dist\/plugin-sdk\/package\.json|plugin\/(PulumiPlugin\.yaml|index\.js|package\.json|pulumi-resource-tencent-chat)|schema\/channel-manifest\.schema\.json|docs\/[a-z-]+\.md|emulator\/README\.md|package\.json|README\.md|LICENSE)$/;

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
    writeFileSync(
        path.join(app, "tsconfig.json"),
        JSON.stringify({ ...CLASSIC_TSCONFIG, files: ["index.ts", "subpaths.ts"] }, null, 4),
    );
    writeFileSync(path.join(app, "tsconfig.bundler.json"), JSON.stringify(BUNDLER_TSCONFIG, null, 4));
}

/** Runs a compiler in the project; a type error fails with tsc's own report. */
async function tsc(compiler: "typescript-5" | "typescript", args: string[]): Promise<string> {
    const bin = path.join(repoRoot, "node_modules", compiler, "bin/tsc");
    const version = (await run(process.execPath, [bin, "--version"])).stdout.trim();
    try {
        await run(process.execPath, [bin, ...args], { cwd: app });
    } catch (error) {
        const { stdout, stderr } = error as { stdout: string; stderr: string };
        throw new Error(`${version} ${args.join(" ")} failed:\n${stdout}${stderr}`);
    }
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

    // Compilers and a second @pulumi/pulumi load slowly on a busy 2-core machine.
    it(
        "compiles the README quickstart with the classic `pulumi new typescript` tsconfig and TypeScript 5",
        { timeout: 120_000 },
        async () => {
            const version = await tsc("typescript-5", ["-p", "tsconfig.json"]);
            expect(version).toMatch(/^Version 5\./);
            expect(existsSync(path.join(app, "bin/index.js"))).toBe(true);
        },
    );

    it(
        "type-checks every subpath with the README's tsconfig (node16 resolution) and with bundler resolution, with the repository's TypeScript (6; 5 in CI's floor stage)",
        { timeout: 120_000 },
        async () => {
            const readme = JSON.parse(readFileSync(path.join(app, "tsconfig.readme.json"), "utf8")) as { files: string[] };
            writeFileSync(
                path.join(app, "tsconfig.readme.json"),
                JSON.stringify({ ...readme, files: [...readme.files, "subpaths.ts"] }),
            );
            await tsc("typescript", ["-p", "tsconfig.readme.json", "--noEmit"]);
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
