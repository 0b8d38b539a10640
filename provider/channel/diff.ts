/**
 * Pure diff rules for OfficialChannel. `olds` are the previous OUTPUTS (state); `news` the checked inputs.
 */
import { CHANNEL_DEFAULTS, UNKNOWN, type ChannelOutputs } from "./inputs";

/** Fields a user sets and Tencent stores; only these can cause a change. */
export const SETTABLE_FIELDS = [
    "channelId",
    "owner",
    "name",
    "introduction",
    "faceUrl",
    "maxSubscribers",
    "organization",
    "customString",
] as const;
export type SettableField = (typeof SETTABLE_FIELDS)[number];

/** Tencent cannot change these in place (no field for them in modify_official_account_base_info). */
export const REPLACE_FIELDS: readonly SettableField[] = ["channelId", "owner"];

/** Fields modify_official_account_base_info can change. */
export const UPDATABLE_FIELDS = SETTABLE_FIELDS.filter((f) => !REPLACE_FIELDS.includes(f)) as Exclude<SettableField, "channelId" | "owner">[];

export interface ChannelDiff {
    changes: boolean;
    /** Fields that differ (unknowns count as different). */
    changed: SettableField[];
    replaces: SettableField[];
    deleteBeforeReplace: boolean;
}

/** Old state may predate a default; compare what Tencent would hold. */
function normalized(field: SettableField, value: unknown): unknown {
    if (value === undefined || value === null) return (CHANNEL_DEFAULTS as Record<string, unknown>)[field];
    return value;
}

export function diffChannel(olds: Partial<ChannelOutputs> & Record<string, unknown>, news: Record<string, unknown>): ChannelDiff {
    const changed = SETTABLE_FIELDS.filter((field) => news[field] === UNKNOWN || normalized(field, olds[field]) !== normalized(field, news[field]));
    const replaces = changed.filter((field) => REPLACE_FIELDS.includes(field));
    // Two channels cannot share an ID, so the old one must go first unless the ID itself changes
    // to a known new value. An unknown ID might turn out to be the same one.
    const idStaysTheSame = news.channelId === UNKNOWN || !changed.includes("channelId");
    return {
        changes: changed.length > 0,
        changed,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && idStaysTheSame,
    };
}

/** Replacing destroys the channel and with it every subscription. */
export class ReplacementRefusedError extends Error {
    override name = "ReplacementRefusedError";
}

/**
 * Refuses a replacement that would destroy subscribers unless the user allowed it. Uses the
 * subscriber count recorded in state (refresh updates it), so the check costs no API call.
 */
export function assertReplacementAllowed(olds: Record<string, unknown>, news: Record<string, unknown>, diff: ChannelDiff): void {
    if (diff.replaces.length === 0 || news.allowReplace === true) return;
    const subscribers = typeof olds.subscriberCount === "number" ? olds.subscriberCount : 0;
    if (subscribers <= 0) return;
    const what = diff.replaces
        .map((field) => `${field} ${JSON.stringify(olds[field])} → ${news[field] === UNKNOWN ? "(known after apply)" : JSON.stringify(news[field])}`)
        .join(", ");
    throw new ReplacementRefusedError(
        `Changing ${what} replaces official channel ${String(olds.channelId)}, which would destroy it and lose its ${subscribers} ` +
            `subscriber${subscribers === 1 ? "" : "s"} (as of the last refresh). Tencent cannot change ${diff.replaces.join(" or ")} in place. ` +
            `To go ahead, set \`allowReplace: true\` on this channel; to keep the subscribers, revert the change.`,
    );
}
