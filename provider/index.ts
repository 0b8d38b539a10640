/**
 * pulumi-tencent-chat: Tencent Cloud Chat official channels as Pulumi resources.
 *
 * - Resources: OfficialChannel, ChannelSubscription, and OfficialChannelSet (one channel per entry
 *   of a YAML/JSON manifest, checked by loadManifest before anything is registered).
 * - Lookups: getOfficialChannels, getSubscribedChannels (promises; `pulumi.output(…)` in a program).
 * - The Tencent REST client: createChatClient, genUserSig, TencentChatError.
 *
 * Settings come from stack config `tencent-chat:<key>` (sdkAppId, secretKey, admin, region,
 * endpoint), else from TENCENT_CHAT_SDKAPPID, TENCENT_CHAT_SECRET_KEY, TENCENT_CHAT_ADMIN,
 * TENCENT_CHAT_REGION, TENCENT_CHAT_ENDPOINT. There is no default region.
 *
 * @example
 * ```ts
 * import { OfficialChannel, OfficialChannelSet } from "pulumi-tencent-chat";
 *
 * const news = new OfficialChannel("news", { channelId: "@TOA#_news", owner: "ops", name: "Company News" });
 * const teams = new OfficialChannelSet("teams", { manifest: "channels.yaml" });
 * ```
 *
 * @packageDocumentation
 */
export { OfficialChannel, type OfficialChannelArgs } from "./dynamic/channel-resource";
export { officialChannelProvider } from "./dynamic/channel-provider";
export type { ChannelInputs, ChannelOutputs } from "./channel/types";
export { OfficialChannelSet, type OfficialChannelSetArgs } from "./dynamic/channel-set";
export {
    loadManifest,
    type ChannelManifest,
    type ManifestChannel,
    ManifestError,
    type ManifestProblem,
    type LoadManifestOptions,
    manifestJsonSchema,
    channelLogicalName,
} from "./manifest";
export { ChannelSubscription, type ChannelSubscriptionArgs } from "./dynamic/subscription-resource";
export { channelSubscriptionProvider } from "./dynamic/subscription-provider";
export type { SubscriptionInputs, SubscriptionOutputs } from "./subscription/types";
export { SubscriptionError } from "./subscription/errors";
export {
    getSubscribedChannels,
    getOfficialChannels,
    type OfficialChannelLookup,
    type LookupOptions,
    type SubscribedChannelsOptions,
} from "./lookups";
export { resolveSettings, SettingsError, CONFIG_NAMESPACE } from "./config";
// From the modules themselves, not the api/index barrel: its transport re-exports carry zod's types,
// which the published declarations must not reach (test/package/declarations.test.ts).
export { createChatClient } from "./api/client";
export { genUserSig } from "./api/usersig";
export { TencentChatError, hasCode } from "./api/errors";
export { TencentCode, type TencentCodeName } from "./tencent/codes";
export type * from "./api/types";
export { REGION_HOSTS, type Region } from "./tencent/wire";
