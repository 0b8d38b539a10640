/**
 * One REST call to Tencent Chat: URL with a cached UserSig, paced POST over a shared keep-alive
 * pool, zod-checked envelope, and the retry policy (transient codes, network errors and 5xx with
 * full-jitter backoff inside a time budget; 70001 → fresh UserSig, one retry; everything else fails
 * at once). Everything that leaves this module is redacted.
 *
 * Every call ends: each attempt has one overall deadline that covers connecting, the headers and the
 * whole body (undici's own timers are idle timers, so a server trickling a byte every few seconds
 * would never trip them), and retries start only while the operation's budget has room for them.
 */
import { randomInt } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

import type { z } from "zod";

import { TencentChatError, sanitizeCause } from "./errors";
import { redact } from "../tencent/redact";
import { bucketFor, DEFAULT_CALLS_PER_SECOND, type Pacer } from "./ratelimit";
import { userSigCache, type UserSigCache } from "./usersig";
import { isWatched, watchSend } from "./sent";
import { outcomeOfBody, summarize } from "./body";
import {
    describeOutcome,
    mayHaveApplied,
    networkCode,
    NOT_SENT_CODES,
    recoveryOf,
    retryAfterOf,
    type Failure,
    type Outcome,
} from "./failures";
import { failedToConnect, poolFor, UNDICI_BACKSTOP_MS } from "./pools";
import { assertNoUrlLogging } from "./url-logging";
import { failureError, outOfBudget, type StopReason, type TextContext } from "./failure-text";

// What the transport's users import from here, wherever it lives now (split by concern).
export { envelopeSchema, type Envelope } from "./envelope";
export { assertNoUrlLogging, urlLoggingProblem, URL_LOGGING_SECTIONS } from "./url-logging";
export { closeAllPools, MAX_RESPONSE_BYTES } from "./pools";
export { retryAfterOf } from "./failures";

/**
 * How a {@link Transport} reaches Tencent and how patient it is; the tuning fields default to
 * {@link TRANSPORT_DEFAULTS} (ClientTuning documents each).
 */
export interface TransportOptions {
    baseUrl: string;
    sdkAppId: number;
    admin: string;
    secretKey: string;
    callsPerSecond?: number;
    retryBudgetMs?: number;
    retryBaseMs?: number;
    retryMaxDelayMs?: number;
    requestTimeoutMs?: number;
    userSigTtlSeconds?: number;
    log?: (line: string) => void;
    /** Injectable for tests; defaults to the process-wide cache. */
    sigCache?: UserSigCache;
}

/** The defaults of the transport's tuning (ms, calls per second, seconds for the UserSig). */
export const TRANSPORT_DEFAULTS = {
    callsPerSecond: DEFAULT_CALLS_PER_SECOND,
    // Room for the first attempt and three more at the full request deadline: a stalled Tencent
    // gateway costs a `pulumi up` at most a minute per call, not for ever (README "Deadlines").
    retryBudgetMs: 60_000,
    retryBaseMs: 100,
    retryMaxDelayMs: 5_000,
    // Tencent answers in well under a second; the largest answer (200 subscribers with 3,000-byte
    // CustomStrings, about 650 KB) needs under 10 s even at 1 Mbit/s. 15 s leaves room for a slow
    // link and still ends a stalled response quickly.
    requestTimeoutMs: 15_000,
    userSigTtlSeconds: 86_400,
} as const;

/** What a clamped backoff leaves of the budget's spare room for a late timer. */
const TIMER_SLACK_MS = 100;
/** What one call has been through so far. */
interface CallRun {
    readonly command: string;
    attempts: number;
    /** True once an attempt may have been applied by the server. */
    ambiguous: boolean;
    /** An expired UserSig is renewed once per call. */
    renewedSig: boolean;
    /** The last real failure, reported when the budget runs out (not the artificial cut-off of a clamped retry). */
    lastFailure: Failure | undefined;
}

/**
 * The retry budget of one call, on the monotonic clock. It starts when the first attempt is sent:
 * the budget bounds retrying, not the wait for the first pacing slot. Waits for pacing slots before
 * retries do not count either: they are bounded by the pace itself, and a retry queued behind a
 * large program's calls must not lose its budget to them.
 */
class RetryClock {
    /**
     * What the next attempt needs from the budget to be worth starting. After a timeout, a full
     * request deadline: a server that did not answer within it is not expected to answer faster.
     * After a prompt failure, as long as that failure took: a retry with less room would be cut
     * off before the server could answer, and might still be applied (ambiguous for nothing).
     * The retry's deadline is then what the budget has left.
     */
    needMs = 0;
    private started: number | undefined;
    private pacedMs = 0;

