/**
 * Every call ends (issue 9, case 5): a loopback server that sends headers and then trickles its body
 * a byte at a time never trips undici's idle timers, so only the overall request deadline and the
 * operation's retry budget stop it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createChatClient } from "../../provider/api/client";
import { TencentChatError } from "../../provider/api/errors";
import { closeAllPools, MAX_RESPONSE_BYTES, TRANSPORT_DEFAULTS } from "../../provider/api/transport";
import { resolveTuning } from "../../provider/config";
import type { ClientTuning } from "../../provider/api/types";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const KEY = "deadline-test-secret-key-0123456789abcdef";
const TRICKLE_MS = 150;

let server: Server;
let url: string;
let handler: Handler;
/** Request arrival times (ms since the test's start), to show when each attempt was sent. */
let arrivals: number[] = [];
let t0 = 0;
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
    server = createServer((req, res) => {
        req.resume();
        req.on("end", () => {
            arrivals.push(Date.now() - t0);
            handler(req, res);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
    for (const timer of timers) clearInterval(timer);
    timers.clear();
    // Drop the client's keep-alive sockets too, so no test starts on a socket the server just closed.
    await closeAllPools();
    server.closeAllConnections();
});
afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
});

/** Headers at once, then one byte of a valid-looking JSON body every TRICKLE_MS, for ever. */
const trickle: Handler = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write("{");
    const timer = setInterval(() => res.write(" "), TRICKLE_MS);
    timers.add(timer);
    res.on("close", () => {
        clearInterval(timer);
        timers.delete(timer);
    });
};

function client(tuning: ClientTuning) {
    return createChatClient({ sdkAppId: 1400000000, secretKey: KEY, endpoint: url, callsPerSecond: 0, ...tuning });
}

async function timed(promise: Promise<unknown>): Promise<{ error: TencentChatError; elapsed: number }> {
    const started = Date.now();
    const error = await promise.then(
        () => {
            throw new Error("expected the call to fail");
        },
        (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TencentChatError);
    return { error: error as TencentChatError, elapsed: Date.now() - started };
}

/** Answers every request with a transient 60008 after `ms`, counting the requests. */
function busyAfter(ms: number): { handler: Handler; calls: () => number } {
    let calls = 0;
    const handler: Handler = (_req, res) => {
        calls += 1;
        setTimeout(() => {
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify({ ActionStatus: "FAIL", ErrorCode: 60008, ErrorInfo: "" }));
        }, ms);
    };
    return { handler, calls: () => calls };
}

