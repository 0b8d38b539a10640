/** OfficialChannel's fields, each described once (see types.ts). */
import { BYTE_LIMITS, CHANNEL_ID_PREFIX, DEFAULT_MAX_SUBSCRIBERS, RESERVED_ID_PREFIX, channelIdProblem } from "../tencent/wire";
import { channelIdString, chatUserId, flag, maxSubscribers } from "./schemas";
import { fieldTable } from "./types";

/** A custom channel ID as create_official_account takes it: `@TOA#_…`, printable ASCII, never the reserved prefix. */
const customChannelId = channelIdString(channelIdProblem, `must be a string like "${CHANNEL_ID_PREFIX}news"`).meta({
    description: `Custom channel ID: printable ASCII, at most ${BYTE_LIMITS.channelId} bytes, starts with "${CHANNEL_ID_PREFIX}", not "${RESERVED_ID_PREFIX}". Changing it replaces the channel.`,
    pattern: "^@TOA#_(?!@TOA#)[\\x20-\\x7e]+$",
    maxLength: BYTE_LIMITS.channelId,
});

/**
 * OfficialChannel's fields, in the order state and schemas list them. Everything else — the zod
 * inputs, check's defaults, the diff's sets, the compared fields, the state, the wire bodies, the
 * manifest JSON Schema and the package schema — is derived from this table.
 */
export const CHANNEL_FIELD_TABLE = fieldTable([
    {
        name: "channelId",
        wire: "Official_Account",
        // The one command that names it differently; a custom ID is what makes a retried create detectable (130008).
        createWire: "OfficialAccountUserID",
        type: "string",
        description:
            "Custom channel ID; also the resource id. When omitted, it is auto-named from the logical name and a random suffix (or the stack's autonaming settings), chosen when the channel is created and kept afterwards.",
        byteLimit: BYTE_LIMITS.channelId,
        note: `Printable ASCII, starts with "${CHANNEL_ID_PREFIX}", never "${RESERVED_ID_PREFIX}".`,
        settable: true,
        replaces: true,
        identity: true,
        readableBack: true,
        schema: customChannelId,
    },
    {
        name: "owner",
        wire: "Owner_Account",
        type: "string",
        description: "UserID of the channel's owner; must already be imported into Chat.",
        byteLimit: BYTE_LIMITS.userId,
        required: true,
        settable: true,
        replaces: true,
        readableBack: true,
        schema: chatUserId,
    },
    {
        name: "name",
        wire: "Name",
        type: "string",
        description: "Display name.",
        byteLimit: BYTE_LIMITS.name,
        required: true,
        settable: true,
        readableBack: true,
    },
    {
        name: "introduction",
        wire: "Introduction",
        type: "string",
        description: "Introduction shown to users.",
        byteLimit: BYTE_LIMITS.introduction,
        default: "",
        settable: true,
        readableBack: true,
    },
    {
        name: "faceUrl",
        wire: "FaceUrl",
        type: "string",
        description: "Avatar URL.",
        byteLimit: BYTE_LIMITS.faceUrl,
        default: "",
        settable: true,
        readableBack: true,
    },
    {
        name: "maxSubscribers",
        wire: "MaxSubscriberNum",
        type: "integer",
        description:
            "Most subscribers the channel accepts (at least 1). Tencent cannot report it back, so drift on it is not detected and an import assumes the default.",
        default: DEFAULT_MAX_SUBSCRIBERS,
        settable: true,
        readableBack: false,
        schema: maxSubscribers,
    },
    {
        name: "organization",
        wire: "Organization",
        type: "string",
        description: "Organization the channel belongs to.",
        byteLimit: BYTE_LIMITS.organization,
        default: "",
        settable: true,
        readableBack: true,
    },
    {
        name: "customString",
        wire: "CustomString",
        type: "string",
        description: "Free-form app data.",
        byteLimit: BYTE_LIMITS.customString,
        default: "",
        settable: true,
        readableBack: true,
    },
    {
        name: "adopt",
        type: "boolean",
        description:
            "Take over an existing channel with this ID (same owner) instead of failing; its fields are changed to the declared values. `pulumi import` is the other way to take one over.",
        default: false,
        settable: true,
        readableBack: false,
        providerOption: true,
        // The manifest feeds OfficialChannelSet, a dynamic resource: there `pulumi import` is not available.
        schema: flag("Take over an existing channel with this ID instead of failing (Pulumi cannot import dynamic resources)."),
    },
    {
        name: "allowReplace",
        type: "boolean",
        description:
            "Allow a replacement (a changed channelId or owner) that destroys the channel and its subscribers. Without it, such a replacement is refused while the channel has subscribers.",
        default: false,
        settable: true,
        readableBack: false,
        providerOption: true,
        schema: flag("Allow a replacement that would destroy the channel's subscribers."),
    },
    {
        name: "subscriberCount",
        wire: "SubscriberNum",
        type: "integer",
        description: "Subscribers as of the last create, refresh or import.",
        settable: false,
        readableBack: true,
        outputOnly: true,
    },
    {
        name: "createTime",
        wire: "CreateTime",
        type: "integer",
        description: "When the channel was created, Unix seconds.",
        settable: false,
        readableBack: true,
        outputOnly: true,
    },
    {
        name: "lastMessageTime",
        wire: "LastMsgTime",
        type: "integer",
        description: "When a message was last sent, Unix seconds (0 when none).",
        settable: false,
        readableBack: true,
        outputOnly: true,
    },
] as const);
