/**
 * What ChannelSubscription's provider does, given a client. Decisions (check, diff, messages) are
 * pure and live in inputs.ts / diff.ts / errors.ts; this file only acts on them.
 *
 * Non-authoritative: each resource manages its own (channel, user) pair and never touches the
 * channel's other subscribers.
 */
import type { AddSubscriberResult, ChatClient, DeleteSubscriberResult } from "../api/types";
import { TencentCode } from "../tencent/codes";
import { hasCode, TencentChatError } from "../api/errors";
import { SUBSCRIPTION_FIELD_TABLE } from "../fields/subscription";
import { inputNames, pick, stateOf } from "../fields/types";
import { Claims, describeHolder, underClaim, type ClaimConflict, type ClaimedAttempt } from "../kit/claims";
import type { CheckResult } from "../kit/inputs";
import { internalInputsOf } from "../kit/internal-inputs";
import type { Created, Props, ReadOutcome } from "../kit/outcomes";
import { diffSubscription } from "./diff";
import { SubscriptionError, SubscriptionPartiallyCreatedError, channelMissingError, refusalError } from "./errors";
import { SUBSCRIPTION_DEFAULTS, checkSubscriptionInputs, pairOf, subscriptionId } from "./inputs";
import type { CheckedSubscriptionInputs, SubscriptionOutputs } from "./types";
import { classifyExistingSubscription, type SubscriptionSighting } from "./ownership";
import { readerFor, type LiveSubscription } from "./reader";

/** What the state holds, as the plain data both engines store. */
type SubscriptionState = SubscriptionOutputs & Props;

/**
 * The declared fields from inputs or state (customString and adopt defaulted), and nothing else such as
 * `__provider`. The resource id completes a pair the state lacks (see pairOf).
 */
function asChecked(props: Props, id?: string): CheckedSubscriptionInputs {
    const { channelId, userId } = pairOf(props, id);
    if (channelId === undefined || userId === undefined) {
        // Only `pulumi import` (or a hand-edited state) reaches a provider without them; dynamic resources cannot be imported.
        throw new SubscriptionError(
            `ChannelSubscription ${id ? JSON.stringify(id) + " " : ""}has no channelId/userId in its state, and its id does not name them unambiguously, so it cannot be managed ` +
                "(dynamic resources cannot be imported with `pulumi import`). Declare the subscription instead, with `adopt: true` to take over an existing one.",
        );
    }
    const customString = typeof props.customString === "string" ? props.customString : SUBSCRIPTION_DEFAULTS.customString;
    const adopt = typeof props.adopt === "boolean" ? props.adopt : SUBSCRIPTION_DEFAULTS.adopt;
    return { channelId, userId, customString, adopt };
}

/** One per host process: two resources of a deployment declaring one pair meet here (see kit/claims.ts). */
const claims = new Claims();

/** State = the declared pair, and the subscription's own fields as Tencent lists them. */
function toOutputs(inputs: CheckedSubscriptionInputs, live: LiveSubscription): SubscriptionState {
    return { ...stateOf<SubscriptionState>(SUBSCRIPTION_FIELD_TABLE, inputs, live), ...internalInputsOf(inputs) };
}

/** `check` for ChannelSubscription: validated inputs with customString defaulted, or every failure. */
export function check(_olds: Props, news: Props): CheckResult {
    return checkSubscriptionInputs(news);
}

/** How one create is going: whether an earlier attempt of this resource was lost, and how it ends (kit/claims.ts). */
type Attempt = ClaimedAttempt;

/**
 * `create`: subscribes the user and sets customString. A subscription that already exists is
 * taken over only with `adopt: true` or when it is this resource's own lost attempt (ownership.ts).
 * `identity` is the resource's URN as its host knows it (see channel/operations.ts create).
 * @throws SubscriptionError when the channel is missing, Tencent refuses, the user is already
 * subscribed (without `adopt`), or another resource of this deployment declares the pair;
 * SubscriptionPartiallyCreatedError when subscribed but not finished.
 */
