/**
 * `createChatClient`: the camelCase ChatClient of types.ts over the wire commands of §2, grouped by
 * what they manage (channels, subscribers, messages, accounts). Field names are mapped in
 * mapping.ts (derived from the field tables); pacing, retries and redaction live in the transport,
 * read coalescing in the batcher.
 */
import { randomInt } from "node:crypto";

import type { ZodType } from "zod";

import { ReadBatcher } from "./batcher";
import { echo } from "../tencent/display";
import { resolveBaseUrl } from "./endpoint";
import { TencentChatError } from "./errors";
import {
    CHANNEL_ID_WIRE,
    SUBSCRIBER_ID_WIRE,
    modifySubscriberBody,
    channelFilter,
    createChannelBody,
    modifyChannelBody,
    selfFilter,
    toChannelInfo,
    toSelfInfo,
    withoutUndefined,
} from "./mapping";
import * as wire from "./schemas";
import { Transport } from "./transport";
import type {
    AccountCheck,
    AddSubscriberResult,
    ChannelLookup,
    ChatClient,
    ClientOptions,
    DeleteSubscriberResult,
    SubscribedChannel,
} from "./types";
import {
    ACCOUNT_CHECK_CALLS_PER_SECOND,
    ACCOUNT_SERVICE,
    ACCOUNT_STATUS,
    DEFAULT_ADMIN,
    deleteSubscriberBody,
    MAX_ACCOUNTS_PER_CHECK,
    MAX_IDS_PER_READ,
    MAX_PAGE_SIZE,
    MAX_SUBSCRIBERS_PER_CALL,
    SERVICE,
    SUBSCRIBER_RESULT,
    type Command,
} from "../tencent/wire";

export { DEFAULT_ADMIN } from "../tencent/wire";
/** multiaccount_import takes at most 100 accounts per call (IM account API docs). */
const MAX_ACCOUNTS_PER_IMPORT = 100;

/** What every command group needs: the paced transports and one call of the channel service. */
interface Context {
    transport: Transport;
    /** account_check's own transport, built on first use (it has its own, lower rate limit). */
    accountTransport(): Transport;
    call<T>(command: Command, body: unknown, schema: ZodType<T>): Promise<T>;
}

/**
 * A client for one Chat app. No request is made until a method is called; settings are checked
 * here, so a missing SecretKey fails at once, not at the first call.
 *
 * @throws Error when sdkAppId is not a positive integer, secretKey or admin is empty, or the
 * region/endpoint does not give a usable base URL.
 * @example
 * ```ts
 * const chat = createChatClient({ sdkAppId: 1400000000, secretKey: process.env.TENCENT_CHAT_SECRET_KEY!, region: "singapore" });
 * const [news] = await chat.getChannels(["@TOA#_news"]);
 * await chat.close();
 * ```
 */
export function createChatClient(options: ClientOptions): ChatClient {
    const admin = checkedAdmin(options);
    const baseUrl = resolveBaseUrl(options);
    const transport = new Transport({ ...options, baseUrl, admin });
    // account_check allows 100 calls/s, not 200 (§2.12): its own pace, a little below the limit.
    const accountCheckRate = Math.min(options.callsPerSecond ?? Number.POSITIVE_INFINITY, ACCOUNT_CHECK_CALLS_PER_SECOND - 5);
    let accountTransport: Transport | undefined;
    const context: Context = {
        transport,
        accountTransport: () =>
            (accountTransport ??= new Transport({ ...options, baseUrl, admin, callsPerSecond: accountCheckRate })),
        call: (command, body, schema) => transport.call(SERVICE, command, body, schema),
    };
    const getChannels = channelReader(context);
    const batcher = new ReadBatcher((ids) => getChannels(ids), {
        enabled: options.batchReads ?? true,
        windowMs: options.batchWindowMs ?? 10,
    });
    return {
        settings: { sdkAppId: options.sdkAppId, admin, baseUrl },
        ...channelCommands(context),
        getChannels,
        loadChannel: (id: string) => batcher.load(id),
        ...subscriberCommands(context),
        ...messageCommands(context),
        ...accountCommands(context),
        callCounts() {
            const counts = new Map(transport.counts);
            for (const [command, count] of accountTransport?.counts ?? [])
                counts.set(command, (counts.get(command) ?? 0) + count);
            return Object.fromEntries(counts) as Partial<Record<Command | "multiaccount_import" | "account_check", number>>;
        },
        async close() {
            // Send anything still queued; connection pools are shared by the process and stay open.
            batcher.flush();
        },
    };
}

