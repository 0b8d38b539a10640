/** OfficialChannel's provider methods as the serialized provider loads them (by package name). */
import * as channel from "../channel/operations";
import { chatClient } from "../runtime";

export { configure } from "../runtime";

type Props = Record<string, unknown>;

export const check = async (olds: Props, news: Props) => channel.check(olds, news);
export const diff = async (id: string, olds: Props, news: Props) => channel.diff(id, olds, news);
export const create = (inputs: Props) => channel.create(chatClient(), inputs);
export const read = (id: string, props: Props) => channel.read(chatClient(), id, props);
export const update = (id: string, olds: Props, news: Props) => channel.update(chatClient(), id, olds, news);
// Named `delete` for the host; `delete` is reserved as a binding name.
const remove = (id: string) => channel.remove(chatClient(), id);
export { remove as delete };
