/**
 * Property values between the engine's wire form and the plain records the operations take.
 *
 * The engine sends secrets as `{ [SIG]: SECRET_SIG, value }` objects (this plugin accepts secrets),
 * unknowns as a sentinel string, and — only to providers that ask for them — output values. The
 * operations work on plain data, so values are unwrapped on the way in, and every top-level
 * property that arrived secret goes back secret, in outputs as well as in checked inputs: a secret
 * given to the plugin never comes back in the clear.
 */
import { UNKNOWN } from "../kit/unknown";

/** A resource's or a function's properties as plain data, keyed by property name. */
export type Props = Record<string, unknown>;

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

function isObject(value: unknown): value is Props {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for a value in the engine's secret wrapper (`{ [SIG]: SECRET_SIG, value }`). */
export function isSecret(value: unknown): boolean {
    return isObject(value) && value[SIG] === SECRET_SIG;
}

/** Wraps a value the way the engine marks a secret, so it is encrypted in state and masked in output. */
export function secret(value: unknown): Props {
    return { [SIG]: SECRET_SIG, value };
}

interface Plain {
    value: unknown;
    secret: boolean;
}

function plain(value: unknown): Plain {
    if (!isObject(value)) {
        if (Array.isArray(value)) {
            const items = value.map(plain);
            return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
        }
        return { value, secret: false };
    }
    if (value[SIG] === SECRET_SIG) return { value: plain(value.value).value, secret: true };
    if (value[SIG] === OUTPUT_SIG) {
        // An output value without a value is unknown (preview).
        const inner = "value" in value ? plain(value.value) : { value: UNKNOWN, secret: false };
        return { value: inner.value, secret: value.secret === true || inner.secret };
    }
    let anySecret = false;
    const out: Props = {};
    for (const [k, v] of Object.entries(value)) {
        const p = plain(v);
        out[k] = p.value;
        anySecret ||= p.secret;
    }
    return { value: out, secret: anySecret };
}

/** Plain values, and the names of the top-level properties that were (or contained) secrets. */
export function unwrap(props: Props | undefined): { plain: Props; secrets: Set<string> } {
    const result: Props = {};
    const secrets = new Set<string>();
    for (const [key, value] of Object.entries(props ?? {})) {
        const p = plain(value);
        result[key] = p.value;
        if (p.secret) secrets.add(key);
    }
    return { plain: result, secrets };
}

/** Wraps the named top-level properties as secrets again. */
export function rewrap(props: Props, secrets: ReadonlySet<string>): Props {
    if (secrets.size === 0) return props;
    const out: Props = {};
    for (const [key, value] of Object.entries(props)) out[key] = secrets.has(key) && value !== undefined ? secret(value) : value;
    return out;
}

/** Drops undefined values (protobuf Structs cannot hold them) the way JSON does. */
export function jsonSafe(props: Props): Props {
    return JSON.parse(JSON.stringify(props)) as Props;
}
