/**
 * Is the channel at our ID still the one in the state? Tencent cannot change a channel's owner, and
 * its createTime is fixed when it is created, so the pair (owner, createTime) names one instance: a
 * channel destroyed and created again under the same ID — by anyone — has a different createTime,
 * and one created by someone else usually a different owner too. Pure.
 *
 * A state that lacks one of them (older state; createTime 0 after a partial failure) proves nothing
 * either way: that field is not compared, and the caller fills it from the live channel.
 *
 * A create does not read its channel back (that would be a second round trip per create, doubling
 * `pulumi up`'s time at the CLI's default parallelism): it records createTime 0 and, in
 * {@link CREATED_BEFORE}, this machine's clock when Tencent confirmed the create. Until the first
 * read fills createTime, a live createTime later than that (beyond the clock tolerance) is another
 * instance: one created after ours was.
 */
import { echo } from "../tencent/display";
import type { ChannelInfo } from "../api/types";

/**
 * How far Tencent's clock and this machine's may disagree: a createTime up to this far in the
 * future, or this far before an attempt began, is still consistent with that attempt.
 */
export const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * The state key of "created no later than" (Unix seconds, this machine's clock), recorded by a create
 * until a read learns the exact createTime. `__`-prefixed: never shown by Pulumi, never diffed.
 */
export const CREATED_BEFORE = "__createdBefore";

/** What the state records about the instance it manages. */
export interface RecordedInstance {
    owner?: unknown;
    createTime?: unknown;
    [CREATED_BEFORE]?: unknown;
}

/** The same instance (or nothing to tell them apart), or another one, described for messages. */
export type InstanceVerdict = { kind: "same" } | { kind: "different"; differs: string[]; now: string; was: string };

const recordedOwner = (state: RecordedInstance) =>
    typeof state.owner === "string" && state.owner !== "" ? state.owner : undefined;
/** 0 is what a create that failed before reading back (or an older version) recorded: unknown. */
const recordedTime = (state: RecordedInstance) =>
    typeof state.createTime === "number" && Number.isFinite(state.createTime) && state.createTime > 0
        ? state.createTime
        : undefined;
/** The create's upper bound, only while the exact createTime is unknown. */
const recordedBound = (state: RecordedInstance) => {
    const bound = state[CREATED_BEFORE];
    return recordedTime(state) === undefined && typeof bound === "number" && Number.isFinite(bound) && bound > 0
        ? bound
        : undefined;
};

/** Unix seconds as an ISO-8601 UTC time, or "an unknown time". */
export function timeText(seconds: number | undefined): string {
    if (seconds === undefined || !Number.isFinite(seconds)) return "an unknown time";
    const date = new Date(seconds * 1000);
    return Number.isNaN(date.getTime()) ? "an unknown time" : date.toISOString().replace(".000Z", "Z");
}

/** "owner "alice", created 2026-12-03T10:00:00Z, 2 subscribers": remote text escaped and cut. */
export function describeInstance(live: Omit<ChannelInfo, "channelId">): string {
    const n = live.subscriberCount ?? 0;
    return `owner ${echo(live.owner ?? "")}, created ${timeText(live.createTime)}, ${n} subscriber${n === 1 ? "" : "s"}`;
}

/**
 * Compares the recorded instance with the live channel at the same ID. Different when a recorded
 * owner or a recorded (non-zero) createTime differs from Tencent's, or when the live channel was
 * created after the create recorded without createTime had finished (beyond the clock tolerance).
 */
export function compareInstance(state: RecordedInstance, live: Omit<ChannelInfo, "channelId">): InstanceVerdict {
    const owner = recordedOwner(state);
    const time = recordedTime(state);
    const bound = recordedBound(state);
    const differs: string[] = [];
    if (owner !== undefined && live.owner !== owner) differs.push("owner");
    if (time !== undefined && live.createTime !== undefined && live.createTime !== time) differs.push("createTime");
    if (bound !== undefined && live.createTime !== undefined && live.createTime > bound + CLOCK_TOLERANCE_SECONDS)
        differs.push("createTime");
    if (differs.length === 0) return { kind: "same" };
    const was = [
        owner === undefined ? undefined : `owner ${echo(owner)}`,
        time === undefined ? undefined : `created ${timeText(time)}`,
        bound === undefined ? undefined : `created no later than ${timeText(bound)}`,
    ]
        .filter((part) => part !== undefined)
        .join(", ");
    return { kind: "different", differs, now: describeInstance(live), was };
}

/** The sentence every refusal and warning about a foreign instance starts with. */
export function foreignInstanceText(id: string, verdict: Extract<InstanceVerdict, { kind: "different" }>): string {
    return (
        `The channel now at ${id} is not the one this stack manages (${verdict.was}): it was destroyed and created again, ` +
        `and the ID now holds another channel (${verdict.now})`
    );
}
