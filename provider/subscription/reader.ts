/**
 * How ChannelSubscription reads one subscription, cheaply.
 *
 * The two ways to ask Tencent are a channel's subscriber list (get_subscriber_info, up to 100000
 * entries at 200 a page, no lookup by user) and a user's subscribed-channel list
 * (get_subscribed_official_account_list). Users follow few channels, so the user's list is almost
 * always one call, whatever the channel's size. Reads of the same user that arrive together
 * (a refresh of every subscription of one user) share one listing.
 */
import type { ChatClient } from "../api/types";
import { listSubscribedChannels } from "../api/subscribed-list";

/** A subscriber's own data on one channel, as the user's subscribed list reports it. */
export interface LiveSubscription {
    customString: string;
    /** Unix seconds; 0 when Tencent did not report it. */
    subscribeTime: number;
}

type Listing = Map<string, LiveSubscription>;

/** Same window as the channel read batcher: long enough for a refresh's reads to arrive together. */
const WINDOW_MS = 10;

/** Answers "is this user subscribed to that channel?" by listing the user's channels once per window for all asks. */
export class SubscriptionReader {
    /** Listings not yet sent. A read never joins one already in flight: it may predate a write the reader just made. */
    private readonly queued = new Map<string, Promise<Listing>>();

    constructor(private readonly client: ChatClient) {}

    /** The user's subscription to the channel as Tencent has it now, or undefined when there is none. */
    async find(userId: string, channelId: string): Promise<LiveSubscription | undefined> {
        let listing = this.queued.get(userId);
        if (listing === undefined) {
            listing = new Promise<void>((resolve) => setTimeout(resolve, WINDOW_MS)).then(() => {
                this.queued.delete(userId);
                return this.list(userId);
            });
            this.queued.set(userId, listing);
        }
        return (await listing).get(channelId);
    }

    private async list(userId: string): Promise<Listing> {
        // Only SelfInfo and the channel IDs are needed; an empty base filter would mean "every
        // field", so ask for one small field to keep pages light.
        const channels = await listSubscribedChannels(this.client, userId, {
            channelFields: ["createTime"],
            selfFields: ["subscribeTime", "customString"],
        });
        return new Map(
            channels.map((channel) => [
                channel.channelId,
                { customString: channel.self.customString ?? "", subscribeTime: channel.self.subscribeTime ?? 0 },
            ]),
        );
    }
}

/** One reader per client, so every subscription in a host process shares the coalescing. */
const readers = new WeakMap<ChatClient, SubscriptionReader>();

/** The reader shared by every operation on `client`, so a refresh of many subscriptions lists each user once. */
export function readerFor(client: ChatClient): SubscriptionReader {
    let reader = readers.get(client);
    if (reader === undefined) {
        reader = new SubscriptionReader(client);
        readers.set(client, reader);
    }
    return reader;
}
