/** ChannelSubscription's fields, each described once (see types.ts). */
import { z } from "zod";

import { BYTE_LIMITS, CHANNEL_ID_PREFIX, RESERVED_ID_PREFIX, channelIdProblem } from "../tencent/wire";
import { describeValue } from "./describe";
import { channelIdString, chatUserId, flag } from "./schemas";
import { fieldTable } from "./types";

/**
 * Why `id` cannot name an existing channel, or undefined. Unlike a custom ID at creation, an ID
 * Tencent assigned (`@TOA#_@TOA#…`) is fine to subscribe to, so the reserved prefix is masked with
 * same-length, non-reserved characters and every other rule (ASCII, 48 bytes) still applies.
 */
export function subscribableChannelIdProblem(id: string): string | undefined {
    if (id.startsWith(RESERVED_ID_PREFIX) && id.length > RESERVED_ID_PREFIX.length) {
        return channelIdProblem(
            CHANNEL_ID_PREFIX +
                "_".repeat(RESERVED_ID_PREFIX.length - CHANNEL_ID_PREFIX.length) +
                id.slice(RESERVED_ID_PREFIX.length),
        );
    }
    return channelIdProblem(id);
}

const subscribableChannelId = channelIdString(
    subscribableChannelIdProblem,
    `must be a channel ID string like "${CHANNEL_ID_PREFIX}news"`,
);

// The string check is ours (the owner schema's type message names the owner); the owner schema's
// own rules — non-empty, at most 32 bytes, with the size — apply to every Chat UserID.
const subscriberUserId = z
    .string({
        error: (issue) =>
            `must be a Chat UserID, a string of at most ${BYTE_LIMITS.userId} bytes (got ${describeValue(issue.input)})`,
    })
    .pipe(chatUserId);

/**
 * ChannelSubscription's fields, in the order state and schemas list them; its zod inputs, defaults,
 * diff sets, state and the package schema are derived from this table.
 */
export const SUBSCRIPTION_FIELD_TABLE = fieldTable([
    {
        name: "channelId",
        wire: "Official_Account",
        type: "string",
        description: "The official channel to subscribe to. IDs Tencent assigned (`@TOA#_@TOA#…`) are accepted here.",
        byteLimit: BYTE_LIMITS.channelId,
        required: true,
        settable: true,
        replaces: true,
        identity: true,
        readableBack: true,
        schema: subscribableChannelId,
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
        identity: true,
        readableBack: true,
        schema: subscriberUserId,
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
        name: "adopt",
        type: "boolean",
        description:
            "Take over the user's existing subscription to this channel instead of failing; its customString is changed to the declared value, and destroying the resource unsubscribes the user.",
        default: false,
        settable: true,
        readableBack: false,
        providerOption: true,
        schema: flag("Take over the user's existing subscription instead of failing."),
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
] as const);
