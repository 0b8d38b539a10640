/**
 * Property values between the engine's wire form and the plain records the operations take.
 *
 * The engine sends secrets as `{ [SIG]: SECRET_SIG, value }` objects (this plugin accepts secrets),
 * unknowns as a sentinel string, and — only to providers that ask for them — output values. The
 * operations work on plain data, so values are unwrapped on the way in, and every top-level
 * property that arrived secret goes back secret, in outputs as well as in checked inputs: a secret
 * given to the plugin never comes back in the clear.
 */
import { echo, escapeControls } from "../tencent/display";
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

/** Every string, number and key inside `value` (the plain form of a secret): what a message might quote. */
function leaves(value: unknown, into: string[]): void {
    if (value === undefined || value === null || value === UNKNOWN) return;
    if (Array.isArray(value)) for (const item of value) leaves(item, into);
    else if (typeof value === "object") {
        for (const [k, v] of Object.entries(value as Props)) {
            into.push(k);
            leaves(v, into);
        }
    } else into.push(String(value));
}

/**
 * The values the engine marked secret in `props`, each as it may appear in a message: the plain
 * form of every string, number and object key inside a secret wrapper (at any depth). Check,
 * Diff and every error then show them as `[secret]` (see {@link Scrubber}).
 */
export function secretValues(props: Props | undefined): string[] {
    const found: string[] = [];
    const visit = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(visit);
        else if (isObject(value)) {
            if (value[SIG] === SECRET_SIG || (value[SIG] === OUTPUT_SIG && value.secret === true))
                leaves(plain(value).value, found);
            else Object.values(value).forEach(visit);
        }
    };
    visit(props ?? {});
    return found;
}

/** How a secret is shown in any message: never its value, not even a part of it. */
export const SECRET_MARK = "[secret]";
/** A cut-off quote ("TOPSEC…") shows at least this much of a secret before it is masked as one. */
const MIN_CUT_PREFIX = 3;

/**
 * Masks the secrets a request carried in everything its answer says: every form a message
 * quotes a value in (as is, JSON-escaped, escaped for a terminal by `echo`) becomes `[secret]`, and
 * so does a quote cut short ("TOPSEC…", echo's limit) that begins like one. Numbers and booleans
 * are masked only as whole words, so a secret `1` does not blank "at least 1 byte" elsewhere.
 */
export class Scrubber {
    private readonly forms = new Map<string, boolean>();

    /** Remembers `values` (see secretValues) for every later scrub. */
    add(values: readonly string[]): void {
        for (const value of values) {
            if (value === "") continue;
            const word = /^(-?\d+(\.\d+)?(e[+-]?\d+)?|true|false)$/i.test(value);
            for (const form of [
                value,
                JSON.stringify(value).slice(1, -1),
                echo(value, Infinity).slice(1, -1),
                escapeControls(value),
            ]) {
                this.forms.delete(form);
                this.forms.set(form, word);
            }
        }
    }

    /** `text` with every remembered secret shown as `[secret]`. */
    scrub(text: string): string {
        if (this.forms.size === 0) return text;
        const forms = [...this.forms].sort(([a], [b]) => b.length - a.length);
        let out = text;
        for (const [form, word] of forms) {
            if (!out.includes(form)) continue;
            const mask = (part: string) =>
                word
                    ? part.replace(new RegExp(`(?<![\\w.])${escapeRegExp(form)}(?![\\w.])`, "g"), SECRET_MARK)
                    : part.split(form).join(SECRET_MARK);
            // Never inside a mark already made: a secret "e" must not shred "[secret]".
            out = out.split(SECRET_MARK).map(mask).join(SECRET_MARK);
        }
        return this.cutQuotes(out);
    }

    /** Masks what a clipped quote kept of a secret: the text before each "…" that begins a secret's form. */
    private cutQuotes(text: string): string {
        const longest = Math.max(0, ...[...this.forms].filter(([, word]) => !word).map(([form]) => form.length));
        let out = "";
        let from = 0;
        for (let at = text.indexOf("…"); at >= 0; at = text.indexOf("…", at + 1)) {
            const window = text.slice(Math.max(from, at - longest), at);
            const start = this.secretStart(window);
            if (start < 0) continue;
            out += `${text.slice(from, at - window.length + start)}${SECRET_MARK}`;
            from = at;
        }
        return out + text.slice(from);
    }

    /** Where the end of `cut` begins some secret's form (the earliest such place); -1 if nowhere. */
    private secretStart(cut: string): number {
        for (let start = 0; start < cut.length; start++) {
            const tail = cut.slice(start);
            for (const [form, word] of this.forms) {
                if (!word && tail.length >= Math.min(MIN_CUT_PREFIX, form.length) && form.startsWith(tail)) return start;
            }
        }
        return -1;
    }
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
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
