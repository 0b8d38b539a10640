/**
 * `tencent-chat … | head -1` and `tencent-chat … > /dev/full`, as a shell runs them: the built CLI
 * in a child process whose stdout is a pipe closed before it writes, or the full device. It ends as
 * a Unix tool does (quietly with 141 at a closed pipe; one line on stderr and status 1 when the
 * bytes are refused), never with a Node stack trace.
 */
import { spawn, type StdioOptions } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/dist";

const CLI = path.join(repoRoot, "dist/provider/cli/main.js");

interface Ended {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** Runs the CLI; `close` names the pipes whose reading end is closed before the child can write. */
function run(args: string[], stdio: StdioOptions, close: Array<"stdout" | "stderr"> = []): Promise<Ended> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd: repoRoot, stdio });
        let stdout = "";
        let stderr = "";
        for (const name of ["stdout", "stderr"] as const) {
            const stream = child[name];
            if (stream === null) continue;
            // Closed at once: the child is still loading Node when the reader goes away.
            if (close.includes(name)) stream.destroy();
            else stream.on("data", (chunk) => (name === "stdout" ? (stdout += chunk) : (stderr += chunk)));
        }
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}

describe("tencent-chat when its output cannot be written", () => {
    it("ends quietly with status 141 when stdout is a pipe closed by its reader (| head)", async () => {
        const ended = await run(["schema"], ["ignore", "pipe", "pipe"], ["stdout"]);
        expect(ended).toEqual({ status: 141, stdout: "", stderr: "" });
    });

    it("ends quietly with status 141 when stderr is a closed pipe too", async () => {
        const ended = await run(["validate", "no-such-manifest.yaml"], ["ignore", "pipe", "pipe"], ["stdout", "stderr"]);
        expect(ended.status).toBe(141);
    });

    it.skipIf(!existsSync("/dev/full"))("says in one line on stderr that stdout is full (> /dev/full) and exits 1", async () => {
        const full = openSync("/dev/full", "w");
        try {
            const ended = await run(["schema"], ["ignore", full, "pipe"]);
            expect(ended.status).toBe(1);
            expect(ended.stderr).toBe(
                "tencent-chat: cannot write to stdout: no space left on device (ENOSPC); the output is incomplete.\n",
            );
        } finally {
            closeSync(full);
        }
    });

    it.skipIf(!existsSync("/dev/full"))("exits 1 without a word when stderr is the full device as well", async () => {
        const full = openSync("/dev/full", "w");
        try {
            const ended = await run(["schema"], ["ignore", full, full]);
            expect(ended.status).toBe(1);
        } finally {
            closeSync(full);
        }
    });
});

describe("tencent-chat emulator when its output cannot be written", () => {
    it("keeps serving after its stdout pipe is closed (a server must not die with its log reader)", async () => {
        const port = await new Promise<number>((resolve) => {
            const probe = createServer().listen(0, "127.0.0.1", () => {
                const { port: free } = probe.address() as AddressInfo;
                probe.close(() => resolve(free));
            });
        });
        const child = spawn(process.execPath, [CLI, "emulator", "--port", String(port)], {
            cwd: repoRoot,
            stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout!.destroy();
        child.stderr!.resume();
        const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
        try {
            let answered: number | undefined;
            for (let tries = 0; tries < 100 && answered === undefined; tries += 1) {
                answered = await fetch(`http://127.0.0.1:${port}/v4/nowhere`, { method: "POST" }).then(
                    (response) => response.status,
                    () => undefined,
                );
                if (answered === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
            }
            // The banner went to the closed pipe long before: the server is still there.
            expect(answered).toBeTypeOf("number");
            expect(child.exitCode).toBeNull();
        } finally {
            child.kill("SIGTERM");
        }
        expect(await exited).toBe(0);
    }, 20_000);
});
