/** ChannelSubscription: one user's subscription to an official channel. */
export { ChannelSubscription, type ChannelSubscriptionArgs } from "./resource";
export { channelSubscriptionProvider } from "./provider";
export type { SubscriptionInputs, SubscriptionOutputs } from "./types";
export { SubscriptionError } from "./errors";
