/**
 * Which Pulumi CLI the real-CLI suite runs, and where the built copy lives.
 *
 * The CLI and the YAML language host are compiled from their Go modules (see build.ts), once per
 * release, into a folder under the user's cache directory; every later run reuses it. The folder
 * holds everything the engine looks for beside the `pulumi` binary: the YAML language host and the
 * `pulumi-resource-pulumi-nodejs` launcher of the dynamic-provider host.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../repo-root";

/** The folder of this script's sources (the Go wrapper modules live under it). */
export const SOURCE_DIR = path.join(repoRoot, "scripts/pulumi-cli");

/**
 * The release built. `@pulumi/pulumi` in package-lock.json is the same version, so the SDK the
 * programs load and the engine that runs them come from one release (build.ts checks it). 3.276.0 is
 * the newest release whose `pkg/v3` module the Go module proxy serves here and that npm also has.
 */
export const PULUMI_RELEASE = "3.276.0";
/** pulumi-yaml's newest release the module proxy serves here (it is versioned on its own). */
export const YAML_RELEASE = "1.25.0";

/** One Go binary the builder compiles: its wrapper module (under SOURCE_DIR/modules) and linker version flag. */
export interface GoBinary {
    name: string;
    module: string;
    pkg: string;
    versionFlag: string;
}

/** What the builder compiles, in order. */
export const BINARIES: GoBinary[] = [
    {
        name: "pulumi",
        module: "pulumi",
        pkg: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
        versionFlag: `github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_RELEASE}`,
    },
    {
        name: "pulumi-language-yaml",
        module: "yaml",
        pkg: "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml",
        versionFlag: `github.com/pulumi/pulumi-yaml/pkg/version.Version=v${YAML_RELEASE}`,
    },
];

/** The launcher the engine runs for dynamic providers; @pulumi/pulumi ships it at its package root. */
export const DYNAMIC_PROVIDER_LAUNCHER = "pulumi-resource-pulumi-nodejs";

/** `$XDG_CACHE_HOME` or `~/.cache`, then our folder: the CLI builds are kept there, one folder per key. */
export function cacheRoot(): string {
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(base, "pulumi-tencent-chat", "pulumi-cli");
}

/**
 * The cache key: the release plus a digest of the wrapper modules (go.mod and go.sum pin every
 * dependency), so a changed pin builds anew instead of reusing an older binary.
 */
export function cacheKey(): string {
    const digest = createHash("sha256");
    for (const binary of BINARIES)
        for (const file of ["go.mod", "go.sum"])
            digest.update(readFileSync(path.join(SOURCE_DIR, "modules", binary.module, file)));
    return `v${PULUMI_RELEASE}-${digest.digest("hex").slice(0, 12)}`;
}

/** The folder a complete build of this key lives in. */
export function cliDir(): string {
    return path.join(cacheRoot(), cacheKey());
}

/** Written last by the builder: a folder without it is an interrupted build. */
export const STAMP = "build.json";

/** The built CLI folder, or undefined when this key has not been built (run `npm run pulumi-cli`). */
export function locatePulumiCli(): { dir: string; pulumi: string } | undefined {
    const dir = cliDir();
    if (!existsSync(path.join(dir, STAMP))) return undefined;
    return { dir, pulumi: path.join(dir, "pulumi") };
}

/** The command that builds the CLI, for messages that say how to get it. */
export const BUILD_COMMAND = "npm run pulumi-cli";