/** The admin UserID that signs requests, after checking the settings a request cannot do without. */
function checkedAdmin(options: ClientOptions): string {
    if (!Number.isSafeInteger(options.sdkAppId) || options.sdkAppId <= 0) {
        throw new Error(`tencent-chat:sdkAppId must be a positive integer (got ${String(options.sdkAppId)}).`);
    }
    if (typeof options.secretKey !== "string" || options.secretKey === "") {
        throw new Error("tencent-chat:secretKey is empty; copy the SecretKey from the Chat console (Basic configuration).");
    }
    const admin = options.admin ?? DEFAULT_ADMIN;
    if (admin === "") throw new Error("tencent-chat:admin must not be empty.");
    return admin;
}

/** get_official_account_info for at most 50 IDs: one result per ID, per-item errors returned, not thrown. */
function channelReader({ call, transport }: Context): ChatClient["getChannels"] {
    return async (ids, fields) => {
        if (ids.length > MAX_IDS_PER_READ) {
            throw new Error(`getChannels takes at most ${MAX_IDS_PER_READ} IDs per call (got ${ids.length}); split the list.`);
        }
        if (ids.length === 0) return [];
        const body: Record<string, unknown> = { OfficialAccountIdList: ids.map((id) => ({ [CHANNEL_ID_WIRE]: id })) };
        if (fields !== undefined) body.ResponseFilter = { OfficialAccountBaseInfoFilter: channelFilter(fields) };
        const response = await call("get_official_account_info", body, wire.getInfoResponse);
        return matchLookups(ids, response.OfficialAccountInfoList, (text) => transport.redact(text));
    };
}

/** Create, modify and destroy a channel. */
function channelCommands({ call }: Context): Pick<ChatClient, "createChannel" | "modifyChannel" | "destroyChannel"> {
    return {
        async createChannel(channel) {
            const response = await call("create_official_account", createChannelBody(channel), wire.createResponse);
            return { channelId: response.OfficialAccountUserID };
        },
        async modifyChannel(id, changes) {
            await call("modify_official_account_base_info", modifyChannelBody(id, changes), wire.emptyResponse);
        },
        async destroyChannel(id) {
            await call("destroy_official_account", { [CHANNEL_ID_WIRE]: id }, wire.emptyResponse);
        },
    };
}

type SubscriberCommand = "getSubscribers" | "addSubscribers" | "deleteSubscribers" | "modifySubscriber" | "getSubscribedChannels";

/** A channel's subscribers, and the channels a user follows. */
function subscriberCommands({ call }: Context): Pick<ChatClient, SubscriberCommand> {
    return {
        async getSubscribers(id, page = {}) {
            const limit = checkedLimit(page.limit, "getSubscribers");
            // Limit is always sent: the docs' "omitted returns everyone" is unconfirmed (§2.5).
            const body = { [CHANNEL_ID_WIRE]: id, Limit: limit, Next: page.next ?? "" };
            const response = await call("get_subscriber_info", body, wire.subscriberInfoResponse);
            return {
                subscribers: response.SubscriberList.map((item) =>
                    withoutUndefined({
                        userId: item.Subscriber_Account,
                        subscribeTime: item.SubscribeTime,
                        customString: item.CustomString,
                        msgFlag: item.MsgFlag,
                        lastSendMsgTime: item.LastSendMsgTime,
                    }),
                ),
                subscriberCount: response.SubscriberNum ?? response.SubscriberList.length,
                next: response.Next,
            };
        },
        async addSubscribers(id, userIds) {
            const results: Array<{ userId: string; result: AddSubscriberResult }> = [];
            for (const chunk of chunks(userIds, MAX_SUBSCRIBERS_PER_CALL)) {
                const body = { [CHANNEL_ID_WIRE]: id, SubscriberList: chunk.map((userId) => ({ [SUBSCRIBER_ID_WIRE]: userId })) };
                const response = await call("add_subscriber", body, wire.subscriberResultResponse);
                const byUser = resultsByUser(response.SubscriberList);
                for (const userId of chunk)
                    results.push({ userId, result: ADD_RESULTS[byUser.get(userId) ?? SUBSCRIBER_RESULT.failed] ?? "failed" });
            }
            return results;
        },
        async deleteSubscribers(id, userIds) {
            const results: Array<{ userId: string; result: DeleteSubscriberResult }> = [];
            // Batch size is not documented for delete (§2.7); assume add_subscriber's 100.
            for (const chunk of chunks(userIds, MAX_SUBSCRIBERS_PER_CALL)) {
                const response = await call("delete_subscriber", deleteSubscriberBody(id, chunk), wire.subscriberResultResponse);
                // A server that reads both keys may answer for a user twice; a user it did not answer for stays "failed".
                const byUser = resultsByUser(response.SubscriberList);
                for (const userId of chunk)
                    results.push({ userId, result: DELETE_RESULTS[byUser.get(userId) ?? SUBSCRIBER_RESULT.failed] ?? "failed" });
            }
            return results;
        },
        async modifySubscriber(id, userId, customString) {
            await call("modify_subscriber_info", modifySubscriberBody(id, userId, customString), wire.emptyResponse);
        },
        getSubscribedChannels: (userId, query = {}) => subscribedChannels(call, userId, query),
    };
}

