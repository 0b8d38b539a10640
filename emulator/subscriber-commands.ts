/** Subscriber commands: add, delete, modify, and the two paging reads. Pure functions over the store. */
import { TencentCode } from "../provider/tencent/codes";
import {
    BYTE_LIMITS,
    CHANNEL_INFO_FIELDS,
    MAX_PAGE_SIZE,
    MAX_SUBSCRIBERS_PER_CALL,
    SELF_INFO_FIELDS,
    SUBSCRIBER_RESULT,
} from "../provider/tencent/wire";
import { channelInfo, selfInfo } from "./channel-info";
import type { CommandContext, CommandHandler } from "./context";
import { ApiError } from "./envelope";
import {
    type Body,
    checkBytes,
    optionalInteger,
    optionalString,
    readFilter,
    requireArray,
    requireChannelId,
    requireString,
} from "./fields";
import type { StoredChannel } from "./store";

function existingChannel(ctx: CommandContext, id: string): StoredChannel {
    const channel = ctx.store.channel(id);
    if (!channel) throw new ApiError(TencentCode.CHANNEL_NOT_FOUND, `"${id}" does not exist.`);
    return channel;
}

function checkBatchSize(field: string, count: number): void {
    if (count === 0) throw new ApiError(TencentCode.INVALID_PARAMETER, `${field} must not be empty.`);
    if (count > MAX_SUBSCRIBERS_PER_CALL) {
        throw new ApiError(
            TencentCode.INVALID_PARAMETER,
            `${field} has ${count} entries; at most ${MAX_SUBSCRIBERS_PER_CALL} are allowed.`,
        );
    }
}

/** Reads `[{ Subscriber_Account }]`; account values that are not strings answer 60015. */
function readSubscriberObjects(body: Body, field: string): string[] {
    const list = requireArray(body, field);
    return list.map((entry, i) => {
        const value = typeof entry === "object" && entry !== null ? (entry as Body).Subscriber_Account : undefined;
        if (value === undefined || value === null)
            throw new ApiError(TencentCode.INVALID_PARAMETER, `${field}[${i}].Subscriber_Account is required.`);
        if (typeof value !== "string")
            throw new ApiError(TencentCode.ACCOUNT_NOT_STRING, `${field}[${i}].Subscriber_Account must be a string.`);
        return value;
    });
}

/** add_subscriber (§2.6): up to 100 users, each answered with its own Result. */
export const addSubscriber: CommandHandler = (body, ctx) => {
    const id = requireChannelId(body);
    const accounts = readSubscriberObjects(body, "SubscriberList");
    checkBatchSize("SubscriberList", accounts.length);
    const channel = existingChannel(ctx, id);
    const results = accounts.map((account) => {
        let result: number;
        if (channel.subscribers.has(account)) result = SUBSCRIBER_RESULT.unchanged;
        else if (!ctx.store.isImported(account)) result = SUBSCRIBER_RESULT.failed;
        else if (channel.subscribers.size >= channel.maxSubscribers) result = SUBSCRIBER_RESULT.failed;
        else {
            ctx.store.subscribe(channel, account, ctx.nowSeconds);
            result = SUBSCRIBER_RESULT.done;
        }
        return { Subscriber_Account: account, Result: result };
    });
    return { SubscriberList: results };
};

/** `SubscriberToDel_Account: ["u1", …]`, the doc's sample reading of delete_subscriber. */
function readSampleKey(body: Body): string[] {
    const field = "SubscriberToDel_Account";
    return requireArray(body, field).map((value, i) => {
        if (typeof value !== "string") throw new ApiError(TencentCode.ACCOUNT_NOT_STRING, `${field}[${i}] must be a string.`);
        return value;
    });
}

/** delete_subscriber (§2.7): reads the body key(s) `deleteSubscriberReading` names; a Result per user. */
export const deleteSubscriber: CommandHandler = (body, ctx) => {
    const id = requireChannelId(body);
    // UNCERTAIN (§2.7): the docs sample and doocs SDK use SubscriberToDel_Account, the Chinese
    // field table lists SubscriberList[].Subscriber_Account. `deleteSubscriberReading` picks which
    // this emulator believes; the key it does not read is ignored like any unknown field.
    const reading = ctx.deleteSubscriberReading;
    const readSample = reading !== "table" && (reading === "sample" || body.SubscriberToDel_Account !== undefined);
    const readTable = reading !== "sample" && (reading === "table" || body.SubscriberList !== undefined);
    if (!readSample && !readTable) throw new ApiError(TencentCode.INVALID_PARAMETER, "SubscriberToDel_Account is required.");
    const field =
        readSample && readTable
            ? "SubscriberToDel_Account+SubscriberList"
            : readSample
              ? "SubscriberToDel_Account"
              : "SubscriberList";
    const accounts = [
        ...new Set([
            ...(readSample ? readSampleKey(body) : []),
            ...(readTable ? readSubscriberObjects(body, "SubscriberList") : []),
        ]),
    ];
    // UNCERTAIN (§2.7): the batch limit is not stated; assumed the same 100 as add_subscriber.
    checkBatchSize(field, accounts.length);
    const channel = existingChannel(ctx, id);
    const results = accounts.map((account) => ({
        Subscriber_Account: account,
        Result: ctx.store.unsubscribe(channel, account) ? SUBSCRIBER_RESULT.done : SUBSCRIBER_RESULT.unchanged,
    }));
    return { SubscriberList: results };
};

