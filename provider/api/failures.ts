/**
 * Failure classification: how an attempt ended (Outcome), whether it may have been applied, how
 * the call goes on (retry, renew the UserSig, fail), and the few words a log line gives it.
 */
import { describeCode, type Recovery } from "../tencent/codes";
import type { Envelope } from "./envelope";
import { MAX_RESPONSE_BYTES } from "./pools";

/**
 * Errors raised before any byte of the request could reach the server: retrying is always safe.
 * Failures of the connection step are recognised as such whatever their code (see failedToConnect).
 */
export const NOT_SENT_CODES = new Set([
    "ECONNREFUSED",
    "UND_ERR_CONNECT_TIMEOUT",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "ENOTFOUND",
]);
/** Network failures worth retrying; the rest (e.g. a closed pool, TLS certificate errors) are not transient. */
const RETRYABLE_NETWORK_CODES = new Set([
    "ECONNREFUSED",
    "ECONNRESET",
    "ECONNABORTED",
    "EPIPE",
    "ETIMEDOUT",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "UND_ERR_SOCKET",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
]);

/** How one attempt ended: Tencent's answer, or the failure that took its place. */
export type Outcome =
    | { kind: "ok"; envelope: Envelope; json: unknown }
    | { kind: "code"; code: number; info: string }
    | { kind: "network"; cause: Error; code: string | undefined; sent: boolean }
    /**
     * The attempt's deadline passed; `headers` says whether the response had started, `sent`
     * whether the request had been written (a deadline while connecting cannot have been applied).
     */
    | { kind: "deadline"; deadlineMs: number; clampedByBudget: boolean; headers: boolean; sent: boolean }
    /** `retryAfterMs`: what a 429 or 503 asked for in Retry-After, when it did. */
    | { kind: "http"; status: number; retryAfterMs?: number | undefined }
    /** The body passed MAX_RESPONSE_BYTES; the server answered, so a write may have been applied. */
    | { kind: "oversized"; status: number }
    | { kind: "protocol"; problem: string; status: number };

/** An attempt that did not succeed. */
export type Failure = Exclude<Outcome, { kind: "ok" }>;

/** How the call goes on after `failure`: retried with backoff, retried once with a fresh UserSig, or failed. */
export function recoveryOf(failure: Failure): Recovery {
    switch (failure.kind) {
        case "code":
            return describeCode(failure.code).recovery;
        case "network":
            return failure.code !== undefined && RETRYABLE_NETWORK_CODES.has(failure.code) ? "retry" : "fail";
        case "deadline":
            return "retry";
        case "http":
            // 429 is rate limiting: Tencent refused the call before processing it.
            return failure.status >= 500 || failure.status === HTTP_TOO_MANY_REQUESTS ? "retry" : "fail";
        case "oversized":
        case "protocol":
            return "fail";
    }
}

/** HTTP 429, rate limiting: refused before processing, so always worth retrying. */
export const HTTP_TOO_MANY_REQUESTS = 429;
/** Node's and OpenSSL's codes for a certificate that failed verification. */
export const TLS_CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

/**
 * Retry-After (RFC 9110 §10.2.3) in ms: delta-seconds or an HTTP date; undefined when absent or
 * unreadable. Capped at a day, so a hostile value cannot overflow a timer (the budget decides anyway).
 */
export function retryAfterOf(header: string | string[] | undefined, now = Date.now()): number | undefined {
    const value = (Array.isArray(header) ? header[0] : header)?.trim();
    if (value === undefined || value === "") return undefined;
    const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
    return Number.isFinite(ms) ? Math.min(Math.max(0, ms), 86_400_000) : undefined;
}

/** The network error code of `error` or of an error it wraps (Node's `code`, undici's `UND_ERR_…`). */
export function networkCode(error: unknown): string | undefined {
    for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth += 1) {
        const code = (current as { code?: unknown }).code;
        if (typeof code === "string") return code;
        current = (current as { cause?: unknown }).cause;
    }
    return undefined;
}

/** Whether the server may have acted on the attempt that produced `outcome`. */
export function mayHaveApplied(outcome: Failure): boolean {
    switch (outcome.kind) {
        case "network":
            return outcome.sent;
        case "deadline":
            // Once written, the request may have been processed; only the answer is missing.
            return outcome.sent;
        case "http":
            return outcome.status >= 500;
        case "oversized":
            // Someone answered at length: a write may have been applied before it.
            return true;
        case "code": {
            const info = describeCode(outcome.code);
            return info.transient && !info.rejectedBeforeProcessing;
        }
        case "protocol":
            return false;
    }
}

/** A failure in a few words, for log lines: the code, the status or what was missing. */
export function describeOutcome(outcome: Failure): string {
    switch (outcome.kind) {
        case "code":
            return `Tencent error ${outcome.code}`;
        case "network":
            return `network error ${outcome.code ?? outcome.cause.name}`;
        case "deadline":
            return `no complete response within ${ms(outcome.deadlineMs)}`;
        case "http":
            return `HTTP ${outcome.status}`;
        case "oversized":
            return `response over ${MAX_RESPONSE_BYTES.toLocaleString("en-US")} bytes`;
        case "protocol":
            return outcome.problem;
    }
}

/** A duration as people read it ("1,500 ms"). */
export function ms(value: number): string {
    return `${Math.round(value).toLocaleString("en-US")} ms`;
}
