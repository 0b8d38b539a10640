/**
 * zod shapes of the response bodies (wire names, §2). Only what we read is declared; unknown fields
 * are stripped. Fields are optional wherever a response filter or an older server may leave them out.
 *
 * Remote data is parsed by what depends on it. Where a decision depends on a field (identity,
 * drift, paging, per-item results, the subscriber count that guards a replacement, the create
 * time that dates an interrupted create), a wrong type fails the call: guessing would decide
 * wrongly. Where we only pass a value through to the caller (times, MsgFlag, a subscriber's
 * CustomString in a listing), a wrong type drops that one field instead of failing the call.
 * Numbers are accepted as JSON numbers or as strings of digits either way: Tencent's documents and
 * SDKs disagree on the JSON type of several fields, and "12" means 12 under both readings.
 */
import { z } from "zod";

import { echo } from "../tencent/display";
import { envelopeSchema } from "./envelope";

/** An integer sent as a JSON number or as a string of digits. */
const integer = z.union([
    z.number().int(),
    z
        .string()
        .regex(/^-?\d{1,15}$/)
        .transform(Number),
]);
const wholeNumber = (issue: { input: unknown }) => `must be a whole number of 0 or more (got ${echo(issue.input)})`;
/**
 * A count, a time or an offset: an integer of 0 or more, as a JSON number or a string of digits.
 * `SubscriberNum: "-5"` is no count at all, so it fails the call instead of guarding a decision.
 */
const wholeCount = z
    .union(
        [
            z.number(),
            z
                .string()
                .regex(/^\d{1,15}$/)
                .transform(Number),
        ],
        { error: wholeNumber },
    )
    .pipe(z.number().int({ error: wholeNumber }).nonnegative({ error: wholeNumber }));
/**
 * The channel an item is about. get_official_account_info answers one item per asked ID, but an item
 * that does not name its channel is never matched by its position: a server that drops or reorders
 * items would attribute one channel's fields to another (drift reported on the wrong channel).
 */
const namedChannel = z.string({
    error: (issue) =>
        issue.input === undefined
            ? "missing: every item must name its channel, and items are never matched by their position"
            : `must be the channel ID (got ${echo(issue.input)})`,
});
/** A number we only pass through: any wrong type becomes undefined (the field is left out). */
const passedNumber = z
    .union([
        z.number(),
        z
            .string()
            .regex(/^-?\d{1,15}(\.\d+)?$/)
            .transform(Number),
    ])
    .optional()
    .catch(undefined);
/** A string we only pass through: any wrong type becomes undefined. */
const passedString = z.string().optional().catch(undefined);
/**
 * MsgFlag: a string in the API doc (`AcceptAndNotify`, `AcceptNotNotify`, `Discard`, §3), an integer
 * in one SDK. Passed through as text either way (an integer as its digits; its mapping to the names
 * is undocumented, so it is not guessed).
 */
const msgFlag = z
    .union([z.string(), z.number().int().transform(String)])
    .optional()
    .catch(undefined);

/** Base channel fields as get_official_account_info and the subscribed list return them (§2.2, §2.9). */
const channelFields = {
    Official_Account: namedChannel,
    Name: z.string().optional(),
    Owner_Account: z.string().optional(),
    Introduction: z.string().optional(),
    FaceUrl: z.string().optional(),
    Organization: z.string().optional(),
    CustomString: z.string().optional(),
    /** Decides whether an existing channel can be an interrupted create of ours (issue 9): strict. */
    CreateTime: wholeCount.optional(),
    LastMsgTime: passedNumber,
    /** Guards replacements and deletes: strict. */
    SubscriberNum: wholeCount.optional(),
};

/** One channel of a get_official_account_info answer, with its per-item result. */
export const wireChannelSchema = z.object({
    ...channelFields,
    /** Per-item result (§1.4): a top-level 0 does not mean every ID was found. */
    ErrorCode: integer.optional(),
    ErrorInfo: passedString,
});
/** A channel as Tencent sends it (wire names). */
export type WireChannel = z.infer<typeof wireChannelSchema>;

/** create_official_account (§2.1): the new channel's ID (the one asked for, or one Tencent assigned). */
export const createResponse = envelopeSchema.extend({ OfficialAccountUserID: z.string() });

/** get_official_account_info (§2.2): one entry per asked ID, each with its own ErrorCode. */
export const getInfoResponse = envelopeSchema.extend({
    OfficialAccountInfoList: z.array(wireChannelSchema).default([]),
});

/** Commands that answer with the envelope only (modify, destroy, modify_subscriber_info). */
export const emptyResponse = envelopeSchema;

/** get_subscriber_info (§2.5): one page of subscribers and the cursor of the next. */
export const subscriberInfoResponse = envelopeSchema.extend({
    Next: z.string().default(""),
    SubscriberNum: wholeCount.optional(),
    SubscriberList: z
        .array(
            z.object({
                Subscriber_Account: z.string(),
                SubscribeTime: passedNumber,
                CustomString: passedString,
                MsgFlag: msgFlag,
                LastSendMsgTime: passedNumber,
            }),
        )
        .default([]),
});

/** add_subscriber / delete_subscriber (§2.6, §2.7): a Result per user (see SUBSCRIBER_RESULT). */
export const subscriberResultResponse = envelopeSchema.extend({
    SubscriberList: z.array(z.object({ Subscriber_Account: z.string(), Result: integer })).default([]),
});

/** get_subscribed_official_account_list (§2.9): one offset page of the channels a user follows. */
export const subscribedListResponse = envelopeSchema.extend({
    TotalCount: wholeCount.default(0),
    OfficialAccountInfoList: z
        .array(
            z.object({
                ...channelFields,
                // CustomString is compared against a ChannelSubscription's declaration: strict.
                SelfInfo: z.object({ SubscribeTime: passedNumber, CustomString: z.string().optional() }).optional(),
            }),
        )
        .default([]),
    CompleteFlag: integer.default(1),
    Next: wholeCount.default(0),
});

/** send_official_account_msg (§2.10): when the message was stored and its key. */
export const sendMessageResponse = envelopeSchema.extend({
    MsgTime: z.union([
        z.number(),
        z
            .string()
            .regex(/^\d{1,15}$/)
            .transform(Number),
    ]),
    MsgKey: z.string(),
});

/** multiaccount_import: the UserIDs that could not be imported. */
export const importResponse = envelopeSchema.extend({ FailAccounts: z.array(z.string()).default([]) });

/** account_check (§2.12): one item per asked UserID; ResultCode ≠ 0 means that one could not be checked. */
export const accountCheckResponse = envelopeSchema.extend({
    ResultItem: z
        .array(
            z.object({
                UserID: z.string(),
                ResultCode: z.number().int().default(0),
                ResultInfo: z.string().default(""),
                AccountStatus: z.string().optional(),
            }),
        )
        .default([]),
});
