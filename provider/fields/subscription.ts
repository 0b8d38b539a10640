/** ChannelSubscription's fields, each described once (see types.ts). */
import { BYTE_LIMITS } from "../api/wire";
import type { FieldTable } from "./types";

export const SUBSCRIPTION_FIELD_TABLE: FieldTable = [
    {
        name: "channelId",
        wire: "Official_Account",
        type: "string",
        description: "The official channel to subscribe to. IDs Tencent assigned (`@TOA#_@TOA#…`) are accepted here.",
        byteLimit: BYTE_LIMITS.channelId,
        required: true,
        settable: true,
        replaces: true,
        readableBack: true,
    },
    {
        name: "userId",
        wire: "Subscriber_Account",
        type: "string",
        description: "The subscriber's Chat UserID; must already be imported into Chat.",
        byteLimit: BYTE_LIMITS.userId,
        required: true,
        settable: true,
        replaces: true,
        readableBack: true,
    },
    {
        name: "customString",
        wire: "CustomString",
        type: "string",
        description: "The subscriber's own free-form data on this channel.",
        byteLimit: BYTE_LIMITS.subscriberCustomString,
        default: "",
        settable: true,
        readableBack: true,
    },
    {
        name: "subscribeTime",
        wire: "SubscribeTime",
        type: "integer",
        description: "When the user subscribed, Unix seconds (0 when Tencent did not report it).",
        settable: false,
        readableBack: true,
        outputOnly: true,
    },
];
