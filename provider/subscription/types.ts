/**
 * ChannelSubscription's public types: plain interfaces, which the published declarations reach
 * without reaching zod (see `channel/types.ts`).
 */

/** What a user declares. Documented for users on ChannelSubscriptionArgs. */
export interface SubscriptionInputs {
    channelId: string;
    userId: string;
    customString?: string;
    adopt?: boolean;
}

/** Inputs after `check`: every field filled. */
export type CheckedSubscriptionInputs = Required<SubscriptionInputs>;

/** What the state holds: the checked inputs plus what only Tencent knows. */
export interface SubscriptionOutputs extends CheckedSubscriptionInputs {
    /** Unix seconds; 0 when Tencent did not report it. */
    subscribeTime: number;
}
