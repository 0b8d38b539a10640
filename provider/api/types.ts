/**
 * The camelCase surface of the Tencent Chat client. Wire names (Owner_Account…) stay inside
 * provider/api; everything above this layer speaks these types.
 */
import type { Command, Region } from "../tencent/wire";

/** Which app to manage and as whom; the credentials of a client. */
export interface ChatSettings {
    /** The app's SDKAppID (Chat console). */
    sdkAppId: number;
    /** The app's SecretKey. Never logged, never put in errors or state. */
    secretKey: string;
    /** An app administrator UserID. @default "administrator" */
    admin?: string;
    /** Data-center region; picks the REST host. Required unless `endpoint` is given (there is no default data center). */
    region?: Region;
    /** Full base URL overriding the region host, e.g. an emulator. Plain http:// only for loopback. */
    endpoint?: string;
}

/** Pace, deadlines, retries and batching of a client; every field has a safe default. */
export interface ClientTuning {
    /**
     * Calls per second per command, kept below Tencent's 200/s. Clients with the same endpoint,
     * SDKAppID and rate share one pace per command. 0 or Infinity switches pacing off (tests only).
     * @default 195
     */
    callsPerSecond?: number;
    /**
     * Budget of one call, in ms from its first send: no retry starts that would not fit, so the call
     * ends by then (or after one full request deadline, if that is longer). 0 = never retry. @default 60000
     */
    retryBudgetMs?: number;
    /** First backoff ceiling in ms (full jitter doubles it per attempt). @default 100 */
    retryBaseMs?: number;
    /** Backoff ceiling cap in ms. @default 5000 */
    retryMaxDelayMs?: number;
    /** Deadline of one HTTP attempt in ms, covering connect, headers and the whole body. @default 15000 */
    requestTimeoutMs?: number;
    /** Coalesce concurrent channel reads into ≤50-ID calls. @default true */
    batchReads?: boolean;
    /** How long the first queued read waits for company before its batch is sent, in ms. @default 10 */
    batchWindowMs?: number;
    /** Validity of generated UserSigs in seconds. @default 86400 */
    userSigTtlSeconds?: number;
    /** Receives one line per retry/renewal; never sees a UserSig. */
    log?: (line: string) => void;
}

/** Everything `createChatClient` takes: settings plus optional tuning. */
export type ClientOptions = ChatSettings & ClientTuning;

/** A channel as get_official_account_info returns it. Fields left out by a response filter are undefined. */
export interface ChannelInfo {
    channelId: string;
    name?: string;
    owner?: string;
    introduction?: string;
    faceUrl?: string;
    organization?: string;
    customString?: string;
    /** Unix seconds. */
    createTime?: number;
    /** Unix seconds; 0 when nothing was ever sent. */
    lastMessageTime?: number;
    subscriberCount?: number;
}

/** Fields create_official_account accepts. */
export interface NewChannel {
    channelId?: string;
    owner: string;
    name: string;
    introduction?: string;
    faceUrl?: string;
    maxSubscribers?: number;
    organization?: string;
    customString?: string;
}

/** Fields modify_official_account_base_info accepts; omitted ones stay as they are. */
export type ChannelChanges = Partial<Omit<NewChannel, "channelId" | "owner">>;

/** A channel field a read may be limited to (a response filter). */
export type ChannelInfoFieldName = Exclude<keyof ChannelInfo, "channelId">;

/** One subscriber of a channel, as get_subscriber_info returns it. */
export interface Subscriber {
    userId: string;
    subscribeTime?: number;
    customString?: string;
    msgFlag?: string;
    lastSendMsgTime?: number;
}

/** One page of a channel's subscribers; pass `next` back to get the following page. */
export interface SubscriberPage {
    subscribers: Subscriber[];
    /** Total subscribers of the channel. */
    subscriberCount: number;
    /** Cursor for the next page; "" when the list is finished. */
    next: string;
}

/** One user's outcome of `addSubscribers`: "failed" is Tencent's per-user Result 0. */
export type AddSubscriberResult = "added" | "alreadySubscribed" | "failed";
/** One user's outcome of `deleteSubscribers`: "failed" is Tencent's per-user Result 0. */
export type DeleteSubscriberResult = "removed" | "notSubscribed" | "failed";

/** A channel a user follows, with that user's own subscription facts in `self`. */
export interface SubscribedChannel extends ChannelInfo {
    self: { subscribeTime?: number; customString?: string };
}

