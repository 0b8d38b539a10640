/**
 * `npm run plugin-package`: the tencent-chat provider plugin as a Pulumi plugin package, for
 * programs in Pulumi YAML, Python, Go and the other languages, installed with
 * `pulumi plugin install resource tencent-chat <version> --file <tarball>` instead of pointing
 * `Pulumi.yaml` at a `node_modules` folder.
 *
 * The CLI unpacks the tarball into `$PULUMI_HOME/plugins/resource-tencent-chat-v<version>/` and,
 * when that folder holds a PulumiPlugin.yaml, asks the plugin's language host to install its
 * dependencies (for nodejs, `npm install`, which needs pulumi-language-nodejs and the registry).
 * This package has no PulumiPlugin.yaml: the engine runs an executable `pulumi-resource-<name>`
 * before it would read one, and everything the plugin loads is bundled — the compiled provider
 * and the production dependencies, `@pulumi/pulumi` included, copied from this checkout's
 * node_modules — so it installs and runs offline with only `node` on PATH.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../repo-root";
import { parseScriptArgs } from "../script-args";

const USAGE = `Usage: npm run plugin-package [-- --out <dir>] [--platform <os-arch>]

Builds pulumi-resource-tencent-chat-v<version>-<os-arch>.tar.gz (default dist/plugin-package/,
linux-amd64), for: pulumi plugin install resource tencent-chat <version> --file <tarball>.
The plugin is JavaScript: any os-arch with Node.js 20.20 or later on PATH runs the same files.`;

/** The executable the engine runs; it starts the bundled server with the node on PATH. */
const LAUNCHER = `#!/bin/sh
# The tencent-chat provider plugin (pulumi-tencent-chat), installed as a Pulumi plugin package.
# Node.js must be on PATH; everything else it loads is in this folder.
exec node "$(dirname "$0")/dist/provider/plugin/main.js" "$@"
`;

interface PackageJson {
    name?: string;
    version?: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const readPackage = (dir: string) => JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as PackageJson;

/** Node's lookup of `name` from the package at `from`: the nearest `node_modules/<name>` upwards, within `root`. */
function locate(root: string, from: string, name: string): string | undefined {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, "node_modules", name);
        if (existsSync(path.join(candidate, "package.json"))) return candidate;
        if (dir === root || path.dirname(dir) === dir) return undefined;
    }
}

/**
 * Every installed package the roots need at run time (dependencies, optional ones when installed,
 * required peers), as folders under `root`, each at the place Node will look for it.
 */
export function runtimeClosure(root: string, roots: readonly string[]): string[] {
    const found = new Set<string>();
    const pending = roots.map((name) => ({ from: root, name, optional: false }));
    while (pending.length > 0) {
        const { from, name, optional } = pending.pop()!;
        const at = locate(root, from, name);
        if (at === undefined) {
            if (optional) continue;
            throw new Error(`${name} (needed by ${path.relative(root, from) || "the package"}) is not installed; run npm ci`);
        }
        if (found.has(at)) continue;
        found.add(at);
        const pkg = readPackage(at);
        for (const dep of Object.keys(pkg.dependencies ?? {})) pending.push({ from: at, name: dep, optional: false });
        for (const dep of Object.keys(pkg.optionalDependencies ?? {})) pending.push({ from: at, name: dep, optional: true });
        for (const dep of Object.keys(pkg.peerDependencies ?? {}))
            if (pkg.peerDependenciesMeta?.[dep]?.optional !== true) pending.push({ from: at, name: dep, optional: false });
    }
    return [...found].sort();
}

/** Copies the compiled provider (no source maps or declarations), package.json and LICENSE into `stage`. */
function copyPackage(root: string, stage: string): void {
    const built = path.join(root, "dist/provider/plugin/main.js");
    if (!existsSync(built)) throw new Error("dist/provider is not built; run npm run build first");
    cpSync(path.join(root, "dist/provider"), path.join(stage, "dist/provider"), {
        recursive: true,
        filter: (from) => !from.endsWith(".map") && !from.endsWith(".d.ts"),
    });
    for (const file of ["package.json", "LICENSE"]) cpSync(path.join(root, file), path.join(stage, file));
    writeFileSync(path.join(stage, "pulumi-resource-tencent-chat"), LAUNCHER);
    chmodSync(path.join(stage, "pulumi-resource-tencent-chat"), 0o755);
}

/** Copies each package folder of the closure, without its own node_modules (those it needs are in the closure). */
function copyDependencies(root: string, stage: string, folders: readonly string[]): void {
    for (const folder of folders) {
        const nested = path.join(folder, "node_modules");
        cpSync(folder, path.join(stage, path.relative(root, folder)), {
            recursive: true,
            dereference: true,
            filter: (from) => from !== nested,
        });
    }
}

/** Builds the tarball from the checkout at `root`; returns its path. */
export function buildPluginPackage(root: string, outDir: string, platform = "linux-amd64"): string {
    const pkg = readPackage(root);
    const stage = path.join(outDir, "stage");
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(stage, { recursive: true });
    copyPackage(root, stage);
    // @pulumi/pulumi is a peer of the npm package (a program's own copy); the plugin runs alone, so it brings one.
    const roots = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
    copyDependencies(root, stage, runtimeClosure(root, roots));
    const tarball = path.join(outDir, `pulumi-resource-tencent-chat-v${pkg.version}-${platform}.tar.gz`);
    rmSync(tarball, { force: true });
    // Entries at the top level, as the CLI unpacks them into the plugin's folder.
    execFileSync("tar", ["-czf", tarball, "--owner=0", "--group=0", "-C", stage, "."]);
    rmSync(stage, { recursive: true, force: true });
    return tarball;
}

if (require.main === module) {
    const flags = parseScriptArgs(USAGE, { out: { type: "string" }, platform: { type: "string" } });
    if (flags) {
        const root = repoRoot;
        const out = path.resolve(typeof flags.out === "string" ? flags.out : path.join(root, "dist/plugin-package"));
        const tarball = buildPluginPackage(root, out, typeof flags.platform === "string" ? flags.platform : undefined);
        const version = readPackage(root).version;
        console.log(`${tarball}\n\nInstall it with:\n  pulumi plugin install resource tencent-chat ${version} --file ${tarball}`);
    }
}
