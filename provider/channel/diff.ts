/**
 * Pure diff rules for OfficialChannel. `olds` are the previous OUTPUTS (state); `news` the checked
 * inputs — or, inside `pulumi refresh`, the refreshed outputs and the old inputs (the engine diffs
 * them and inverts the result to show drift), so nothing here may assume either side is complete.
 */
import { NAME_HINT } from "../kit/internal-inputs";
import { UNKNOWN } from "../kit/unknown";
import { CHANNEL_FIELD_TABLE } from "../fields/channel";
import { replaceFields, tencentInputNames, updatableNames, type TencentInputName } from "../fields/types";
import { CHANNEL_DEFAULTS } from "./inputs";
import type { ChannelOutputs } from "./types";

/** Fields a user sets and Tencent stores; only these can cause a change. */
export const SETTABLE_FIELDS = tencentInputNames(CHANNEL_FIELD_TABLE);
/** A field a user sets and Tencent stores. */
export type SettableField = TencentInputName<typeof CHANNEL_FIELD_TABLE>;

/** Tencent cannot change these in place (no field for them in modify_official_account_base_info). */
export const REPLACE_FIELDS: readonly SettableField[] = replaceFields(CHANNEL_FIELD_TABLE);

/** Fields modify_official_account_base_info can change. */
export const UPDATABLE_FIELDS = updatableNames(CHANNEL_FIELD_TABLE);

/** What diffChannel decided: what differs, what forces a replacement, and in which order it would run. */
export interface ChannelDiff {
    changes: boolean;
    /** Fields that differ (unknowns count as different). */
    changed: SettableField[];
    replaces: SettableField[];
    deleteBeforeReplace: boolean;
    /**
     * Replace fields the old side does not record (hand-edited state, an older shape): a missing
     * value is not a change, so they plan nothing until the caller learns them from the live
     * channel and diffs again with them filled in.
     */
    unresolved: SettableField[];
    /** The channel ID was generated from the logical name: a replacement gets a fresh one. */
    autoNamed: boolean;
}

const missing = (value: unknown) => value === undefined || value === null;

/** Old state may predate a default; compare what Tencent would hold. */
function normalized(field: SettableField, value: unknown): unknown {
    if (missing(value)) return (CHANNEL_DEFAULTS as Record<string, unknown>)[field];
    return value;
}

/**
 * `id` is the resource id, which is the channel ID: it stands in for a `channelId` the old side lacks.
 */
export function diffChannel(
    olds: Partial<ChannelOutputs> & Record<string, unknown>,
    news: Record<string, unknown>,
    id?: string,
): ChannelDiff {
    const old: Record<string, unknown> = { ...olds };
    if (missing(old.channelId) && id) old.channelId = id;
    const unresolved: SettableField[] = [];
    const changed = SETTABLE_FIELDS.filter((field) => {
        if (REPLACE_FIELDS.includes(field)) {
            // A replacement destroys the channel: it is planned only on two known, different values
            // (or a preview unknown on the new side, decided at apply time).
            if (missing(news[field])) return false;
            if (missing(old[field])) {
                unresolved.push(field);
                return false;
            }
        }
        return news[field] === UNKNOWN || normalized(field, old[field]) !== normalized(field, news[field]);
    });
    const replaces = changed.filter((field) => REPLACE_FIELDS.includes(field));
    const hint = news[NAME_HINT];
    const autoNamed = typeof hint === "string" && hint !== UNKNOWN;
    // An explicit ID that stays the same must be freed first: two channels cannot share it. An
    // unknown ID might turn out to be the same one. An auto-named channel's replacement gets a fresh
    // name when the engine checks the inputs again without olds, so it is created first and the
    // old channel deleted after — never a moment without a channel.
    const idStaysTheSame = news.channelId === UNKNOWN || !changed.includes("channelId");
    return {
        changes: changed.length > 0,
        changed,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && idStaysTheSame && !autoNamed,
        unresolved,
        autoNamed,
    };
}
