/**
 * Logical names of the channels in an OfficialChannelSet. They are part of every child's URN, so
 * they are a compatibility surface: changing this function replaces deployed channels. They derive
 * only from the set's name and the channel ID, never from display names.
 */
import { CHANNEL_ID_PREFIX } from "../tencent/wire";

/** Characters kept as they are; everything else (including `~`) is escaped so distinct IDs never collide. */
const KEPT = /^[A-Za-z0-9_.-]$/;

/**
 * `@TOA#_news` in set `channels` → `channels-news`; `@TOA#_team a/b` → `channels-team~20a~2fb`.
 * `~` plus two hex digits per UTF-8 byte keeps the mapping one-to-one and free of URN separators.
 *
 * @example
 * ```ts
 * // The child a set named "channels" declares for @TOA#_news, e.g. for `pulumi state` or aliases:
 * channelLogicalName("channels", "@TOA#_news"); // "channels-news"
 * ```
 */
export function channelLogicalName(setName: string, channelId: string): string {
    const local = channelId.startsWith(CHANNEL_ID_PREFIX) ? channelId.slice(CHANNEL_ID_PREFIX.length) : channelId;
    let encoded = "";
    for (const character of local) {
        encoded += KEPT.test(character)
            ? character
            : [...Buffer.from(character, "utf8")].map((byte) => `~${byte.toString(16).padStart(2, "0")}`).join("");
    }
    return `${setName}-${encoded}`;
}

/** One child of an OfficialChannelSet: its logical name and the inputs it declares. */
export interface ChannelSetChild<Inputs> {
    logicalName: string;
    channelId: string;
    inputs: Inputs;
}

/**
 * The children an OfficialChannelSet named `setName` declares for `channels`, in manifest order:
 * the one list both the TypeScript class and the plugin's component register, so a manifest moved
 * from one to the other keeps its children's names.
 */
export function channelSetChildren<Inputs extends { channelId: string }>(
    setName: string,
    channels: readonly Inputs[],
): Array<ChannelSetChild<Inputs>> {
    return channels.map((inputs) => ({
        logicalName: channelLogicalName(setName, inputs.channelId),
        channelId: inputs.channelId,
        inputs,
    }));
}
