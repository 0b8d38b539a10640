/**
 * ChannelSubscription's provider as an installed package registers it — the same shape as
 * OfficialChannel's (see ./channel.ts): this module's exports object, written as
 * `require("pulumi-tencent-chat/host/sub")`; every method loads the implementation
 * (provider/dynamic/subscription.ts) through the one shared loader.
 *
 * Keep this module to the seven methods: it is the provider object the host calls.
 */
import { load, type Implementation } from "./load";

/** Applies the provider's configuration; Pulumi awaits it once per provider text. Async because the host type requires a promise. */
export const configure = async (...a: Parameters<Implementation["configure"]>) => load("sub").configure(...a);
/** Validates and normalizes inputs; no API call. */
export const check: Implementation["check"] = (...a) => load("sub").check(...a);
/** Plans update or replace against the recorded state; no API call. */
export const diff: Implementation["diff"] = (...a) => load("sub").diff(...a);
/** Subscribes the user to the channel. */
export const create: Implementation["create"] = (...a) => load("sub").create(...a);
/** Reads the live subscription for refresh and import. */
export const read: Implementation["read"] = (...a) => load("sub").read(...a);
/** Applies in-place changes. */
export const update: Implementation["update"] = (...a) => load("sub").update(...a);
const remove: Implementation["delete"] = (...a) => load("sub").delete(...a);
/** Unsubscribes the user (named `delete` for the host; `delete` is reserved as a binding name). */
export { remove as delete };
