/**
 * Whose is an existing channel? When a create finds its ID taken (130008), or a create whose outcome
 * was lost finds the channel there, decide from plain facts whether it is this resource's own
 * interrupted attempt, an adoption the user asked for, or someone else's channel. Pure.
 *
 * Tencent keeps nothing that says which stack created a channel, so "ours" needs evidence that a
 * twin (another stack or resource declaring the identical channel) cannot have:
 * - this process sent this resource's create and its outcome was lost (a retry then met 130008, or
 *   the connection failed after the request went out); or
 * - this machine's journal of create attempts (kit/journal.ts), keyed by the resource's URN, holds an
 *   attempt of this resource for this ID that began no more than CLOCK_TOLERANCE_SECONDS after the
 *   channel was created and no more than OWN_ATTEMPT_WINDOW_SECONDS before: what an `up` interrupted
 *   between Tencent's create and the state write leaves, re-run on the same machine.
 * In both cases every readable field must match and the channel's createTime must not lie in the
 * future (beyond the tolerance): a clock that cannot be trusted proves nothing. Age and an empty
 * subscriber list are not evidence — a twin created a minute ago has both. Anything else is refused
 * unless `adopt: true`.
 */
import type { ChannelInfo } from "../api/types";
import { echo } from "../tencent/display";
import { CLOCK_TOLERANCE_SECONDS, timeText } from "./identity";
import { liveDifferences, type LiveDifference } from "./live";

/**
 * 10 minutes: a create is sent right after its attempt is journalled, and the operation's retry
 * budget is one minute, so a channel created later than this after an attempt began is not its result.
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
    /** When this resource's journalled create attempts for the ID began (Unix seconds, this machine's clock). */
    journalledAttempts: readonly number[];
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

/** Why the facts are not evidence of this resource's own attempt, or [] when they are. */
function missingEvidence(facts: ExistingChannelFacts): string[] {
    const created = facts.live.createTime;
    if (created === undefined) return ["Tencent did not report when it was created"];
    if (created > facts.nowSeconds + CLOCK_TOLERANCE_SECONDS) {
        return [
            `Tencent reports it was created ${Math.round((created - facts.nowSeconds) / 60)} minutes in the future (${timeText(created)}; this machine's clock says ${timeText(facts.nowSeconds)}), so its age proves nothing`,
        ];
    }
    if (facts.lostAttemptInThisProcess) return [];
    const fits = facts.journalledAttempts.some(
        (at) => created >= at - CLOCK_TOLERANCE_SECONDS && created <= at + OWN_ATTEMPT_WINDOW_SECONDS,
    );
    if (fits) return [];
    const subscribers = facts.live.subscriberCount ?? 0;
    return [
        `it was created at ${timeText(created)} (${plural(subscribers, "subscriber")} now), and this machine has no record of a create of this resource that could have made it`,
    ];
}

/**
 * Decides whether an existing channel may be taken over. Pure: the same facts always give the same
 * decision. Only evidence makes it ours (see the module comment); or `adopt` with the same owner.
 */
export function classifyExistingChannel(facts: ExistingChannelFacts): ExistingChannelDecision {
    const { channelId: id, declared, live } = facts;
    if (live.owner !== declared.owner) {
        return {
            kind: "conflict",
            message:
                `Official channel ${id} already exists, owned by ${echo(live.owner ?? "")}, not ${echo(declared.owner)}. ` +
                `The owner cannot change in place: to manage this channel set owner: ${echo(live.owner ?? "")} and adopt: true; otherwise choose another channelId.`,
        };
    }
    const differences = liveDifferences(live, declared).filter((d) => d.field !== "owner");
    if (declared.adopt) return { kind: "adopt", differences };

    const howToAdopt =
        "Set `adopt: true` on this channel to take it over (its fields will be changed to the declared values, and `pulumi destroy` will delete it), " +
        "or choose another channelId.";
    if (differences.length > 0) {
        return {
            kind: "conflict",
            message: `Official channel ${id} already exists and differs from this program in ${differences.map((d) => d.field).join(", ")}, so it was not created by this stack. ${howToAdopt}`,
        };
    }
    const reasons = missingEvidence(facts);
    if (reasons.length === 0) return { kind: "ownAttempt" };
    return {
        kind: "conflict",
        message:
            `Official channel ${id} already exists with the declared fields, but nothing shows that this resource created it: ${reasons.join(", and ")}. ` +
            `Another stack or program may manage it. ${howToAdopt}`,
    };
}
