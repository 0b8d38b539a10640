/**
 * zod shapes of the response bodies (wire names, §2). Only what we read is declared; unknown fields
 * are stripped. Fields are optional wherever a response filter or an older server may leave them out.
 */
import { z } from "zod";

import { envelopeSchema } from "./transport";

/** Base channel fields as get_official_account_info and the subscribed list return them (§2.2, §2.9). */
const channelFields = {
    Official_Account: z.string().optional(),
    Name: z.string().optional(),
    Owner_Account: z.string().optional(),
    Introduction: z.string().optional(),
    FaceUrl: z.string().optional(),
    Organization: z.string().optional(),
    CustomString: z.string().optional(),
    CreateTime: z.number().optional(),
    LastMsgTime: z.number().optional(),
    SubscriberNum: z.number().optional(),
};

export const wireChannelSchema = z.object({
    ...channelFields,
    /** Per-item result (§1.4): a top-level 0 does not mean every ID was found. */
    ErrorCode: z.number().int().optional(),
    ErrorInfo: z.string().optional(),
});
export type WireChannel = z.infer<typeof wireChannelSchema>;

export const createResponse = envelopeSchema.extend({ OfficialAccountUserID: z.string() });

export const getInfoResponse = envelopeSchema.extend({
    OfficialAccountInfoList: z.array(wireChannelSchema).default([]),
});

export const emptyResponse = envelopeSchema;

export const subscriberInfoResponse = envelopeSchema.extend({
    Next: z.string().default(""),
    SubscriberNum: z.number().optional(),
    SubscriberList: z
        .array(
            z.object({
                Subscriber_Account: z.string(),
                SubscribeTime: z.number().optional(),
                CustomString: z.string().optional(),
                MsgFlag: z.string().optional(),
                LastSendMsgTime: z.number().optional(),
            }),
        )
        .default([]),
});

export const subscriberResultResponse = envelopeSchema.extend({
    SubscriberList: z.array(z.object({ Subscriber_Account: z.string(), Result: z.number().int() })).default([]),
});

export const subscribedListResponse = envelopeSchema.extend({
    TotalCount: z.number().default(0),
    OfficialAccountInfoList: z
        .array(
            z.object({
                ...channelFields,
                SelfInfo: z.object({ SubscribeTime: z.number().optional(), CustomString: z.string().optional() }).optional(),
            }),
        )
        .default([]),
    CompleteFlag: z.number().default(1),
    Next: z.number().default(0),
});

export const sendMessageResponse = envelopeSchema.extend({ MsgTime: z.number(), MsgKey: z.string() });

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
