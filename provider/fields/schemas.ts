/**
 * The zod validators field tables are built from. Their messages name the limit and the value's
 * size (what the user must change); their `.meta` is what the manifest JSON Schema shows editors.
 */
import { z } from "zod";

import { echo } from "../tencent/display";
import { BYTE_LIMITS, DEFAULT_MAX_SUBSCRIBERS, utf8Bytes } from "../tencent/wire";
import { describeValue } from "./describe";

/** "12 bytes", or "12 bytes (4 characters)" when the two differ, so a CJK value's size is not a surprise. */
export function sizeOf(value: string): string {
    const bytes = utf8Bytes(value);
    const chars = [...value].length;
    return chars === bytes ? `${bytes} bytes` : `${bytes} bytes (${chars} characters)`;
}

/**
 * A string limited in UTF-8 bytes, as Tencent counts (one CJK character is 3 bytes). `required`
 * also refuses "". JSON Schema counts characters, never more than bytes, so its `maxLength` is a
 * safe first check for editors; the byte check here is the authority.
 */
export function utf8String(limit: number, description: string, { required = false } = {}): z.ZodType<string> {
    return z
        .string({ error: (issue) => `must be a string of at most ${limit} bytes (got ${describeValue(issue.input)})` })
        .superRefine((value, ctx) => {
            if (required && value.length === 0)
                ctx.addIssue({ code: "custom", message: `must not be empty (limit ${limit} bytes)` });
            else if (utf8Bytes(value) > limit)
                ctx.addIssue({ code: "custom", message: `must be at most ${limit} bytes in UTF-8; got ${sizeOf(value)}` });
        })
        .meta({
            description: `${description} At most ${limit} bytes of UTF-8 (a CJK character is 3 bytes).`,
            maxLength: limit,
            ...(required ? { minLength: 1 } : {}),
        });
}

/**
 * A channel ID string checked by `problemOf` (which says why the ID is not acceptable, or
 * undefined): a create takes only custom IDs, a subscription also Tencent-assigned ones, but both
 * report a bad ID the same way, with the value, the rule and its size.
 */
export function channelIdString(problemOf: (id: string) => string | undefined, typeMessage: string): z.ZodString {
    return z.string({ error: (issue) => `${typeMessage} (got ${describeValue(issue.input)})` }).superRefine((value, ctx) => {
        const problem = problemOf(value);
        if (problem) {
            ctx.addIssue({
                code: "custom",
                message: `${echo(value)} ${problem}; IDs are printable ASCII, at most ${BYTE_LIMITS.channelId} bytes (this one is ${utf8Bytes(value)})`,
            });
        }
    });
}

/** A Chat UserID (a channel's owner, a subscriber): non-empty, at most 32 bytes. */
export const chatUserId = z
    .string({
        error: (issue) =>
            `must be the owner's UserID, a string of at most ${BYTE_LIMITS.userId} bytes (got ${describeValue(issue.input)})`,
    })
    .superRefine((value, ctx) => {
        if (value.length === 0)
            ctx.addIssue({ code: "custom", message: `must not be empty (limit ${BYTE_LIMITS.userId} bytes)` });
        else if (utf8Bytes(value) > BYTE_LIMITS.userId) {
            ctx.addIssue({
                code: "custom",
                message: `must be at most ${BYTE_LIMITS.userId} bytes, the Chat UserID limit; got ${sizeOf(value)}`,
            });
        }
    })
    .meta({
        description: "Owner_Account: an imported Chat UserID. Cannot change in place: changing it replaces the channel.",
        minLength: 1,
        maxLength: BYTE_LIMITS.userId,
    });

/** A channel's subscriber limit: a whole number of at least 1. */
export const maxSubscribers = z
    .number({ error: (issue) => `must be a whole number of at least 1 (got ${describeValue(issue.input)})` })
    .superRefine((value, ctx) => {
        if (!Number.isFinite(value))
            ctx.addIssue({
                code: "custom",
                message: `must be a whole number of at least 1 (got ${value}, which is not a finite number)`,
            });
        else if (!Number.isSafeInteger(value) || value < 1)
            ctx.addIssue({ code: "custom", message: `must be a whole number of at least 1 (got ${value})` });
    })
    .meta({
        description: `Most subscribers the channel accepts. Tencent cannot report it back, so drift on it is not detected. Default ${DEFAULT_MAX_SUBSCRIBERS}.`,
        type: "integer",
        minimum: 1,
    });

/** A true/false switch; `description` is what the manifest JSON Schema shows for it. */
export const flag = (description: string): z.ZodType<boolean> =>
    z.boolean({ error: (issue) => `must be true or false (got ${describeValue(issue.input)})` }).meta({ description });
