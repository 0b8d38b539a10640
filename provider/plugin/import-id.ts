/**
 * Pure: which (channelId, userId) pairs a ChannelSubscription id `<channelId>/<userId>` can mean.
 * Only `pulumi import` needs this (everything else reads the pair from state). Channel IDs may
 * contain "/", so every split that gives a valid channel ID and a valid UserID is a candidate.
 */
import { BYTE_LIMITS, utf8Bytes } from "../tencent/wire";
import { subscribableChannelIdProblem } from "../fields/subscription";

/** A subscription's identity: the channel and the Chat UserID following it. */
export interface Pair {
    channelId: string;
    userId: string;
}

/**
 * Every split of `<channelId>/<userId>` at a "/" that gives a subscribable channel ID and a UserID of
 * 1 to BYTE_LIMITS.userId UTF-8 bytes, in order of the split's position; none for an id that has none.
 *
 * @example
 * ```ts
 * subscriptionIdCandidates("@TOA#_a/b/u1");
 * // [{ channelId: "@TOA#_a", userId: "b/u1" }, { channelId: "@TOA#_a/b", userId: "u1" }]
 * ```
 */
export function subscriptionIdCandidates(id: string): Pair[] {
    const pairs: Pair[] = [];
    for (let at = id.indexOf("/"); at >= 0; at = id.indexOf("/", at + 1)) {
        const channelId = id.slice(0, at);
        const userId = id.slice(at + 1);
        if (subscribableChannelIdProblem(channelId) !== undefined) continue;
        if (userId.length === 0 || utf8Bytes(userId) > BYTE_LIMITS.userId) continue;
        pairs.push({ channelId, userId });
    }
    return pairs;
}
