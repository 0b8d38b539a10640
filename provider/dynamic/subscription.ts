/**
 * ChannelSubscription's provider methods as the facade (provider/host/subscription.ts) loads them, by package
 * name (`pulumi-tencent-chat/dynamic/sub`), inside Pulumi's dynamic-provider host. All share the
 * host process's one client (./runtime.ts). Signatures are Pulumi's ResourceProvider's; each
 * translates between them and the core (subscription/operations.ts) in ./results.ts.
 */
import { chatClient } from "./runtime";
import { diffSubscription } from "../subscription/diff";
import * as subscription from "../subscription/operations";
import { checked, created, diffed, identityOf, keepingProvider, readBack } from "./results";

export { configure } from "./runtime";

type Props = Record<string, unknown>;

/** Validates and normalizes the inputs; no API call. Failures are returned, not thrown. */
export const check = async (olds: Props, news: Props) => checked(subscription.check(olds, news));
/** Plans update or replace from the recorded state alone (a different pair replaces); no API call. */
export const diff = async (id: string, olds: Props, news: Props) => diffed(diffSubscription(olds, news, id));
/** Subscribes the user to the channel. */
export const create = (inputs: Props) => created(inputs, () => subscription.create(chatClient(), inputs, identityOf(inputs)));
/** Reads the live subscription for refresh and import; one that no longer exists returns no id, so refresh drops it. */
export const read = async (id: string, props: Props) => readBack(await subscription.read(chatClient(), id, props));
/** Applies in-place changes to the live subscription (subscribing again when the user was unsubscribed). */
export const update = async (id: string, olds: Props, news: Props) => ({
    outs: await keepingProvider(news, () => subscription.update(chatClient(), id, olds, news)),
});
// Named `delete` for the host; `delete` is reserved as a binding name.
const remove = (id: string, props: Props) => subscription.remove(chatClient(), id, props);
export { remove as delete };
