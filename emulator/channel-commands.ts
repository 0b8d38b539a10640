/**
 * Channel lifecycle commands: create, read, modify, destroy, and the broadcast that moves
 * LastMsgTime. Pure functions over the store (see context.ts).
 */
import { TencentCode } from "../provider/tencent/codes";
import {
    BYTE_LIMITS,
    CHANNEL_INFO_FIELDS,
    DEFAULT_MAX_SUBSCRIBERS,
    MAX_IDS_PER_READ,
    RESERVED_ID_PREFIX,
    channelIdProblem,
} from "../provider/tencent/wire";
import { channelInfo } from "./channel-info";
import type { CommandContext, CommandHandler } from "./context";
import { ApiError, errorText } from "./envelope";
import {
    type Body,
    checkBytes,
    lookupIdProblem,
    optionalInteger,
    optionalString,
    readFilter,
    requireArray,
    requireChannelId,
    requireString,
} from "./fields";
import type { ChannelPatch } from "./store";

/** The optional text fields shared by create and modify, with their wire names and limits (§3). */
const TEXT_FIELDS = [
    { wire: "Introduction", key: "introduction", limit: BYTE_LIMITS.introduction },
    { wire: "FaceUrl", key: "faceUrl", limit: BYTE_LIMITS.faceUrl },
    { wire: "Organization", key: "organization", limit: BYTE_LIMITS.organization },
    { wire: "CustomString", key: "customString", limit: BYTE_LIMITS.customString },
] as const;

