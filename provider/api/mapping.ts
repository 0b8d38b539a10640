/**
 * camelCase ↔ Tencent names for channel and subscription records, derived from the field tables
 * (provider/fields): the create and modify bodies, the read filter and the read mapping. Adding a
 * field to a table adds it here; nothing in this file names a field.
 *
 * Per-command differences are the table's: create_official_account names the channel ID
 * `OfficialAccountUserID` (the field's `createWire`), every other command `Official_Account`.
 */
import { CHANNEL_FIELD_TABLE } from "../fields/channel";
import { SUBSCRIPTION_FIELD_TABLE } from "../fields/subscription";
import { ownReportedFields, reportedFields, updatableNames, type FieldSpec } from "../fields/types";
import type { ChannelChanges, ChannelInfo, ChannelInfoFieldName, NewChannel, SubscribedChannel } from "./types";
import type { ChannelInfoField, SelfInfoField } from "../tencent/wire";

type WireRecord = Record<string, unknown>;
type Wired = FieldSpec & { wire: string };

const wired = (fields: readonly FieldSpec[]): Wired[] => fields.filter((f): f is Wired => f.wire !== undefined);
const wireNames = (fields: readonly FieldSpec[]): Record<string, string> =>
    Object.fromEntries(wired(fields).map((f) => [f.name, f.wire]));

/** The channel ID's wire name in every command but create (`Official_Account`). */
export const CHANNEL_ID_WIRE = CHANNEL_FIELD_TABLE.find((f) => f.identity)!.wire!;

const subscriptionWire = wireNames(SUBSCRIPTION_FIELD_TABLE);
/** The subscriber's UserID's wire name in every subscriber command (`Subscriber_Account`). */
export const SUBSCRIBER_ID_WIRE = subscriptionWire.userId!;

/** modify_subscriber_info's body (§2.8): the channel, the subscriber and its customString. */
export function modifySubscriberBody(id: string, userId: string, customString: string): WireRecord {
    return { [CHANNEL_ID_WIRE]: id, [SUBSCRIBER_ID_WIRE]: userId, [subscriptionWire.customString!]: customString };
}

const channelSent = wired(CHANNEL_FIELD_TABLE.filter((f) => f.settable));
const channelUpdatable = new Set<string>(updatableNames(CHANNEL_FIELD_TABLE));
const channelReported = wired(reportedFields(CHANNEL_FIELD_TABLE).filter((f) => !f.identity));
const selfReported = wired(ownReportedFields(SUBSCRIPTION_FIELD_TABLE));

/** camelCase read-filter name → Tencent's (§2.2): every reported channel field but the ID. */
export const CHANNEL_FILTER_NAMES = wireNames(channelReported) as Record<ChannelInfoFieldName, ChannelInfoField>;
/** camelCase name of a subscriber's own field → Tencent's SelfInfoFilter name (§2.9). */
export const SELF_FILTER_NAMES = wireNames(selfReported) as Record<keyof SubscribedChannel["self"], SelfInfoField>;

/** Drops undefined members so that bodies carry only the fields the caller gave, and results compare cleanly. */
export function withoutUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/** create_official_account's body (§2.1): every field given, in table order; a custom ID is always sent when given. */
export function createChannelBody(channel: NewChannel): WireRecord {
    const body: WireRecord = {};
    for (const f of channelSent) body[f.createWire ?? f.wire] = (channel as unknown as WireRecord)[f.name];
    return withoutUndefined(body);
}

/** modify_official_account_base_info's body (§2.3): the channel, then the changed updatable fields. */
export function modifyChannelBody(id: string, changes: ChannelChanges): WireRecord {
    const body: WireRecord = { [CHANNEL_ID_WIRE]: id };
    for (const f of channelSent) if (channelUpdatable.has(f.name)) body[f.wire] = (changes as WireRecord)[f.name];
    return withoutUndefined(body);
}

/** A read filter (OfficialAccountBaseInfoFilter) for the given camelCase channel fields. */
export const channelFilter = (fields: readonly ChannelInfoFieldName[]): ChannelInfoField[] =>
    fields.map((field) => CHANNEL_FILTER_NAMES[field]);

/** A SelfInfoFilter for the given camelCase fields of the subscriber's own data. */
export const selfFilter = (fields: ReadonlyArray<keyof SubscribedChannel["self"]>): SelfInfoField[] =>
    fields.map((field) => SELF_FILTER_NAMES[field]);

/** A channel as Tencent reports it, in camelCase; `id` (the ID it was matched to) stands in should the item lack its own. Absent fields stay absent. */
export function toChannelInfo(item: object, id: string): ChannelInfo {
    const wire = item as WireRecord;
    const info: WireRecord = { channelId: wire[CHANNEL_ID_WIRE] ?? id };
    for (const f of channelReported) info[f.name] = wire[f.wire];
    return withoutUndefined(info) as unknown as ChannelInfo;
}

/** A subscriber's own data on a channel (SelfInfo), in camelCase. Absent fields stay absent. */
export function toSelfInfo(selfInfo: object | undefined): SubscribedChannel["self"] {
    const self: WireRecord = {};
    for (const f of selfReported) self[f.name] = (selfInfo as WireRecord | undefined)?.[f.wire];
    return withoutUndefined(self);
}
