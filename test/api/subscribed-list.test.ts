import { describe, expect, it } from "vitest";

import { listSubscribedChannels } from "../../provider/api/subscribed-list";
import type { ChatClient, SubscribedChannel, SubscribedPage, SubscribedQuery } from "../../provider/api/types";
import { MAX_PAGE_SIZE } from "../../provider/tencent/wire";

const channel = (n: number): SubscribedChannel => ({ channelId: `@TOA#_${n}`, self: {} }) as SubscribedChannel;

/** A client whose subscribed list answers the given pages in turn, recording each query. */
function pagedClient(pages: SubscribedPage[]): { client: ChatClient; queries: SubscribedQuery[] } {
    const queries: SubscribedQuery[] = [];
    const client = {
        getSubscribedChannels: async (_userId: string, query: SubscribedQuery) => {
            queries.push(query);
            const page = pages.shift();
            if (page === undefined) throw new Error("asked for a page past the end");
            return page;
        },
    } as unknown as ChatClient;
    return { client, queries };
}

describe("listSubscribedChannels", () => {
    it("follows the offsets with full pages and keeps the first sighting of a channel that shifts between pages", async () => {
        const { client, queries } = pagedClient([
            { totalCount: 3, channels: [channel(1), channel(2)], complete: false, next: 2 },
            { totalCount: 3, channels: [channel(2), channel(3)], complete: true, next: 0 },
        ]);
        const result = await listSubscribedChannels(client, "u1", { selfFields: ["subscribeTime"] });
        expect(result.map((c) => c.channelId)).toEqual(["@TOA#_1", "@TOA#_2", "@TOA#_3"]);
        expect(queries).toEqual([
            { selfFields: ["subscribeTime"], limit: MAX_PAGE_SIZE, offset: 0 },
            { selfFields: ["subscribeTime"], limit: MAX_PAGE_SIZE, offset: 2 },
        ]);
    });

    it("fails loudly when the server neither completes nor advances, instead of looping", async () => {
        const { client } = pagedClient([
            { totalCount: 5, channels: [channel(1)], complete: false, next: 1 },
            { totalCount: 5, channels: [channel(2)], complete: false, next: 1 },
        ]);
        await expect(listSubscribedChannels(client, "u1")).rejects.toThrow(
            'get_subscribed_official_account_list for "u1" failed: the listing stopped after 2 pages and 2 channels: page 2 (offset 1) answered Next 1, which does not advance, and CompleteFlag 0.',
        );
    });
});
