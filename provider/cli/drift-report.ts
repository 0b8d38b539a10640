/** Pure comparison of a manifest with the live channels, and its text. No I/O. */
import { UPDATABLE_FIELDS } from "../channel/diff";
import { CHANNEL_DEFAULTS } from "../channel/inputs";
import type { OfficialChannelLookup } from "../lookups";
import type { ManifestChannel } from "../manifest/load";
import { safeText } from "../api/display";
import { show } from "./command";

/**
 * The fields Tencent reports back. maxSubscribers is settable but unreadable (API doc §2.2), so it
 * cannot be compared; adopt/allowReplace are instructions to the provider, not channel data.
 */
export const COMPARED_FIELDS = ["owner", ...UPDATABLE_FIELDS.filter((field) => field !== "maxSubscribers")] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export const MAX_SUBSCRIBERS_NOTE = "maxSubscribers is not compared: Tencent does not report it back.";

export type ChannelDrift =
    | { channelId: string; kind: "missing"; reason: string }
    | { channelId: string; kind: "fields"; fields: Array<{ field: ComparedField; manifest: string; live: string }> };

/** What differs, per channel, in manifest order; channels that match are left out. */
export function compareWithLive(channels: readonly ManifestChannel[], live: readonly OfficialChannelLookup[]): ChannelDrift[] {
    const byId = new Map(live.map((entry) => [entry.channelId, entry]));
    const drift: ChannelDrift[] = [];
    for (const declared of channels) {
        const found = byId.get(declared.channelId);
        if (found === undefined || !found.found) {
            drift.push({ channelId: declared.channelId, kind: "missing", reason: found?.reason ?? "not looked up" });
            continue;
        }
        const fields = COMPARED_FIELDS.flatMap((field) => {
            // An unset optional field is what OfficialChannel would send: its default.
            const manifest = declared[field] ?? (CHANNEL_DEFAULTS as Record<string, unknown>)[field] ?? "";
            const now = found.channel[field] ?? "";
            return manifest === now ? [] : [{ field, manifest: String(manifest), live: String(now) }];
        });
        if (fields.length > 0) drift.push({ channelId: declared.channelId, kind: "fields", fields });
    }
    return drift;
}

/** Long enough to show where two customStrings (≤ 3000 bytes) differ, short enough for a log line. */
const DRIFT_VALUE_LIMIT = 400;

/**
 * `channelId field: manifest=… live=…` per differing field, `channelId: missing on Tencent: …` per
 * missing channel. Live values are remote text: escaped, so one line stays one line.
 */
export function renderDrift(drift: readonly ChannelDrift[]): string[] {
    return drift.flatMap((entry) => {
        const id = safeText(entry.channelId);
        return entry.kind === "missing"
            ? [`${id}: missing on Tencent: ${safeText(entry.reason)}`]
            : entry.fields.map((f) => `${id} ${f.field}: manifest=${show(f.manifest, DRIFT_VALUE_LIMIT)} live=${show(f.live, DRIFT_VALUE_LIMIT)}`);
    });
}
