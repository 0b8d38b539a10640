/**
 * Facts about Tencent Cloud Chat's official-channel REST API that both our client and the emulator
 * must agree on: commands, hosts, byte limits, ID rules and error codes. Pure data and pure
 * functions only — the emulator imports this file, never the client.
 *
 * Source: shared/tencent-chat-api.md (sections cited as §n).
 */

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
export type Command = (typeof COMMANDS)[number];

/** Account import lives in another service; the emulator implements it so owners can be imported. */
export const ACCOUNT_SERVICE = "im_open_login_svc";
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
export type Region = keyof typeof REGION_HOSTS;

/** Documented per-command limit (§1.6). */
/** The app administrator every Chat app starts with (console → Account management). */
export const DEFAULT_ADMIN = "administrator";

export const CALLS_PER_SECOND_LIMIT = 200;
/** At most this many IDs in one get_official_account_info call (§2.2). */
export const MAX_IDS_PER_READ = 50;
/** At most this many subscribers in one add_subscriber call (§2.6); delete assumed the same (§2.7, UNCERTAIN). */
export const MAX_SUBSCRIBERS_PER_CALL = 100;
/** Page size ceiling for get_subscriber_info and get_subscribed_official_account_list (§2.5, §2.9). */
export const MAX_PAGE_SIZE = 200;
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

export const CHANNEL_ID_PREFIX = "@TOA#_";
/** Reserved for server-assigned IDs (§3). UNCERTAIN whether only the exact string is rejected: we reject the prefix. */
export const RESERVED_ID_PREFIX = "@TOA#_@TOA#";

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
export type ChannelInfoField = (typeof CHANNEL_INFO_FIELDS)[number];
export const SELF_INFO_FIELDS = ["SubscribeTime", "CustomString"] as const;
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

/** How our client reacts to a code. */
export type Recovery =
    | "retry" // transient: retry with backoff inside the time budget
    | "renew-usersig" // 70001: make a fresh UserSig and retry once
    | "fail"; // everything else fails at once

export interface ErrorCodeInfo {
    meaning: string;
    advice: string;
    recovery: Recovery;
}

const retry = (meaning: string): ErrorCodeInfo => ({
    meaning,
    advice: "Transient; retried automatically. If it persists, check the Tencent Cloud status page and try again later.",
    recovery: "retry",
});
const checkConfig = "Check tencent-chat:sdkAppId, tencent-chat:secretKey, tencent-chat:admin and tencent-chat:region.";

