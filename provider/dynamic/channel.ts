/**
 * OfficialChannel's provider methods as the facade (provider/host/channel.ts) loads them, by package name
 * (`pulumi-tencent-chat/dynamic/channel`), inside Pulumi's dynamic-provider host. All share the
 * host process's one client (./runtime.ts). Signatures are Pulumi's ResourceProvider's; each
 * translates between them and the core (channel/operations.ts) in ./results.ts.
 */
import * as channel from "../channel/operations";
import { chatClient } from "./runtime";
import { checked, created, diffed, identityOf, keepingProvider, readBack, warn } from "./results";

export { configure } from "./runtime";

type Props = Record<string, unknown>;

/** Validates and normalizes the inputs; no API call. Failures are returned, not thrown. */
export const check = async (olds: Props, news: Props) => checked(channel.check(olds, news));
/**
 * Plans update or replace. May read the live channel (its subscribers decide whether a replace may
 * go ahead); what a preview cannot decide yet is written to stderr, which the host shows as diagnostics.
 */
export const diff = async (id: string, olds: Props, news: Props) =>
    diffed(await channel.planDiff(chatClient, id, olds, news, warn));
/** Creates (or, when the inputs allow it, adopts) the channel. */
export const create = (inputs: Props) => created(inputs, () => channel.create(chatClient(), inputs, identityOf(inputs)));
/**
 * Reads the live channel for refresh and import; one that no longer exists — or another instance at
 * its ID — returns no id, so refresh drops it (with a warning saying what is there now).
 */
export const read = async (id: string, props: Props) =>
    readBack(await channel.read(chatClient(), id, props, { identity: identityOf(props), warn }));
/** Applies in-place changes to the live channel. */
export const update = async (id: string, olds: Props, news: Props) => ({
    outs: await keepingProvider(news, () => channel.update(chatClient(), id, olds, news)),
});
// Named `delete` for the host; `delete` is reserved as a binding name.
// `props` are the state: the delete destroys only the instance they record.
const remove = (id: string, props: Props) => channel.remove(chatClient(), id, props ?? {}, { identity: identityOf(props), warn });
export { remove as delete };
