/**
 * `npm run demo -- --mode cli` with the real Pulumi CLI: `pulumi up` / `refresh` / `destroy` of the
 * root project on a local file backend against the emulator. Never faked.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/dist";
import { builtCli } from "./support";

const cli = builtCli("npm run demo -- --mode cli");

/** Runs the demo with the built CLI first on PATH (asynchronously: nothing here blocks). */
const runDemo = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ["dist/scripts/demo/main.js", "--mode", "cli", ...args], {
            cwd: repoRoot,
            env: { ...process.env, PATH: `${cli}${path.delimiter}${process.env.PATH ?? ""}` },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
        const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
        child.on("close", (status) => {
            clearTimeout(timer);
            resolve({ status, stdout, stderr });
        });
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

describe.skipIf(!cli)("the real Pulumi CLI against the emulator", () => {
    it("ups, shows console drift on refresh, restores it, and destroys everything, writing nothing outside a temp dir", async () => {
        const run = await runDemo();
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

    it("cleans up after a failed run: no stack config in the repository, no temp dir left", async () => {
        const run = await runDemo("--manifest", "does-not-exist.yaml");
        const output = `${run.stdout}\n${run.stderr}`;
        expect(run.status, output).toBe(1);
        expect(output).toContain("Demo failed");
        expect(existsSync(path.join(repoRoot, "Pulumi.demo.yaml"))).toBe(false);
        const workDir = workDirOf(output);
        expect(workDir).toBeDefined();
        expect(existsSync(workDir!)).toBe(false);
    }, 320_000);
});
