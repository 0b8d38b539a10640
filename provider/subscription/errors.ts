/** ChannelSubscription's user-facing failures: what happened, the numbers, and what to do next. */
import { TencentCode } from "../tencent/codes";
import { PartiallyCreatedError } from "../kit/partial";
import type { SubscriptionOutputs } from "./types";

/** A subscription's outputs where customString may be unknown (null) after a partial create. */
export type PartialSubscription = Omit<SubscriptionOutputs, "customString"> & { customString: string | null };

/** A subscription could not be made or removed for a reason the user must fix. */
export class SubscriptionError extends Error {
    override name = "SubscriptionError";
}

/**
 * The user is subscribed, but a later step (reading it back, setting customString) failed.
 * Carrying `id` and `properties` makes the dynamic-provider host report ErrorResourceInitFailed,
 * so the engine keeps the subscription in state and the next `pulumi up` finishes it.
 * A `customString` of null in `properties` means "not known": the next diff then sees a change
 * and sets it.
 */
export class SubscriptionPartiallyCreatedError extends PartiallyCreatedError<PartialSubscription> {
    override name = "SubscriptionPartiallyCreatedError";
    constructor(id: string, properties: PartialSubscription, cause: unknown) {
        super(
            id,
            properties,
            cause,
            (reason) =>
                `${JSON.stringify(properties.userId)} is subscribed to official channel ${properties.channelId}, but setting the subscription up did not finish: ${reason}. ` +
                "It is recorded in the stack; run `pulumi up` again to finish.",
        );
    }
}

/** The channel to subscribe to does not exist (130004): create it first, and pass its output so Pulumi orders the two. */
export function channelMissingError(channelId: string, userId: string): SubscriptionError {
    return new SubscriptionError(
        `Cannot subscribe ${JSON.stringify(userId)} to official channel ${channelId}: the channel does not exist (Tencent error ${TencentCode.CHANNEL_NOT_FOUND}). ` +
            "Create it first; pass the OfficialChannel's `channelId` output (not a string) so Pulumi creates the channel before its subscriptions.",
    );
}

/** What could be read after add_subscriber refused a user without a reason. */
export interface RefusalFacts {
    channelId: string;
    userId: string;
    /** The channel's subscribers right after the refusal; undefined when it could not be read. */
    subscriberCount: number | undefined;
    /** True when the user follows other channels, which proves it is an imported Chat user. */
    userIsImported: boolean;
}

/**
 * add_subscriber answers Result 0 ("failed") without a reason. Tencent never reports a channel's
 * maximum, so the causes are inferred from what can be read: the subscriber count, and whether the
 * user follows anything else (then it is imported, and "full" is all that is left besides a webhook).
 */
export function refusalError(facts: RefusalFacts): SubscriptionError {
    const { channelId, userId, subscriberCount: n, userIsImported } = facts;
    const user = JSON.stringify(userId);
    const head = `Cannot subscribe ${user} to official channel ${channelId}`;
    const raise = `raise maxSubscribers on the channel's OfficialChannel (or remove subscribers)`;
    const webhook = "a CallbackBeforeAddSubscriber webhook refusing the subscriber gives the same answer";
    const importIt =
        `${user} may not be an imported Chat user: import it first (Chat console → Account management, the account_import REST API, ` +
        `or createChatClient(settings).importAccounts([${user}]))`;
    if (n !== undefined && n > 0 && userIsImported) {
        return new SubscriptionError(
            `${head}: the channel is full (${n}/${n} subscribers). Tencent refused the subscriber (add_subscriber Result 0) although ${user} is an ` +
                `imported user (it follows other channels), so ${n} must be the channel's maxSubscribers, which Tencent does not report back. ` +
                `To fix: ${raise}. (Otherwise ${webhook}.)`,
        );
    }
    const causes: string[] = [];
    if (n === undefined) causes.push(`the channel may be full (its subscriber count could not be read): ${raise}`);
    else if (n > 0) {
        causes.push(
            `the channel may be full (${n}/${n} subscribers if its maxSubscribers is ${n}; Tencent does not report the maximum): ${raise}`,
        );
    }
    if (!userIsImported) causes.push(importIt);
    causes.push(webhook);
    return new SubscriptionError(
        `${head}: Tencent refused it (add_subscriber Result 0) without a reason. The channel has ${n === undefined ? "an unknown number of subscribers" : n === 1 ? "1 subscriber" : `${n} subscribers`}. ` +
            `Likely causes:\n${causes.map((cause, index) => `  ${index + 1}. ${cause}`).join("\n")}`,
    );
}
