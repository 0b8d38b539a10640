/**
 * NODE_DEBUG=undici (or fetch, or websocket, or a wildcard) makes undici print every request URL, and
 * our URLs carry the admin UserSig: the provider's client and the CLI refuse to send anything. Node
 * reads NODE_DEBUG once at start-up, so the real check runs in child processes.
 */
import { spawn } from "node:child_process";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { EmulatorHandle } from "../../emulator/index";
import { urlLoggingProblem } from "../../provider/api/transport";
import { emulatorModule, repoRoot } from "../support/dist";
import { USERSIG_PATTERN } from "../support/secrets";

const CLI = path.join(repoRoot, "dist/provider/cli/main.js");
const CLIENT = path.join(repoRoot, "dist/provider/api/client.js");
const SECRET = "0123456789abcdef".repeat(4);

interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
}

let emulator: EmulatorHandle;

beforeAll(async () => {
    emulator = await emulatorModule.startEmulator({ users: ["u1"], secretKey: SECRET });
});
afterAll(async () => {
    await emulator?.stop();
});

function run(args: string[], nodeDebug: string | undefined): Promise<Run> {
    return new Promise((resolve, reject) => {
        const env = Object.fromEntries(
            Object.entries(process.env).filter(([key]) => !key.startsWith("TENCENT_CHAT_") && key !== "NODE_DEBUG"),
        );
        Object.assign(env, {
            TENCENT_CHAT_SDKAPPID: String(emulator.settings.sdkAppId),
            TENCENT_CHAT_SECRET_KEY: SECRET,
            TENCENT_CHAT_ENDPOINT: emulator.url,
            ...(nodeDebug === undefined ? {} : { NODE_DEBUG: nodeDebug }),
        });
        const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

/** What a provider operation does first: build the client from the settings, then call the API. */
const PROVIDER_SCRIPT = `
const { createChatClient } = require(${JSON.stringify(CLIENT)});
(async () => {
    const client = createChatClient({ sdkAppId: Number(process.env.TENCENT_CHAT_SDKAPPID), secretKey: process.env.TENCENT_CHAT_SECRET_KEY, endpoint: process.env.TENCENT_CHAT_ENDPOINT });
    const page = await client.getSubscribedChannels("u1");
    console.log("listed " + page.channels.length);
})().catch((error) => { console.error(error.message); process.exitCode = 1; });
`;

const REFUSAL = (value: string, sections: string) =>
    `NODE_DEBUG="${value}" turns on undici's debug log (${sections}), which prints every request URL, and every Tencent Chat request URL carries the admin's UserSig, a credential that stays valid for hours. pulumi-tencent-chat sends no request while it is set: remove undici, fetch and websocket (and any * pattern) from NODE_DEBUG and run again.`;

describe("NODE_DEBUG that would print request URLs", () => {
    it("the provider's client refuses to send, and nothing reaches the server", async () => {
        emulator.resetStats();
        const result = await run(["-e", PROVIDER_SCRIPT], "undici");
        expect(result.code).toBe(1);
        expect(result.stderr.trim()).toBe(REFUSAL("undici", "undici"));
        expect(result.stderr).not.toMatch(USERSIG_PATTERN);
        expect(result.stderr).not.toContain("usersig=");
        expect(Object.values(emulator.stats().calls).reduce((a, b) => a + b, 0)).toBe(0);
    });

    it("the CLI refuses too, with the same explanation", async () => {
        emulator.resetStats();
        const result = await run([CLI, "subscribed", "u1"], "fetch");
        expect(result.code).toBe(1);
        expect(result.stdout).toBe("");
        expect(result.stderr).toBe(`tencent-chat subscribed: ${REFUSAL("fetch", "fetch")}\n`);
        expect(Object.values(emulator.stats().calls).reduce((a, b) => a + b, 0)).toBe(0);
    });

    it("wildcards and mixed case count, as Node matches them", async () => {
        const result = await run(["-e", PROVIDER_SCRIPT], "net,UND*");
        expect(result.stderr.trim()).toBe(REFUSAL("net,UND*", "undici"));
    });

    it("other NODE_DEBUG sections are fine, and the call goes through without printing a UserSig", async () => {
        const result = await run(["-e", PROVIDER_SCRIPT], "net,tls");
        expect(result.stdout.trim()).toBe("listed 0");
        expect(result.code).toBe(0);
        expect(result.stderr).not.toMatch(USERSIG_PATTERN);
        expect(result.stderr).not.toContain("usersig=");
    });

    it.each(["undici", "websocket"])(
        "proves the danger: without the check, NODE_DEBUG=%s makes undici print the UserSig",
        async (section) => {
            // Plain undici with NODE_DEBUG=undici, the request line our client would send.
            const script = `
const { request } = require(require.resolve("undici", { paths: [${JSON.stringify(repoRoot)}] }));
request(process.env.TENCENT_CHAT_ENDPOINT + "/v4/x/y?usersig=eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oyAxxxxxxxxxxxx").then((r) => r.body.dump(), () => undefined);
`;
            const result = await run(["-e", script], section);
            expect(result.stderr).toContain("usersig=eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oyAxxxxxxxxxxxx");
        },
    );
});

describe("urlLoggingProblem (pure)", () => {
    it.each([
        [[], undefined],
        [["undici"], "undici"],
        [["fetch", "websocket"], "fetch, websocket"],
    ])("sections on %j → %s", (on, named) => {
        const problem = urlLoggingProblem((section) => (on as string[]).includes(section), on.join(","));
        if (named === undefined) expect(problem).toBeUndefined();
        else expect(problem).toContain(`turns on undici's debug log (${named})`);
    });

    it("echoes a hostile NODE_DEBUG value clipped and escaped", () => {
        const problem = urlLoggingProblem(() => true, `undici\x1b[31m${"x".repeat(500)}`);
        expect(problem).toMatch(/^NODE_DEBUG="undici\\x1b\[31mx+…" \(511 bytes in all\) turns on/);
    });
});
