/**
 * Which keys a channel manifest may hold and which an entry must end up with. The loader and the
 * JSON Schema generator both read these lists, so the two can never disagree about structure;
 * the rules for the values themselves live only in CHANNEL_FIELDS.
 */
import { CHANNEL_FIELDS, CHANNEL_FIELD_NAMES, type ChannelField } from "../channel/inputs";
import { CHANNEL_FIELD_TABLE } from "../fields/channel";

/** The channel ID: the table's identity field. */
const isIdentity = (field: ChannelField) => CHANNEL_FIELD_TABLE.some((f) => f.name === field && f.identity);

/** The keys a manifest's top level may hold. */
export const TOP_LEVEL_KEYS = ["$schema", "defaults", "channels"] as const;

/** A default channel ID would give every entry the same ID, so `defaults` takes every other field. */
export const DEFAULTABLE_FIELDS: readonly ChannelField[] = CHANNEL_FIELD_NAMES.filter((field) => !isIdentity(field));

/**
 * Fields every merged entry must have. `channelId` is optional on OfficialChannel (it can be
 * auto-named) but required here: a set's logical names derive from it, and an auto-generated ID
 * would not survive being moved between manifests.
 */
export const REQUIRED_ENTRY_FIELDS: readonly ChannelField[] = CHANNEL_FIELD_NAMES.filter(
    (field) => isIdentity(field) || CHANNEL_FIELDS[field].required,
);
