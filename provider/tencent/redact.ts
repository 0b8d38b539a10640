/**
 * Scrubbing of credentials from any text the client emits (errors, causes, log lines).
 *
 * Two layers: the `usersig=` query value is masked wherever a URL shows up, and every UserSig this
 * process issued is masked verbatim, in case a library quotes it outside a URL (e.g. in JSON).
 */

const REDACTED = "<redacted>";
/** Issued sigs remembered for verbatim masking; bounded so a long-lived process does not grow. */
const MAX_REMEMBERED = 64;
const remembered: string[] = [];
/**
 * Configured SecretKeys, masked at any length: a key is secret however short it is, and a short one
 * that was not masked would be echoed whole (a 15-character key quoted from a manifest). Masking a
 * short key may blank ordinary words too; that is the price of never showing it.
 */
const keys: string[] = [];

/** Registers a secret-bearing string (an issued UserSig) to be masked wherever it appears. */
export function rememberSensitive(value: string): void {
    // Short values would mask ordinary words; real sigs are a few hundred characters.
    if (value.length < 16 || remembered.includes(value)) return;
    remembered.push(value);
    if (remembered.length > MAX_REMEMBERED) remembered.shift();
}

/** Registers a configured SecretKey to be masked wherever it appears, whatever its length. */
export function rememberSecretKey(value: string): void {
    if (value === "" || keys.includes(value)) return;
    keys.push(value);
    if (keys.length > MAX_REMEMBERED) keys.shift();
}

/**
 * Returns `text` with every `usersig=` query value and every known UserSig replaced.
 * `extra` masks further strings the caller knows to be secret (its SecretKey), at any length.
 */
export function redact(text: string, extra: readonly string[] = []): string {
    // `+`, not `*`: an empty value has nothing to mask, and redacting twice must not add a second mark.
    const out = text.replace(/(usersig=)[^&\s"'<>#]+/gi, `$1${REDACTED}`);
    const secrets = [...remembered, ...keys, ...extra].filter((s) => s !== "" && out.includes(s));
    if (secrets.length === 0) return out;
    // One pass, longest first (a key that contains another is masked whole), and never inside a mark
    // already made: a one-letter key must not shred "<redacted>" into a text that shows it.
    const pattern = new RegExp(
        secrets
            .sort((a, b) => b.length - a.length)
            .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join("|"),
        "g",
    );
    return out
        .split(REDACTED)
        .map((part) => part.replace(pattern, REDACTED))
        .join(REDACTED);
}
