/**
 * The real-CLI suite's harness: the Pulumi CLI built by `npm run pulumi-cli`, run in temp projects
 * (scripts/pulumi-cli/project.ts) against emulators started in this process.
 *
 * Where the CLI has not been built: in CI (CI=true) that is a failure; elsewhere the suite skips,
 * loudly, naming the command that builds it.
 */
import { spawnSync } from "node:child_process";
import { BUILD_COMMAND, locatePulumiCli } from "../../scripts/pulumi-cli/release";

export { CliProject, type CommandResult } from "../../scripts/pulumi-cli/project";

/** Throws in CI; elsewhere warns loudly that `suite` is skipped, and why. */
function missing(suite: string, message: string): undefined {
    if (process.env.CI)
        throw new Error(`[real CLI] ${suite}: ${message}. In CI a missing CLI or tool is a failure, never a skip.`);
    console.warn(`\n[real CLI] SKIPPED ${suite}: ${message}.\n`);
    return undefined;
}

/** The built CLI folder, or undefined (after a loud warning) where the suite must skip. */
export function builtCli(suite: string): string | undefined {
    const found = locatePulumiCli();
    if (found) return found.dir;
    return missing(suite, `the Pulumi CLI has not been built (run \`${BUILD_COMMAND}\`, which compiles it from its Go modules)`);
}

/**
 * The built CLI folder where `tool` also answers `probe` (a language's own toolchain: python3,
 * go), or undefined after a loud warning naming what to install; in CI either missing fails.
 */
export function builtCliWith(suite: string, tool: { command: string; probe: string[]; install: string }): string | undefined {
    const cli = builtCli(suite);
    if (!cli) return undefined;
    const found = spawnSync(tool.command, tool.probe, { encoding: "utf8" });
    if (!found.error && found.status === 0) return cli;
    return missing(suite, `\`${tool.command} ${tool.probe.join(" ")}\` does not run (${tool.install})`);
}

/**
 * The properties a `preview --diff` / `refresh --diff` shows as changed (`~ name : a => b`,
 * `+ field`, `- field`), in order, resource headers aside.
 */
export function changedProperties(output: string): string[] {
    const fields: string[] = [];
    for (const match of output.matchAll(/^\s+([~+-]{1,2})\s+([A-Za-z_]\w*)\s*: /gm)) fields.push(match[2]!);
    return fields;
}