/** One page of get_subscribed_official_account_list (§2.9), filters mapped to Tencent's names. */
async function subscribedChannels(
    call: Context["call"],
    userId: string,
    query: Parameters<ChatClient["getSubscribedChannels"]>[1] & object,
): ReturnType<ChatClient["getSubscribedChannels"]> {
    const body: Record<string, unknown> = {
        [SUBSCRIBER_ID_WIRE]: userId,
        Limit: checkedLimit(query.limit, "getSubscribedChannels"),
        Offset: query.offset ?? 0,
    };
    const filter: Record<string, string[]> = {};
    if (query.channelFields !== undefined) filter.OfficialAccountBaseInfoFilter = channelFilter(query.channelFields);
    if (query.selfFields !== undefined) filter.SelfInfoFilter = selfFilter(query.selfFields);
    if (Object.keys(filter).length > 0) body.ResponseFilter = filter;
    const response = await call("get_subscribed_official_account_list", body, wire.subscribedListResponse);
    return {
        totalCount: response.TotalCount,
        channels: response.OfficialAccountInfoList.map((item): SubscribedChannel => ({
            ...toChannelInfo(item, item.Official_Account),
            self: toSelfInfo(item.SelfInfo),
        })),
        complete: response.CompleteFlag === 1,
        next: response.Next,
    };
}

/** Messages sent as the channel. */
function messageCommands({ call }: Context): Pick<ChatClient, "sendMessage"> {
    return {
        async sendMessage(id, message) {
            const body = withoutUndefined({
                [CHANNEL_ID_WIRE]: id,
                // Same content + same Random within 5 minutes is dropped as a duplicate (§1.6), so a
                // caller retrying a send on purpose passes its own Random.
                Random: message.random ?? randomInt(0, 2 ** 32),
                MsgBody: message.msgBody,
                OnlineOnlyFlag: message.onlineOnly === undefined ? undefined : message.onlineOnly ? 1 : 0,
                CloudCustomData: message.cloudCustomData,
            });
            const response = await call("send_official_account_msg", body, wire.sendMessageResponse);
            return { msgTime: response.MsgTime, msgKey: response.MsgKey };
        },
    };
}

/** Chat user accounts (im_open_login_svc): import them, check they exist. */
function accountCommands({ transport, accountTransport }: Context): Pick<ChatClient, "importAccounts" | "checkAccounts"> {
    return {
        async importAccounts(userIds) {
            const failed: string[] = [];
            for (const chunk of chunks(userIds, MAX_ACCOUNTS_PER_IMPORT)) {
                const response = await transport.call(
                    ACCOUNT_SERVICE,
                    "multiaccount_import",
                    { Accounts: chunk },
                    wire.importResponse,
                );
                failed.push(...response.FailAccounts);
            }
            if (failed.length > 0) {
                throw new TencentChatError({
                    api: "multiaccount_import",
                    attempts: 1,
                    ambiguous: false,
                    // Remote text: each ID quoted, clipped and escaped.
                    problem: `${failed.length} account(s) were not imported: ${failed
                        .slice(0, 10)
                        .map((id) => echo(id))
                        .join(", ")}${failed.length > 10 ? ", …" : ""}`,
                    advice: "Check that the UserIDs are at most 32 bytes and retry.",
                });
            }
        },
        async checkAccounts(userIds) {
            const answers: AccountCheck[] = [];
            for (const chunk of chunks(userIds, MAX_ACCOUNTS_PER_CHECK)) {
                const body = { CheckItem: chunk.map((userId) => ({ UserID: userId })) };
                const response = await accountTransport().call(ACCOUNT_SERVICE, "account_check", body, wire.accountCheckResponse);
                const byUser = new Map(response.ResultItem.map((item) => [item.UserID, item]));
                for (const userId of chunk)
                    answers.push(accountAnswer(userId, byUser.get(userId), (text) => transport.redact(text)));
            }
            return answers;
        },
    };
}

