/** How a rejected value is quoted in an input error: the one echo rule, plus what JSON would hide. */
import { echo } from "../tencent/display";

/**
 * A value's type and the value itself, quoted by the one echo rule (clipped, escaped), for the
 * "got …" part of an input error.
 *
 * @example describeValue(42) // "number 42"
 */
export function describeValue(value: unknown): string {
    if (value === null) return "null";
    // JSON.stringify(NaN) is "null": name the value and the problem instead.
    if (typeof value === "number" && !Number.isFinite(value)) return `${value}, which is not a finite number`;
    if (Array.isArray(value)) return "an array";
    return `${typeof value} ${echo(value)}`;
}
