/** "Did you mean …?" for keys that are almost right (`nmae`, `ower`, `chanels`, `max_subscribers`). */

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions, so `nmae` is 1 from `name`. */
export function editDistance(a: string, b: string): number {
    const rows = a.length + 1;
    const cols = b.length + 1;
    const d: number[][] = Array.from({ length: rows }, (_, i) =>
        Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i < rows; i++) {
        for (let j = 1; j < cols; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
            d[i]![j] = best;
        }
    }
    return d[a.length]![b.length]!;
}

/** Case and separators are the usual slips when coming from other tools (`max_subscribers`, `ChannelID`). */
const normalize = (key: string) => key.toLowerCase().replace(/[-_\s]/g, "");

/**
 * The known key the user most likely meant, or undefined when nothing is close. Short keys get a
 * tighter budget so that, say, `id` is not "corrected" to an unrelated field.
 */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
    const normalized = normalize(unknown);
    const sameWhenNormalized = known.find((candidate) => normalize(candidate) === normalized);
    if (sameWhenNormalized) return sameWhenNormalized;
    const budget = unknown.length <= 3 ? 1 : unknown.length <= 8 ? 2 : 3;
    let best: { key: string; distance: number } | undefined;
    for (const candidate of known) {
        const distance = editDistance(normalized, normalize(candidate));
        if (distance <= budget && (!best || distance < best.distance)) best = { key: candidate, distance };
    }
    return best?.key;
}

/**
 * What follows "this key is unknown" in every message about one (inputs, manifests): the key the
 * user most likely meant, or the keys there are. `suggestion` is what {@link suggestKey} found.
 */
export function unknownKeyHint(suggestion: string | undefined, known: readonly string[]): string {
    return suggestion ? `did you mean \`${suggestion}\`?` : `expected one of ${known.map((k) => `\`${k}\``).join(", ")}`;
}