    constructor(private readonly budgetMs: number) {}

    /** Waits for `pacer`'s next slot and returns when it came (ms, performance.now()). */
    async slot(pacer: Pacer): Promise<number> {
        const queued = performance.now();
        await pacer.acquire();
        const now = performance.now();
        if (this.started === undefined) this.started = now;
        else this.pacedMs += now - queued;
        return now;
    }

    /** What the budget has left now, in ms (negative once overspent). */
    leftMs(): number {
        return this.budgetMs - (performance.now() - (this.started ?? performance.now()) - this.pacedMs);
    }

    /** Whether an attempt with `leftMs` of budget is worth starting. */
    fits(leftMs: number): boolean {
        return leftMs > 0 && leftMs >= this.needMs;
    }
}

// ---------------------------------------------------------------------------------------------

/**
 * Sends the REST calls of one client: builds the URL with a cached UserSig, paces, enforces the
 * per-request deadline and the retry budget, and turns every failure into a {@link TencentChatError}
 * (see the module comment). Clients share the connection pools and paces; a Transport holds only
 * settings and call counts.
 */
export class Transport {
    /** HTTP attempts per command, retries included. */
    readonly counts = new Map<string, number>();
    private readonly origin: string;
    private readonly basePath: string;
    private readonly settings: Required<Omit<TransportOptions, "log" | "sigCache">>;
    private readonly sigCache: UserSigCache;
    private readonly logSink: ((line: string) => void) | undefined;

    constructor(options: TransportOptions) {
        assertNoUrlLogging();
        for (const key of ["requestTimeoutMs", "retryBudgetMs"] as const) {
            const value = options[key];
            const valid = value === undefined || (Number.isFinite(value) && (key === "retryBudgetMs" ? value >= 0 : value > 0));
            if (!valid)
                throw new Error(
                    `tencent-chat:${key} must be a ${key === "retryBudgetMs" ? "non-negative" : "positive"} number of milliseconds (got ${String(value)}).`,
                );
        }
        const url = new URL(options.baseUrl);
        this.origin = url.origin;
        this.basePath = url.pathname.replace(/\/+$/, "");
        this.settings = {
            baseUrl: options.baseUrl,
            sdkAppId: options.sdkAppId,
            admin: options.admin,
            secretKey: options.secretKey,
            callsPerSecond: options.callsPerSecond ?? TRANSPORT_DEFAULTS.callsPerSecond,
            retryBudgetMs: options.retryBudgetMs ?? TRANSPORT_DEFAULTS.retryBudgetMs,
            retryBaseMs: options.retryBaseMs ?? TRANSPORT_DEFAULTS.retryBaseMs,
            retryMaxDelayMs: options.retryMaxDelayMs ?? TRANSPORT_DEFAULTS.retryMaxDelayMs,
            requestTimeoutMs: options.requestTimeoutMs ?? TRANSPORT_DEFAULTS.requestTimeoutMs,
            userSigTtlSeconds: options.userSigTtlSeconds ?? TRANSPORT_DEFAULTS.userSigTtlSeconds,
        };
        this.sigCache = options.sigCache ?? userSigCache;
        this.logSink = options.log;
    }

    /** Masks the current UserSig, every `usersig=` value and this client's SecretKey. */
    redact(text: string): string {
        return redact(text, [this.settings.secretKey]);
    }

    /**
     * POSTs `body` to `{service}/{command}` and returns the response parsed with `schema` once the
     * envelope says ErrorCode 0. Throws TencentChatError otherwise: at once for a failure that is
     * not transient, after the retry budget for one that is (see the module comment).
     */
    async call<T>(service: string, command: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
        const pacer = bucketFor(this.settings.baseUrl, this.settings.sdkAppId, command, this.settings.callsPerSecond);
        const payload = JSON.stringify(body);
        const clock = new RetryClock(this.settings.retryBudgetMs);
        const run: CallRun = { command, attempts: 0, ambiguous: false, renewedSig: false, lastFailure: undefined };
        for (;;) {
            const slotAt = await clock.slot(pacer);
            const outcome = await this.nextAttempt(service, payload, run, clock);
            if (outcome.kind === "ok") return this.parsed(outcome.json, schema, run);
            await this.afterFailure(outcome, run, clock, performance.now() - slotAt);
        }
    }

