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

/** Registers a secret-bearing string (an issued UserSig) to be masked wherever it appears. */
export function rememberSensitive(value: string): void {
    // Short values would mask ordinary words; real sigs are a few hundred characters.
    if (value.length < 16 || remembered.includes(value)) return;
    remembered.push(value);
    if (remembered.length > MAX_REMEMBERED) remembered.shift();
}

/**
 * Returns `text` with every `usersig=` query value and every known UserSig replaced.
 * `extra` masks further strings the caller knows to be secret (e.g. its SecretKey).
 */
export function redact(text: string, extra: readonly string[] = []): string {
    // `+`, not `*`: an empty value has nothing to mask, and redacting twice must not add a second mark.
    let out = text.replace(/(usersig=)[^&\s"'<>#]+/gi, `$1${REDACTED}`);
    for (const secret of [...remembered, ...extra]) {
        // A very short "secret" would shred ordinary words; real SecretKeys are 64 hex characters.
        if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
}
