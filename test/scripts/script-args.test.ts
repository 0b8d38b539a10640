/** What `npm run bench` and `npm run chaos` tell a user who passes a bad flag, as the scripts print it. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/dist";

function script(name: "bench" | "chaos", args: string[]) {
    const run = spawnSync(process.execPath, [path.join(repoRoot, `dist/scripts/${name}/main.js`), ...args], {
        encoding: "utf8",
        timeout: 20_000,
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("bench and chaos arguments", () => {
    it.each([
        ["bench", ["--n", "lots"], '--n must be a positive integer (got "lots")'],
        ["bench", ["--parallel", "0"], '--parallel must be a positive integer (got "0")'],
        ["bench", ["--latency=-5"], '--latency must be a non-negative integer (got "-5")'],
        ["chaos", ["--rate", "2"], '--rate must be between 0 and 1 (got "2")'],
        ["chaos", ["--budget", "0"], '--budget must be a positive number of ms (got "0")'],
        ["chaos", ["--seed", "1.5"], '--seed must be an integer (got "1.5")'],
        ["chaos", ["--bogus"], "Unknown option '--bogus'"],
    ] as const)("%s %j exits 2 with the problem and the usage", (name, args, message) => {
        const run = script(name, [...args]);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain(message);
        expect(run.stderr).toContain(`Usage: npm run ${name} --`);
        expect(run.stdout).toBe("");
    });

    it.each(["bench", "chaos"] as const)("%s --help prints the usage and exits 0 without running", (name) => {
        const run = script(name, ["--help"]);
        expect(run.status).toBe(0);
        expect(run.stdout).toMatch(new RegExp(`^Usage: npm run ${name} --`));
    });
});
