/**
 * Every channel one user follows, across all pages of get_subscribed_official_account_list (§2.9).
 * Used by the program lookup `getSubscribedChannels`, by ChannelSubscription's read and by the CLI.
 *
 * The server decides when the list ends (CompleteFlag), so a broken or hostile one could keep a
 * listing going for ever and grow it without limit. Every listing therefore stops, failing with what
 * it read and why, at the first of: a page larger than asked for, a page that does not advance, an
 * empty page that does not end the list, a next offset past the TotalCount the server reported,
 * MAX_SUBSCRIBED_PAGES pages, or LISTING_BUDGET_MS.
 */
import { TencentChatError } from "./errors";
import type { ChatClient, SubscribedChannel, SubscribedPage, SubscribedQuery } from "./types";
import { MAX_PAGE_SIZE } from "../tencent/wire";

/** Which channel and self fields to ask for; every field when omitted. */
export type SubscribedFilters = Pick<SubscribedQuery, "channelFields" | "selfFields">;

/**
 * 50 pages of MAX_PAGE_SIZE (200): 10,000 channels, far more than any user follows (an app's channel
 * quota is not published; a trial app has 5). It bounds what one listing holds: 10,000 entries.
 */
export const MAX_SUBSCRIBED_PAGES = 50;

/**
 * Two minutes for a whole listing: a normal one takes well under a second a page. Each page's call
 * has its own deadline and retry budget (README "Timeouts"); this bounds the sum.
 */
export const LISTING_BUDGET_MS = 120_000;

/** Limits of one listing; the defaults are the constants above. */
export interface ListingLimits {
    /** @default MAX_SUBSCRIBED_PAGES */
    maxPages?: number;
    /** @default LISTING_BUDGET_MS */
    budgetMs?: number;
}

const COMMAND = "get_subscribed_official_account_list";

/** Where a listing is, for the decision and the message. */
interface Progress {
    pages: number;
    /** Distinct channels read so far. */
    channels: number;
    offset: number;
    startedAt: number;
}

/**
 * Why the listing must stop after `page` (read at `progress.offset`), or undefined when it may go on.
 * Pure: the facts decide.
 */
export function whyStop(
    page: SubscribedPage,
    progress: Progress,
    limits: Required<ListingLimits>,
    nowMs: number,
): string | undefined {
    const at = pageAt(progress);
    if (page.channels.length === 0) return `${at} was empty, yet the server did not say the list was complete (CompleteFlag 0)`;
    if (page.next <= progress.offset) return `${at} answered Next ${page.next}, which does not advance, and CompleteFlag 0`;
    // TotalCount 0 beside channels is no count at all (a server that leaves it out).
    if (page.totalCount > 0 && page.next > page.totalCount) {
        return `${at} pointed past the end of the list (Next ${page.next}, TotalCount ${page.totalCount}) and CompleteFlag 0`;
    }
    if (progress.pages >= limits.maxPages) {
        return `the server never marked the list complete (CompleteFlag 1) in ${limits.maxPages} pages of ${MAX_PAGE_SIZE}, the most a listing reads`;
    }
    if (nowMs - progress.startedAt >= limits.budgetMs)
        return `the listing took longer than its budget of ${Math.round(limits.budgetMs / 1000)} s`;
    return undefined;
}

const pageAt = (progress: Progress) => `page ${progress.pages} (offset ${progress.offset})`;

function stopped(userId: string, progress: Progress, why: string): TencentChatError {
    const pages = `${progress.pages} page${progress.pages === 1 ? "" : "s"}`;
    return new TencentChatError({
        api: COMMAND,
        target: userId,
        attempts: 1,
        ambiguous: false,
        problem: `the listing stopped after ${pages} and ${progress.channels.toLocaleString("en-US")} channels: ${why}. The list is incomplete, so none of it is returned`,
        advice: "Tencent ends every list with CompleteFlag 1; check that the endpoint setting points at Tencent Chat's REST API (or the emulator), and if it does, please report this.",
    });
}

/**
 * Every channel `userId` follows, one entry per channel, paging through the whole list
 * (`MAX_PAGE_SIZE` per call). Throws the client's TencentChatError, or a TencentChatError saying
 * what was read and why the listing stopped when the server's paging does not end (module comment).
 */
export async function listSubscribedChannels(
    client: ChatClient,
    userId: string,
    filters: SubscribedFilters = {},
    limits: ListingLimits = {},
): Promise<SubscribedChannel[]> {
    const bounds = { maxPages: limits.maxPages ?? MAX_SUBSCRIBED_PAGES, budgetMs: limits.budgetMs ?? LISTING_BUDGET_MS };
    const byChannel = new Map<string, SubscribedChannel>();
    const progress: Progress = { pages: 0, channels: 0, offset: 0, startedAt: Date.now() };
    for (;;) {
        const page = await client.getSubscribedChannels(userId, { ...filters, limit: MAX_PAGE_SIZE, offset: progress.offset });
        progress.pages += 1;
        if (page.channels.length > MAX_PAGE_SIZE) {
            throw stopped(
                userId,
                progress,
                `${pageAt(progress)} held ${page.channels.length} channels, more than the ${MAX_PAGE_SIZE} asked for`,
            );
        }
        // Offset paging shifts when the user subscribes or unsubscribes between pages, so a channel
        // can come back twice; the first sighting wins.
        for (const channel of page.channels) if (!byChannel.has(channel.channelId)) byChannel.set(channel.channelId, channel);
        progress.channels = byChannel.size;
        if (page.complete) break;
        const why = whyStop(page, progress, bounds, Date.now());
        if (why !== undefined) throw stopped(userId, progress, why);
        progress.offset = page.next;
    }
    return [...byChannel.values()];
}
