/**
 * `createChatClient`: the camelCase ChatClient of types.ts over the wire commands of §2. Wire names
 * stop here; pacing, retries and redaction live in the transport, read coalescing in the batcher.
 */
import { randomInt } from "node:crypto";

import type { ZodType } from "zod";

import { ReadBatcher } from "./batcher";
import { echo } from "./display";
import { resolveBaseUrl } from "./endpoint";
import { TencentChatError } from "./errors";
import * as wire from "./schemas";
import { Transport } from "./transport";
import type {
    AccountCheck,
    AddSubscriberResult,
    ChannelChanges,
    ChannelInfo,
    ChannelInfoFieldName,
    ChannelLookup,
    ChatClient,
    ClientOptions,
    DeleteSubscriberResult,
    NewChannel,
    SendMessage,
    SubscribedChannel,
    SubscribedPage,
    SubscribedQuery,
    SubscriberPage,
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
    type ChannelInfoField,
    type Command,
} from "./wire";

export { DEFAULT_ADMIN } from "./wire";
/** multiaccount_import takes at most 100 accounts per call (IM account API docs). */
const MAX_ACCOUNTS_PER_IMPORT = 100;

/** camelCase field → wire filter name (§2.2). */
const FIELD_TO_WIRE: Record<ChannelInfoFieldName, ChannelInfoField> = {
    name: "Name",
    owner: "Owner_Account",
    introduction: "Introduction",
    faceUrl: "FaceUrl",
    organization: "Organization",
    customString: "CustomString",
    createTime: "CreateTime",
    lastMessageTime: "LastMsgTime",
    subscriberCount: "SubscriberNum",
};
const SELF_FIELD_TO_WIRE = { subscribeTime: "SubscribeTime", customString: "CustomString" } as const;

