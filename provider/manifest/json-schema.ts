/**
 * The manifest's JSON Schema, generated from the same zod field schemas `check` runs (their `.meta`
 * carries descriptions, maxLength and pattern), for editors and CI linters. It is a first line of
 * defence only: JSON Schema counts characters where Tencent counts UTF-8 bytes, so loadManifest
 * remains the authority.
 */
import { z } from "zod";
import { CHANNEL_FIELDS, CHANNEL_FIELD_NAMES, type ChannelField } from "../channel/inputs";
import { DEFAULTABLE_FIELDS, REQUIRED_ENTRY_FIELDS } from "./shape";

function fieldsObject(fields: readonly ChannelField[], required: readonly ChannelField[]) {
    const shape: Record<string, z.ZodType> = {};
    for (const field of fields) {
        const { schema } = CHANNEL_FIELDS[field];
        shape[field] = required.includes(field) ? schema : schema.optional();
    }
    return z.strictObject(shape);
}

/**
 * The manifest's JSON Schema (draft 2020-12) as an object: strict keys, each field's limits and
 * description from check's own schemas, and `owner`/`name` required per entry unless `defaults` has them.
 * The package also ships it as `pulumi-tencent-chat/schema/channel-manifest.schema.json`.
 *
 * @example
 * ```ts
 * // Validate manifests in CI with any JSON Schema validator, or point an editor at the file:
 * import { writeFileSync } from "node:fs";
 * writeFileSync("channel-manifest.schema.json", JSON.stringify(manifestJsonSchema(), null, 2));
 * ```
 */
export function manifestJsonSchema(): Record<string, unknown> {
    const manifest = z.strictObject({
        $schema: z.string().optional().meta({ description: "The JSON Schema this file follows (for editors)." }),
        defaults: fieldsObject(DEFAULTABLE_FIELDS, []).optional().meta({
            description:
                "Values every channel entry inherits field by field unless it sets its own. Any channel field except channelId.",
        }),
        // Only channelId is unconditionally required per entry: owner and name may come from
        // `defaults`, which a per-item `required` cannot see. The allOf below adds them back
        // exactly when `defaults` lacks them.
        channels: z
            .array(
                fieldsObject(CHANNEL_FIELD_NAMES, ["channelId"]).meta({
                    description: "One official channel; the keys are OfficialChannel's inputs.",
                }),
            )
            .min(1)
            .meta({
                description:
                    "The channels to manage. Logical names derive from channelId, so renaming a display name never replaces a channel.",
            }),
    });
    const generated = z.toJSONSchema(manifest, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
    const { $schema, ...rest } = generated;
    return {
        $schema,
        title: "pulumi-tencent-chat channel manifest",
        description:
            "Tencent Cloud Chat official channels for OfficialChannelSet. Limits are UTF-8 bytes (a CJK character is 3).",
        ...rest,
        allOf: REQUIRED_ENTRY_FIELDS.filter((field) => DEFAULTABLE_FIELDS.includes(field)).map((field) => ({
            $comment: `Every entry needs ${field} unless defaults provides it.`,
            // Each subschema names the property it requires, so strict validators (Ajv strictRequired) accept it.
            if: {
                required: ["defaults"],
                properties: { defaults: { type: "object", properties: { [field]: true }, required: [field] } },
            },
            else: {
                properties: {
                    channels: { type: "array", items: { type: "object", properties: { [field]: true }, required: [field] } },
                },
            },
        })),
    };
}

/** The committed `schema/channel-manifest.schema.json` must equal this text (a test enforces it). */
export function renderManifestJsonSchema(): string {
    return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
