/** Pure comparison of a manifest with the live channels, and its text. No I/O. */
import { COMPARED_FIELDS, liveDifferences, type ComparedField } from "../channel/live";
import type { OfficialChannelLookup } from "../lookups";
import type { ManifestChannel } from "../manifest/load";
import { safeText } from "../tencent/display";
import { show } from "./command";

export { COMPARED_FIELDS, type ComparedField };

/** Why one declared field never shows drift; printed under the comparison. */
export const MAX_SUBSCRIBERS_NOTE = "maxSubscribers is not compared: Tencent does not report it back.";

/** One channel's drift: missing on Tencent, or the fields that differ from the manifest. */
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
        const fields = liveDifferences(found.channel, declared).map((d) => ({
            field: d.field,
            manifest: d.declared,
            live: d.live,
        }));
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
            : entry.fields.map(
                  (f) =>
                      `${id} ${f.field}: manifest=${show(f.manifest, DRIFT_VALUE_LIMIT)} live=${show(f.live, DRIFT_VALUE_LIMIT)}`,
              );
    });
}
