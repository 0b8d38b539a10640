/** ChannelSubscription's provider methods as the serialized provider loads them (by package name). */
import { chatClient } from "../runtime";
import * as subscription from "../subscription/operations";

export { configure } from "../runtime";

type Props = Record<string, unknown>;

export const check = async (olds: Props, news: Props) => subscription.check(olds, news);
export const diff = async (id: string, olds: Props, news: Props) => subscription.diff(id, olds, news);
export const create = (inputs: Props) => subscription.create(chatClient(), inputs);
export const read = (id: string, props: Props) => subscription.read(chatClient(), id, props);
export const update = (id: string, olds: Props, news: Props) => subscription.update(chatClient(), id, olds, news);
// Named `delete` for the host; `delete` is reserved as a binding name.
const remove = (id: string, props: Props) => subscription.remove(chatClient(), id, props);
export { remove as delete };
