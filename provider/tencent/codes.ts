/**
 * Tencent Chat's error codes: one table of every code the API doc lists (§1.5 and the per-API
 * tables), each with the name we use in code, what it means, what the user should do, and how our
 * client reacts. The client (transport, batcher, features) and the emulator both name codes from
 * here, so a code is never a bare number outside this file. Pure data; the emulator imports it.
 *
 * Source: shared/tencent-chat-api.md (sections cited as §n).
 */

/** How our client reacts to a code. */
export type Recovery =
    | "retry" // transient: retry with backoff inside the time budget
    | "renew-usersig" // 70001: make a fresh UserSig and retry once
    | "fail"; // everything else fails at once

/** One row of the code table, as {@link describeCode} returns it. */
export interface ErrorCodeInfo {
    /** The name used in code, e.g. "CHANNEL_NOT_FOUND"; "UNDOCUMENTED" for a code not in the table. */
    name: string;
    /** Tencent's ErrorCode. */
    code: number;
    /** What the code means, in a few words (lower case, no full stop: it goes inside a sentence). */
    meaning: string;
    /** What the user should do, as whole sentences. */
    advice: string;
    /** How the client reacts. */
    recovery: Recovery;
    /** True when the client retries the code with backoff (`recovery === "retry"`). */
    transient: boolean;
    /**
     * True when Tencent refuses the call before processing it (the rate limits), so an attempt that
     * got this code was certainly not applied. Other transient codes may follow a partial apply.
     */
    rejectedBeforeProcessing: boolean;
}

type Row = Pick<ErrorCodeInfo, "code" | "meaning" | "advice" | "recovery"> & { rejectedBeforeProcessing?: true };

// Whether and how often a transient failure was retried is said by the transport, which knows
// (the attempts, the budget); the table only says what the code is.
const TRANSIENT_ADVICE = "Transient on Tencent's side. If it persists, check the Tencent Cloud status page and try again later.";

/**
 * The advice for a transient code reported for one item of a batch call (a channel of
 * get_official_account_info) while the call itself succeeded: the client retries calls, not items.
 */
export const ITEM_TRANSIENT_ADVICE =
    "Tencent failed this item alone while answering the rest, and the client does not retry single items: run the command again; if it persists, check the Tencent Cloud status page.";
const BUG = "This is a bug in pulumi-tencent-chat; please report it.";
const CHECK_CONFIG = "Check tencent-chat:sdkAppId, tencent-chat:secretKey, tencent-chat:admin and tencent-chat:region.";
const SUPPORT = "Contact Tencent Cloud support.";

/**
 * The table. Where Tencent gives two codes the same meaning (10004/20005, 60004/60005,
 * 60018/60019) the second one's name carries its number.
 */
