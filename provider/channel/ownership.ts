/**
 * Whose is an existing channel? When a create finds its ID taken (130008), or a create whose outcome
 * was lost finds the channel there, decide from plain facts whether it is this resource's own
 * interrupted attempt, an adoption the user asked for, or someone else's channel. Pure.
 *
 * Tencent keeps nothing that says which stack created a channel, so "ours" needs evidence:
 * - this process sent this resource's create and its outcome was lost (a retry then met 130008, or
 *   the connection failed after the request went out); or
 * - the channel is younger than OWN_ATTEMPT_WINDOW_SECONDS, has no subscribers yet, and matches the
 *   declaration exactly: what an `up` interrupted between Tencent's create and the state write leaves.
 * In both cases every readable field must match. Anything else is refused unless `adopt: true`.
 * The window is the price of recovering interrupted runs across processes: a twin stack declaring
 * the identical channel within those minutes is indistinguishable from a re-run, and is taken for one.
 */
import type { ChannelInfo } from "../api/types";
import { liveDifferences, type LiveDifference } from "./live";

/**
 * 10 minutes: long enough to re-run an `up` that was interrupted (Ctrl-C, a lost connection, the
 * operation's retry budget of one minute), short enough that a channel in real use is not mistaken
 * for a fresh attempt. Compared with this machine's clock, so large clock skew shrinks or widens it.
 */
export const OWN_ATTEMPT_WINDOW_SECONDS = 600;

/** What is known when a create meets an existing channel with the same ID. */
export interface ExistingChannelFacts {
    channelId: string;
    /** The checked inputs (every field filled). */
    declared: { owner: string; adopt: boolean };
    /** The channel as Tencent reports it now. */
    live: Omit<ChannelInfo, "channelId">;
    /** This process sent this resource's create for the ID and its outcome is unknown. */
    lostAttemptInThisProcess: boolean;
    /** Unix seconds, this machine's clock. */
    nowSeconds: number;
}

/** Whose the existing channel is: this resource's own lost attempt, one to adopt, or someone else's. */
export type ExistingChannelDecision =
    | { kind: "ownAttempt" }
    /** Take it over, changing `differences` to the declared values. */
    | { kind: "adopt"; differences: LiveDifference[] }
    | { kind: "conflict"; message: string };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Decides whether an existing channel may be taken over. Pure: the same facts always give the same
 * decision. Only evidence makes it ours: identical to the declaration and either this process's lost
 * attempt or younger than OWN_ATTEMPT_WINDOW_SECONDS with no subscribers; or `adopt` with the same owner.
 */
export function classifyExistingChannel(facts: ExistingChannelFacts): ExistingChannelDecision {
    const { channelId: id, declared, live } = facts;
    if (live.owner !== declared.owner) {
        return {
            kind: "conflict",
            message:
                `Official channel ${id} already exists, owned by ${JSON.stringify(live.owner ?? "")}, not ${JSON.stringify(declared.owner)}. ` +
                `The owner cannot change in place: to manage this channel set owner: ${JSON.stringify(live.owner ?? "")} and adopt: true; otherwise choose another channelId.`,
        };
    }
    const differences = liveDifferences(live, declared).filter((d) => d.field !== "owner");
    if (declared.adopt) return { kind: "adopt", differences };

    const howToAdopt =
        "Set `adopt: true` on this channel to take it over (its fields will be changed to the declared values, and `pulumi destroy` will delete it), " +
        "or choose another channelId. (Dynamic providers cannot be used with `pulumi import`.)";
    if (differences.length > 0) {
        return {
            kind: "conflict",
            message: `Official channel ${id} already exists and differs from this program in ${differences.map((d) => d.field).join(", ")}, so it was not created by this stack. ${howToAdopt}`,
        };
    }
    if (facts.lostAttemptInThisProcess) return { kind: "ownAttempt" };

    const subscribers = live.subscriberCount ?? 0;
    const age = live.createTime === undefined ? undefined : facts.nowSeconds - live.createTime;
    const reasons: string[] = [];
    if (age === undefined) reasons.push("Tencent did not report when it was created");
    else if (Math.abs(age) > OWN_ATTEMPT_WINDOW_SECONDS) {
        reasons.push(
            `it was created ${Math.round(age / 60)} minutes ago, longer than the ${OWN_ATTEMPT_WINDOW_SECONDS / 60} minutes an interrupted \`pulumi up\` is recognised for`,
        );
    }
    if (subscribers > 0) reasons.push(`it already has ${plural(subscribers, "subscriber")}`);
    if (reasons.length === 0) return { kind: "ownAttempt" };
    return {
        kind: "conflict",
        message:
            `Official channel ${id} already exists with the declared fields, but nothing shows that this stack created it: ${reasons.join(", and ")}. ` +
            `Another stack or program may manage it. ${howToAdopt}`,
    };
}
