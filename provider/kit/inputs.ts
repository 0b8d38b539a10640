/**
 * What every resource's `check` shares: the failure shape, defaults, unknown-key detection (with a
 * suggestion) and per-field validation driven by a resource's field schemas (provider/fields).
 */
import type { z } from "zod";

import { suggestKey, unknownKeyHint } from "./suggest";
import { INTERNAL_INPUTS } from "./internal-inputs";
import { UNKNOWN } from "./unknown";

/** One `check` failure, in the shape the dynamic-provider host and the plugin report to the engine. */
export interface InputFailure {
    /** The input's name, as the user wrote it. */
    property: string;
    /** What is wrong and the limit, phrased to follow the property name ("must be at most 150 bytes …"). */
    reason: string;
}

/** A resource's input validators: one zod schema per input, and whether the user must give it. */
export type FieldSchemas = Readonly<Record<string, { readonly schema: z.ZodType; readonly required: boolean }>>;

/** What `check` returns: the inputs with defaults filled, and every failure found (empty when valid). */
export interface CheckResult {
    inputs: Record<string, unknown>;
    failures: InputFailure[];
}

/** A copy of `inputs` with each missing (undefined or null) field set to its default, so the state holds every field. */
export function withDefaults(inputs: Record<string, unknown>, defaults: object): Record<string, unknown> {
    const filled: Record<string, unknown> = { ...inputs };
    for (const [key, value] of Object.entries(defaults)) {
        if (filled[key] === undefined || filled[key] === null) filled[key] = value;
    }
    return filled;
}

/**
 * Validates one record field by field, reporting every failure (not just the first). Unknown
 * (preview) values are skipped: they are checked again at apply time.
 */
export function validateFields(fields: Record<string, unknown>, schemas: FieldSchemas): InputFailure[] {
    const failures: InputFailure[] = [];
    for (const [property, { schema, required }] of Object.entries(schemas)) {
        const value = fields[property];
        if (value === UNKNOWN) continue;
        if (value === undefined || value === null) {
            if (required) failures.push({ property, reason: "is required" });
            continue;
        }
        const result = schema.safeParse(value);
        if (!result.success) for (const issue of result.error.issues) failures.push({ property, reason: issue.message });
    }
    return failures;
}

/**
 * One failure per key that is neither a declared field nor internal, with the field the user most
 * likely meant (`suggestKey`, which the manifest loader uses too): a typo must not silently drop a
 * setting. `kind` names the resource in the message ("is not an input of OfficialChannel").
 */
export function unknownFieldFailures(inputs: Record<string, unknown>, known: readonly string[], kind: string): InputFailure[] {
    return Object.keys(inputs)
        .filter((key) => !known.includes(key) && !INTERNAL_INPUTS.includes(key))
        .map((key) => ({
            property: key,
            reason: `is not an input of ${kind}; ${unknownKeyHint(suggestKey(key, known), known)}`,
        }));
}
