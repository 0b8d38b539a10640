/**
 * Inputs the resource classes add, never the user: the logical name to auto-name from and the
 * resource's own URN. Both resources carry them the same way, so they are defined once here.
 */
import { UNKNOWN } from "./unknown";

/**
 * The input the resource class adds when channelId is omitted: the logical name to auto-name from.
 * check keeps it in the checked inputs, because it is also how diff knows the ID is auto-named
 * (replaced create-before-delete under a fresh name, Pulumi's convention for auto-named resources).
 */
export const NAME_HINT = "nameHint";
/**
 * The input the resource class adds to say which resource this is (its URN): the dynamic-provider
 * `create` receives only inputs, and ownership decisions need to know who is creating.
 */
export const RESOURCE_URN = "__urn";
/** Inputs the resource classes add, never the user: no unknown-field error, never part of a diff or of the channel. */
export const INTERNAL_INPUTS: readonly string[] = [NAME_HINT, RESOURCE_URN, "__provider"];

/**
 * The internal inputs (the name hint and the URN) found in `source`. They are kept in the state, so
 * that a refresh — whose `read` sees only the old outputs — hands them back with the inputs;
 * otherwise the next `up` would show them reappearing as a change.
 */
export function internalInputsOf(source: object): Record<string, string> {
    const kept: Record<string, string> = {};
    for (const key of [NAME_HINT, RESOURCE_URN]) {
        const value = (source as Record<string, unknown>)[key];
        if (typeof value === "string") kept[key] = value;
    }
    return kept;
}

/** The URN the resource class put into the inputs, when it did (older programs and direct provider calls do not). */
export function resourceUrnOf(inputs: Record<string, unknown>): string | undefined {
    const urn = inputs[RESOURCE_URN];
    return typeof urn === "string" && urn !== UNKNOWN && urn !== "" ? urn : undefined;
}
