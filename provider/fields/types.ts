/**
 * The shape of a field table: every field of a resource described once — what users call it, what
 * it means, its default and limit, and how the provider treats it. The Pulumi package schema is
 * generated from these tables; test/plugin/fields.test.ts holds them to the zod input schemas and
 * diff rules until those are generated from here too.
 */

export type FieldType = "string" | "integer" | "boolean";

export interface FieldSpec {
    /** camelCase name, as in programs, manifests and state. */
    name: string;
    /** Tencent's name for it (documentation only; the client maps names in provider/api). Absent for fields of ours. */
    wire?: string;
    type: FieldType;
    /** One or two sentences for users; limits and defaults are appended by the schema generator. */
    description: string;
    /** What `check` fills in when the field is omitted. */
    default?: string | number | boolean;
    /** Limit in UTF-8 bytes, as Tencent counts (a CJK character is 3 bytes). */
    byteLimit?: number;
    /** The user must give it (no default, no auto-naming). */
    required?: boolean;
    /** A user declares it (an input). */
    settable: boolean;
    /** Changing it replaces the resource (Tencent cannot change it in place). */
    replaces?: boolean;
    /** Tencent reports it back on read, so refresh sees drift on it. */
    readableBack: boolean;
    /** Only Tencent knows it; never an input. */
    outputOnly?: boolean;
    /** Controls the provider's behaviour rather than a Tencent field: never sent, never read back. */
    providerOption?: boolean;
    /** Extra sentence for the schema (e.g. the ID rules). */
    note?: string;
}

export type FieldTable = readonly FieldSpec[];

export const inputFields = (table: FieldTable) => table.filter((f) => f.settable);
export const outputOnlyFields = (table: FieldTable) => table.filter((f) => f.outputOnly);
export const replaceFields = (table: FieldTable) => table.filter((f) => f.replaces).map((f) => f.name);
export const requiredInputs = (table: FieldTable) => table.filter((f) => f.settable && f.required).map((f) => f.name);
export const defaults = (table: FieldTable): Record<string, string | number | boolean> =>
    Object.fromEntries(table.filter((f) => f.default !== undefined).map((f) => [f.name, f.default!]));