const TABLE = {
    INVALID_PARAMETER: {
        code: 6017,
        meaning: "invalid request parameter",
        advice: "A field was rejected by Tencent; check the values against the documented limits.",
        recovery: "fail",
    },
    INTERNAL_ERROR: { code: 10004, meaning: "internal server error", advice: TRANSIENT_ADVICE, recovery: "retry" },
    INVALID_PACKET: {
        code: 20001,
        meaning: "invalid request packet",
        advice: `The request body was malformed. ${BUG}`,
        recovery: "fail",
    },
    INTERNAL_ERROR_20005: { code: 20005, meaning: "internal server error", advice: TRANSIENT_ADVICE, recovery: "retry" },
    HTTP_PARSE_ERROR: { code: 60002, meaning: "HTTP parse error or bad URL format", advice: BUG, recovery: "fail" },
    BODY_NOT_JSON: { code: 60003, meaning: "request body is not valid JSON", advice: BUG, recovery: "fail" },
    BAD_ACCOUNT_OR_SIG: {
        code: 60004,
        meaning: "bad account or signature in the URL or body",
        advice: CHECK_CONFIG,
        recovery: "fail",
    },
    BAD_ACCOUNT_OR_SIG_60005: {
        code: 60005,
        meaning: "bad account or signature in the URL or body",
        advice: CHECK_CONFIG,
        recovery: "fail",
    },
    INVALID_SDKAPPID: {
        code: 60006,
        meaning: "the SDKAppID is invalid",
        advice: "Check tencent-chat:sdkAppId against the Chat console.",
        recovery: "fail",
    },
    RATE_LIMITED: {
        code: 60007,
        meaning: "REST call rate over the limit",
        advice: TRANSIENT_ADVICE,
        recovery: "retry",
        rejectedBeforeProcessing: true,
    },
    REQUEST_TIMEOUT: { code: 60008, meaning: "timeout or malformed HTTP request", advice: TRANSIENT_ADVICE, recovery: "retry" },
    WRONG_URL: {
        code: 60009,
        meaning: "wrong resource or URL",
        advice: "Check tencent-chat:endpoint / tencent-chat:region.",
        recovery: "fail",
    },
    ADMIN_REQUIRED: {
        code: 60010,
        meaning: "the caller must be the app admin",
        advice: "Set tencent-chat:admin to an app administrator account (Chat console → Account management).",
        recovery: "fail",
    },
    APP_RATE_LIMITED: {
        code: 60011,
        meaning: "per-SDKAppID rate over the limit",
        advice: TRANSIENT_ADVICE,
        recovery: "retry",
        rejectedBeforeProcessing: true,
    },
    SDKAPPID_MISSING: { code: 60012, meaning: "sdkappid missing from the URL", advice: BUG, recovery: "fail" },
    RESPONSE_PARSE_ERROR: { code: 60013, meaning: "internal response parse error", advice: TRANSIENT_ADVICE, recovery: "retry" },
    ACCOUNT_EXCHANGE_TIMEOUT: { code: 60014, meaning: "account exchange timed out", advice: TRANSIENT_ADVICE, recovery: "retry" },
    ACCOUNT_NOT_STRING: { code: 60015, meaning: "an account field has the wrong type", advice: BUG, recovery: "fail" },
    APP_DISABLED: {
        code: 60016,
        meaning: "the SDKAppID is disabled",
        advice: "Re-enable the app in the Chat console.",
        recovery: "fail",
    },
    REQUEST_DISABLED: { code: 60017, meaning: "the request is disabled", advice: SUPPORT, recovery: "fail" },
    TOO_FREQUENT: {
        code: 60018,
        meaning: "too frequent, try later",
        advice: TRANSIENT_ADVICE,
        recovery: "retry",
        rejectedBeforeProcessing: true,
    },
    TOO_FREQUENT_60019: {
        code: 60019,
        meaning: "too frequent, try later",
        advice: TRANSIENT_ADVICE,
        recovery: "retry",
        rejectedBeforeProcessing: true,
    },
    PLAN_EXPIRED: {
        code: 60020,
        meaning: "the paid plan has expired",
        advice: "Renew the Chat plan in the Tencent Cloud console.",
        recovery: "fail",
    },
    IP_NOT_ALLOWED: {
        code: 60021,
        meaning: "the caller's IP address is not allowed",
        advice: "Add this machine's IP to the app's allowlist in the Chat console.",
        recovery: "fail",
    },
    USERSIG_EXPIRED: {
        code: 70001,
        meaning: "the UserSig has expired",
        advice: "A fresh UserSig is generated automatically; if this persists, check the machine's clock.",
        recovery: "renew-usersig",
    },
    USERSIG_UNPARSABLE: {
        code: 70003,
        meaning: "the UserSig could not be parsed",
        advice: `The signature was damaged or truncated. ${CHECK_CONFIG}`,
        recovery: "fail",
    },
    USERSIG_VERIFY_FAILED: {
        code: 70009,
        meaning: "UserSig verification failed (wrong key, or a key from another SDKAppID)",
        advice: "Check that tencent-chat:secretKey is the SecretKey of this SDKAppID (Chat console → Basic configuration).",
        recovery: "fail",
    },
    USERSIG_IDENTIFIER_MISMATCH: {
        code: 70013,
        meaning: "the identifier in the URL differs from the UserID inside the UserSig",
        advice: BUG,
        recovery: "fail",
    },
    USERSIG_SDKAPPID_MISMATCH: {
        code: 70014,
        meaning: "the sdkappid in the URL differs from the one inside the UserSig",
        advice: BUG,
        recovery: "fail",
    },
    KEY_NOT_FOUND: {
        code: 70016,
        meaning: "key not found",
        advice: "Check that tencent-chat:region matches the SDKAppID's data center.",
        recovery: "fail",
    },
    SDKAPPID_NOT_FOUND: {
        code: 70020,
        meaning: "SDKAppID not found",
        advice: "Check tencent-chat:sdkAppId and that tencent-chat:region matches its data center.",
        recovery: "fail",
    },
    SIG_FAILURES_RATE_LIMITED: {
        code: 70050,
        meaning: "too many signature failures plus the rate limit; wait about a minute",
        advice: TRANSIENT_ADVICE,
        recovery: "retry",
        rejectedBeforeProcessing: true,
    },
    ACCOUNT_BLACKLISTED: { code: 70051, meaning: "the account is blacklisted", advice: SUPPORT, recovery: "fail" },
    ACCOUNT_NOT_IMPORTED: {
        code: 70107,
        meaning: "the UserID has not been imported into Chat",
        advice: "Import the account first (Chat console → Account management, or the account_import REST API).",
        recovery: "fail",
    },
    PERMISSION_DENIED: {
        code: 130002,
        meaning: "insufficient permission",
        advice: "The admin account lacks permission for this channel; check tencent-chat:admin.",
        recovery: "fail",
    },
    CHANNEL_NOT_FOUND: {
        code: 130004,
        meaning: "the official channel does not exist or has been destroyed",
        advice: "Run `pulumi refresh` to drop it from state, or check the channel ID.",
        recovery: "fail",
    },
    INVALID_CHANNEL_ID: {
        code: 130007,
        meaning: "invalid official channel ID",
        advice: 'Channel IDs are printable ASCII, at most 48 bytes, start with "@TOA#_" and must not start with "@TOA#_@TOA#".',
        recovery: "fail",
    },
    CHANNEL_ID_IN_USE: {
        code: 130008,
        meaning: "the official channel ID is already in use",
        advice: "Choose another channelId, or set `adopt: true` to manage the existing channel.",
        recovery: "fail",
    },
    CHANNEL_QUOTA_REACHED: {
        code: 130010,
        meaning: "too many official channels (quota reached)",
        advice: "Destroy unused channels or upgrade the Chat plan (a console trial allows 5).",
        recovery: "fail",
    },
    SERVICE_NOT_ENABLED: {
        code: 131000,
        meaning: "the official channel service is not enabled for this SDKAppID",
        advice: "Official channels need the Enterprise edition; enable it in the Chat console (or start a trial).",
        recovery: "fail",
    },
} as const satisfies Record<string, Row>;

