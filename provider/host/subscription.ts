/**
 * ChannelSubscription's provider as an installed package registers it — the same shape as
 * OfficialChannel's (see ./channel.ts): this module's exports object, written as
 * `require("pulumi-tencent-chat/host/sub")`; every method loads the implementation
 * (./impl/subscription) through the one shared loader.
 *
 * Keep this module to the seven methods: it is the provider object the host calls.
 */
import { load } from "./load";

type Impl = typeof import("./impl/subscription");

/** Applies the provider's configuration; Pulumi awaits it once per provider text. Async because the host type requires a promise. */
export const configure = async (...a: Parameters<Impl["configure"]>) => load("sub").configure(...a);
/** Validates and normalizes inputs; no API call. */
export const check: Impl["check"] = (...a) => load("sub").check(...a);
/** Plans update or replace against the recorded state; no API call. */
export const diff: Impl["diff"] = (...a) => load("sub").diff(...a);
/** Subscribes the user to the channel. */
export const create: Impl["create"] = (...a) => load("sub").create(...a);
/** Reads the live subscription for refresh and import. */
export const read: Impl["read"] = (...a) => load("sub").read(...a);
/** Applies in-place changes. */
export const update: Impl["update"] = (...a) => load("sub").update(...a);
const remove: Impl["delete"] = (...a) => load("sub").delete(...a);
/** Unsubscribes the user (named `delete` for the host; `delete` is reserved as a binding name). */
export { remove as delete };
