/**
 * The type tokens the dynamic provider's resources register under (`pulumi.dynamic.Resource`,
 * module "tencent-chat"). They are part of every URN a dynamic state holds, and the plugin's
 * component aliases its children to them, so both ways in read them from here.
 */

/** OfficialChannel's dynamic type token. */
export const DYNAMIC_CHANNEL_TYPE = "pulumi-nodejs:dynamic/tencent-chat:OfficialChannel";
/** ChannelSubscription's dynamic type token. */
export const DYNAMIC_SUBSCRIPTION_TYPE = "pulumi-nodejs:dynamic/tencent-chat:ChannelSubscription";
