/**
 * ChannelSubscription's provider methods as the facade (../subscription.ts) loads them, by package
 * name (`pulumi-tencent-chat/host/impl/sub`), inside Pulumi's dynamic-provider host. All share the
 * host process's one client (../runtime.ts). Signatures are Pulumi's ResourceProvider's.
 */
import { chatClient } from "../runtime";
import * as subscription from "../../subscription/operations";

export { configure } from "../runtime";

type Props = Record<string, unknown>;

/** Validates and normalizes the inputs; no API call. Failures are returned, not thrown. */
export const check = async (olds: Props, news: Props) => subscription.check(olds, news);
/** Plans update or replace from the recorded state alone; no API call. */
export const diff = async (id: string, olds: Props, news: Props) => subscription.diff(id, olds, news);
/** Subscribes the user to the channel. */
export const create = (inputs: Props) => subscription.create(chatClient(), inputs);
/** Reads the live subscription for refresh and import; one that no longer exists returns no id, so refresh drops it. */
export const read = (id: string, props: Props) => subscription.read(chatClient(), id, props);
/** Applies in-place changes to the live subscription. */
export const update = (id: string, olds: Props, news: Props) => subscription.update(chatClient(), id, olds, news);
// Named `delete` for the host; `delete` is reserved as a binding name.
const remove = (id: string, props: Props) => subscription.remove(chatClient(), id, props);
export { remove as delete };
