/**
 * OfficialChannel's inputs: one table of field schemas (zod) that `check`, the manifest loader and
 * the JSON Schema generator all use, plus the pure `checkChannelInputs`.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";

import { echo } from "../api/display";
import type { NewChannel } from "../api/types";
import { describeValue } from "../fields/describe";
import { unknownFieldFailures, validateFields, withDefaults, type CheckResult } from "../kit/inputs";
import { NAME_HINT } from "../kit/internal-inputs";
import { UNKNOWN } from "../kit/unknown";
import {
    BYTE_LIMITS,
    CHANNEL_ID_PREFIX,
    DEFAULT_MAX_SUBSCRIBERS,
    RESERVED_ID_PREFIX,
    channelIdProblem,
    utf8Bytes,
} from "../api/wire";

/** What a user declares: the channel as create_official_account takes it, plus how to handle conflicts. Documented for users on OfficialChannelArgs. */
export interface ChannelInputs extends NewChannel {
    adopt?: boolean;
    allowReplace?: boolean;
}

/** Inputs after `check`: every field filled. */
export type CheckedChannelInputs = Required<ChannelInputs>;

/** What the state holds: the checked inputs plus what only Tencent knows. */
export interface ChannelOutputs extends CheckedChannelInputs {
    subscriberCount: number;
    /** Unix seconds. */
    createTime: number;
    /** Unix seconds; 0 when nothing was sent yet. */
    lastMessageTime: number;
}

function sizeOf(value: string): string {
    const bytes = utf8Bytes(value);
    const chars = [...value].length;
    return chars === bytes ? `${bytes} bytes` : `${bytes} bytes (${chars} characters)`;
}

/** A string limited in UTF-8 bytes, as Tencent counts (one CJK character is 3 bytes). */
function utf8String(limit: number, description: string, { required = false } = {}) {
    return (
        z
            .string({ error: (issue) => `must be a string of at most ${limit} bytes (got ${describeValue(issue.input)})` })
            .superRefine((value, ctx) => {
                if (required && value.length === 0)
                    ctx.addIssue({ code: "custom", message: `must not be empty (limit ${limit} bytes)` });
                else if (utf8Bytes(value) > limit)
                    ctx.addIssue({ code: "custom", message: `must be at most ${limit} bytes in UTF-8; got ${sizeOf(value)}` });
            })
            // JSON Schema counts characters, never more than bytes, so maxLength is a safe first check for editors.
            .meta({
                description: `${description} At most ${limit} bytes of UTF-8 (a CJK character is 3 bytes).`,
                maxLength: limit,
                ...(required ? { minLength: 1 } : {}),
            })
    );
}

const channelId = z
    .string({ error: (issue) => `must be a string like "${CHANNEL_ID_PREFIX}news" (got ${describeValue(issue.input)})` })
    .superRefine((value, ctx) => {
        const problem = channelIdProblem(value);
        if (problem) {
            ctx.addIssue({
                code: "custom",
                message: `${echo(value)} ${problem}; IDs are printable ASCII, at most ${BYTE_LIMITS.channelId} bytes (this one is ${utf8Bytes(value)})`,
            });
        }
    })
    .meta({
        description: `Custom channel ID: printable ASCII, at most ${BYTE_LIMITS.channelId} bytes, starts with "${CHANNEL_ID_PREFIX}", not "${RESERVED_ID_PREFIX}". Changing it replaces the channel.`,
        pattern: "^@TOA#_(?!@TOA#)[\\x20-\\x7e]+$",
        maxLength: BYTE_LIMITS.channelId,
    });

const owner = z
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

const maxSubscribers = z
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

const flag = (description: string) =>
    z.boolean({ error: (issue) => `must be true or false (got ${describeValue(issue.input)})` }).meta({ description });