/** One offset page of the channels a user follows; `listSubscribedChannels` walks all of them. */
export interface SubscribedPage {
    totalCount: number;
    channels: SubscribedChannel[];
    complete: boolean;
    /** Offset for the next page; 0 when complete. */
    next: number;
}

/** Paging and response filters of `getSubscribedChannels`; every field when the filters are omitted. */
export interface SubscribedQuery {
    limit?: number;
    offset?: number;
    channelFields?: ChannelInfoFieldName[];
    selfFields?: Array<"subscribeTime" | "customString">;
}

/** A broadcast to a channel's subscribers (send_official_account_msg, §2.10). */
export interface SendMessage {
    /** Standard TIM message elements, e.g. [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }]. */
    msgBody: unknown[];
    /** uint32 de-duplication key. @default random */
    random?: number;
    onlineOnly?: boolean;
    cloudCustomData?: string;
}

/** account_check's answer for one UserID. */
export interface AccountCheck {
    userId: string;
    status: "imported" | "notImported" | "unknown";
    /** Why it could not be checked (Tencent's per-item ResultCode and text), when status is "unknown". */
    problem?: string;
}

/** One ID's outcome in a batch read: its channel, or its own error. */
export type ChannelLookup = { channelId: string; channel: ChannelInfo } | { channelId: string; error: Error };

/**
 * The Tencent Chat REST client `createChatClient` returns: one method per command, in camelCase.
 * Every method throws {@link TencentChatError} on failure (after retrying transient ones), and
 * validates nothing above the wire: inputs are checked by the resources before they get here.
 */
export interface ChatClient {
    /** Which app and admin this client speaks for, and the base URL it calls (no secrets). */
    readonly settings: { sdkAppId: number; admin: string; baseUrl: string };

    /** create_official_account: creates a channel; `channelId` is the one given or the one Tencent assigned. */
    createChannel(channel: NewChannel): Promise<{ channelId: string }>;
    /** One get_official_account_info call (≤50 IDs). Per-item errors come back per ID, not thrown. */
    getChannels(ids: string[], fields?: ChannelInfoFieldName[]): Promise<ChannelLookup[]>;
    /** One channel through the read batcher; rejects with TencentChatError 130004 when it does not exist. */
    loadChannel(id: string): Promise<ChannelInfo>;
    /** modify_official_account_base_info: changes the given fields only. */
    modifyChannel(id: string, changes: ChannelChanges): Promise<void>;
    /** destroy_official_account; rejects with CHANNEL_NOT_FOUND when it is already gone. */
    destroyChannel(id: string): Promise<void>;

    /** get_subscriber_info: one page of subscribers (`limit` ≤ MAX_PAGE_SIZE), from the cursor `next`. */
    getSubscribers(id: string, page?: { limit?: number; next?: string }): Promise<SubscriberPage>;
    /** add_subscriber (≤ MAX_SUBSCRIBERS_PER_CALL users a call): one result per user, in order. */
    addSubscribers(id: string, userIds: string[]): Promise<Array<{ userId: string; result: AddSubscriberResult }>>;
    /** delete_subscriber (≤ MAX_SUBSCRIBERS_PER_CALL users a call): one result per user, in order. */
    deleteSubscribers(id: string, userIds: string[]): Promise<Array<{ userId: string; result: DeleteSubscriberResult }>>;
    /** modify_subscriber_info: sets one subscriber's CustomString. */
    modifySubscriber(id: string, userId: string, customString: string): Promise<void>;
    /** get_subscribed_official_account_list: one page of the channels `userId` follows. */
    getSubscribedChannels(userId: string, query?: SubscribedQuery): Promise<SubscribedPage>;
    /** send_official_account_msg: broadcasts to the subscribers; returns when Tencent stored it. */
    sendMessage(id: string, message: SendMessage): Promise<{ msgTime: number; msgKey: string }>;

    /** im_open_login_svc/multiaccount_import: owners and subscribers must be imported users. */
    importAccounts(userIds: string[]): Promise<void>;

    /**
     * im_open_login_svc/account_check (≤100 UserIDs a call, chunked): whether each UserID is imported.
     * One entry per asked UserID, in order; `unknown` when Tencent could not check that one.
     */
    checkAccounts(userIds: string[]): Promise<AccountCheck[]>;

    /** Calls made so far, per command (for benchmarks and tests). */
    callCounts(): Partial<Record<Command | "multiaccount_import" | "account_check", number>>;
    /** Sends any reads still queued in the batcher. Connection pools are shared by the process and stay open. */
    close(): Promise<void>;
}
