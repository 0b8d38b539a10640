/**
 * Live differences: where a channel as Tencent reports it differs from a declaration. One pure
 * function for the provider (is an existing channel exactly what we declare?) and for
 * `tencent-chat drift` (what changed in the console?).
 */
import type { ChannelInfo } from "../api/types";
import { CHANNEL_FIELD_TABLE } from "../fields/channel";
import { comparedNames, type ComparedName } from "../fields/types";
import { CHANNEL_DEFAULTS } from "./inputs";

/**
 * The declared fields Tencent reports back, the channel ID aside (the read is looked up by it).
 * maxSubscribers is settable but unreadable (API doc §2.2), so it cannot be compared;
 * adopt/allowReplace are instructions to the provider, not channel data.
 */
export const COMPARED_FIELDS: readonly ComparedField[] = comparedNames(CHANNEL_FIELD_TABLE);
/** A field a live comparison can report. */
export type ComparedField = ComparedName<typeof CHANNEL_FIELD_TABLE>;

/** One field whose live value differs from the declared one, both as text for messages and reports. */
export interface LiveDifference {
    field: ComparedField;
    declared: string;
    live: string;
}

/**
 * Every compared field whose live value differs from the declared one, in COMPARED_FIELDS order. An
 * optional field left out of the declaration is what OfficialChannel would send: its default; a
 * field Tencent leaves out reads as "" (how it reports an empty field).
 */
export function liveDifferences(live: Omit<ChannelInfo, "channelId">, declared: object): LiveDifference[] {
    return COMPARED_FIELDS.flatMap((field) => {
        const wanted = (declared as Record<string, unknown>)[field] ?? (CHANNEL_DEFAULTS as Record<string, unknown>)[field] ?? "";
        const now = live[field] ?? "";
        return wanted === now ? [] : [{ field, declared: String(wanted), live: String(now) }];
    });
}
