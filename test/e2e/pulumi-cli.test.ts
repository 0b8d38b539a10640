/**
 * End to end with the real Pulumi CLI: `pulumi up` / `refresh` / `destroy` of the root project on a
 * local file backend against the emulator (the demo's CLI mode). Runs when `pulumi` is on PATH;
 * skipped, with the reason printed, otherwise. Never faked.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/dist";

const pulumi = spawnSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).stdout.trim();
if (!pulumi) {
    console.warn(
        "[e2e] SKIPPED: the Pulumi CLI is not on PATH, so `pulumi up/refresh/destroy` cannot run here. " +
            "Install it (https://www.pulumi.com/docs/install/) and re-run `npm test` to include this test; " +
            "the provider-host and test/engine tests cover the engine boundary meanwhile.",
    );
}

const runDemo = (...args: string[]) =>
    spawnSync(process.execPath, ["dist/scripts/demo/main.js", "--mode", "cli", ...args], {
        cwd: repoRoot,
        encoding: "utf8",
        timeout: 300_000,
    });

/** The temp dir the demo announced ("… on a local file backend in <dir>."). */
const workDirOf = (output: string) => /on a local file backend in (\S+)\./.exec(output)?.[1];

/** What was printed between a banner starting with `title` and the next banner: the CLI's own output. */
function section(output: string, title: string): string {
    const start = output.indexOf(`▶ ${title}`);
    if (start < 0) return "";
    const next = output.indexOf("▶ ", start + 2);
    return output.slice(start + title.length + 2, next < 0 ? undefined : next);
}

describe.skipIf(!pulumi)("the real Pulumi CLI against the emulator", () => {
    it("ups, shows console drift on refresh, restores it, and destroys everything, writing nothing outside a temp dir", () => {
        const run = runDemo();
        const output = `${run.stdout}\n${run.stderr}`;
        expect(run.status, output).toBe(0);
        // The drift is asserted on `pulumi refresh --diff`'s own output.
        expect(section(run.stdout, "pulumi refresh --diff")).toContain("Renamed in the console");
        expect(output).toContain('@TOA#_news is back to name="Company News" on Tencent');
        expect(output).toContain("Channels left on the emulator: 0");
        expect(existsSync(path.join(repoRoot, "Pulumi.demo.yaml"))).toBe(false);
        const workDir = workDirOf(output);
        expect(workDir).toBeDefined();
        expect(existsSync(workDir!)).toBe(false);
    }, 320_000);

    it("cleans up after a failed run: no stack config in the repository, no temp dir left", () => {
        const run = runDemo("--manifest", "does-not-exist.yaml");
        const output = `${run.stdout}\n${run.stderr}`;
        expect(run.status, output).toBe(1);
        expect(output).toContain("Demo failed");
        expect(existsSync(path.join(repoRoot, "Pulumi.demo.yaml"))).toBe(false);
        const workDir = workDirOf(output);
        expect(workDir).toBeDefined();
        expect(existsSync(workDir!)).toBe(false);
    }, 320_000);
});
