/**
 * The real-CLI suite's harness: the Pulumi CLI built by `npm run pulumi-cli`, run in temp projects
 * (scripts/pulumi-cli/project.ts) against emulators started in this process.
 *
 * Where the CLI has not been built: in CI (CI=true) that is a failure; elsewhere the suite skips,
 * loudly, naming the command that builds it.
 */
import { BUILD_COMMAND, locatePulumiCli } from "../../scripts/pulumi-cli/release";

export { CliProject, type CommandResult } from "../../scripts/pulumi-cli/project";

/** The built CLI folder, or undefined (after a loud warning) where the suite must skip. */
export function builtCli(suite: string): string | undefined {
    const found = locatePulumiCli();
    if (found) return found.dir;
    const message = `the Pulumi CLI has not been built (run \`${BUILD_COMMAND}\`, which compiles it from its Go modules)`;
    if (process.env.CI) throw new Error(`[real CLI] ${suite}: ${message}. In CI a missing CLI is a failure, never a skip.`);
    console.warn(`\n[real CLI] SKIPPED ${suite}: ${message}.\n`);
    return undefined;
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
