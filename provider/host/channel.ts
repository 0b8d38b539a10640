/** OfficialChannel's provider methods as the serialized provider loads them (by package name). */
import * as channel from "../channel/operations";
import { chatClient } from "../runtime";

export { configure } from "../runtime";

type Props = Record<string, unknown>;

export const check = async (olds: Props, news: Props) => channel.check(olds, news);
// The host shows plugin stderr as diagnostics: what a preview cannot decide yet is said there.
export const diff = (id: string, olds: Props, news: Props) =>
    channel.diff(chatClient, id, olds, news, (line) => console.warn(`warning: ${line}`));
export const create = (inputs: Props) => channel.create(chatClient(), inputs);
export const read = (id: string, props: Props) => channel.read(chatClient(), id, props);
export const update = (id: string, olds: Props, news: Props) => channel.update(chatClient(), id, olds, news);
// Named `delete` for the host; `delete` is reserved as a binding name.
const remove = (id: string) => channel.remove(chatClient(), id);
export { remove as delete };
