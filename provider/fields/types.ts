/**
 * The shape of a field table: every field of a resource described once — what users call it, what
 * Tencent calls it, its validator, default and limit, and how the provider treats it — and the
 * views every other layer derives from a table (input schemas, diff sets, the compared fields,
 * state, wire names, both schemas). Adding a field means adding one entry to one table.
 *
 * This folder is the floor above tencent/: it imports only zod and Tencent's facts (tencent/wire,
 * tencent/display), so that provider/api's wire mapping may derive from it too.
 */
import type { z } from "zod";

import { utf8String } from "./schemas";

/** How a field's value is typed in programs, manifests, state and the package schema. */
export type FieldType = "string" | "integer" | "boolean";

/** One field of a resource. The flags are independent facts; the views below combine them. */
export interface FieldSpec {
    /** camelCase name, as in programs, manifests and state. */
    name: string;
    /** Tencent's name for it in requests and responses (provider/api/mapping.ts maps it). Absent for fields of ours. */
    wire?: string;
    /** create_official_account's name for it, where that command differs from `wire` (the channel ID). */
    createWire?: string;
    /** What the value is: also the package schema's type. */
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
    /** Part of the resource's id: what a live read is looked up by, so never a compared value. */
    identity?: boolean;
    /** Tencent reports it back on read, so refresh sees drift on it. */
    readableBack: boolean;
    /** Only Tencent knows it; never an input. Reads 0 until Tencent reports it. */
    outputOnly?: boolean;
    /** Controls the provider's behaviour rather than a Tencent field: never sent, never read back. */
    providerOption?: boolean;
    /** Extra sentence for the package schema (e.g. the ID rules). */
    note?: string;
    /**
     * The validator `check` and the manifest loader run, for inputs whose rules are more than "a
     * string of at most `byteLimit` bytes" (that one is built from `byteLimit` and `description`).
     * Its `.meta` is what the manifest JSON Schema shows.
     */
    schema?: z.ZodType;
}

/** A resource's fields, in the order state, schemas and wire bodies list them. */
export type FieldTable = readonly FieldSpec[];

/**
 * Declares a table keeping each entry's literal names and flags (so the views below have exact
 * types: `"owner" | "name" | …`), while every entry still reads as a whole FieldSpec.
 */
export function fieldTable<const T extends FieldTable>(table: T): ReadonlyArray<T[number] & FieldSpec> {
    return table;
}

type Entry<T extends FieldTable> = T[number];
/** Names of the table's inputs (what a user may declare, provider options included). */
export type InputName<T extends FieldTable> = Extract<Entry<T>, { settable: true }>["name"];
/** Names of the inputs Tencent stores (inputs that are not provider options). */
export type TencentInputName<T extends FieldTable> = Exclude<
    Extract<Entry<T>, { settable: true }>,
    { providerOption: true }
>["name"];
/** Names of the fields whose change replaces the resource. */
export type ReplaceName<T extends FieldTable> = Extract<Entry<T>, { replaces: true }>["name"];
/** Names of the Tencent inputs that can change in place. */
export type UpdatableName<T extends FieldTable> = Exclude<TencentInputName<T>, ReplaceName<T>>;
/** Names of the Tencent inputs a live read can be compared with (see {@link comparedNames}). */
export type ComparedName<T extends FieldTable> = Exclude<
    Extract<Exclude<Extract<Entry<T>, { settable: true }>, { providerOption: true }>, { readableBack: true }>,
    { identity: true }
>["name"];
/** Names of the fields only Tencent knows. */
export type OutputOnlyName<T extends FieldTable> = Extract<Entry<T>, { outputOnly: true }>["name"];

const names = <N extends string>(fields: readonly FieldSpec[]) => fields.map((f) => f.name as N);
const isTencentInput = (f: FieldSpec) => f.settable && !f.providerOption;