    /** Sends the next attempt with the deadline the budget allows, or throws when the budget has no room for it. */
    private async nextAttempt(service: string, payload: string, run: CallRun, clock: RetryClock): Promise<Outcome> {
        const { requestTimeoutMs } = this.settings;
        // The first attempt always gets its full deadline, even when the budget is smaller (a
        // budget of 0 means "never retry", not "never send"); later ones only what the budget has left.
        const left = clock.leftMs();
        if (run.lastFailure !== undefined && left <= 0) {
            // The backoff left this retry its room; only a very late timer can have eaten all of it.
            const stop: StopReason = { kind: "too-little", leftMs: left, needMs: clock.needMs, afterTimeout: false };
            throw this.outOfBudget(this.error(run.command, run.lastFailure, run.attempts, run.ambiguous), stop);
        }
        const deadlineMs = run.attempts === 0 ? requestTimeoutMs : Math.min(requestTimeoutMs, left);
        run.attempts += 1;
        this.counts.set(run.command, (this.counts.get(run.command) ?? 0) + 1);
        return this.attempt(service, run.command, payload, deadlineMs, deadlineMs < requestTimeoutMs);
    }

    /** The ErrorCode-0 response checked against `schema`. */
    private parsed<T>(json: unknown, schema: z.ZodType<T>, run: CallRun): T {
        const parsed = schema.safeParse(json);
        if (parsed.success) return parsed.data;
        // ErrorCode 0 means the server acted, so a caller must treat the call as possibly applied.
        const problem = `unexpected response shape (${summarize(parsed.error)})`;
        throw this.error(run.command, { kind: "protocol", problem, status: 200 }, run.attempts, true);
    }

    /**
     * Records a failed attempt and either throws (not retryable, or no room left in the budget) or
     * returns when the next attempt may go: at once after renewing an expired UserSig, after a
     * full-jitter backoff otherwise.
     */
    private async afterFailure(outcome: Failure, run: CallRun, clock: RetryClock, attemptMs: number): Promise<void> {
        const { requestTimeoutMs } = this.settings;
        if (outcome.kind === "deadline" && outcome.clampedByBudget && run.lastFailure !== undefined) {
            // The budget, not the server, cut this retry short: report what was really failing. The
            // cut-off attempt counts as possibly applied only if it had been written.
            const ambiguous = run.ambiguous || mayHaveApplied(outcome);
            throw this.outOfBudget(this.error(run.command, run.lastFailure, run.attempts, ambiguous), { kind: "spent" });
        }
        run.lastFailure = outcome;
        // A server that did not answer within a full deadline is not expected to answer faster; after
        // a prompt failure, a retry needs about as long as that failure took (see RetryClock.needMs).
        clock.needMs = outcome.kind === "deadline" ? requestTimeoutMs : Math.min(requestTimeoutMs, attemptMs);
        run.ambiguous ||= mayHaveApplied(outcome);
        const recovery = recoveryOf(outcome);
        if (recovery === "renew-usersig" && !run.renewedSig) {
            // An expired sig is our fault (clock or TTL); a fresh one either works at once or never.
            run.renewedSig = true;
            this.sigCache.invalidate(this.sigRequest());
            this.log(`${run.command}: ${describeOutcome(outcome)} (UserSig expired); renewing the UserSig and retrying once`);
            return;
        }
        const error = this.error(run.command, outcome, run.attempts, run.ambiguous);
        if (recovery !== "retry") throw error;
        await this.backOff(error, outcome, run, clock);
    }

    /**
     * Sleeps before the next attempt, or throws `error` when the budget has no room for one. The
     * wait is a full-jitter backoff, or what a Retry-After asked for; a random backoff is cut to
     * what the budget can spare, so a retry that fits is never lost to an unlucky draw.
     */
    private async backOff(error: TencentChatError, outcome: Failure, run: CallRun, clock: RetryClock): Promise<void> {
        const { retryBaseMs, retryMaxDelayMs } = this.settings;
        const leftMs = clock.leftMs();
        // No retry starts that cannot finish (see needMs), and none outlives the budget: its
        // deadline is what the budget has left after the wait.
        const spare = leftMs - clock.needMs;
        if (!clock.fits(leftMs)) {
            throw this.outOfBudget(error, {
                kind: "too-little",
                leftMs,
                needMs: clock.needMs,
                afterTimeout: outcome.kind === "deadline",
            });
        }
        const asked = outcome.kind === "http" ? outcome.retryAfterMs : undefined;
        if (asked !== undefined && asked > spare) throw this.outOfBudget(error, { kind: "retry-after", leftMs, waitMs: asked });
        const ceiling = Math.min(retryMaxDelayMs, retryBaseMs * 2 ** (run.attempts - 1));
        // A backoff cut to the spare room keeps some of it back: a timer that fires a little late
        // (a busy event loop) must not eat the room the retry needs and end the call instead.
        const delay = asked ?? Math.min(Math.random() * ceiling, spare - Math.min(TIMER_SLACK_MS, spare / 2));
        const why = asked === undefined ? "" : " (Retry-After)";
        this.log(
            `${run.command}: attempt ${run.attempts} failed (${describeOutcome(outcome)}); retrying in ${Math.round(delay)} ms${why}`,
        );
        await sleep(delay);
    }