/** Reads Name (when present) and the optional text fields, enforcing every byte limit. */
function readEditableFields(body: Body, nameRequired: boolean): ChannelPatch {
    const name = nameRequired ? requireString(body, "Name") : optionalString(body, "Name");
    // UNCERTAIN: the docs only say Name is required; an empty Name is treated as missing.
    if (name === "") throw new ApiError(TencentCode.INVALID_PARAMETER, "Name must not be empty.");
    checkBytes("Name", name, BYTE_LIMITS.name);
    const patch: ChannelPatch = { name };
    for (const field of TEXT_FIELDS) {
        const value = optionalString(body, field.wire);
        checkBytes(field.wire, value, field.limit);
        patch[field.key] = value;
    }
    // UNCERTAIN: no documented range; at least one subscriber is the only sane lower bound.
    patch.maxSubscribers = optionalInteger(body, "MaxSubscriberNum", 1);
    return patch;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Server-assigned IDs look like the samples' `@TOA#_@TOA#dZDP` (§3, an inference). */
function generateChannelId(ctx: CommandContext): string {
    for (let attempt = 0; ; attempt++) {
        // Grow the suffix when the short space gets crowded, so this always terminates.
        const length = 4 + Math.floor(attempt / 10);
        let suffix = "";
        for (let i = 0; i < length; i++) suffix += ALNUM[Math.floor(ctx.random() * ALNUM.length)];
        const id = RESERVED_ID_PREFIX + suffix;
        if (!ctx.store.channel(id) && !ctx.store.wasDestroyed(id)) return id;
    }
}

/** create_official_account (§2.1): checks every field, the owner's import, the ID and the quota, then creates. */
export const createOfficialAccount: CommandHandler = (body, ctx) => {
    const owner = requireString(body, "Owner_Account", { account: true });
    // UNCERTAIN: an empty custom ID is treated as "not specified", as Tencent does for other optional strings.
    const customId = optionalString(body, "OfficialAccountUserID") || undefined;
    if (customId !== undefined) {
        const problem = channelIdProblem(customId);
        if (problem) throw new ApiError(TencentCode.INVALID_CHANNEL_ID, `OfficialAccountUserID "${customId}" ${problem}.`);
    }
    const fields = readEditableFields(body, true);
    // UNCERTAIN: the create page does not list the code for an owner that was never imported;
    // 70107 is the common code for "UserID not imported" (API doc §2.1).
    if (!ctx.store.isImported(owner))
        throw new ApiError(TencentCode.ACCOUNT_NOT_IMPORTED, `Owner_Account "${owner}" has not been imported.`);
    if (customId !== undefined) {
        if (ctx.store.channel(customId)) throw new ApiError(TencentCode.CHANNEL_ID_IN_USE, `"${customId}" already exists.`);
        // UNCERTAIN (§2.4): whether a destroyed ID can be reused is undocumented; `reuseDestroyedIds` picks.
        if (ctx.store.wasDestroyed(customId) && !ctx.reuseDestroyedIds) {
            throw new ApiError(
                TencentCode.CHANNEL_ID_IN_USE,
                `"${customId}" belonged to a channel that was destroyed and cannot be reused.`,
            );
        }
    }
    if (ctx.store.channelCount() >= ctx.maxChannels) {
        throw new ApiError(TencentCode.CHANNEL_QUOTA_REACHED, `This app may have at most ${ctx.maxChannels} official channels.`);
    }
    const channelId = customId ?? generateChannelId(ctx);
    ctx.store.createChannel({
        channelId,
        owner,
        name: fields.name ?? "",
        introduction: fields.introduction ?? "",
        faceUrl: fields.faceUrl ?? "",
        organization: fields.organization ?? "",
        customString: fields.customString ?? "",
        maxSubscribers: fields.maxSubscribers ?? DEFAULT_MAX_SUBSCRIBERS,
        createTime: ctx.nowSeconds,
    });
    return { OfficialAccountUserID: channelId };
};

/** get_official_account_info (§2.2): up to 50 IDs, each answered with its own ErrorCode. */
export const getOfficialAccountInfo: CommandHandler = (body, ctx) => {
    const list = requireArray(body, "OfficialAccountIdList");
    // UNCERTAIN: an empty list is undocumented; rejecting it surfaces a pointless call.
    if (list.length === 0) throw new ApiError(TencentCode.INVALID_PARAMETER, "OfficialAccountIdList must not be empty.");
    if (list.length > MAX_IDS_PER_READ) {
        throw new ApiError(
            TencentCode.INVALID_PARAMETER,
            `OfficialAccountIdList has ${list.length} entries; at most ${MAX_IDS_PER_READ} are allowed.`,
        );
    }
    const filter = readFilter(body.ResponseFilter, "OfficialAccountBaseInfoFilter", CHANNEL_INFO_FIELDS);
    const ids = list.map((entry, i) => {
        const id = typeof entry === "object" && entry !== null ? (entry as Body).Official_Account : undefined;
        if (typeof id !== "string")
            throw new ApiError(TencentCode.INVALID_PARAMETER, `OfficialAccountIdList[${i}].Official_Account must be a string.`);
        return id;
    });
    // Per-item results: one bad or missing ID must not fail the batch (§1.4).
    const items = ids.map((id) => {
        const problem = lookupIdProblem(id);
        if (problem)
            return {
                ErrorCode: TencentCode.INVALID_CHANNEL_ID,
                ErrorInfo: errorText(TencentCode.INVALID_CHANNEL_ID),
                Official_Account: id,
            };
        const channel = ctx.store.channel(id);
        if (!channel)
            return {
                ErrorCode: TencentCode.CHANNEL_NOT_FOUND,
                ErrorInfo: errorText(TencentCode.CHANNEL_NOT_FOUND),
                Official_Account: id,
            };
        return { ErrorCode: 0, ErrorInfo: "", ...channelInfo(channel, filter) };
    });
    return { OfficialAccountInfoList: items };
};

/** modify_official_account_base_info (§2.3): changes the given fields only. */
export const modifyOfficialAccountBaseInfo: CommandHandler = (body, ctx) => {
    const id = requireChannelId(body);
    // Omitted fields stay as they are. UNCERTAIN (§2.3): "" is taken literally and clears a field.
    const patch = readEditableFields(body, false);
    if (!ctx.store.channel(id)) throw new ApiError(TencentCode.CHANNEL_NOT_FOUND, `"${id}" does not exist.`);
    // UNCERTAIN (§6): a MaxSubscriberNum below the current SubscriberNum is accepted; it only
    // stops further subscriptions.
    ctx.store.updateChannel(id, patch);
    return {};
};

/** destroy_official_account (§2.4): the ID is remembered as destroyed (see `reuseDestroyedIds`). */
export const destroyOfficialAccount: CommandHandler = (body, ctx) => {
    const id = requireChannelId(body);
    if (!ctx.store.channel(id)) throw new ApiError(TencentCode.CHANNEL_NOT_FOUND, `"${id}" does not exist.`);
    ctx.store.destroyChannel(id);
    return {};
};

/** send_official_account_msg (§2.10): checks the message, moves LastMsgTime and answers MsgTime and MsgKey; delivers nothing. */
export const sendOfficialAccountMsg: CommandHandler = (body, ctx) => {
    const id = requireChannelId(body);
    const random = optionalInteger(body, "Random", 0, 0xffffffff);
    if (random === undefined) throw new ApiError(TencentCode.INVALID_PARAMETER, "Random is required.");
    const msgBody = requireArray(body, "MsgBody");
    if (msgBody.length === 0) throw new ApiError(TencentCode.INVALID_PARAMETER, "MsgBody must contain at least one element.");
    msgBody.forEach((element, i) => {
        const e = element as Body | null;
        if (
            typeof e !== "object" ||
            e === null ||
            typeof e.MsgType !== "string" ||
            typeof e.MsgContent !== "object" ||
            e.MsgContent === null
        ) {
            throw new ApiError(
                TencentCode.INVALID_PARAMETER,
                `MsgBody[${i}] must be an object with a string MsgType and an object MsgContent.`,
            );
        }
    });
    const channel = ctx.store.channel(id);
    if (!channel) throw new ApiError(TencentCode.CHANNEL_NOT_FOUND, `"${id}" does not exist.`);
    // Not emulated: the 1 message/s and 2 broadcasts/hour limits and duplicate suppression (§1.6);
    // their error codes are undocumented.
    ctx.store.recordMessage(channel, ctx.nowSeconds);
    const token = Math.floor(ctx.random() * 0x7fffffff).toString(36);
    return { MsgTime: ctx.nowSeconds, MsgKey: `${ctx.nowSeconds}_${random}_${token}` };
};