/** The fields a user may declare. */
export const inputFields = (table: FieldTable) => table.filter((f) => f.settable);
/** The fields only Tencent knows. */
export const outputOnlyFields = (table: FieldTable) => table.filter((f) => f.outputOnly);
/** The names of the fields whose change replaces the resource, in table order. */
export const replaceFields = <T extends FieldTable>(table: T) => names<ReplaceName<T>>(table.filter((f) => f.replaces));
/** The inputs a user must give. */
export const requiredInputs = (table: FieldTable) => table.filter((f) => f.settable && f.required).map((f) => f.name);
/** What `check` fills in for each omitted field that has a default. */
export const defaults = (table: FieldTable): Record<string, string | number | boolean> =>
    Object.fromEntries(table.filter((f) => f.default !== undefined).map((f) => [f.name, f.default!]));

/** What Tencent reports about the resource on a read: readable-back fields that are not provider options, identity included. */
export const reportedFields = (table: FieldTable) => table.filter((f) => f.readableBack && !f.providerOption);
/** What Tencent reports beside the identity: for a subscription, the subscriber's own data on the channel. */
export const ownReportedFields = (table: FieldTable) => reportedFields(table).filter((f) => !f.identity);

/** The names of the inputs, in table order. */
export const inputNames = <T extends FieldTable>(table: T) => names<InputName<T>>(inputFields(table));
/** The names of the inputs Tencent stores (the diff's settable fields), in table order. */
export const tencentInputNames = <T extends FieldTable>(table: T) => names<TencentInputName<T>>(table.filter(isTencentInput));
/** The Tencent inputs that change in place (what a modify command sends), in table order. */
export const updatableNames = <T extends FieldTable>(table: T) =>
    names<UpdatableName<T>>(table.filter((f) => isTencentInput(f) && !f.replaces));
/** The names of the fields only Tencent knows, in table order. */
export const outputOnlyNames = <T extends FieldTable>(table: T) => names<OutputOnlyName<T>>(outputOnlyFields(table));
/**
 * The declared fields a live read can be compared with: Tencent inputs that Tencent reports back,
 * except the identity (the read is looked up by it). A field Tencent cannot report (a channel's
 * maxSubscribers) cannot drift visibly.
 */
export const comparedNames = <T extends FieldTable>(table: T) =>
    names<ComparedName<T>>(table.filter((f) => isTencentInput(f) && f.readableBack && !f.identity));

/** One validator per input and whether the user must give it: what `check` and the manifest loader run. */
export function fieldSchemas<T extends FieldTable>(table: T): Record<InputName<T>, { schema: z.ZodType; required: boolean }> {
    const schemas: Record<string, { schema: z.ZodType; required: boolean }> = {};
    for (const field of inputFields(table)) schemas[field.name] = { schema: schemaOf(field), required: field.required === true };
    return schemas;
}

function schemaOf(field: FieldSpec): z.ZodType {
    if (field.schema !== undefined) return field.schema;
    if (field.type === "string" && field.byteLimit !== undefined)
        return utf8String(field.byteLimit, field.description, { required: field.required === true });
    throw new Error(`field ${field.name} needs a schema: only byte-limited strings get one built`);
}

/**
 * The state of a resource: each field as Tencent reported it (`live`) where Tencent reports it
 * back, otherwise as declared; a field only Tencent knows is 0 until reported. Table order.
 */
export function stateOf<State extends object>(table: FieldTable, declared: object, live: object | undefined): State {
    const state: Record<string, unknown> = {};
    for (const field of table) {
        const reported =
            field.readableBack && !field.providerOption ? (live as Record<string, unknown> | undefined)?.[field.name] : undefined;
        state[field.name] = reported ?? (field.outputOnly ? 0 : (declared as Record<string, unknown>)[field.name]);
    }
    return state as State;
}

/** The members of `source` named in `keys`, in that order (an absent member stays absent). */
export function pick<K extends string>(source: object, keys: readonly K[]): Record<K, unknown> {
    const picked: Record<string, unknown> = {};
    for (const key of keys) if (key in source) picked[key] = (source as Record<string, unknown>)[key];
    return picked as Record<K, unknown>;
}

/** Every field of the table set to undefined: the resource classes register all of them, so each becomes an output. */
export const allUndefined = (table: FieldTable): Record<string, undefined> =>
    Object.fromEntries(table.map((f) => [f.name, undefined]));
