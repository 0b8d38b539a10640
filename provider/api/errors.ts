/**
 * The one error class of the API layer. It says which command failed, Tencent's code and text, what
 * the code means and what to do, and whether the server may already have applied the call.
 */
import { clip, echo, REMOTE_TEXT_LIMIT } from "../tencent/display";
import { describeCode, ITEM_TRANSIENT_ADVICE } from "../tencent/codes";
import { redact } from "../tencent/redact";

export { redact } from "../tencent/redact";

/** What a {@link TencentChatError} is built from; the layer fills it in, callers only read the error. */
export interface TencentChatErrorInit {
    /** The command, e.g. "create_official_account". */
    api: string;
    /** Tencent's ErrorCode; undefined for network/HTTP/protocol failures. */
    code?: number;
    /** Tencent's ErrorInfo: untrusted remote text, clipped to REMOTE_TEXT_LIMIT characters and escaped. */
    tencentMessage?: string;
    /** Which item of a batch call failed (e.g. a channel ID), when the code is per item. */
    target?: string;
    /** HTTP attempts made for this call. */
    attempts: number;
    /** True when an earlier attempt may have been applied by the server. */
    ambiguous: boolean;
    httpStatus?: number;
    /** For failures without a Tencent code: what went wrong (already redacted or about to be). */
    problem?: string;
    /** For failures without a Tencent code: what to do. */
    advice?: string;
    /** The underlying error, already sanitised with `sanitizeCause`. */
    cause?: Error;
    /** Further secrets to mask in the message (the client's SecretKey). */
    secrets?: readonly string[];
    /** A last sentence, e.g. why retrying stopped. */
    note?: string;
}

/**
 * Every failure of a Tencent Chat call: a Tencent code (`code`, with the table's `meaning` and
 * `advice`), a network or HTTP failure, an exhausted retry budget, or an answer in an unexpected
 * format. The message names the command, the code and what to do, and never contains the SecretKey
 * or a UserSig. `ambiguous` is true when an earlier attempt may have been applied by the server, so
 * a caller must check before assuming nothing happened.
 *
 * @example
 * ```ts
 * import { createChatClient, hasCode, TencentChatError, TencentCode } from "pulumi-tencent-chat";
 *
 * const client = createChatClient({ sdkAppId: 1400000000, secretKey, region: "singapore" });
 * try {
 *     await client.createChannel({ channelId: "@TOA#_news", owner: "owner1", name: "News" });
 * } catch (error) {
 *     if (hasCode(error, TencentCode.CHANNEL_ID_IN_USE)) console.log("taken:", error.advice);
 *     else if (error instanceof TencentChatError && error.ambiguous) console.log("may have been created; read it back");
 *     else throw error;
 * }
 * ```
 */
export class TencentChatError extends Error {
    readonly api: string;
    readonly code: number | undefined;
    readonly tencentMessage: string | undefined;
    readonly target: string | undefined;
    readonly meaning: string;
    readonly advice: string;
    readonly attempts: number;
    readonly ambiguous: boolean;
    readonly httpStatus: number | undefined;

    constructor(init: TencentChatErrorInit) {
        const info = init.code === undefined ? undefined : describeCode(init.code);
        const meaning = info?.meaning ?? init.problem ?? "request failed";
        // A per-item code (target set) comes from a call that succeeded, so no retry ever saw it.
        const itemAdvice = info?.transient === true && init.target !== undefined ? ITEM_TRANSIENT_ADVICE : undefined;
        const advice = itemAdvice ?? info?.advice ?? init.advice ?? "";
        const secrets = init.secrets ?? [];
        // Remote text is untrusted: a 200 KB ErrorInfo must not become a 200 KB message, nor steer the terminal.
        const tencentMessage =
            init.tencentMessage === undefined
                ? undefined
                : clip(redact(init.tencentMessage, secrets).replace(/[.\s]+$/, ""), REMOTE_TEXT_LIMIT);
        const subject = init.target === undefined ? init.api : `${init.api} for ${echo(init.target)}`;
        const what =
            init.code !== undefined
                ? `Tencent error ${init.code} (${meaning})${tencentMessage ? `: ${tencentMessage}` : ""}`
                : meaning;
        const tries = init.attempts > 1 ? ` after ${init.attempts} attempts` : "";
        const message = redact(
            `${subject} failed${tries}: ${what}.${advice ? ` ${advice}` : ""}${init.note ? ` ${init.note}` : ""}`,
            secrets,
        );
        super(message, init.cause === undefined ? undefined : { cause: init.cause });
        this.api = init.api;
        this.code = init.code;
        this.tencentMessage = tencentMessage;
        this.target = init.target === undefined ? undefined : redact(init.target, secrets);
        this.meaning = redact(meaning, secrets);
        this.advice = redact(advice, secrets);
        this.attempts = init.attempts;
        this.ambiguous = init.ambiguous;
        this.httpStatus = init.httpStatus;
    }

    /** Adds `note` (our own text, no secrets) as the last sentence of the message and the stack's header. */
    withNote(note: string): this {
        const before = this.message;
        this.message = `${before} ${note}`;
        // A function, not a string: "$&" or "$'" in the message must not be read as replacement patterns.
        if (this.stack?.includes(before) === true) this.stack = this.stack.replace(before, () => this.message);
        return this;
    }
}

// On the prototype (not an own field) so it shows in stacks and `String(err)` without cluttering JSON.
TencentChatError.prototype.name = "TencentChatError";

/**
 * Whether `error` is a {@link TencentChatError} carrying Tencent's `code`. Name the code from
 * {@link TencentCode} rather than writing the number.
 *
 * @example
 * ```ts
 * import { hasCode, TencentCode } from "pulumi-tencent-chat";
 * try {
 *     await client.destroyChannel("@TOA#_news");
 * } catch (error) {
 *     if (!hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) throw error; // already gone is fine
 * }
 * ```
 */
export function hasCode(error: unknown, code: number): error is TencentChatError {
    return error instanceof TencentChatError && error.code === code;
}

/**
 * A plain Error copy of `error` with the message redacted and no other properties: undici errors can
 * carry the request URL (and so the UserSig) in their message or fields, so they never leave this layer.
 */
export function sanitizeCause(error: unknown, secrets: readonly string[] = []): Error {
    const source = error instanceof Error ? error : new Error(String(error));
    const code = (source as { code?: unknown }).code;
    const copy = new Error(redact(source.message, secrets));
    copy.name = source.name;
    if (typeof code === "string") (copy as Error & { code: string }).code = code;
    // The copy's stack is ours (no URL); keep the original's frames out, they may quote the message.
    copy.stack = `${copy.name}: ${copy.message}`;
    return copy;
}