export async function create(client: ChatClient, raw: Props, identity: string | undefined): Promise<Created<SubscriptionState>> {
    const inputs = asChecked(raw);
    const key = subscriptionId(inputs);
    const refuse = (conflict: ClaimConflict) =>
        new SubscriptionError(
            `The subscription of ${JSON.stringify(inputs.userId)} to official channel ${inputs.channelId} is already declared in this deployment by ${describeHolder(conflict)}. ` +
                "Two resources must not manage one subscription: destroying either would unsubscribe the user under the other. Remove the duplicate declaration.",
        );
    return underClaim(claims, key, identity, refuse, async (attempt) => ({
        id: key,
        state: await subscribe(client, inputs, attempt),
    }));
}

/**
 * Subscribes the user and brings customString to the declared value. The user's channel list is read
 * first: a subscription already there is someone's until ownership.ts decides otherwise, and nothing
 * is written for one that is refused.
 */
async function subscribe(client: ChatClient, inputs: CheckedSubscriptionInputs, attempt: Attempt): Promise<SubscriptionState> {
    const listed = await readerFor(client).find(inputs.userId, inputs.channelId);
    if (listed !== undefined) {
        takeOver(inputs, { kind: "listed", live: listed }, attempt);
        return finish(client, inputs, listed);
    }
    const added = await addSubscriber(client, inputs, attempt);
    if (added === "alreadySubscribed") {
        // Our request may be what subscribed the user: unless this create ends well, the pair may hold our subscription.
        attempt.outcome = "lost";
        takeOver(inputs, { kind: "appearedDuringCreate" }, attempt);
    }
    // From here on the subscription is ours: any failure must keep it in state. A new subscription
    // starts with an empty customString; an adopted one's is unknown until read (null).
    return finish(client, inputs, undefined, added === "added" ? "" : null);
}

/** Throws the refusal unless the existing subscription is this resource's to take (see ownership.ts). */
function takeOver(inputs: CheckedSubscriptionInputs, sighting: SubscriptionSighting, attempt: Attempt): void {
    const decision = classifyExistingSubscription({
        channelId: inputs.channelId,
        userId: inputs.userId,
        adopt: inputs.adopt,
        lostAttemptInThisProcess: attempt.lostBefore,
        sighting,
    });
    if (decision.kind === "conflict") throw new SubscriptionError(decision.message);
}

/**
 * Reads the subscription (unless `live` is already known) and sets the declared customString.
 * @throws SubscriptionPartiallyCreatedError: the subscription is ours and stays in state, with
 * `knownCustomString` (null: unknown) as its customString until a read says more.
 */
async function finish(
    client: ChatClient,
    inputs: CheckedSubscriptionInputs,
    live: LiveSubscription | undefined,
    knownCustomString: string | null = live?.customString ?? null,
): Promise<SubscriptionState> {
    let known: { customString: string | null; subscribeTime: number } = live ?? {
        customString: knownCustomString,
        subscribeTime: 0,
    };
    try {
        const current = live ?? (await readerFor(client).find(inputs.userId, inputs.channelId));
        if (current === undefined) {
            throw new Error(
                `Tencent accepted the subscription but does not list ${inputs.channelId} among ${JSON.stringify(inputs.userId)}'s channels`,
            );
        }
        known = current;
        if (current.customString !== inputs.customString) {
            await client.modifySubscriber(inputs.channelId, inputs.userId, inputs.customString);
        }
        return toOutputs(inputs, { ...current, customString: inputs.customString });
    } catch (error) {
        throw new SubscriptionPartiallyCreatedError(subscriptionId(inputs), { ...inputs, ...known }, error);
    }
}

/**
 * One add_subscriber. Its answer is "added" or "already subscribed"; an answer lost on the way is
 * settled with one read: the user's list did not show the pair before the request, so a
 * subscription there now is the request's own ("added").
 */
