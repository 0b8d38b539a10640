/**
 * ChannelSubscription's public surface, for the test loaders that require the compiled
 * `dist/provider/subscription/index.js` by hand. Not part of the core: it re-exports the dynamic
 * adapter's resource class, which is why the floors (eslint.config.mjs) leave this one file out.
 * Remove it once nothing loads that path (the package index exports all of it).
 */
export { ChannelSubscription, type ChannelSubscriptionArgs } from "../dynamic/subscription-resource";
export { channelSubscriptionProvider } from "../dynamic/subscription-provider";
export type { SubscriptionInputs, SubscriptionOutputs } from "./types";
export { SubscriptionError } from "./errors";