/** modify_subscriber_info (§2.8): sets one subscriber's CustomString. */
export const modifySubscriberInfo: CommandHandler = (body, ctx) => {
    const id = requireChannelId(body);
    const account = requireString(body, "Subscriber_Account", { account: true });
    const customString = requireString(body, "CustomString");
    checkBytes("CustomString", customString, BYTE_LIMITS.subscriberCustomString);
    const channel = existingChannel(ctx, id);
    const subscriber = channel.subscribers.get(account);
    // UNCERTAIN: the code for "not a subscriber" is undocumented. 6017 (invalid parameter) names
    // the real problem; 130004 would wrongly tell a client the channel itself is gone.
    if (!subscriber) throw new ApiError(TencentCode.INVALID_PARAMETER, `"${account}" is not a subscriber of "${id}".`);
    ctx.store.setSubscriberCustomString(subscriber, customString);
    return {};
};

/** The `Next` cursor is opaque to clients; it records the last subscription sequence returned. */
function encodeCursor(seq: number): string {
    return Buffer.from(`seq:${seq}`).toString("base64url");
}

function decodeCursor(next: string): number {
    const match = /^seq:(\d+)$/.exec(Buffer.from(next, "base64url").toString("utf8"));
    if (!match) throw new ApiError(TencentCode.INVALID_PARAMETER, `Next "${next}" is not a cursor this API returned.`);
    return Number(match[1]);
}

/** get_subscriber_info (§2.5): subscribers in subscription order, paged by an opaque `Next` cursor. */
export const getSubscriberInfo: CommandHandler = (body, ctx) => {
    const id = requireChannelId(body);
    // UNCERTAIN (§2.5): an omitted Limit "returns everyone"; emulated literally.
    const limit = optionalInteger(body, "Limit", 1, MAX_PAGE_SIZE);
    // The docs mark Next required ("" first); an absent Next is read as "" to stay lenient.
    const next = optionalString(body, "Next") ?? "";
    const after = next === "" ? 0 : decodeCursor(next);
    const channel = existingChannel(ctx, id);
    // The map keeps subscription order, which is ascending seq: a cursor survives deletions.
    const rest = [...channel.subscribers.values()].filter((s) => s.seq > after);
    const page = limit === undefined ? rest : rest.slice(0, limit);
    const last = page[page.length - 1];
    return {
        Next: page.length < rest.length && last ? encodeCursor(last.seq) : "",
        SubscriberNum: channel.subscribers.size,
        SubscriberList: page.map((s) => ({
            Subscriber_Account: s.userId,
            SubscribeTime: s.subscribeTime,
            CustomString: s.customString,
            MsgFlag: s.msgFlag,
            LastSendMsgTime: s.lastSendMsgTime,
        })),
    };
};

/** get_subscribed_official_account_list (§2.9): the channels a user follows, offset-paged. */
export const getSubscribedOfficialAccountList: CommandHandler = (body, ctx) => {
    const account = requireString(body, "Subscriber_Account", { account: true });
    const limit = optionalInteger(body, "Limit", 1, MAX_PAGE_SIZE) ?? MAX_PAGE_SIZE;
    const offset = optionalInteger(body, "Offset", 0) ?? 0;
    const baseFilter = readFilter(body.ResponseFilter, "OfficialAccountBaseInfoFilter", CHANNEL_INFO_FIELDS);
    const selfFilter = readFilter(body.ResponseFilter, "SelfInfoFilter", SELF_INFO_FIELDS);
    // UNCERTAIN: a user who was never imported simply follows nothing (no 70107).
    const subscriptions = ctx.store.subscriptionsOf(account);
    const page = subscriptions.slice(offset, offset + limit);
    const done = offset + page.length >= subscriptions.length;
    return {
        TotalCount: subscriptions.length,
        // The seed sample omits CreateTime although its filter names it; we return it when asked
        // for, like get_official_account_info does.
        OfficialAccountInfoList: page.map(({ channel, subscriber }) => ({
            ...channelInfo(channel, baseFilter),
            SelfInfo: selfInfo(subscriber, selfFilter),
        })),
        CompleteFlag: done ? 1 : 0,
        Next: done ? 0 : offset + page.length,
    };
};
