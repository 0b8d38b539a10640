/** Channel manifests: loading with positioned errors and the JSON Schema (OfficialChannelSet, the component over them, is in dynamic/channel-set.ts). */
export { loadManifest, type ChannelManifest, type ManifestChannel, type LoadManifestOptions } from "./load";
export { ManifestError, formatProblem, type ManifestProblem } from "./problems";
export { manifestJsonSchema } from "./json-schema";
export { channelLogicalName } from "./logical-names";