export function createChatClient(options: ClientOptions): ChatClient {
    if (!Number.isSafeInteger(options.sdkAppId) || options.sdkAppId <= 0) {
        throw new Error(`tencent-chat:sdkAppId must be a positive integer (got ${String(options.sdkAppId)}).`);
    }
    if (typeof options.secretKey !== "string" || options.secretKey === "") {
        throw new Error("tencent-chat:secretKey is empty; copy the SecretKey from the Chat console (Basic configuration).");
    }
    const admin = options.admin ?? DEFAULT_ADMIN;
    if (admin === "") throw new Error("tencent-chat:admin must not be empty.");
    const baseUrl = resolveBaseUrl(options);

    const transport = new Transport({ ...options, baseUrl, admin });
    // account_check allows 100 calls/s, not 200 (§2.12): its own pace, a little below the limit.
    const accountCheckRate = Math.min(options.callsPerSecond ?? Number.POSITIVE_INFINITY, ACCOUNT_CHECK_CALLS_PER_SECOND - 5);
    let accountTransport: Transport | undefined;
    const call = <T>(command: Command, body: unknown, schema: ZodType<T>): Promise<T> =>
        transport.call(SERVICE, command, body, schema);

    const getChannels = async (ids: string[], fields?: ChannelInfoFieldName[]): Promise<ChannelLookup[]> => {
        if (ids.length > MAX_IDS_PER_READ) {
            throw new Error(`getChannels takes at most ${MAX_IDS_PER_READ} IDs per call (got ${ids.length}); split the list.`);
        }
        if (ids.length === 0) return [];
        const body: Record<string, unknown> = { OfficialAccountIdList: ids.map((id) => ({ Official_Account: id })) };
        if (fields !== undefined)
            body.ResponseFilter = { OfficialAccountBaseInfoFilter: fields.map((field) => FIELD_TO_WIRE[field]) };
        const response = await call("get_official_account_info", body, wire.getInfoResponse);
        return matchLookups(ids, response.OfficialAccountInfoList, (text) => transport.redact(text));
    };

    const batcher = new ReadBatcher((ids) => getChannels(ids), {
        enabled: options.batchReads ?? true,
        windowMs: options.batchWindowMs ?? 10,
    });

    const client: ChatClient = {
        settings: { sdkAppId: options.sdkAppId, admin, baseUrl },

        async createChannel(channel: NewChannel) {
            const body = withoutUndefined({
                // Always sent when given: a custom ID is what makes a retried create detectable (130008).
                OfficialAccountUserID: channel.channelId,
                Owner_Account: channel.owner,
                Name: channel.name,
                Introduction: channel.introduction,
                FaceUrl: channel.faceUrl,
                MaxSubscriberNum: channel.maxSubscribers,
                Organization: channel.organization,
                CustomString: channel.customString,
            });
            const response = await call("create_official_account", body, wire.createResponse);
            return { channelId: response.OfficialAccountUserID };
        },

        getChannels,

        loadChannel: (id: string) => batcher.load(id),

        async modifyChannel(id: string, changes: ChannelChanges) {
            const body = withoutUndefined({
                Official_Account: id,
                Name: changes.name,
                Introduction: changes.introduction,
                FaceUrl: changes.faceUrl,
                MaxSubscriberNum: changes.maxSubscribers,
                Organization: changes.organization,
                CustomString: changes.customString,
            });
            await call("modify_official_account_base_info", body, wire.emptyResponse);
        },

        async destroyChannel(id: string) {
            await call("destroy_official_account", { Official_Account: id }, wire.emptyResponse);
        },

        async getSubscribers(id: string, page: { limit?: number; next?: string } = {}): Promise<SubscriberPage> {
            const limit = checkedLimit(page.limit, "getSubscribers");
            // Limit is always sent: the docs' "omitted returns everyone" is unconfirmed (§2.5).
            const response = await call(
                "get_subscriber_info",
                { Official_Account: id, Limit: limit, Next: page.next ?? "" },
                wire.subscriberInfoResponse,
            );
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

        async addSubscribers(id: string, userIds: string[]) {
            const results: Array<{ userId: string; result: AddSubscriberResult }> = [];
            for (const chunk of chunks(userIds, MAX_SUBSCRIBERS_PER_CALL)) {
                const body = { Official_Account: id, SubscriberList: chunk.map((userId) => ({ Subscriber_Account: userId })) };
                const response = await call("add_subscriber", body, wire.subscriberResultResponse);
                const byUser = resultsByUser(response.SubscriberList);
                for (const userId of chunk)
                    results.push({ userId, result: ADD_RESULTS[byUser.get(userId) ?? SUBSCRIBER_RESULT.failed] ?? "failed" });
            }
            return results;
        },

        async deleteSubscribers(id: string, userIds: string[]) {
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

        async modifySubscriber(id: string, userId: string, customString: string) {
            await call(
                "modify_subscriber_info",
                { Official_Account: id, Subscriber_Account: userId, CustomString: customString },
                wire.emptyResponse,
            );
        },

        async getSubscribedChannels(userId: string, query: SubscribedQuery = {}): Promise<SubscribedPage> {
            const body: Record<string, unknown> = {
                Subscriber_Account: userId,
                Limit: checkedLimit(query.limit, "getSubscribedChannels"),
                Offset: query.offset ?? 0,
            };
            const filter: Record<string, string[]> = {};
            if (query.channelFields !== undefined)
                filter.OfficialAccountBaseInfoFilter = query.channelFields.map((field) => FIELD_TO_WIRE[field]);
            if (query.selfFields !== undefined)
                filter.SelfInfoFilter = query.selfFields.map((field) => SELF_FIELD_TO_WIRE[field]);
            if (Object.keys(filter).length > 0) body.ResponseFilter = filter;
            const response = await call("get_subscribed_official_account_list", body, wire.subscribedListResponse);
            return {
                totalCount: response.TotalCount,
                channels: response.OfficialAccountInfoList.map((item): SubscribedChannel => ({
                    ...toChannelInfo(item, item.Official_Account ?? ""),
                    self: withoutUndefined({
                        subscribeTime: item.SelfInfo?.SubscribeTime,
                        customString: item.SelfInfo?.CustomString,
                    }),
                })),
                complete: response.CompleteFlag === 1,
                next: response.Next,
            };
        },

        async sendMessage(id: string, message: SendMessage) {
            const body = withoutUndefined({
                Official_Account: id,
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

        async importAccounts(userIds: string[]) {
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

        async checkAccounts(userIds: string[]): Promise<AccountCheck[]> {
            accountTransport ??= new Transport({ ...options, baseUrl, admin, callsPerSecond: accountCheckRate });
            const answers: AccountCheck[] = [];
            for (const chunk of chunks(userIds, MAX_ACCOUNTS_PER_CHECK)) {
                const body = { CheckItem: chunk.map((userId) => ({ UserID: userId })) };
                const response = await accountTransport.call(ACCOUNT_SERVICE, "account_check", body, wire.accountCheckResponse);
                const byUser = new Map(response.ResultItem.map((item) => [item.UserID, item]));
                for (const userId of chunk) {
                    const item = byUser.get(userId);
                    if (item === undefined)
                        answers.push({ userId, status: "unknown", problem: "account_check returned no entry for it" });
                    else if (item.ResultCode !== 0) {
                        answers.push({
                            userId,
                            status: "unknown",
                            problem: `ResultCode ${item.ResultCode}${item.ResultInfo ? ` (${transport.redact(item.ResultInfo)})` : ""}`,
                        });
                    } else if (item.AccountStatus === ACCOUNT_STATUS.imported) answers.push({ userId, status: "imported" });
                    else if (item.AccountStatus === ACCOUNT_STATUS.notImported) answers.push({ userId, status: "notImported" });
                    // An unexpected status is not evidence either way.
                    else
                        answers.push({
                            userId,
                            status: "unknown",
                            problem: `unexpected AccountStatus ${echo(item.AccountStatus ?? null)}`,
                        });
                }
            }
            return answers;
        },

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
    return client;
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

/** Pairs each requested ID with its item: by Official_Account, or by position when an errored item omits it. */
function matchLookups(ids: string[], items: wire.WireChannel[], redactText: (text: string) => string): ChannelLookup[] {
    const byId = new Map<string, wire.WireChannel>();
    for (const item of items) if (item.Official_Account !== undefined) byId.set(item.Official_Account, item);
    return ids.map((id, index): ChannelLookup => {
        const positional = items[index];
        const item = byId.get(id) ?? (positional?.Official_Account === undefined ? positional : undefined);
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

function toChannelInfo(item: Omit<wire.WireChannel, "ErrorCode" | "ErrorInfo">, id: string): ChannelInfo {
    return withoutUndefined({
        channelId: item.Official_Account ?? id,
        name: item.Name,
        owner: item.Owner_Account,
        introduction: item.Introduction,
        faceUrl: item.FaceUrl,
        organization: item.Organization,
        customString: item.CustomString,
        createTime: item.CreateTime,
        lastMessageTime: item.LastMsgTime,
        subscriberCount: item.SubscriberNum,
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

/** Drops undefined members so that bodies carry only the fields the caller gave, and results compare cleanly. */
function withoutUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
