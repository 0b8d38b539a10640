/**
 * Readers for request-body fields. Each throws the ApiError the real service would answer with, and
 * every 6017 message names the field, so a client bug is easy to find from the emulator's reply.
 */
import { TencentCode } from "../provider/tencent/codes";
import { BYTE_LIMITS, CHANNEL_ID_PREFIX, utf8Bytes } from "../provider/tencent/wire";
import { ApiError } from "./envelope";

/** A request body: a JSON object (the server refuses anything else with 20001). */
export type Body = Record<string, unknown>;

/** Account fields (UserIDs) answer 60015 when they are not strings (§1.5); other fields answer 6017. */
function wrongType(field: string, expected: string, account: boolean): ApiError {
    return account
        ? new ApiError(TencentCode.ACCOUNT_NOT_STRING, `${field} must be a string.`)
        : new ApiError(TencentCode.INVALID_PARAMETER, `${field} must be ${expected}.`);
}

/** Reads a required string field; 6017 when absent, 60015 for a non-string account field, 6017 otherwise. */
export function requireString(body: Body, field: string, opts: { account?: boolean } = {}): string {
    const value = body[field];
    if (value === undefined || value === null) throw new ApiError(TencentCode.INVALID_PARAMETER, `${field} is required.`);
    if (typeof value !== "string") throw wrongType(field, "a string", opts.account ?? false);
    return value;
}

/** Reads an optional string field (null counts as absent); 6017 when it is not a string. */
export function optionalString(body: Body, field: string): string | undefined {
    const value = body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw wrongType(field, "a string", false);
    return value;
}

/** 6017 when `value` is over `limit` UTF-8 bytes, naming the field, its size and the limit. */
export function checkBytes(field: string, value: string | undefined, limit: number): void {
    if (value === undefined) return;
    const bytes = utf8Bytes(value);
    if (bytes > limit)
        throw new ApiError(TencentCode.INVALID_PARAMETER, `${field} is ${bytes} bytes; the limit is ${limit} bytes (UTF-8).`);
}

/** Reads an optional safe integer in [min, max]; 6017 otherwise, naming the range. */
export function optionalInteger(body: Body, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isSafeInteger(value)) throw wrongType(field, "an integer", false);
    if (value < min || value > max)
        throw new ApiError(TencentCode.INVALID_PARAMETER, `${field} must be between ${min} and ${max} (got ${value}).`);
    return value;
}

/** Reads a required array field; 6017 when absent or not an array. */
export function requireArray(body: Body, field: string): unknown[] {
    const value = body[field];
    if (value === undefined || value === null) throw new ApiError(TencentCode.INVALID_PARAMETER, `${field} is required.`);
    if (!Array.isArray(value)) throw new ApiError(TencentCode.INVALID_PARAMETER, `${field} must be an array.`);
    return value;
}

/**
 * Rules for an ID that names an existing channel. Unlike a custom ID at creation, it may carry the
 * reserved `@TOA#_@TOA#` prefix: that is how server-assigned IDs look.
 */
export function lookupIdProblem(id: string): string | undefined {
    if (!/^[\x20-\x7e]*$/.test(id)) return "must contain only printable ASCII characters";
    if (!id.startsWith(CHANNEL_ID_PREFIX) || id.length === CHANNEL_ID_PREFIX.length) {
        return `must start with "${CHANNEL_ID_PREFIX}" followed by at least one character`;
    }
    // The custom-ID limit; generated IDs are far shorter, so it bounds every valid ID.
    if (utf8Bytes(id) > BYTE_LIMITS.channelId) return `must be at most ${BYTE_LIMITS.channelId} bytes`;
    return undefined;
}

/** Why a UserID cannot be imported (account import's rule, also held by the state file), or undefined. */
export function userIdProblem(id: string): string | undefined {
    if (id === "") return "must not be empty";
    const bytes = utf8Bytes(id);
    if (bytes > BYTE_LIMITS.userId) return `is ${bytes} bytes; the limit is ${BYTE_LIMITS.userId}`;
    return undefined;
}

/** Reads `Official_Account` and checks it can name a channel (130007 otherwise). */
export function requireChannelId(body: Body, field = "Official_Account"): string {
    const id = requireString(body, field);
    const problem = lookupIdProblem(id);
    if (problem) throw new ApiError(TencentCode.INVALID_CHANNEL_ID, `${field} "${id}" ${problem}.`);
    return id;
}

/** A response filter: undefined means "all fields". */
export function readFilter<T extends string>(
    container: unknown,
    field: string,
    allowed: readonly T[],
): ReadonlySet<T> | undefined {
    if (container === undefined || container === null) return undefined;
    if (typeof container !== "object" || Array.isArray(container))
        throw new ApiError(TencentCode.INVALID_PARAMETER, "ResponseFilter must be an object.");
    const value = (container as Body)[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
        throw new ApiError(TencentCode.INVALID_PARAMETER, `ResponseFilter.${field} must be an array of strings.`);
    }
    // UNCERTAIN: the docs say only "if not specified, all fields are returned". An empty list is
    // treated like an absent one, and unknown names (e.g. MaxSubscriberNum) are ignored rather
    // than rejected.
    if (value.length === 0) return undefined;
    return new Set((value as string[]).filter((v): v is T => (allowed as readonly string[]).includes(v)));
}
