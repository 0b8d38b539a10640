/**
 * The one rule for showing untrusted text to a person: values from users' files, Tencent's
 * ErrorInfo, channel names from the API. Every message and every terminal line that quotes such
 * text goes through here, so it is short, cannot steer the terminal (colours, cursor moves, forged
 * rows) and never carries a secret.
 */
import { redact, rememberSecretKey } from "./redact";

/** About one line of a terminal: enough to recognise a value, too little to dump a file. */
export const ECHO_LIMIT = 80;
/**
 * Remote prose such as Tencent's ErrorInfo: its meaning is in the first sentence or two, so it gets
 * a few lines rather than one, and never more (a hostile or broken server can send megabytes).
 */
export const REMOTE_TEXT_LIMIT = 300;

/**
 * Registers a secret (the SecretKey) to be masked in everything this module shows, whatever its
 * length. Called wherever settings are resolved, so a key that leaked into a file or an API answer
 * is masked even in messages about that file.
 */
export function rememberSecret(secret: string): void {
    rememberSecretKey(secret);
}

// C0 and C1 controls, DEL, and format characters that reorder or hide text (bidi overrides,
// zero-width joiners, line/paragraph separators): none of them belongs in a name or a message.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

function escapeChar(char: string): string {
    switch (char) {
        case "\n":
            return "\\n";
        case "\r":
            return "\\r";
        case "\t":
            return "\\t";
        default: {
            const code = char.charCodeAt(0);
            return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
        }
    }
}

/** `text` with every control or invisible formatting character written as an escape (`\x1b`, `\n`). */
export function escapeControls(text: string): string {
    return text.replace(UNSAFE, escapeChar);
}

/** Secrets masked, then control characters escaped: safe to print as part of a terminal line. */
export function safeText(text: string): string {
    return escapeControls(redact(text));
}

function byteSize(text: string): string {
    const bytes = Buffer.byteLength(text, "utf8");
    return `${bytes.toLocaleString("en-US")} byte${bytes === 1 ? "" : "s"}`;
}

/**
 * Cuts `text` to `limit` characters (never inside a surrogate pair) and says how long it was.
 * For remote text such as ErrorInfo, where the meaning is in the first words.
 */
export function clip(text: string, limit = ECHO_LIMIT): string {
    const safe = safeText(text);
    if (safe.length <= limit) return safe;
    let end = limit;
    const code = safe.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    return `${safe.slice(0, end)}… (${byteSize(text)} in all)`;
}

/**
 * A value quoted for a message: `"caf\x00é"`, or `"aaaa…" (3,001 bytes in all)` when long.
 * Strings are quoted; other values are shown as JSON (or their type when they cannot be).
 */
export function echo(value: unknown, limit = ECHO_LIMIT): string {
    if (typeof value !== "string") {
        let json: string | undefined;
        try {
            json = JSON.stringify(value);
        } catch {
            json = undefined;
        }
        return clip(json ?? String(typeof value), limit);
    }
    const safe = escapeControls(redact(value).replace(/["\\]/g, (c) => `\\${c}`));
    if (safe.length <= limit) return `"${safe}"`;
    let end = limit;
    const code = safe.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    return `"${safe.slice(0, end)}…" (${byteSize(value)} in all)`;
}

/** A file path as a user gave it: room for any real path, bounded for a hostile one. */
export const PATH_LIMIT = 200;
/** How many items of a list (a manifest's problems) are shown before the rest are only counted. */
export const LIST_LIMIT = 100;

/**
 * A path or file name for a message, unquoted: escaped, secrets masked, and cut at
 * {@link PATH_LIMIT} characters with its full size noted.
 */
export function shownPath(path: string): string {
    return clip(path, PATH_LIMIT);
}

/**
 * The first `limit` items rendered one per entry, then `… and 89,900 more problems` when there are
 * more: a list from untrusted input (90,000 problems in a generated file) stays readable and small.
 * `noun` is the singular ("problem"); the count line says how many were left out.
 */
export function boundedList<T>(items: readonly T[], render: (item: T) => string, noun: string, limit = LIST_LIMIT): string[] {
    const shown = items.slice(0, limit).map(render);
    const rest = items.length - shown.length;
    if (rest > 0) shown.push(`… and ${rest.toLocaleString("en-US")} more ${noun}${rest === 1 ? "" : "s"}`);
    return shown;
}
