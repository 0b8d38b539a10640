/**
 * Replacement preflight: before the engine is told to replace a channel (and so, eventually, to
 * delete it), decide from the LIVE channel and the new owner's account whether that is safe. Pure:
 * the caller gathers the facts (one batched read, one account_check) and acts on the decision.
 *
 * Not checkable here: whether Tencent lets a destroyed custom ID be created again (UNCERTAIN, API
 * doc §2.4). An explicit-ID replacement (delete first, same ID) depends on it; the README says so.
 *
 * Runs inside `diff`, so `pulumi preview` already shows a refusal. Unknown values only occur in a
 * preview; they never refuse (nothing is deleted in a preview) but are explained, and the `up`
 * that follows runs diff again with every value known.
 */
import { TencentCode } from "../tencent/codes";
import type { SettableField } from "./diff";
import { UNKNOWN } from "../kit/unknown";

/** What Tencent holds under the old ID right now. */
export type LiveChannelFact =
    | { kind: "exists"; subscriberCount: number }
    | { kind: "gone" }
    /** The read failed: nothing is known about subscribers. */
    | { kind: "unreadable"; reason: string };

/** account_check for the new owner (only gathered when the owner changes to a known value). */
export type NewOwnerFact = { kind: "imported" } | { kind: "notImported" } | { kind: "unknown"; reason: string };

/** What is known before a replacement is planned: the diff's verdict and what was read from Tencent. */
export interface ReplacementFacts {
    channelId: string;
    replaces: readonly SettableField[];
    olds: Record<string, unknown>;
    news: Record<string, unknown>;
    /** The old channel is deleted before its replacement is created. */
    deleteBeforeReplace: boolean;
    autoNamed: boolean;
    live: LiveChannelFact;
    newOwner?: NewOwnerFact;
}

/** Go ahead (with notes for the preview), or refuse with a message that says what would be lost and what to do. */
export type ReplacementDecision = { kind: "go"; notes: string[] } | { kind: "refuse"; message: string };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const shown = (value: unknown) => (value === UNKNOWN ? "(known after apply)" : JSON.stringify(value));

function order(facts: ReplacementFacts): string {
    if (facts.deleteBeforeReplace)
        return `Tencent cannot change ${facts.replaces.join(" or ")} in place, so the channel would be destroyed first and then created again`;
    const newId = facts.autoNamed ? "a new auto-generated ID" : shown(facts.news.channelId);
    return `Tencent cannot change ${facts.replaces.join(" or ")} in place, so a new channel would be created under ${newId} and ${facts.channelId} destroyed after it`;
}

/**
 * Decides whether a planned replacement may go ahead: refused while the live channel has subscribers
 * (unless allowReplace), when it cannot be read, or when the new owner is not an imported user (or
 * that cannot be checked).
 */
export function decideReplacement(facts: ReplacementFacts): ReplacementDecision {
    const { channelId, olds, news, live } = facts;
    const what = facts.replaces.map((field) => `${field} ${shown(olds[field])} → ${shown(news[field])}`).join(", ");
    const head = `Changing ${what} replaces official channel ${channelId}. ${order(facts)}`;
    const notes: string[] = [];

    if (facts.replaces.includes("owner")) {
        const owner = news.owner;
        const fact = facts.newOwner;
        if (owner === UNKNOWN || fact === undefined) {
            notes.push(
                `The new owner is not known yet; before anything is deleted, \`pulumi up\` checks that it is an imported Chat user.`,
            );
        } else if (fact.kind === "notImported") {
            return {
                kind: "refuse",
                message:
                    `${head}; but ${JSON.stringify(owner)} is not an imported Chat user (account_check: NotImported), so the new channel could not be created ` +
                    `(Tencent error ${TencentCode.ACCOUNT_NOT_IMPORTED})${facts.deleteBeforeReplace ? " after the old one was already gone" : ""}. Nothing was changed. ` +
                    `Fix the owner if it is a typo, or import ${JSON.stringify(owner)} first (Chat console → Account management, the account_import REST API, ` +
                    `or createChatClient(settings).importAccounts([${JSON.stringify(owner)}])), then run \`pulumi up\` again.`,
            };
        } else if (fact.kind === "unknown") {
            return {
                kind: "refuse",
                message: `${head}; but whether ${JSON.stringify(owner)} is an imported Chat user could not be checked (${fact.reason}). Nothing was changed; run \`pulumi up\` again.`,
            };
        }
    }

    if (live.kind === "unreadable") {
        return {
            kind: "refuse",
            message:
                `${head}; but the live channel could not be read to count the subscribers the replacement would destroy (${live.reason}). ` +
                "Nothing was changed; run `pulumi up` again.",
        };
    }
    if (live.kind === "gone") {
        notes.push(`${channelId} no longer exists on Tencent; the replacement only creates the new channel.`);
        return { kind: "go", notes };
    }
    const n = live.subscriberCount;
    // Every replaced field unknown (a preview): the values may turn out the same, and then nothing is replaced.
    const mayNotHappen = facts.replaces.every((field) => news[field] === UNKNOWN);
    if (n > 0) {
        if (news.allowReplace === true) {
            notes.push(`allowReplace is set: the replacement destroys ${channelId} with its ${plural(n, "subscriber")}.`);
        } else if (news.allowReplace === UNKNOWN || mayNotHappen) {
            notes.push(
                `${channelId} has ${plural(n, "subscriber")} now; if ${facts.replaces.join(" or ")} really changes, \`pulumi up\` will refuse this replacement unless allowReplace is true.`,
            );
        } else {
            return {
                kind: "refuse",
                message:
                    `${head}, and it would lose its ${plural(n, "subscriber")} (counted live just now). ` +
                    "To go ahead anyway, set `allowReplace: true` on this channel; to keep the subscribers, revert the change.",
            };
        }
    }
    return { kind: "go", notes };
}
