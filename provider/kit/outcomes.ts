/**
 * What the core's operations answer, in plain data of our own: each adapter (the dynamic provider,
 * the plugin) translates these to its engine's shapes. Nothing here knows `__provider`, the
 * dynamic-provider host's result types or protobuf.
 */

/** A resource's state or inputs as plain data: what both engines store and hand back. */
export type Props = Record<string, unknown>;

/** A create's answer: the resource id and the state to record. */
export interface Created<State extends object = Props> {
    id: string;
    state: State;
}

/** A read's answer for a resource that exists: its id, the live state, and the inputs that state implies. */
export interface Found<State extends object = Props> {
    id: string;
    state: State;
    inputs: Props;
}

/** A read's answer: the resource as found, or `undefined` when it is gone (refresh drops it from state). */
export type ReadOutcome<State extends object = Props> = Found<State> | undefined;

/** A diff's answer, in either resource's terms: what changed, and whether that replaces. */
export interface DiffDecision {
    /** Whether anything the user declares differs. */
    changes: boolean;
    /** Every field that differs (the replacing ones included). */
    changed: readonly string[];
    /** The changed fields that replace the resource. */
    replaces: readonly string[];
    /** Delete the old resource before creating its replacement (the ID stays the same). */
    deleteBeforeReplace: boolean;
}