/** The name of a code in {@link TencentCode}, e.g. "CHANNEL_NOT_FOUND". */
export type TencentCodeName = keyof typeof TABLE;

/**
 * Tencent's error codes by name, for comparing with `TencentChatError.code` (see {@link hasCode})
 * instead of writing bare numbers.
 *
 * @example
 * ```ts
 * import { TencentCode, hasCode } from "pulumi-tencent-chat";
 * if (hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) console.log("already gone");
 * ```
 */
export const TencentCode = Object.freeze(Object.fromEntries(Object.entries(TABLE).map(([name, row]) => [name, row.code]))) as {
    readonly [N in TencentCodeName]: (typeof TABLE)[N]["code"];
};

/** Every code of the table, keyed by number. Read it through {@link describeCode}, which also answers for unknown codes. */
export const ERROR_CODES: Readonly<Record<number, ErrorCodeInfo>> = Object.freeze(
    Object.fromEntries(
        Object.entries(TABLE).map(([name, row]: [string, Row]) => [
            row.code,
            Object.freeze({
                name,
                code: row.code,
                meaning: row.meaning,
                advice: row.advice,
                recovery: row.recovery,
                transient: row.recovery === "retry",
                rejectedBeforeProcessing: row.rejectedBeforeProcessing === true,
            }),
        ]),
    ),
);

/** Transient codes the client retries with backoff (issue #2), derived from the table. */
export const TRANSIENT_CODES: ReadonlySet<number> = new Set(
    Object.values(ERROR_CODES)
        .filter((info) => info.transient)
        .map((info) => info.code),
);

/**
 * The table's row for `code`; a code Tencent may add later gets a generic row that points at the
 * error-code page and is not retried.
 */
export function describeCode(code: number): ErrorCodeInfo {
    return (
        ERROR_CODES[code] ?? {
            name: "UNDOCUMENTED",
            code,
            meaning: "undocumented error code",
            advice: "See https://www.tencentcloud.com/document/product/1047/34348 (Chat error codes).",
            recovery: "fail",
            transient: false,
            rejectedBeforeProcessing: false,
        }
    );
}