async function addSubscriber(
    client: ChatClient,
    inputs: CheckedSubscriptionInputs,
    attempt: Attempt,
): Promise<Exclude<AddSubscriberResult, "failed">> {
    const { channelId, userId } = inputs;
    let result: AddSubscriberResult;
    try {
        // The client answers one result per requested user.
        result = (await client.addSubscribers(channelId, [userId]))[0]?.result ?? "failed";
    } catch (error) {
        if (hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) throw channelMissingError(channelId, userId);
        if (!(error instanceof TencentChatError) || !error.ambiguous) throw error;
        attempt.outcome = "lost";
        const after = await readerFor(client)
            .find(userId, channelId)
            .catch(() => undefined);
        if (after === undefined) throw error;
        return "added";
    }
    if (result !== "failed") return result;
    throw await diagnoseRefusal(client, channelId, userId);
}

/** Reads what can explain a refusal. Best effort: a failed probe only makes the message less sure. */
async function diagnoseRefusal(client: ChatClient, channelId: string, userId: string): Promise<Error> {
    const [channel, follows] = await Promise.allSettled([
        client.loadChannel(channelId),
        client.getSubscribedChannels(userId, { limit: 1, channelFields: ["createTime"], selfFields: ["subscribeTime"] }),
    ]);
    if (channel.status === "rejected" && hasCode(channel.reason, TencentCode.CHANNEL_NOT_FOUND))
        return channelMissingError(channelId, userId);
    return refusalError({
        channelId,
        userId,
        subscriberCount: channel.status === "fulfilled" ? channel.value.subscriberCount : undefined,
        userIsImported: follows.status === "fulfilled" && follows.value.totalCount > 0,
    });
}

/** `read`: the subscription as the user's channel list shows it; undefined when it is gone, so refresh drops it. */
export async function read(client: ChatClient, id: string, props: Props): Promise<ReadOutcome<SubscriptionState>> {
    const known = asChecked(props, id);
    // A removed subscription and a destroyed channel look the same here: the user's list lacks it.
    const live = await readerFor(client).find(known.userId, known.channelId);
    if (live === undefined) {
        claims.release(subscriptionId(known));
        return undefined; // gone: refresh drops it from state
    }
    const state = toOutputs(known, live);
    return { id, state, inputs: { ...pick(state, inputNames(SUBSCRIPTION_FIELD_TABLE)), ...internalInputsOf(state) } };
}

/**
 * `update`: sets customString, subscribing again if the user was unsubscribed since the last
 * refresh. Answers the new state; a resubscription that does not finish throws
 * SubscriptionPartiallyCreatedError.
 */
export async function update(client: ChatClient, id: string, olds: Props, news: Props): Promise<SubscriptionState> {
    const desired = asChecked(news, id);
    const subscribeTime = typeof olds.subscribeTime === "number" ? olds.subscribeTime : 0;
    const outs = toOutputs(desired, { customString: desired.customString, subscribeTime });
    if (!diffSubscription(olds, news, id).changed.includes("customString")) return outs;
    try {
        await client.modifySubscriber(desired.channelId, desired.userId, desired.customString);
        return outs;
    } catch (error) {
        if (hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) throw channelMissingError(desired.channelId, desired.userId);
        // Tencent gives no documented code for "not a subscriber". If the user was unsubscribed
        // since the last refresh, subscribing again converges without making the user refresh.
        if ((await readerFor(client).find(desired.userId, desired.channelId)) !== undefined) throw error;
        return subscribe(client, desired, { lostBefore: false, outcome: "failed" });
    }
}

/** `delete`: unsubscribes the user; not subscribed (or the channel gone) counts as done. */
export async function remove(client: ChatClient, id: string, props: Props): Promise<void> {
    const { channelId, userId } = asChecked(props, id);
    let result: DeleteSubscriberResult;
    try {
        result = (await client.deleteSubscribers(channelId, [userId]))[0]?.result ?? "failed";
    } catch (error) {
        // The channel is gone, and its subscriptions with it.
        if (!hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) throw error;
        result = "notSubscribed";
    }
    if (result !== "failed") claims.release(subscriptionId({ channelId, userId }));
    // "notSubscribed" is what delete wanted too.
    if (result === "failed") {
        throw new SubscriptionError(
            `Tencent could not unsubscribe ${JSON.stringify(userId)} from official channel ${channelId} (delete_subscriber Result 0, no reason given). ` +
                "Run `pulumi destroy` (or `pulumi up`) again; if it persists, remove the subscriber in the Chat console.",
        );
    }
}
