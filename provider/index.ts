/** pulumi-tencent-chat: Tencent Cloud Chat official channels as Pulumi resources. */
export { OfficialChannel, type OfficialChannelArgs } from "./channel/resource";
export { officialChannelProvider } from "./channel/provider";
export type { ChannelInputs, ChannelOutputs } from "./channel/inputs";
export {
    OfficialChannelSet,
    type OfficialChannelSetArgs,
    loadManifest,
    type ChannelManifest,
    type ManifestChannel,
    ManifestError,
    type ManifestProblem,
    type LoadManifestOptions,
    manifestJsonSchema,
    channelLogicalName,
} from "./manifest";
export {
    ChannelSubscription,
    type ChannelSubscriptionArgs,
    channelSubscriptionProvider,
    SubscriptionError,
    type SubscriptionInputs,
    type SubscriptionOutputs,
} from "./subscription";
export {
    getSubscribedChannels,
    getOfficialChannels,
    type OfficialChannelLookup,
    type LookupOptions,
    type SubscribedChannelsOptions,
} from "./lookups";
export { resolveSettings, SettingsError, CONFIG_NAMESPACE } from "./config";
export { createChatClient, genUserSig, TencentChatError, hasCode, TencentCode, type TencentCodeName } from "./api";
export type * from "./api/types";
export { REGION_HOSTS, type Region } from "./api/wire";
