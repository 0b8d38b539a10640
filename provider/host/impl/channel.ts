/**
 * OfficialChannel's provider methods as the facade (../channel.ts) loads them, by package name
 * (`pulumi-tencent-chat/host/impl/channel`), inside Pulumi's dynamic-provider host. All share the
 * host process's one client (../runtime.ts). Signatures are Pulumi's ResourceProvider's.
 */
import * as channel from "../../channel/operations";
import { chatClient } from "../runtime";

export { configure } from "../runtime";

type Props = Record<string, unknown>;

/** The host shows a provider's stderr as the resource's diagnostics. */
const warn = (line: string) => console.warn(`warning: ${line}`);

/** Validates and normalizes the inputs; no API call. Failures are returned, not thrown. */
export const check = async (olds: Props, news: Props) => channel.check(olds, news);
/**
 * Plans update or replace. May read the live channel (its subscribers decide whether a replace may
 * go ahead); what a preview cannot decide yet is written to stderr, which the host shows as diagnostics.
 */
export const diff = (id: string, olds: Props, news: Props) => channel.diff(chatClient, id, olds, news, warn);
/** Creates (or, when the inputs allow it, adopts) the channel. */
export const create = (inputs: Props) => channel.create(chatClient(), inputs);
/**
 * Reads the live channel for refresh and import; one that no longer exists — or another instance at
 * its ID — returns no id, so refresh drops it (with a warning saying what is there now).
 */
export const read = (id: string, props: Props) => channel.read(chatClient(), id, props, warn);
/** Applies in-place changes to the live channel. */
export const update = (id: string, olds: Props, news: Props) => channel.update(chatClient(), id, olds, news);
// Named `delete` for the host; `delete` is reserved as a binding name.
// `props` are the state: the delete destroys only the instance they record.
const remove = (id: string, props: Props) => channel.remove(chatClient(), id, props ?? {}, { warn });
export { remove as delete };