describe("request deadline", () => {
    it("ends a trickling response at the deadline with a clear error naming the setting", async () => {
        handler = trickle;
        t0 = Date.now();
        const { error, elapsed } = await timed(client({ requestTimeoutMs: 800, retryBudgetMs: 0 }).getChannels(["@TOA#_news"]));
        // Before: still running after 150 s (undici's bodyTimeout is an idle timer the trickle resets).
        expect(elapsed).toBeGreaterThanOrEqual(790);
        expect(elapsed).toBeLessThan(800 + 700);
        expect(error.code).toBeUndefined();
        expect(error.attempts).toBe(1);
        expect(error.ambiguous).toBe(true);
        expect(error.message).toMatch(
            new RegExp(
                `^get_official_account_info failed: no complete response from http://127\\.0\\.0\\.1:\\d+ within the 800 ms request deadline ` +
                    `\\(the response had started but its body was still arriving\\)\\. ` +
                    `On a slow link raise tencent-chat:requestTimeoutMs \\(TENCENT_CHAT_REQUEST_TIMEOUT_MS; now 800 ms\\)\\. ` +
                    `The request may have reached Tencent before it was abandoned\\. ` +
                    `Not retried: tencent-chat:retryBudgetMs \\(TENCENT_CHAT_RETRY_BUDGET_MS\\) is 0\\.$`,
            ),
        );
        expect(error.message).not.toContain(KEY);
        expect(error.message).not.toMatch(/usersig=(?!<redacted>)/i);
    });

    it("ends a response whose headers never come", async () => {
        handler = () => undefined;
        const { error, elapsed } = await timed(client({ requestTimeoutMs: 300, retryBudgetMs: 0 }).destroyChannel("@TOA#_x"));
        expect(elapsed).toBeLessThan(300 + 700);
        expect(error.message).toContain("within the 300 ms request deadline (no response had started)");
    });

    it("is not ambiguous when the deadline passed while connecting: the request was never written", async () => {
        // A TCP listener that never answers the TLS ClientHello: the attempt is stuck in connect.
        const sockets = new Set<Socket>();
        const silent = createNetServer((socket) => {
            sockets.add(socket);
            socket.on("error", () => undefined);
        });
        await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
        const endpoint = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
        try {
            const hung = createChatClient({
                sdkAppId: 1400000000,
                secretKey: KEY,
                endpoint,
                callsPerSecond: 0,
                requestTimeoutMs: 300,
                retryBudgetMs: 0,
            });
            const { error, elapsed } = await timed(hung.createChannel({ channelId: "@TOA#_x", owner: "ops", name: "X" }));
            // Before: 10.6 s, undici's connect timeout; the abort did not end a pending connect.
            expect(elapsed).toBeLessThan(300 + 700);
            // Before: ambiguous, "may have reached Tencent", though no byte of the request had left.
            expect(error.ambiguous).toBe(false);
            expect(error.message).toContain(
                "within the 300 ms request deadline (the connection was still being set up; the request was not sent)",
            );
            expect(error.message).not.toContain("may have reached Tencent");
        } finally {
            for (const socket of sockets) socket.destroy();
            await new Promise((resolve) => silent.close(resolve));
        }
    });

    it("is not ambiguous when the budget cuts a retry that was still connecting", async () => {
        // The first connection is reset at once (a prompt failure, nothing sent); later ones hang in
        // the TLS handshake, so the retry runs into the end of the budget while connecting.
        const sockets = new Set<Socket>();
        let connections = 0;
        const flaky = createNetServer((socket) => {
            connections += 1;
            socket.on("error", () => undefined);
            if (connections === 1) return void socket.resetAndDestroy();
            sockets.add(socket);
        });
        await new Promise<void>((resolve) => flaky.listen(0, "127.0.0.1", resolve));
        const endpoint = `https://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
        try {
            const cut = createChatClient({
                sdkAppId: 1400000000,
                secretKey: KEY,
                endpoint,
                callsPerSecond: 0,
                requestTimeoutMs: 5_000,
                retryBudgetMs: 400,
                retryBaseMs: 1,
                retryMaxDelayMs: 1,
            });
            const { error, elapsed } = await timed(cut.createChannel({ channelId: "@TOA#_x", owner: "ops", name: "X" }));
            expect(error.attempts).toBe(2);
            expect(elapsed).toBeLessThan(400 + 700);
            expect(error.message).toContain("The 400 ms retry budget ran out during attempt 2");
            // Before: ambiguous, as every budget cut was, though the retry never left this machine.
            expect(error.ambiguous).toBe(false);
        } finally {
            for (const socket of sockets) socket.destroy();
            await new Promise((resolve) => flaky.close(resolve));
        }
    });

    it("refuses a response body larger than the cap instead of buffering it", async () => {
        handler = (_req, res) => {
            res.writeHead(200, { "content-type": "application/json" });
            const chunk = Buffer.alloc(1024 * 1024, 0x20);
            let sent = 0;
            const pump = () => {
                while (sent <= MAX_RESPONSE_BYTES + chunk.length) {
                    sent += chunk.length;
                    if (!res.write(chunk)) return void res.once("drain", pump);
                }
                res.end();
            };
            res.on("error", () => undefined);
            pump();
        };
        const { error } = await timed(client({ requestTimeoutMs: 5_000, retryBudgetMs: 0 }).destroyChannel("@TOA#_x"));
        // Before: "response body is larger than 8,388,608 bytes … this is a bug in pulumi-tencent-chat …, please report it".
        expect(error.message).toBe(
            `destroy_official_account failed: the server at ${url} sent more than 8,388,608 bytes in answer (Tencent's largest answers are about 1 MB), so the client stopped reading. ` +
                "Check that tencent-chat:endpoint / tencent-chat:region reaches Tencent's REST API, not another service or a proxy. " +
                "The server answered, so whether it applied the call is unknown: read the channel back (`pulumi refresh`) before running it again.",
        );
        expect(error.ambiguous).toBe(true);
    });
});

