/**
 * Whose is an existing subscription? When a create finds the user already subscribed to the
 * channel, decide from plain facts whether it is this resource's own interrupted attempt, one the
 * user asked to adopt, or someone else's. Pure.
 *
 * Tencent records nothing that says who subscribed a user: she may have subscribed on her own,
 * with her own customString, or another stack may manage the pair. So the only evidence that makes
 * an existing subscription this resource's without `adopt: true` is one a twin cannot have: this
 * resource's own add_subscriber in this provider process whose answer was lost. Anything else is
 * refused and left exactly as it is.
 */
import type { LiveSubscription } from "./reader";

/** How the existing subscription was found. */
export type SubscriptionSighting =
    /** The user's channel list showed it, as `live`, before this create sent anything. */
    | { kind: "listed"; live: LiveSubscription }
    /**
     * The list did not show it, but add_subscriber then answered "already subscribed": another
     * program subscribed the user in that moment, or this create's own request was applied on an
     * attempt whose answer was lost (the client retries); nothing tells the two apart.
     */
    | { kind: "appearedDuringCreate" };

/** What is known when a create meets an existing subscription of its pair. */
export interface ExistingSubscriptionFacts {
    channelId: string;
    userId: string;
    adopt: boolean;
    /** This process sent this resource's add_subscriber for the pair earlier and its outcome is unknown. */
    lostAttemptInThisProcess: boolean;
    sighting: SubscriptionSighting;
}

/** Whose the existing subscription is: this resource's own lost attempt, one to adopt, or someone else's. */
export type ExistingSubscriptionDecision = { kind: "ownAttempt" } | { kind: "adopt" } | { kind: "conflict"; message: string };

function since(seconds: number): string {
    if (seconds <= 0) return "";
    return ` since ${new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z")}`;
}

/** Her data, described without quoting it: it is the subscriber's own, and it stays as it is. */
function customStringOf(live: LiveSubscription): string {
    const bytes = Buffer.byteLength(live.customString, "utf8");
    return bytes === 0 ? "an empty customString" : `a customString of ${bytes} byte${bytes === 1 ? "" : "s"}`;
}

/**
 * Decides whether an existing subscription may be taken over. Pure: the same facts always give the
 * same decision. `adopt` takes it; this resource's own lost attempt in this process is its own;
 * anything else is refused with a message saying how to adopt it.
 */
export function classifyExistingSubscription(facts: ExistingSubscriptionFacts): ExistingSubscriptionDecision {
    if (facts.adopt) return { kind: "adopt" };
    if (facts.lostAttemptInThisProcess) return { kind: "ownAttempt" };
    const user = JSON.stringify(facts.userId);
    const pair = `${user} to official channel ${facts.channelId}`;
    const howToAdopt =
        "Nothing was changed: the subscription and its customString stay as they are. To manage it from this stack, set `adopt: true` on this " +
        "ChannelSubscription (its customString will be set to the declared value, and `pulumi destroy` will unsubscribe the user); otherwise remove the declaration.";
    const { sighting } = facts;
    const what =
        sighting.kind === "listed"
            ? `The subscription of ${pair} already exists${since(sighting.live.subscribeTime)}, with ${customStringOf(sighting.live)}, ` +
              "and nothing shows that this stack made it: the user, another stack or another program may manage it."
            : `Tencent answered that ${user} is already subscribed to official channel ${facts.channelId}, although the user's channel list did not show it ` +
              "when this create began: another stack or program subscribed the user at the same moment, or this create's own request was applied " +
              "on an attempt whose answer was lost. Nothing tells the two apart.";
    return { kind: "conflict", message: `${what} ${howToAdopt}` };
}
