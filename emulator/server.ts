/**
 * The HTTP layer: routing, the request pipeline (latency → fault → auth → rate limit → handler),
 * and the envelope. Business rules live in the command modules; this file decides only what
 * happens to a request before and after them.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { randomInt } from "node:crypto";
import type { AddressInfo } from "node:net";
import { TencentCode } from "../provider/tencent/codes";
import { ACCOUNT_CHECK_CALLS_PER_SECOND } from "../provider/tencent/wire";
import { type Route, route } from "./commands";
import type { CommandContext } from "./context";
import { CONTROL_PREFIX, type ControlTarget, handleControl, sendJson } from "./control";
import { ApiError, type Envelope, failEnvelope, okEnvelope } from "./envelope";
import type { FaultInjector } from "./faults";
import { type GuardSettings, type RequestFacts, refusal } from "./guard";
import type { ResolvedOptions } from "./options";
import { SlidingWindowLimiter } from "./ratelimit";
import type { EmulatorStats } from "./stats";
import type { Store } from "./store";
import { verifyUserSig } from "./usersig-verify";

/** Bodies beyond this are refused; real requests are a few KB at most, control bodies less. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Past this the rest of an oversized body is not even read: the connection is cut. */
const MAX_DRAINED_BYTES = 4 * MAX_BODY_BYTES;

const BAD_GATEWAY_HTML =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
    "<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n";

/** What the server answers from: the resolved options, the store, the faults and the counters. */
export interface ServerParts {
    options: ResolvedOptions;
    store: Store;
    faults: FaultInjector;
    stats: EmulatorStats;
    control: ControlTarget;
}

/**
 * The body as UTF-8, or its size when it is over MAX_BODY_BYTES: bytes past the limit are counted
 * and dropped, never kept, so the answer can still reach the client; "cut" when the body ran past
 * MAX_DRAINED_BYTES and the connection was destroyed.
 */
function readBody(req: IncomingMessage): Promise<{ text: string } | { oversize: number } | "cut"> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_BODY_BYTES) chunks.push(chunk);
            else if (size > MAX_DRAINED_BYTES) {
                req.socket.destroy();
                resolve("cut");
            }
        });
        req.on("end", () =>
            resolve(size > MAX_BODY_BYTES ? { oversize: size } : { text: Buffer.concat(chunks).toString("utf8") }),
        );
        req.on("error", reject);
    });
}