    /** One HTTP exchange under one deadline (connect, headers and body). Never throws: every failure is an Outcome. */
    private async attempt(
        service: string,
        command: string,
        payload: string,
        deadlineMs: number,
        clampedByBudget: boolean,
    ): Promise<Outcome> {
        const { sdkAppId, admin } = this.settings;
        const sig = this.sigCache.get(this.sigRequest());
        let nonce = String(randomInt(0, 2 ** 32));
        while (isWatched(nonce)) nonce = String(randomInt(0, 2 ** 32));
        const { watch, release } = watchSend(nonce);
        const query = `sdkappid=${sdkAppId}&identifier=${encodeURIComponent(admin)}&usersig=${encodeURIComponent(sig)}&random=${nonce}&contenttype=json`;
        const path = `${this.basePath}/v4/${service}/${command}?${query}`;
        // One timer for the whole exchange: connect, headers and every byte of the body.
        const abort = new AbortController();
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            abort.abort(new Error(`request deadline of ${deadlineMs} ms passed`));
        }, deadlineMs);
        // undici does not always honour the signal at once: a request waiting for a connection
        // that never completes (a silent TLS peer) stays pending until the connect timeout, 10 s.
        const within = deadlineRace(abort.signal);
        let headers = false;
        let status: number | undefined;
        let retryAfterMs: number | undefined;
        let text: string;
        try {
            const response = await within(
                poolFor(this.origin).request({
                    path,
                    method: "POST",
                    headers: { "content-type": "application/json" },
                    body: payload,
                    signal: abort.signal,
                    // undici's idle timers stay as a backstop only; the deadline above fires first.
                    headersTimeout: deadlineMs + UNDICI_BACKSTOP_MS,
                    bodyTimeout: deadlineMs + UNDICI_BACKSTOP_MS,
                }),
            );
            headers = true;
            status = response.statusCode;
            retryAfterMs = retryAfterOf(response.headers["retry-after"]);
            if (status >= 500) {
                await within(response.body.dump()).catch(() => undefined);
                return { kind: "http", status, retryAfterMs };
            }
            // body.text() is undici's fast path; the pool's maxResponseSize bounds it.
            text = await within(response.body.text());
        } catch (error) {
            if (timedOut) return { kind: "deadline", deadlineMs, clampedByBudget, headers, sent: watch.written };
            const code = networkCode(error);
            if (code === "UND_ERR_RES_EXCEEDED_MAX_SIZE") return { kind: "oversized", status: status ?? 0 };
            return {
                kind: "network",
                cause: sanitizeCause(error, [this.settings.secretKey]),
                code,
                sent: watch.written && !failedToConnect(error) && (code === undefined || !NOT_SENT_CODES.has(code)),
            };
        } finally {
            clearTimeout(timer);
            release();
        }
        const outcome = outcomeOfBody(status, text);
        return outcome.kind === "http" ? { ...outcome, retryAfterMs } : outcome;
    }

    private sigRequest(): { sdkAppId: number; secretKey: string; identifier: string; ttlSeconds: number } {
        return {
            sdkAppId: this.settings.sdkAppId,
            secretKey: this.settings.secretKey,
            identifier: this.settings.admin,
            ttlSeconds: this.settings.userSigTtlSeconds,
        };
    }

    /** The error a failed call ends with, in words (see failure-text.ts). */
    private error(command: string, outcome: Failure, attempts: number, ambiguous: boolean): TencentChatError {
        return failureError(this.textContext(), command, outcome, attempts, ambiguous);
    }

    private outOfBudget(error: TencentChatError, stop: StopReason): TencentChatError {
        return outOfBudget(this.textContext(), error, stop);
    }

    private textContext(): TextContext {
        const { secretKey, retryBudgetMs, requestTimeoutMs } = this.settings;
        return { origin: this.origin, secretKey, retryBudgetMs, requestTimeoutMs };
    }

    private log(line: string): void {
        this.logSink?.(this.redact(line));
    }
}

/**
 * Settles each promise it is given by `signal`'s abort at the latest; the promise's own later
 * settlement is then ignored (and its rejection handled, so it is never reported as unhandled).
 */
function deadlineRace(signal: AbortSignal): <T>(promise: Promise<T>) => Promise<T> {
    const aborted = new Promise<never>((_resolve, reject) => {
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
    aborted.catch(() => undefined);
    return (promise) => {
        promise.catch(() => undefined);
        return Promise.race([promise, aborted]);
    };
}
