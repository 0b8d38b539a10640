/**
 * Read-only lookups for Pulumi programs (and scripts): what a user follows, and channels by ID.
 * They run in the program, not in the provider host, so they resolve settings themselves.
 */
import type { ZodType } from "zod";

import { createChatClient } from "./api/client";
import type { ChannelInfo, ChannelInfoFieldName, ChatClient, ClientOptions, SubscribedChannel } from "./api/types";
import { TencentCode } from "./tencent/codes";
import { hasCode } from "./api/errors";
import { CONFIG_NAMESPACE, resolveClientOptions, type ConfigLookup } from "./config";
import { listSubscribedChannels } from "./api/subscribed-list";
import { describeValue } from "./fields/describe";
import { SUBSCRIPTION_FIELDS } from "./subscription/inputs";

/** Where a lookup gets its client. Without either, settings come from the stack config, then TENCENT_CHAT_* variables. */
export interface LookupOptions {
    /** A client to use as is (its rate limiting and read batching are shared with your other calls). */
    client?: ChatClient;
    /** Settings to build a client from, instead of the stack config and environment. */
    settings?: ClientOptions;
}

/** Options of {@link getSubscribedChannels}: where the client comes from, and which fields to return. */
export interface SubscribedChannelsOptions extends LookupOptions {
    /** Channel fields to return; all when omitted. `channelId` is always there. */
    channelFields?: ChannelInfoFieldName[];
    /** The user's own fields to return in `self`; both when omitted. */
    selfFields?: Array<"subscribeTime" | "customString">;
}

/** One channel the user follows: its fields, and the user's own `self.subscribeTime` (Unix seconds) and `self.customString`. */
export type { SubscribedChannel } from "./api/types";

/** One requested ID's outcome. Only "does not exist" is a result; any other error is thrown. */
export type OfficialChannelLookup =
    { channelId: string; found: true; channel: ChannelInfo } | { channelId: string; found: false; reason: string };

/**
 * Every official channel `userId` follows, across all pages (200 a page), with the channel's fields
 * and the user's own subscription time and customString.
 *
 * @example
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import { getSubscribedChannels } from "pulumi-tencent-chat";
 *
 * const following = pulumi.output(getSubscribedChannels("u1", { channelFields: ["name"] }));
 * export const u1Follows = following.apply((channels) => channels.map((c) => `${c.channelId} (${c.name})`));
 * ```
 */
export async function getSubscribedChannels(
    userId: string,
    options: SubscribedChannelsOptions = {},
): Promise<SubscribedChannel[]> {
    const problem = problemOf(SUBSCRIPTION_FIELDS.userId.schema, userId);
    if (problem !== undefined) throw new Error(`getSubscribedChannels: userId ${problem}. Nothing was sent to Tencent.`);
    const { channelFields, selfFields } = options;
    return listSubscribedChannels(lookupClient(options), userId, {
        ...(channelFields !== undefined ? { channelFields } : {}),
        ...(selfFields !== undefined ? { selfFields } : {}),
    });
}

/**
 * Official channels by ID, any number of them: reads are coalesced into calls of at most 50 IDs
 * (120 IDs cost 3 calls). Results come back in the order asked, one per ID; a channel that does
 * not exist is `{ found: false, reason }`, not an error.
 *
 * @example
 * ```ts
 * const channels = pulumi.output(getOfficialChannels(["@TOA#_news", "@TOA#_ops"]));
 * export const missing = channels.apply((all) => all.filter((c) => !c.found).map((c) => c.channelId));
 * ```
 */
export async function getOfficialChannels(ids: readonly string[], options: LookupOptions = {}): Promise<OfficialChannelLookup[]> {
    const problems = channelIdProblems(ids);
    if (problems.length > 0) {
        throw new Error(`getOfficialChannels: ${problems.join("; ")}. Nothing was sent to Tencent.`);
    }
    const client = lookupClient(options);
    return Promise.all(
        ids.map(async (channelId): Promise<OfficialChannelLookup> => {
            try {
                return { channelId, found: true, channel: await client.loadChannel(channelId) };
            } catch (error) {
                if (hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) {
                    return { channelId, found: false, reason: `${error.meaning} (Tencent error ${error.code})` };
                }
                throw error;
            }
        }),
    );
}

/** The first message `schema` gives for `value`, or undefined when it is valid. */
function problemOf(schema: ZodType, value: unknown): string | undefined {
    const result = schema.safeParse(value);
    return result.success ? undefined : result.error.issues[0]?.message;
}

/** Listed problems at most; a list of thousands of bad IDs must not become a message of megabytes. */
const MAX_LISTED_PROBLEMS = 5;

/**
 * What is wrong with the IDs asked for, by index: the rules of an existing channel's ID (any ID
 * Tencent could have, its own `@TOA#_@TOA#…` ones included), checked before any call (invariant 3).
 */
function channelIdProblems(ids: unknown): string[] {
    if (!Array.isArray(ids)) return [`ids must be an array of channel IDs (got ${describeValue(ids)})`];
    const problems: string[] = [];
    let count = 0;
    ids.forEach((id: unknown, index) => {
        const problem = problemOf(SUBSCRIPTION_FIELDS.channelId.schema, id);
        if (problem === undefined) return;
        count += 1;
        if (problems.length < MAX_LISTED_PROBLEMS) problems.push(`ids[${index}] ${problem}`);
    });
    if (count > problems.length)
        problems.push(
            `and ${(count - problems.length).toLocaleString("en-US")} more of the ${ids.length.toLocaleString("en-US")} IDs`,
        );
    return problems;
}

function lookupClient(options: LookupOptions): ChatClient {
    if (options.client !== undefined) return options.client;
    if (options.settings !== undefined) return createChatClient(options.settings);
    return createChatClient(resolveClientOptions(programConfig()));
}

/**
 * The stack config (`tencent-chat:*`) when running inside a Pulumi program; outside one it is
 * simply empty and the environment applies. @pulumi/pulumi is loaded only here, so callers that
 * pass a client (the CLI) never pay for it.
 */
function programConfig(): ConfigLookup {
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    return (key) => config.get(key.slice(CONFIG_NAMESPACE.length + 1));
}
