/** The plugin's functions (Invoke): the program lookups of provider/lookups.ts, on this provider instance's client. */
import { echo } from "../tencent/display";
import type { ChannelInfoFieldName, ChatClient } from "../api/types";
import { BYTE_LIMITS, utf8Bytes } from "../tencent/wire";
import { subscribableChannelIdProblem } from "../fields/subscription";
import { suggestKey } from "../kit/suggest";
import { UNKNOWN } from "../kit/unknown";
import { getOfficialChannels, getSubscribedChannels } from "../lookups";
import { functionArguments, TOKENS } from "./schema";
import type { Props } from "./values";

/** An Invoke whose arguments are missing, unknown to the function or of the wrong type; thrown before any API call. */
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

/** Refuses an argument the function does not take, with the one meant: a typo must not widen a lookup silently. */
function refuseUnknownArguments(args: Props, known: readonly string[], fn: string): void {
    for (const key of Object.keys(args)) {
        if (known.includes(key)) continue;
        const suggestion = suggestKey(key, known);
        const hint = suggestion ? `did you mean \`${suggestion}\`?` : `it takes ${known.map((k) => `\`${k}\``).join(", ")}`;
        throw new InvokeArgumentError(`${fn}: ${echo(key)} is not an argument of ${fn}; ${hint}`);
    }
}

/** Whether any argument (at any depth) is not known yet: a preview, where no lookup may run on a placeholder. */
function anyUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(anyUnknown);
    if (typeof value === "object" && value !== null) return Object.values(value).some(anyUnknown);
    return false;
}

/** A function of the plugin: the instance's client on demand (never built for a preview placeholder) and the plain arguments. */
type PluginFunction = (chat: () => ChatClient, args: Props) => Promise<Props>;

/**
 * A function that checks its arguments (unknown ones refused first), answers a preview whose
 * arguments are not known yet with no result and no call (Pulumi rejects unknowns in an Invoke's
 * answer; the update, with the values known, runs the lookup), then runs `run`.
 */
function lookup(token: string, run: PluginFunction): PluginFunction {
    const fn = token.split(":").pop()!;
    const known = functionArguments(token);
    return async (chat, args) => {
        refuseUnknownArguments(args, known, fn);
        if (anyUnknown(args)) return {};
        return run(chat, args);
    };
}

/**
 * The plugin's functions by token (`tencent-chat:index:getOfficialChannels`,
 * `tencent-chat:index:getSubscribedChannels`): each checks its arguments, throwing
 * InvokeArgumentError, then runs the program lookup with the instance's client.
 */
export const FUNCTIONS: Record<string, PluginFunction> = {
    [TOKENS.getOfficialChannels]: lookup(TOKENS.getOfficialChannels, async (chat, args) => {
        const ids = stringList(args, "channelIds", "getOfficialChannels");
        if (ids === undefined)
            throw new InvokeArgumentError("getOfficialChannels: channelIds is required (a list of channel IDs).");
        for (const id of ids) {
            const problem = subscribableChannelIdProblem(id);
            if (problem !== undefined)
                throw new InvokeArgumentError(
                    `getOfficialChannels: channelIds has ${echo(id)}, which is not a channel ID: it ${problem}.`,
                );
        }
        const results = await getOfficialChannels(ids, { client: chat() });
        return { channels: results.map((r) => (r.found ? { channelId: r.channelId, found: true, channel: r.channel } : r)) };
    }),
    [TOKENS.getSubscribedChannels]: lookup(TOKENS.getSubscribedChannels, async (chat, args) => {
        const userId = args.userId;
        if (typeof userId !== "string" || userId === "")
            throw new InvokeArgumentError("getSubscribedChannels: userId is required (a Chat UserID).");
        if (utf8Bytes(userId) > BYTE_LIMITS.userId)
            throw new InvokeArgumentError(
                `getSubscribedChannels: userId must be at most ${BYTE_LIMITS.userId} bytes, the Chat UserID limit (got ${utf8Bytes(userId).toLocaleString("en-US")} bytes).`,
            );
        const channelFields = stringList(args, "channelFields", "getSubscribedChannels") as ChannelInfoFieldName[] | undefined;
        const selfFields = stringList(args, "selfFields", "getSubscribedChannels") as
            Array<"subscribeTime" | "customString"> | undefined;
        const channels = await getSubscribedChannels(userId, {
            client: chat(),
            ...(channelFields !== undefined ? { channelFields } : {}),
            ...(selfFields !== undefined ? { selfFields } : {}),
        });
        return { channels };
    }),
};
