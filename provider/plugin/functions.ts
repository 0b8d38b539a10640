/** The plugin's functions (Invoke): the program lookups of provider/lookups.ts, on this provider instance's client. */
import type { ChannelInfoFieldName, ChatClient } from "../api/types";
import { getOfficialChannels, getSubscribedChannels } from "../lookups";
import { TOKENS } from "./schema";
import type { Props } from "./values";

/** An Invoke whose arguments are missing or of the wrong type; thrown before any API call. */
export class InvokeArgumentError extends Error {
    override name = "InvokeArgumentError";
}

function stringList(args: Props, key: string, fn: string): string[] | undefined {
    const value = args[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
        throw new InvokeArgumentError(
            `${fn}: ${key} must be a list of strings (got ${Array.isArray(value) ? "a list with non-strings" : typeof value}).`,
        );
    }
    return value as string[];
}

/**
 * The plugin's functions by token (`tencent-chat:index:getOfficialChannels`,
 * `tencent-chat:index:getSubscribedChannels`): each checks its arguments, throwing
 * InvokeArgumentError, then runs the program lookup with the instance's client.
 */
export const FUNCTIONS: Record<string, (client: ChatClient, args: Props) => Promise<Props>> = {
    async [TOKENS.getOfficialChannels](client, args) {
        const ids = stringList(args, "channelIds", "getOfficialChannels");
        if (ids === undefined)
            throw new InvokeArgumentError("getOfficialChannels: channelIds is required (a list of channel IDs).");
        const results = await getOfficialChannels(ids, { client });
        return { channels: results.map((r) => (r.found ? { channelId: r.channelId, found: true, channel: r.channel } : r)) };
    },
    async [TOKENS.getSubscribedChannels](client, args) {
        const userId = args.userId;
        if (typeof userId !== "string" || userId === "")
            throw new InvokeArgumentError("getSubscribedChannels: userId is required (a Chat UserID).");
        const channelFields = stringList(args, "channelFields", "getSubscribedChannels") as ChannelInfoFieldName[] | undefined;
        const selfFields = stringList(args, "selfFields", "getSubscribedChannels") as
            Array<"subscribeTime" | "customString"> | undefined;
        const channels = await getSubscribedChannels(userId, {
            client,
            ...(channelFields !== undefined ? { channelFields } : {}),
            ...(selfFields !== undefined ? { selfFields } : {}),
        });
        return { channels };
    },
};