/** account_check's item for one UserID, as an answer; anything but a clear status is "unknown", with why. */
function accountAnswer(
    userId: string,
    item: { ResultCode: number; ResultInfo?: string | undefined; AccountStatus?: string | undefined } | undefined,
    redactText: (text: string) => string,
): AccountCheck {
    if (item === undefined) return { userId, status: "unknown", problem: "account_check returned no entry for it" };
    if (item.ResultCode !== 0) {
        return {
            userId,
            status: "unknown",
            problem: `ResultCode ${item.ResultCode}${item.ResultInfo ? ` (${redactText(item.ResultInfo)})` : ""}`,
        };
    }
    if (item.AccountStatus === ACCOUNT_STATUS.imported) return { userId, status: "imported" };
    if (item.AccountStatus === ACCOUNT_STATUS.notImported) return { userId, status: "notImported" };
    // An unexpected status is not evidence either way.
    return { userId, status: "unknown", problem: `unexpected AccountStatus ${echo(item.AccountStatus ?? null)}` };
}

const ADD_RESULTS: Record<number, AddSubscriberResult> = {
    [SUBSCRIBER_RESULT.failed]: "failed",
    [SUBSCRIBER_RESULT.done]: "added",
    [SUBSCRIBER_RESULT.unchanged]: "alreadySubscribed",
};
const DELETE_RESULTS: Record<number, DeleteSubscriberResult> = {
    [SUBSCRIBER_RESULT.failed]: "failed",
    [SUBSCRIBER_RESULT.done]: "removed",
    [SUBSCRIBER_RESULT.unchanged]: "notSubscribed",
};

/** Result per user; when a user is answered for twice, the most definite answer wins (done, then unchanged, then failed). */
function resultsByUser(list: Array<{ Subscriber_Account: string; Result: number }>): Map<string, number> {
    const rank = (result: number | undefined) =>
        result === SUBSCRIBER_RESULT.done ? 2 : result === SUBSCRIBER_RESULT.unchanged ? 1 : 0;
    const byUser = new Map<string, number>();
    for (const item of list) {
        if (!byUser.has(item.Subscriber_Account) || rank(item.Result) > rank(byUser.get(item.Subscriber_Account)))
            byUser.set(item.Subscriber_Account, item.Result);
    }
    return byUser;
}

/** Pairs each requested ID with the item that names it (every item must: see `namedChannel` in schemas.ts). */
function matchLookups(ids: string[], items: wire.WireChannel[], redactText: (text: string) => string): ChannelLookup[] {
    const byId = new Map<string, wire.WireChannel>();
    for (const item of items) byId.set(item.Official_Account, item);
    return ids.map((id): ChannelLookup => {
        const item = byId.get(id);
        if (item === undefined) {
            return {
                channelId: id,
                error: new Error(
                    `get_official_account_info returned no entry for ${JSON.stringify(id)}; this is unexpected, please report it.`,
                ),
            };
        }
        if (item.ErrorCode !== undefined && item.ErrorCode !== 0) {
            return {
                channelId: id,
                error: new TencentChatError({
                    api: "get_official_account_info",
                    target: id,
                    code: item.ErrorCode,
                    tencentMessage: redactText(item.ErrorInfo ?? ""),
                    attempts: 1,
                    ambiguous: false,
                }),
            };
        }
        return { channelId: id, channel: toChannelInfo(item, id) };
    });
}

function checkedLimit(limit: number | undefined, method: string): number {
    const value = limit ?? MAX_PAGE_SIZE;
    if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
        throw new Error(`${method}: limit must be an integer from 1 to ${MAX_PAGE_SIZE} (got ${value}).`);
    }
    return value;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
    return out;
}
