/**
 * Every channel one user follows, across all pages of get_subscribed_official_account_list (§2.9).
 * Used by the program lookup `getSubscribedChannels`, by ChannelSubscription's read and by the CLI.
 */
import type { ChatClient, SubscribedChannel, SubscribedQuery } from "./types";
import { MAX_PAGE_SIZE } from "./wire";

/** Which channel and self fields to ask for; every field when omitted. */
export type SubscribedFilters = Pick<SubscribedQuery, "channelFields" | "selfFields">;

/**
 * Every channel `userId` follows, one entry per channel, paging through the whole list
 * (`MAX_PAGE_SIZE` per call). Throws the client's TencentChatError, or an Error when the server's
 * paging does not advance (a server that never completes would otherwise loop for ever).
 */
export async function listSubscribedChannels(
    client: ChatClient,
    userId: string,
    filters: SubscribedFilters = {},
): Promise<SubscribedChannel[]> {
    const byChannel = new Map<string, SubscribedChannel>();
    let offset = 0;
    for (;;) {
        const page = await client.getSubscribedChannels(userId, { ...filters, limit: MAX_PAGE_SIZE, offset });
        // Offset paging shifts when the user subscribes or unsubscribes between pages, so a channel
        // can come back twice; the first sighting wins.
        for (const channel of page.channels) if (!byChannel.has(channel.channelId)) byChannel.set(channel.channelId, channel);
        if (page.complete) break;
        // A server that neither completes nor advances would loop for ever; fail loudly instead.
        if (page.next <= offset || page.channels.length === 0) {
            throw new Error(
                `get_subscribed_official_account_list for ${JSON.stringify(userId)} did not advance (offset ${offset}, next ${page.next}, ` +
                    `${page.channels.length} channels, CompleteFlag 0); this is unexpected, please report it.`,
            );
        }
        offset = page.next;
    }
    return [...byChannel.values()];
}