function sendEnvelope(res: ServerResponse, envelope: Envelope): void {
    const text = JSON.stringify(envelope);
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The HTTP side: routes each request, checks what the real service checks before the command
 * (SDKAppID, rate, admin, UserSig, body), injects faults and answers the envelope. `http` is the
 * Node server; `startEmulator` listens and stops it.
 */
export class EmulatorServer {
    readonly http: Server;
    private readonly limiter: SlidingWindowLimiter;
    private stopping = false;

    constructor(private readonly parts: ServerParts) {
        // The same clock as UserSig expiry, so tests can freeze time and count rejections exactly.
        this.limiter = new SlidingWindowLimiter(parts.options.callsPerSecond, parts.options.nowMs, {
            account_check: ACCOUNT_CHECK_CALLS_PER_SECOND,
        });
        this.http = createServer((req, res) => {
            this.onRequest(req, res).catch((error: unknown) => {
                parts.options.log(`internal error: ${(error as Error).stack ?? String(error)}`);
                if (!res.headersSent) sendEnvelope(res, failEnvelope(TencentCode.INTERNAL_ERROR));
                else res.destroy();
            });
        });
    }

    /** Requests still waiting out their latency are dropped instead of mutating state after the final save. */
    markStopping(): void {
        this.stopping = true;
    }

    private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const { options, faults, stats, control } = this.parts;
        const url = new URL(req.url ?? "/", "http://emulator.invalid");
        const isControl = url.pathname.startsWith(CONTROL_PREFIX);
        const refused = refusal(this.factsOf(req, isControl), this.guardSettings(), url.pathname);
        if (refused) {
            options.log(`refused ${req.method} ${url.pathname}: ${refused.error}`);
            return sendJson(res, refused.status, { error: `emulator: ${refused.error}` });
        }
        const read = await readBody(req);
        if (read === "cut") return;
        if (isControl) {
            if ("oversize" in read) {
                return sendJson(res, 413, {
                    error: `emulator: the body of ${req.method} ${url.pathname} is ${read.oversize} bytes; the limit is ${MAX_BODY_BYTES} bytes (4 MiB). Nothing was changed`,
                });
            }
            return handleControl(control, req, res, url.pathname, read.text);
        }
        const body = "text" in read ? read.text : undefined;
        if (options.latencyMs > 0) await sleep(options.latencyMs);
        if (this.stopping) {
            res.destroy();
            return;
        }
        // UNCERTAIN: what the gateway answers for a non-POST is undocumented; "wrong resource" fits.
        const target = req.method === "POST" ? route(url.pathname) : undefined;
        if (!target) return sendEnvelope(res, failEnvelope(TencentCode.WRONG_URL, `No API at ${req.method} ${url.pathname}.`));
        stats.calls[target.command]++;

        const fault = faults.next(target.command);
        if (fault) {
            stats.faultsInjected[fault.kind]++;
            options.log(`${target.command}: injecting fault ${fault.kind}${fault.kind === "code" ? ` ${fault.code}` : ""}`);
            switch (fault.kind) {
                case "drop":
                    req.socket.destroy();
                    return;
                case "http502":
                    res.writeHead(502, { "content-type": "text/html", "content-length": Buffer.byteLength(BAD_GATEWAY_HTML) });
                    res.end(BAD_GATEWAY_HTML);
                    return;
                case "code":
                    return sendEnvelope(res, failEnvelope(fault.code, "(injected by the emulator)"));
                case "lost-response":
                    break; // applied below, then the answer is thrown away
            }
        }

        const envelope = this.process(target, url.searchParams, body);
        options.log(`${target.command}: ${envelope.ErrorCode}${envelope.ErrorCode ? ` ${envelope.ErrorInfo}` : ""}`);
        if (fault?.kind === "lost-response") {
            req.socket.destroy();
            return;
        }
        sendEnvelope(res, envelope);
    }

    private factsOf(req: IncomingMessage, control: boolean): RequestFacts {
        const header = (name: string) => {
            const value = req.headers[name];
            return Array.isArray(value) ? value.join(", ") : value;
        };
        return {
            method: req.method ?? "",
            control,
            host: header("host"),
            origin: header("origin"),
            contentType: header("content-type"),
        };
    }

    private guardSettings(): GuardSettings {
        return { port: (this.http.address() as AddressInfo).port, allowRemote: this.parts.options.allowRemote };
    }

    /** Everything the real gateway checks before the command runs, in a plausible order, then the command. */
    private process(target: Route, params: URLSearchParams, bodyText: string | undefined): Envelope {
        const { options, stats, store } = this.parts;
        const sdkAppIdText = params.get("sdkappid");
        if (!sdkAppIdText) return failEnvelope(TencentCode.SDKAPPID_MISSING);
        // UNCERTAIN: a non-numeric sdkappid is reported as "invalid SDKAppID" rather than "not found".
        if (!/^\d+$/.test(sdkAppIdText))
            return failEnvelope(TencentCode.INVALID_SDKAPPID, `sdkappid "${sdkAppIdText}" is not a number.`);
        if (Number(sdkAppIdText) !== options.sdkAppId)
            return failEnvelope(TencentCode.SDKAPPID_NOT_FOUND, `SDKAppID ${sdkAppIdText} is unknown here.`);

        if (!this.limiter.tryAcquire(target.command)) {
            stats.rateLimited++;
            const limit =
                target.command === "account_check"
                    ? Math.min(options.callsPerSecond, ACCOUNT_CHECK_CALLS_PER_SECOND)
                    : options.callsPerSecond;
            return failEnvelope(TencentCode.RATE_LIMITED, `${target.command} allows ${limit} calls per second.`);
        }

        const identifier = params.get("identifier");
        // UNCERTAIN: the code for a missing identifier is undocumented; 60004 is "bad account in the URL".
        if (!identifier) return failEnvelope(TencentCode.BAD_ACCOUNT_OR_SIG, "identifier is missing from the URL.");
        const usersig = params.get("usersig");
        if (!usersig) return failEnvelope(TencentCode.USERSIG_UNPARSABLE, "usersig is missing from the URL.");
        const nowSeconds = Math.floor(options.nowMs() / 1000);
        const sig = verifyUserSig(usersig, { sdkAppId: options.sdkAppId, identifier, secretKey: options.secretKey, nowSeconds });
        if (!sig.ok) return failEnvelope(sig.code, sig.detail);
        if (!options.admins.includes(identifier))
            return failEnvelope(TencentCode.ADMIN_REQUIRED, `"${identifier}" is not an app admin.`);

        if (bodyText === undefined)
            return failEnvelope(TencentCode.INVALID_PACKET, `The body is larger than ${MAX_BODY_BYTES} bytes.`);
        let body: unknown;
        try {
            body = JSON.parse(bodyText);
        } catch {
            return failEnvelope(TencentCode.BODY_NOT_JSON);
        }
        if (typeof body !== "object" || body === null || Array.isArray(body)) {
            return failEnvelope(TencentCode.INVALID_PACKET, "The body must be a JSON object.");
        }
        if (target.officialChannel && !options.serviceEnabled) return failEnvelope(TencentCode.SERVICE_NOT_ENABLED);

        const ctx: CommandContext = {
            store,
            nowSeconds,
            maxChannels: options.maxChannels,
            reuseDestroyedIds: options.reuseDestroyedIds,
            deleteSubscriberReading: options.deleteSubscriberReading,
            random: () => randomInt(0, 2 ** 32) / 2 ** 32,
        };
        try {
            return okEnvelope(target.handler(body as Record<string, unknown>, ctx));
        } catch (error) {
            if (error instanceof ApiError) return failEnvelope(error.code, error.detail);
            throw error;
        }
    }
}