/** One schema per field; `required` fields must be present. The single source for check, manifests and JSON Schema. */
export const CHANNEL_FIELDS = {
    channelId: { schema: channelId, required: false },
    owner: { schema: owner, required: true },
    name: { schema: utf8String(BYTE_LIMITS.name, "Display name.", { required: true }), required: true },
    introduction: { schema: utf8String(BYTE_LIMITS.introduction, "Introduction shown to users."), required: false },
    faceUrl: { schema: utf8String(BYTE_LIMITS.faceUrl, "Avatar URL."), required: false },
    maxSubscribers: { schema: maxSubscribers, required: false },
    organization: { schema: utf8String(BYTE_LIMITS.organization, "Organization the channel belongs to."), required: false },
    customString: { schema: utf8String(BYTE_LIMITS.customString, "Free-form app data."), required: false },
    adopt: {
        schema: flag("Take over an existing channel with this ID instead of failing (Pulumi cannot import dynamic resources)."),
        required: false,
    },
    allowReplace: { schema: flag("Allow a replacement that would destroy the channel's subscribers."), required: false },
} as const satisfies Record<keyof ChannelInputs, { schema: z.ZodType; required: boolean }>;

export type ChannelField = keyof typeof CHANNEL_FIELDS;
export const CHANNEL_FIELD_NAMES = Object.keys(CHANNEL_FIELDS) as ChannelField[];

/** Defaults `check` fills so the state always holds every field. */
export const CHANNEL_DEFAULTS: Omit<CheckedChannelInputs, "channelId" | "owner" | "name"> = {
    introduction: "",
    faceUrl: "",
    maxSubscribers: DEFAULT_MAX_SUBSCRIBERS,
    organization: "",
    customString: "",
    adopt: false,
    allowReplace: false,
};

const AUTO_NAME_SUFFIX_LENGTH = 7;

/**
 * `@TOA#_<logical name>-<random>`: printable ASCII, within 48 bytes, never the reserved
 * `@TOA#_@TOA#` prefix. The random suffix keeps two stacks using the same logical name apart.
 */
export function autoChannelId(logicalName: string, random: () => string = () => randomSuffix(AUTO_NAME_SUFFIX_LENGTH)): string {
    let base = logicalName.replace(/[^\x21-\x7e]/g, "-");
    while (base.startsWith(RESERVED_ID_PREFIX.slice(CHANNEL_ID_PREFIX.length))) base = base.slice(5);
    const room = BYTE_LIMITS.channelId - CHANNEL_ID_PREFIX.length - 1 - AUTO_NAME_SUFFIX_LENGTH;
    return `${CHANNEL_ID_PREFIX}${base.slice(0, room)}-${random()}`;
}

function randomSuffix(length: number): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join("");
}

/**
 * Pulumi `check`: validate everything (reporting every failure), fill defaults, and fix the
 * auto-generated channel ID at the first check (then keep it from the previous inputs).
 */
export function checkChannelInputs(olds: Record<string, unknown>, news: Record<string, unknown>): CheckResult {
    const nameHint = news[NAME_HINT];
    const inputs = withDefaults(news, CHANNEL_DEFAULTS);
    // Kept only when it names the channel; an explicit ID makes it meaningless.
    if (news.channelId !== undefined && news.channelId !== null) delete inputs[NAME_HINT];
    if (inputs.channelId === undefined || inputs.channelId === null) {
        if (typeof olds.channelId === "string") inputs.channelId = olds.channelId;
        else if (typeof nameHint === "string" && nameHint !== UNKNOWN) inputs.channelId = autoChannelId(nameHint);
    }
    const failures = [
        ...unknownFieldFailures(inputs, CHANNEL_FIELD_NAMES, "OfficialChannel"),
        ...validateFields(inputs, CHANNEL_FIELDS),
    ];
    if (inputs.channelId === undefined) {
        failures.unshift({ property: "channelId", reason: "is required when the resource's logical name is not known" });
    }
    return { inputs, failures };
}
