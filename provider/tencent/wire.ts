/**
 * Facts about Tencent Cloud Chat's official-channel REST API that both our client and the emulator
 * must agree on: commands, hosts, byte limits and ID rules (error codes: codes.ts). Pure data and
 * pure functions only — the emulator imports this file, never the client.
 *
 * Source: shared/tencent-chat-api.md (sections cited as §n).
 */

/** The REST service of the official-channel commands (the path segment before the command). */
export const SERVICE = "official_account_open_http_svc";

/** The ten official-channel commands (§2), in the order the API doc lists them. */
export const COMMANDS = [
    "create_official_account",
    "get_official_account_info",
    "modify_official_account_base_info",
    "destroy_official_account",
    "get_subscriber_info",
    "add_subscriber",
    "delete_subscriber",
    "modify_subscriber_info",
    "get_subscribed_official_account_list",
    "send_official_account_msg",
] as const;
/** One of the ten official-channel commands. */
export type Command = (typeof COMMANDS)[number];

/**
 * The commands that only read (§2.2, §2.5, §2.9, §2.12): whatever happens to one of them, nothing
 * changed on Tencent. Every other command may change something when its answer is lost.
 */
export const READ_COMMANDS: ReadonlySet<string> = new Set([
    "get_official_account_info",
    "get_subscriber_info",
    "get_subscribed_official_account_list",
    "account_check",
]);

/** Account import lives in another service; the emulator implements it so owners can be imported. */
export const ACCOUNT_SERVICE = "im_open_login_svc";
/** The account commands of ACCOUNT_SERVICE we call (import, check). */
export const ACCOUNT_COMMANDS = ["account_import", "multiaccount_import", "account_check"] as const;
/** account_check takes at most this many UserIDs per call (§2.12). */
export const MAX_ACCOUNTS_PER_CHECK = 100;
/** account_check's own documented limit (§2.12), below the 200/s of the channel commands. */
export const ACCOUNT_CHECK_CALLS_PER_SECOND = 100;
/** account_check's AccountStatus values (§2.12). */
export const ACCOUNT_STATUS = { imported: "Imported", notImported: "NotImported" } as const;

/** Region → REST host (§1.2). The host must match the SDKAppID's data center (else 70016/70020). */
export const REGION_HOSTS = {
    china: "console.tim.qq.com",
    singapore: "adminapisgp.im.qcloud.com",
    seoul: "adminapikr.im.qcloud.com",
    tokyo: "adminapijpn.im.qcloud.com",
    frankfurt: "adminapiger.im.qcloud.com",
    "silicon-valley": "adminapiusa.im.qcloud.com",
    jakarta: "adminapiidn.im.qcloud.com",
    // UNCERTAIN (§1.2): Mumbai is listed only on some 2024 pages. Kept because a wrong host fails
    // loudly with 70016/70020 rather than doing harm.
    mumbai: "adminapiind.im.qcloud.com",
} as const;
/** A data-center region with a known REST host. */
export type Region = keyof typeof REGION_HOSTS;

/** The app administrator every Chat app starts with (console → Account management). */
export const DEFAULT_ADMIN = "administrator";

/** Documented per-command limit (§1.6): calls per second, per command and SDKAppID. */
export const CALLS_PER_SECOND_LIMIT = 200;
/** At most this many IDs in one get_official_account_info call (§2.2). */
export const MAX_IDS_PER_READ = 50;
/** At most this many subscribers in one add_subscriber call (§2.6); delete assumed the same (§2.7, UNCERTAIN). */
export const MAX_SUBSCRIBERS_PER_CALL = 100;
/** Page size ceiling for get_subscriber_info and get_subscribed_official_account_list (§2.5, §2.9). */
export const MAX_PAGE_SIZE = 200;
/** MaxSubscriberNum when a create does not set it (§2.1). */
export const DEFAULT_MAX_SUBSCRIBERS = 100_000;

/** Limits in UTF-8 bytes (§3); "cannot be adjusted" per the data-structure page. */
export const BYTE_LIMITS = {
    name: 150,
    introduction: 400,
    faceUrl: 500,
    organization: 500,
    customString: 3000,
    subscriberCustomString: 3000,
    channelId: 48,
    /** IM UserIDs (owner, admin, subscribers): IM SDK error 7003 limits them to 32 bytes (§3). */
    userId: 32,
} as const;

/** Every custom channel ID starts with this (§3). */
export const CHANNEL_ID_PREFIX = "@TOA#_";
/** Reserved for server-assigned IDs (§3). UNCERTAIN whether only the exact string is rejected: we reject the prefix. */
export const RESERVED_ID_PREFIX = "@TOA#_@TOA#";

/** Size of `value` in UTF-8 bytes, the unit of every Tencent length limit. */
export function utf8Bytes(value: string): number {
    return Buffer.byteLength(value, "utf8");
}

/** Why a custom channel ID breaks the rules of §3, or undefined when it is valid. */
export function channelIdProblem(id: string): string | undefined {
    if (!/^[\x20-\x7e]*$/.test(id)) {
        return "must contain only printable ASCII characters (0x20-0x7e)";
    }
    if (!id.startsWith(CHANNEL_ID_PREFIX)) return `must start with "${CHANNEL_ID_PREFIX}"`;
    if (id.startsWith(RESERVED_ID_PREFIX)) {
        return `must not start with "${RESERVED_ID_PREFIX}", which is reserved for IDs Tencent assigns`;
    }
    if (id.length === CHANNEL_ID_PREFIX.length) return `needs at least one character after "${CHANNEL_ID_PREFIX}"`;
    const bytes = utf8Bytes(id);
    if (bytes > BYTE_LIMITS.channelId) return `must be at most ${BYTE_LIMITS.channelId} bytes (got ${bytes})`;
    return undefined;
}

/** Fields a get_official_account_info / get_subscribed_official_account_list filter may name (§2.2). */
export const CHANNEL_INFO_FIELDS = [
    "CreateTime",
    "Name",
    "Owner_Account",
    "LastMsgTime",
    "SubscriberNum",
    "Introduction",
    "FaceUrl",
    "Organization",
    "CustomString",
] as const;
/** A wire field name a channel-info filter may name. */
export type ChannelInfoField = (typeof CHANNEL_INFO_FIELDS)[number];
/** The user's own subscription fields get_subscribed_official_account_list can return (§2.9). */
export const SELF_INFO_FIELDS = ["SubscribeTime", "CustomString"] as const;
/** A wire field name of SELF_INFO_FIELDS. */
export type SelfInfoField = (typeof SELF_INFO_FIELDS)[number];

/**
 * The delete_subscriber request body. UNCERTAIN (§2.7): the doc's sample and the doocs SDK send
 * `SubscriberToDel_Account: ["u1"]`; the doc's field table and another SDK send
 * `SubscriberList: [{ Subscriber_Account: "u1" }]`. One request carries both, so it works under
 * either reading: Tencent's JSON handlers ignore unknown fields, so the key a server does not read
 * is harmless. (A server that read both would see each user twice; the answer is merged per user.)
 * The emulator can be switched to each reading alone (`deleteSubscriberReading`) to prove it.
 */
export function deleteSubscriberBody(channelId: string, userIds: readonly string[]): Record<string, unknown> {
    return {
        Official_Account: channelId,
        SubscriberToDel_Account: [...userIds],
        SubscriberList: userIds.map((userId) => ({ Subscriber_Account: userId })),
    };
}

/** add_subscriber / delete_subscriber per-user Result values (§2.6, §2.7). */
export const SUBSCRIBER_RESULT = { failed: 0, done: 1, unchanged: 2 } as const;