/** Every code the API doc lists (§1.5 and the per-API tables), with our advice. */
export const ERROR_CODES: Record<number, ErrorCodeInfo> = {
    6017: {
        meaning: "invalid request parameter",
        advice: "A field was rejected by Tencent; check the values against the documented limits.",
        recovery: "fail",
    },
    10004: retry("internal server error"),
    20001: {
        meaning: "invalid request packet",
        advice: "The request body was malformed. This is a bug in pulumi-tencent-chat; please report it.",
        recovery: "fail",
    },
    20005: retry("internal server error"),
    60002: {
        meaning: "HTTP parse error or bad URL format",
        advice: "This is a bug in pulumi-tencent-chat; please report it.",
        recovery: "fail",
    },
    60003: {
        meaning: "request body is not valid JSON",
        advice: "This is a bug in pulumi-tencent-chat; please report it.",
        recovery: "fail",
    },
    60004: { meaning: "bad account or signature in the URL or body", advice: checkConfig, recovery: "fail" },
    60005: { meaning: "bad account or signature in the URL or body", advice: checkConfig, recovery: "fail" },
    60006: {
        meaning: "the SDKAppID is invalid",
        advice: "Check tencent-chat:sdkAppId against the Chat console.",
        recovery: "fail",
    },
    60007: retry("REST call rate over the limit"),
    60008: retry("timeout or malformed HTTP request"),
    60009: { meaning: "wrong resource or URL", advice: "Check tencent-chat:endpoint / tencent-chat:region.", recovery: "fail" },
    60010: {
        meaning: "the caller must be the app admin",
        advice: "Set tencent-chat:admin to an app administrator account (Chat console → Account management).",
        recovery: "fail",
    },
    60011: retry("per-SDKAppID rate over the limit"),
    60012: {
        meaning: "sdkappid missing from the URL",
        advice: "This is a bug in pulumi-tencent-chat; please report it.",
        recovery: "fail",
    },
    60013: retry("internal response parse error"),
    60014: retry("account exchange timed out"),
    60015: {
        meaning: "an account field has the wrong type",
        advice: "This is a bug in pulumi-tencent-chat; please report it.",
        recovery: "fail",
    },
    60016: { meaning: "the SDKAppID is disabled", advice: "Re-enable the app in the Chat console.", recovery: "fail" },
    60017: { meaning: "the request is disabled", advice: "Contact Tencent Cloud support.", recovery: "fail" },
    60018: retry("too frequent, try later"),
    60019: retry("too frequent, try later"),
    60020: {
        meaning: "the paid plan has expired",
        advice: "Renew the Chat plan in the Tencent Cloud console.",
        recovery: "fail",
    },
    60021: {
        meaning: "the caller's IP address is not allowed",
        advice: "Add this machine's IP to the app's allowlist in the Chat console.",
        recovery: "fail",
    },
    70001: {
        meaning: "the UserSig has expired",
        advice: "A fresh UserSig is generated automatically; if this persists, check the machine's clock.",
        recovery: "renew-usersig",
    },
    70003: {
        meaning: "the UserSig could not be parsed",
        advice: `The signature was damaged or truncated. ${checkConfig}`,
        recovery: "fail",
    },
    70009: {
        meaning: "UserSig verification failed (wrong key, or a key from another SDKAppID)",
        advice: "Check that tencent-chat:secretKey is the SecretKey of this SDKAppID (Chat console → Basic configuration).",
        recovery: "fail",
    },
    70013: {
        meaning: "the identifier in the URL differs from the UserID inside the UserSig",
        advice: "This is a bug in pulumi-tencent-chat; please report it.",
        recovery: "fail",
    },
    70014: {
        meaning: "the sdkappid in the URL differs from the one inside the UserSig",
        advice: "This is a bug in pulumi-tencent-chat; please report it.",
        recovery: "fail",
    },
    70016: {
        meaning: "key not found",
        advice: "Check that tencent-chat:region matches the SDKAppID's data center.",
        recovery: "fail",
    },
    70020: {
        meaning: "SDKAppID not found",
        advice: "Check tencent-chat:sdkAppId and that tencent-chat:region matches its data center.",
        recovery: "fail",
    },
    70050: retry("too many signature failures plus the rate limit; wait about a minute"),
    70051: { meaning: "the account is blacklisted", advice: "Contact Tencent Cloud support.", recovery: "fail" },
    70107: {
        meaning: "the UserID has not been imported into Chat",
        advice: "Import the account first (Chat console → Account management, or the account_import REST API).",
        recovery: "fail",
    },
    130002: {
        meaning: "insufficient permission",
        advice: "The admin account lacks permission for this channel; check tencent-chat:admin.",
        recovery: "fail",
    },
    130004: {
        meaning: "the official channel does not exist or has been destroyed",
        advice: "Run `pulumi refresh` to drop it from state, or check the channel ID.",
        recovery: "fail",
    },
    130007: {
        meaning: "invalid official channel ID",
        advice: 'Channel IDs are printable ASCII, at most 48 bytes, start with "@TOA#_" and must not start with "@TOA#_@TOA#".',
        recovery: "fail",
    },
    130008: {
        meaning: "the official channel ID is already in use",
        advice: "Choose another channelId, or set `adopt: true` to manage the existing channel.",
        recovery: "fail",
    },
    130010: {
        meaning: "too many official channels (quota reached)",
        advice: "Destroy unused channels or upgrade the Chat plan (a console trial allows 5).",
        recovery: "fail",
    },
    131000: {
        meaning: "the official channel service is not enabled for this SDKAppID",
        advice: "Official channels need the Enterprise edition; enable it in the Chat console (or start a trial).",
        recovery: "fail",
    },
};

/** Transient codes the client retries (issue #2). Derived from the table so there is one source. */
export const TRANSIENT_CODES: ReadonlySet<number> = new Set(
    Object.entries(ERROR_CODES)
        .filter(([, info]) => info.recovery === "retry")
        .map(([code]) => Number(code)),
);

export function describeCode(code: number): ErrorCodeInfo {
    return (
        ERROR_CODES[code] ?? {
            meaning: "undocumented error code",
            advice: "See https://www.tencentcloud.com/document/product/1047/34348 (Chat error codes).",
            recovery: "fail",
        }
    );
}
