/** Channel manifests: loading with positioned errors, the JSON Schema, and OfficialChannelSet. */
export { loadManifest, type ChannelManifest, type ManifestChannel, type LoadManifestOptions } from "./load";
export { ManifestError, formatProblem, type ManifestProblem } from "./problems";
export { manifestJsonSchema } from "./json-schema";
export { OfficialChannelSet, OFFICIAL_CHANNEL_SET_TYPE, type OfficialChannelSetArgs } from "./channel-set";
export { channelLogicalName } from "./logical-names";
