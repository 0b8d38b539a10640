/**
 * What the client retries and what it says about it, against tiny purpose-built servers on
 * 127.0.0.1: a per-item transient code, a random backoff larger than the budget left, HTTP 429 with
 * and without Retry-After, an oversized answer, and failures before the request could be sent (a
 * TLS certificate that fails verification, a server that resets the handshake), which must not
 * count as "may have reached Tencent".
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer, get as httpsGet } from "node:https";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from "node:net";
import path from "node:path";

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { createChatClient } from "../../provider/api/client";
import { TencentChatError } from "../../provider/api/errors";
import { closeAllPools, retryAfterOf } from "../../provider/api/transport";
import type { ClientTuning } from "../../provider/api/types";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const KEY = "retries-test-secret-key-0123456789abcdef";
const NEWS = { channelId: "@TOA#_news", owner: "ops", name: "News" };

let server: Server;
let url: string;
let handler: Handler;
/** Request arrival times on the monotonic clock (ms) and their commands. */
let arrivals: Array<{ at: number; command: string }> = [];

beforeAll(async () => {
    server = createServer((req, res) => {
        req.resume();
        req.on("end", () => {
            arrivals.push({ at: performance.now(), command: new URL(req.url ?? "/", "http://x").pathname.split("/").pop()! });
            handler(req, res);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
    vi.restoreAllMocks();
    arrivals = [];
    await closeAllPools();
    server.closeAllConnections();
});
afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
});

function client(tuning: ClientTuning, endpoint = url) {
    return createChatClient({ sdkAppId: 1400000000, secretKey: KEY, endpoint, callsPerSecond: 0, ...tuning });
}

async function failure(promise: Promise<unknown>): Promise<TencentChatError> {
    const error = await promise.then(
        () => {
            throw new Error("expected the call to fail");
        },
        (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TencentChatError);
    return error as TencentChatError;
}

const json = (res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
};
const busy = (res: ServerResponse) => json(res, { ActionStatus: "FAIL", ErrorCode: 60008, ErrorInfo: "busy" });

describe("a per-item transient code", () => {
    it("says it was not retried, and was not", async () => {
        handler = (_req, res) =>
            json(res, {
                ActionStatus: "OK",
                ErrorCode: 0,
                OfficialAccountInfoList: [{ Official_Account: "@TOA#_news", ErrorCode: 60008, ErrorInfo: "busy" }],
            });
        const [lookup] = await client({ retryBudgetMs: 5_000 }).getChannels(["@TOA#_news"]);
        const error = (lookup as { error: unknown }).error as TencentChatError;
        // Before: "… Transient; retried automatically. …" after one request.
        expect(error.message).toBe(
            'get_official_account_info for "@TOA#_news" failed: Tencent error 60008 (timeout or malformed HTTP request): busy. ' +
                "Tencent failed this item alone while answering the rest, and the client does not retry single items: " +
                "run the command again; if it persists, check the Tencent Cloud status page.",
        );
        expect(arrivals).toHaveLength(1);
    });
});

describe("backoff and the budget", () => {
    it("cuts a random backoff larger than the budget left, so the retry still happens", async () => {
        handler = (_req, res) => busy(res);
        // Every draw is the largest: a backoff of ~60 s against a 3,000 ms budget. (The room a
        // retry needs is measured from how long an attempt took; 3 s keeps a loaded CI stage, whose
        // event loop can stall for hundreds of milliseconds, from leaving no room at all.)
        vi.spyOn(Math, "random").mockReturnValue(0.999);
        const started = performance.now();
        const error = await failure(
            client({ retryBudgetMs: 3_000, retryBaseMs: 60_000, retryMaxDelayMs: 60_000 }).destroyChannel("@TOA#_x"),
        );
        const elapsed = performance.now() - started;
        // Before: 1 attempt, then "Stopped retrying with 2,99x ms of the 3,000 ms retry budget left, too
        // little for another attempt" — there was room, only the draw was too large.
        expect(error.attempts).toBeGreaterThanOrEqual(2);
        // On a loaded machine the budget can cut the last attempt while its request is still on
        // the way; the server records it a moment later (and it must not land in the next test).
        await vi.waitFor(() => expect(arrivals.length).toBe(error.attempts), { timeout: 3_000 });
        expect(elapsed).toBeLessThan(3_000 + 500);
        // The retry waited out the budget's spare room: it arrived late in the budget, not at once.
        // Which reason ends the call depends on the machine's speed: no room for another attempt, or
        // the budget's end cutting the last one short; both are true statements.
        expect(arrivals[1]!.at - arrivals[0]!.at).toBeGreaterThan(300);
        expect(error.message).toMatch(
            /^destroy_official_account failed after \d+ attempts: Tencent error 60008 \(timeout or malformed HTTP request\): busy\. Transient on Tencent's side\. If it persists, check the Tencent Cloud status page and try again later\. (Stopped retrying with [\d,]+ ms of the 3,000 ms retry budget left, too little for another attempt \(the last attempt took [\d,]+ ms\)|The 3,000 ms retry budget ran out during attempt \d+); raise tencent-chat:retryBudgetMs \(TENCENT_CHAT_RETRY_BUDGET_MS\) to keep trying longer\.$/,
        );
    });
});

describe("HTTP 429", () => {
    it("is retried after the Retry-After the server asked for", async () => {
        handler = (_req, res) =>
            arrivals.length === 1
                ? json(res, { message: "slow down" }, 429, { "retry-after": "1" })
                : json(res, { ActionStatus: "OK", ErrorCode: 0 });
        const logs: string[] = [];
        await client({ retryBudgetMs: 5_000, log: (line) => logs.push(line) }).destroyChannel("@TOA#_x");
        expect(arrivals).toHaveLength(2);
        expect(arrivals[1]!.at - arrivals[0]!.at).toBeGreaterThanOrEqual(990);
        expect(logs).toEqual(["destroy_official_account: attempt 1 failed (HTTP 429); retrying in 1000 ms (Retry-After)"]);
    });

    it("stops at once when Retry-After asks for more than the budget has, and says so", async () => {
        handler = (_req, res) => json(res, { message: "slow down" }, 429, { "retry-after": "120" });
        const error = await failure(client({ retryBudgetMs: 2_000 }).createChannel(NEWS));
        expect(arrivals).toHaveLength(1);
        // Rate limiting is refused before processing: the create was not applied.
        expect(error.ambiguous).toBe(false);
        expect(error.httpStatus).toBe(429);
        // Before: "HTTP 429 from …. Check tencent-chat:endpoint / tencent-chat:region." and no retry.
        expect(error.message).toMatch(
            new RegExp(
                `^create_official_account failed: HTTP 429 \\(too many requests\\) from ${url.replace(/\./g, "\\.")}: the API is limiting this app's request rate\\. ` +
                    "Tencent refused the call before processing it\\. Lower `pulumi up --parallel`, or tencent-chat:callsPerSecond \\(TENCENT_CHAT_CALLS_PER_SECOND\\) when other programs call the same app, and try again later\\. " +
                    "Stopped retrying: Tencent asked to wait 120,000 ms \\(Retry-After\\), more than the [\\d,]+ ms left of the 2,000 ms retry budget; raise tencent-chat:retryBudgetMs \\(TENCENT_CHAT_RETRY_BUDGET_MS\\) to keep trying longer\\.$",
            ),
        );
    });

    it("without Retry-After is retried with backoff like the rate-limit codes", async () => {
        handler = (_req, res) => (arrivals.length < 3 ? json(res, {}, 429) : json(res, { ActionStatus: "OK", ErrorCode: 0 }));
        await client({ retryBudgetMs: 5_000, retryBaseMs: 5, retryMaxDelayMs: 10 }).destroyChannel("@TOA#_x");
        expect(arrivals).toHaveLength(3);
    });

    it("reads Retry-After as seconds or an HTTP date, and ignores what it cannot read", () => {
        const now = Date.parse("2026-12-03T12:00:00Z");
        expect(retryAfterOf("3", now)).toBe(3_000);
        expect(retryAfterOf("Thu, 03 Dec 2026 12:00:05 GMT", now)).toBe(5_000);
        expect(retryAfterOf("Thu, 03 Dec 2026 11:00:00 GMT", now)).toBe(0);
        expect(retryAfterOf("99999999999999", now)).toBe(86_400_000);
        expect(retryAfterOf("soon", now)).toBeUndefined();
        expect(retryAfterOf(undefined, now)).toBeUndefined();
    });
});

describe("failures before the request was sent", () => {
    const fixtures = path.join(__dirname, "fixtures");
    let tls: ReturnType<typeof createTlsServer>;
    let tlsUrl: string;
    let resetter: TcpServer;
    let resetUrl: string;
    let handshakes = 0;

    beforeAll(async () => {
        // A self-signed certificate for 127.0.0.1 (test only; generated once with openssl, as Node
        // cannot make one): the client must refuse it like any certificate it cannot verify.
        tls = createTlsServer(
            {
                key: readFileSync(path.join(fixtures, "self-signed-test.key")),
                cert: readFileSync(path.join(fixtures, "self-signed-test.crt")),
            },
            (_req, res) => json(res, { ActionStatus: "OK", ErrorCode: 0, OfficialAccountUserID: "@TOA#_news" }),
        );
        await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
        tlsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
        // A plain TCP server that resets every connection at once, in the middle of the TLS handshake.
        resetter = createTcpServer((socket) => {
            handshakes += 1;
            socket.resetAndDestroy();
        });
        await new Promise<void>((resolve) => resetter.listen(0, "127.0.0.1", resolve));
        resetUrl = `https://127.0.0.1:${(resetter.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
        await new Promise((resolve) => tls.close(resolve));
        await new Promise((resolve) => resetter.close(resolve));
    });

    it("a certificate that fails verification: the create never reached Tencent, and the message says so", async () => {
        const error = await failure(client({ retryBudgetMs: 1_000 }, tlsUrl).createChannel(NEWS));
        // Before: ambiguous (a "lost create attempt") and "Check connectivity to …. The request may have reached Tencent …".
        expect(error.ambiguous).toBe(false);
        expect(error.attempts).toBe(1);
        // Node's own text for the failure, which the message quotes: Node 24 adds a hint to Node 20's.
        const nodeText = await new Promise<string>((resolve) => {
            httpsGet(tlsUrl, () => resolve("no error")).on("error", (e) => resolve(e.message));
        });
        expect(nodeText).toMatch(
            /^self-signed certificate(; if the root CA is installed locally, try running Node\.js with --use-system-ca)?$/,
        );
        expect(error.message).toBe(
            `create_official_account failed: network error (DEPTH_ZERO_SELF_SIGNED_CERT: ${nodeText}). ` +
                `The TLS certificate of ${tlsUrl} could not be verified: check tencent-chat:endpoint / tencent-chat:region, ` +
                "and, when a proxy on this network intercepts TLS, give Node its CA (NODE_EXTRA_CA_CERTS). " +
                "The request never reached Tencent: the connection failed before it was sent.",
        );
    });

    it("a reset during the handshake is retried and never counts as possibly applied", async () => {
        handshakes = 0;
        const error = await failure(
            client({ retryBudgetMs: 300, retryBaseMs: 5, retryMaxDelayMs: 10 }, resetUrl).createChannel(NEWS),
        );
        expect(error.attempts).toBeGreaterThan(1);
        expect(handshakes).toBe(error.attempts);
        expect(error.ambiguous).toBe(false);
        expect(error.message).toMatch(
            new RegExp(
                `^create_official_account failed after \\d+ attempts: network error \\(ECONNRESET: [^)]*\\)\\. Check connectivity to ${resetUrl.replace(/\./g, "\\.")}\\. ` +
                    "The request never reached Tencent: the connection failed before it was sent\\. ",
            ),
        );
    });

    it("a reset after the request was read still counts as possibly applied", async () => {
        handler = (req) => req.socket.resetAndDestroy();
        const error = await failure(client({ retryBudgetMs: 0 }).createChannel(NEWS));
        expect(arrivals).toHaveLength(1);
        expect(error.ambiguous).toBe(true);
        expect(error.message).toContain("The request may have reached Tencent before the connection failed.");
    });
});
