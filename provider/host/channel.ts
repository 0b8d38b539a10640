/**
 * OfficialChannel's provider as an installed package registers it: this module's exports object,
 * which Pulumi's serializer writes into each resource's `__provider` as just
 * `require("pulumi-tencent-chat/host/channel")` (see load.ts providerFor; a linked checkout uses a
 * compact by-value text that requires this module by the same name). Each method loads the
 * implementation (provider/dynamic/channel.ts) through the one shared loader when the host first calls it, so
 * the host runs the installed version's code, and state written by earlier versions, which
 * requires this path and calls these seven methods, keeps working.
 *
 * Keep this module to the seven methods: it is the provider object the host calls.
 */
import { load, type Implementation } from "./load";

/** Applies the provider's configuration; Pulumi awaits it once per provider text. Async because the host type requires a promise. */
export const configure = async (...a: Parameters<Implementation["configure"]>) => load("channel").configure(...a);
/** Validates and normalizes inputs; no API call. */
export const check: Implementation["check"] = (...a) => load("channel").check(...a);
/** Plans update or replace against the recorded state; may read the live channel. */
export const diff: Implementation["diff"] = (...a) => load("channel").diff(...a);
/** Creates (or adopts, when allowed) the channel. */
export const create: Implementation["create"] = (...a) => load("channel").create(...a);
/** Reads the live channel for refresh and import. */
export const read: Implementation["read"] = (...a) => load("channel").read(...a);
/** Applies in-place changes. */
export const update: Implementation["update"] = (...a) => load("channel").update(...a);
const remove: Implementation["delete"] = (...a) => load("channel").delete(...a);
/** Destroys the channel (named `delete` for the host; `delete` is reserved as a binding name). */
export { remove as delete };
