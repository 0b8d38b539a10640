/** Renders a stored channel in wire shape, the one place wire field names meet the store. */
import type { ChannelInfoField, SelfInfoField } from "../provider/tencent/wire";
import type { StoredChannel, StoredSubscriber } from "./store";

const want = <T extends string>(filter: ReadonlySet<T> | undefined, field: T): boolean => !filter || filter.has(field);

/**
 * Field order follows the get_official_account_info seed sample. MaxSubscriberNum is never
 * included: neither the filter list nor any sample response carries it (API doc §2.2), so a client
 * must not be able to rely on reading it back.
 */
export function channelInfo(channel: StoredChannel, filter: ReadonlySet<ChannelInfoField> | undefined): Record<string, unknown> {
    const info: Record<string, unknown> = {};
    if (want(filter, "Name")) info.Name = channel.name;
    info.Official_Account = channel.channelId;
    if (want(filter, "CreateTime")) info.CreateTime = channel.createTime;
    if (want(filter, "Owner_Account")) info.Owner_Account = channel.owner;
    if (want(filter, "LastMsgTime")) info.LastMsgTime = channel.lastMessageTime;
    if (want(filter, "SubscriberNum")) info.SubscriberNum = channel.subscribers.size;
    if (want(filter, "Introduction")) info.Introduction = channel.introduction;
    if (want(filter, "FaceUrl")) info.FaceUrl = channel.faceUrl;
    if (want(filter, "Organization")) info.Organization = channel.organization;
    if (want(filter, "CustomString")) info.CustomString = channel.customString;
    return info;
}

/** The SelfInfo of a get_subscribed_official_account_list entry, limited to `filter` (all fields when undefined). */
export function selfInfo(subscriber: StoredSubscriber, filter: ReadonlySet<SelfInfoField> | undefined): Record<string, unknown> {
    const info: Record<string, unknown> = {};
    if (want(filter, "SubscribeTime")) info.SubscribeTime = subscriber.subscribeTime;
    if (want(filter, "CustomString")) info.CustomString = subscriber.customString;
    return info;
}