describe("retry budget", () => {
    it("retries a timed-out attempt only while a full deadline still fits, and ends by the budget", async () => {
        handler = trickle;
        t0 = Date.now();
        arrivals = [];
        // 400 ms per attempt, 1100 ms in all: attempt 2 starts at ~400 ms and fits (ends ~800 ms);
        // attempt 3 would end at ~1200 ms > 1100 ms, so it never starts.
        const { error, elapsed } = await timed(
            client({ requestTimeoutMs: 400, retryBudgetMs: 1_100, retryBaseMs: 5, retryMaxDelayMs: 10 }).destroyChannel(
                "@TOA#_x",
            ),
        );
        expect(error.attempts).toBe(2);
        expect(arrivals).toHaveLength(2);
        expect(elapsed).toBeLessThan(1_100 + 500);
        expect(error.message).toMatch(
            /^destroy_official_account failed after 2 attempts: no complete response from http:\/\/127\.0\.0\.1:\d+ within the 400 ms request deadline \(the response had started but its body was still arriving\)\. On a slow link raise tencent-chat:requestTimeoutMs \(TENCENT_CHAT_REQUEST_TIMEOUT_MS; now 400 ms\)\. The request may have reached Tencent before it was abandoned\. Stopped retrying with \d+ ms of the 1,100 ms retry budget left, too little for another attempt \(a retry after a timeout needs the full 400 ms request deadline\); raise tencent-chat:retryBudgetMs \(TENCENT_CHAT_RETRY_BUDGET_MS\) to keep trying longer\.$/,
        );
    });

    it("keeps retrying fast transient failures inside a small budget and stops before it is spent", async () => {
        handler = (_req, res) => {
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify({ ActionStatus: "FAIL", ErrorCode: 60008, ErrorInfo: "timeout" }));
        };
        const { error, elapsed } = await timed(
            client({ retryBudgetMs: 300, retryBaseMs: 10, retryMaxDelayMs: 40 }).destroyChannel("@TOA#_x"),
        );
        expect(error.code).toBe(60008);
        expect(error.attempts).toBeGreaterThan(2);
        expect(elapsed).toBeLessThan(300 + 300);
        // Either no retry fitted any more, or the budget cut the last one short; the error is still the 60008.
        expect(error.message).toMatch(
            /^destroy_official_account failed after \d+ attempts: Tencent error 60008 \(timeout or malformed HTTP request\): timeout\. Transient on Tencent's side\. If it persists, check the Tencent Cloud status page and try again later\. (Stopped retrying with \d+ ms of the 300 ms retry budget left, too little for another attempt \(the last attempt took \d+ ms\)|The 300 ms retry budget ran out during attempt \d+); raise tencent-chat:retryBudgetMs \(TENCENT_CHAT_RETRY_BUDGET_MS\) to keep trying longer\.$/,
        );
    });

    it("cuts a retry at the end of the budget and reports what was really failing", async () => {
        let calls = 0;
        handler = (req, res) => {
            calls += 1;
            if (calls > 1) return trickle(req, res);
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify({ ActionStatus: "FAIL", ErrorCode: 60008, ErrorInfo: "busy" }));
        };
        // The retry starts at once with the ~600 ms left as its deadline (not the 10 s request deadline).
        const { error, elapsed } = await timed(
            client({ requestTimeoutMs: 10_000, retryBudgetMs: 600, retryBaseMs: 5, retryMaxDelayMs: 10 }).destroyChannel(
                "@TOA#_x",
            ),
        );
        expect(elapsed).toBeLessThan(600 + 500);
        expect(error.code).toBe(60008);
        expect(error.ambiguous).toBe(true);
        expect(error.message).toBe(
            "destroy_official_account failed after 2 attempts: Tencent error 60008 (timeout or malformed HTTP request): busy. Transient on Tencent's side. If it persists, check the Tencent Cloud status page and try again later. The 600 ms retry budget ran out during attempt 2; raise tencent-chat:retryBudgetMs (TENCENT_CHAT_RETRY_BUDGET_MS) to keep trying longer.",
        );
    });

    it("starts no retry with less room than the failed attempt took (it would be cut off, yet might be applied)", async () => {
        const busy = busyAfter(200);
        handler = busy.handler;
        // The first answer takes ~200 ms; about 100 ms of the budget is left: too little for a second.
        const { error } = await timed(
            client({ retryBudgetMs: 300, retryBaseMs: 1, retryMaxDelayMs: 1 }).destroyChannel("@TOA#_x"),
        );
        expect(busy.calls()).toBe(1);
        expect(error.attempts).toBe(1);
        expect(error.code).toBe(60008);
        expect(error.message).toMatch(
            /Stopped retrying with [\d,]+ ms of the 300 ms retry budget left, too little for another attempt/,
        );
    });

    it("never retries when the budget is 0, but still sends once with the full deadline", async () => {
        const busy = busyAfter(50);
        handler = busy.handler;
        const { error } = await timed(client({ retryBudgetMs: 0, requestTimeoutMs: 2_000 }).destroyChannel("@TOA#_x"));
        expect(error.message).toBe(
            "destroy_official_account failed: Tencent error 60008 (timeout or malformed HTTP request). Transient on Tencent's side. If it persists, check the Tencent Cloud status page and try again later. Not retried: tencent-chat:retryBudgetMs (TENCENT_CHAT_RETRY_BUDGET_MS) is 0.",
        );
        expect(error.code).toBe(60008);
        expect(busy.calls()).toBe(1);
    });

    it("rejects deadlines that cannot work, naming the setting", () => {
        expect(() => client({ requestTimeoutMs: 0 })).toThrow(
            "tencent-chat:requestTimeoutMs must be a positive number of milliseconds (got 0).",
        );
        expect(() => client({ retryBudgetMs: Number.NaN })).toThrow(
            "tencent-chat:retryBudgetMs must be a non-negative number of milliseconds (got NaN).",
        );
    });
});

describe("deadline settings", () => {
    it("documents its defaults", () => {
        expect(TRANSPORT_DEFAULTS.requestTimeoutMs).toBe(15_000);
        expect(TRANSPORT_DEFAULTS.retryBudgetMs).toBe(60_000);
    });

    it("are read from stack config first, then the environment", () => {
        expect(
            resolveTuning(() => undefined, { TENCENT_CHAT_REQUEST_TIMEOUT_MS: "45000", TENCENT_CHAT_RETRY_BUDGET_MS: "180000" }),
        ).toEqual({
            requestTimeoutMs: 45_000,
            retryBudgetMs: 180_000,
        });
        const config: Record<string, string> = { "tencent-chat:requestTimeoutMs": "30000" };
        expect(resolveTuning((key) => config[key], { TENCENT_CHAT_REQUEST_TIMEOUT_MS: "45000" })).toEqual({
            requestTimeoutMs: 30_000,
        });
        expect(() => resolveTuning(() => undefined, { TENCENT_CHAT_REQUEST_TIMEOUT_MS: "soon" })).toThrow(
            /requestTimeoutMs must be a whole number of milliseconds from 100 to 600,000 \(got "soon"\)/,
        );
    });
});
