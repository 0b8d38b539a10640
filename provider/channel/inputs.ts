/**
 * OfficialChannel's inputs: the field schemas `check`, the manifest loader and the JSON Schema
 * generator all use (derived from provider/fields/channel.ts), plus the pure `checkChannelInputs`.
 */
import { randomBytes } from "node:crypto";

import { BYTE_LIMITS, CHANNEL_ID_PREFIX, RESERVED_ID_PREFIX } from "../tencent/wire";
import { CHANNEL_FIELD_TABLE } from "../fields/channel";
import { defaults, fieldSchemas, inputNames, type InputName } from "../fields/types";
import { unknownFieldFailures, validateFields, withDefaults, type CheckResult } from "../kit/inputs";
import { NAME_HINT } from "../kit/internal-inputs";
import { UNKNOWN } from "../kit/unknown";
import type { ChannelInputs, ChannelOutputs, CheckedChannelInputs } from "./types";

/** One validator per input and whether it is required, derived from the field table: what check, the manifest loader and its JSON Schema run. */
export const CHANNEL_FIELDS = fieldSchemas(CHANNEL_FIELD_TABLE);

/** The name of an input of OfficialChannel (a key a manifest entry may hold). */
export type ChannelField = InputName<typeof CHANNEL_FIELD_TABLE>;
/** OfficialChannel's inputs, in table order. */
export const CHANNEL_FIELD_NAMES: readonly ChannelField[] = inputNames(CHANNEL_FIELD_TABLE);

/** Defaults `check` fills so the state always holds every field. */
export const CHANNEL_DEFAULTS = defaults(CHANNEL_FIELD_TABLE) as Omit<CheckedChannelInputs, "channelId" | "owner" | "name">;

// The interfaces carry the TSDoc users read; these lines stop compiling when they and the table disagree.
const inputsMatch: [ChannelField, keyof ChannelInputs] extends [keyof ChannelInputs, ChannelField] ? true : never = true;
const outputsMatch: [(typeof CHANNEL_FIELD_TABLE)[number]["name"], keyof ChannelOutputs] extends [
    keyof ChannelOutputs,
    (typeof CHANNEL_FIELD_TABLE)[number]["name"],
]
    ? true
    : never = true;
void inputsMatch;
void outputsMatch;

const AUTO_NAME_SUFFIX_LENGTH = 7;

/**
 * `@TOA#_<logical name>-<random>`: printable ASCII, within 48 bytes, never the reserved
 * `@TOA#_@TOA#` prefix. The random suffix keeps two stacks using the same logical name apart.
 */
export function autoChannelId(logicalName: string, random: () => string = () => randomSuffix(AUTO_NAME_SUFFIX_LENGTH)): string {
    let base = logicalName.replace(/[^\x21-\x7e]/g, "-");
    while (base.startsWith(RESERVED_ID_PREFIX.slice(CHANNEL_ID_PREFIX.length))) base = base.slice(5);
    const room = BYTE_LIMITS.channelId - CHANNEL_ID_PREFIX.length - 1 - AUTO_NAME_SUFFIX_LENGTH;
    return `${CHANNEL_ID_PREFIX}${base.slice(0, room)}-${random()}`;
}

function randomSuffix(length: number): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join("");
}

/**
 * Pulumi `check`: validate everything (reporting every failure), fill defaults, and fix the
 * auto-generated channel ID at the first check (then keep it from the previous inputs).
 */
export function checkChannelInputs(olds: Record<string, unknown>, news: Record<string, unknown>): CheckResult {
    const nameHint = news[NAME_HINT];
    const inputs = withDefaults(news, CHANNEL_DEFAULTS);
    // Kept only when it names the channel; an explicit ID makes it meaningless.
    if (news.channelId !== undefined && news.channelId !== null) delete inputs[NAME_HINT];
    if (inputs.channelId === undefined || inputs.channelId === null) {
        if (typeof olds.channelId === "string") inputs.channelId = olds.channelId;
        else if (typeof nameHint === "string" && nameHint !== UNKNOWN) inputs.channelId = autoChannelId(nameHint);
    }
    const failures = [
        ...unknownFieldFailures(inputs, CHANNEL_FIELD_NAMES, "OfficialChannel"),
        ...validateFields(inputs, CHANNEL_FIELDS),
    ];
    if (inputs.channelId === undefined) {
        failures.unshift({ property: "channelId", reason: "is required when the resource's logical name is not known" });
    }
    return { inputs, failures };
}
