/**
 * Pure: the channel ID an OfficialChannel gets when its program leaves `channelId` out.
 *
 * Pulumi gives every Check a `randomSeed` and (when the stack configures autonaming) a proposed name
 * with a mode. The engine draws a fresh seed for each resource in every deployment, so a preview and
 * the update after it get different seeds, unless the update runs from a saved plan, which records
 * the preview's seed (Pulumi's experimental `preview --save-plan` / `up --plan`). Deriving the ID from the seed, rather than from
 * randomness of our own, is what lets a plan's update create exactly the ID its preview showed. Once
 * a channel exists, check keeps the ID from the old inputs whatever the seed.
 */
import { createHash } from "node:crypto";
import { CHANNEL_ID_PREFIX, channelIdProblem } from "../tencent/wire";
import { autoChannelId } from "../channel/inputs";

/**
 * The stack's autonaming mode, as the engine sends it: `propose` (use the proposed name when it is a
 * valid channel ID), `enforce` (use it or fail), `disable` (the program must set channelId).
 */
export type AutonamingMode = "propose" | "enforce" | "disable";

/** What the engine's Check request says about naming the resource. */
export interface Naming {
    /** The resource's logical name. */
    name: string;
    /** CheckRequest.randomSeed; empty from engines too old to send one. */
    randomSeed: Uint8Array;
    /** CheckRequest.autonaming, when the engine sent it. */
    autonaming?: { proposedName: string; mode: AutonamingMode };
}

/** The derived channel ID, or why none can be given (a check failure reason on `channelId`). */
export type AutoName = { channelId: string } | { failure: string };

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Seven characters that depend only on the seed (SHA-256, so every seed byte counts). */
export function seededSuffix(seed: Uint8Array, length = 7): string {
    const digest = createHash("sha256").update(seed).digest();
    return [...digest.subarray(0, length)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}

/**
 * The channel ID for an OfficialChannel without `channelId`: the stack's proposed name (prefixed with
 * `@TOA#_` when it lacks it) when valid, else the logical name plus a suffix derived from the seed.
 * Fails when autonaming is disabled, when `enforce` proposes an invalid ID, or when the engine sent
 * no seed. Pure: the same naming always gives the same result.
 */
export function autoName(naming: Naming): AutoName {
    const { autonaming } = naming;
    if (autonaming?.mode === "disable") {
        return { failure: "is required: the stack's autonaming configuration disables auto-naming, so set channelId explicitly" };
    }
    if (autonaming && autonaming.proposedName !== "") {
        // Channel IDs must carry the prefix: a proposed name without it gets it.
        const proposed = autonaming.proposedName.startsWith(CHANNEL_ID_PREFIX)
            ? autonaming.proposedName
            : CHANNEL_ID_PREFIX + autonaming.proposedName;
        const problem = channelIdProblem(proposed);
        if (problem === undefined) return { channelId: proposed };
        if (autonaming.mode === "enforce") {
            return {
                failure:
                    `the stack's autonaming pattern gives ${JSON.stringify(proposed)}, which ${problem}; ` +
                    "change the pattern or set channelId",
            };
        }
    }
    if (naming.randomSeed.length === 0) {
        return {
            failure: "is required: this Pulumi engine sent no random seed to derive a stable name from; set channelId explicitly",
        };
    }
    return { channelId: autoChannelId(naming.name, () => seededSuffix(naming.randomSeed)) };
}
