/**
 * Pure diff rules for ChannelSubscription. `olds` are the previous OUTPUTS (state); `news` the checked inputs.
 */
import { SUBSCRIPTION_FIELD_TABLE } from "../fields/subscription";
import { replaceFields, tencentInputNames, type TencentInputName } from "../fields/types";
import { UNKNOWN } from "../kit/unknown";
import { pairOf, SUBSCRIPTION_DEFAULTS } from "./inputs";

/** Fields a user sets and Tencent stores; `adopt`, `subscribeTime` and `__provider` never cause a change. */
export const SUBSCRIPTION_SETTABLE_FIELDS = tencentInputNames(SUBSCRIPTION_FIELD_TABLE);
/** A field a user sets and Tencent stores. */
export type SubscriptionField = TencentInputName<typeof SUBSCRIPTION_FIELD_TABLE>;

/** A subscription is the pair; a different pair is a different subscription. */
export const SUBSCRIPTION_REPLACE_FIELDS: readonly SubscriptionField[] = replaceFields(SUBSCRIPTION_FIELD_TABLE);

/** What diffSubscription decided: what differs, what forces a replacement, and its order. */
export interface SubscriptionDiff {
    changes: boolean;
    changed: SubscriptionField[];
    replaces: SubscriptionField[];
    deleteBeforeReplace: boolean;
}

/** Old state may predate a default. A null stays null: a partial failure records an unknown customString that way, so it differs. */
function normalized(field: SubscriptionField, value: unknown): unknown {
    if (value === undefined) return (SUBSCRIPTION_DEFAULTS as Record<string, unknown>)[field];
    return value;
}

/**
 * `olds` are the state (or, inside a refresh, the refreshed outputs) and `news` the checked inputs
 * (or the old inputs). `id` completes a pair the state lacks; a half still missing on either side
 * is not a change, so it never plans a replacement.
 */
export function diffSubscription(olds: Record<string, unknown>, news: Record<string, unknown>, id?: string): SubscriptionDiff {
    const old: Record<string, unknown> = { ...olds, ...pairOf(olds, id) };
    const changed = SUBSCRIPTION_SETTABLE_FIELDS.filter((field) => {
        if (
            SUBSCRIPTION_REPLACE_FIELDS.includes(field) &&
            (news[field] === undefined || news[field] === null || old[field] === undefined || old[field] === null)
        )
            return false;
        return news[field] === UNKNOWN || normalized(field, old[field]) !== normalized(field, news[field]);
    });
    const replaces = changed.filter((field) => SUBSCRIPTION_REPLACE_FIELDS.includes(field));
    // Creating first and then deleting the old pair is right when the pair surely differs. If an
    // unknown value could turn out to be the same pair, the create would adopt the existing
    // subscription and the delete would then remove it: delete first in that case.
    const mayBeSamePair = SUBSCRIPTION_REPLACE_FIELDS.every((field) => news[field] === UNKNOWN || !changed.includes(field));
    return { changes: changed.length > 0, changed, replaces, deleteBeforeReplace: replaces.length > 0 && mayBeSamePair };
}
