/**
 * Which resource in this host process creates or manages which ID. Pulumi runs every dynamic
 * resource of a deployment in one provider host process, so this is where two declarations of one
 * channel (or one subscription) in a program meet: the first create claims the ID, and any other
 * resource's create of it fails naming the first, instead of taking the channel for its own.
 *
 * Holders are resource URNs (the internal `__urn` input, or the URN the plugin's engine sends). The
 * engine creates each resource at most once per deployment, so a second create of one ID in one
 * process is another resource's — unless both carry the same URN (a re-run of a failed create in a
 * long-lived process). A create without a URN (an older program, a direct provider call) proves no
 * sameness: it never clears or takes a claim, and a held claim refuses it.
 */
import { PartiallyCreatedError } from "./partial";

/** Another resource holds the key a create asked for. */
export interface ClaimConflict {
    /** The other resource's URN, when it sent one. */
    holder: string | undefined;
    /** Its create is still running. */
    inFlight: boolean;
}

interface Claim {
    holder: string | undefined;
    inFlight: boolean;
    /** The holder's create was sent and its outcome never learned: the ID may hold its channel. */
    lostAttempt: boolean;
}

/** The claims of one host process: which resource creates or holds which ID (see the module comment). */
export class Claims {
    private readonly claims = new Map<string, Claim>();

    /** Claims `key` for a create by `holder`; returns the conflict instead when another resource has it. */
    begin(key: string, holder: string | undefined): ClaimConflict | undefined {
        const current = this.claims.get(key);
        if (current?.inFlight) return { holder: current.holder, inFlight: true };
        if (current !== undefined && (holder === undefined || current.holder !== holder))
            return { holder: current.holder, inFlight: false };
        this.claims.set(key, {
            holder,
            inFlight: true,
            lostAttempt: current !== undefined && current.holder === holder && current.lostAttempt,
        });
        return undefined;
    }

    /** Whether `holder` sent a create for `key` earlier in this process whose outcome was lost. */
    lostAttemptOf(key: string, holder: string | undefined): boolean {
        const current = this.claims.get(key);
        return holder !== undefined && current?.holder === holder && current.lostAttempt;
    }

    /**
     * Ends the create begun for `key`: `created` (it is the holder's now), `lost` (it may be: kept,
     * remembered as a lost attempt) or `failed` (nothing was created: the claim is dropped).
     */
    end(key: string, outcome: "created" | "lost" | "failed"): void {
        const current = this.claims.get(key);
        if (current === undefined) return;
        if (outcome === "failed") this.claims.delete(key);
        else this.claims.set(key, { holder: current.holder, inFlight: false, lostAttempt: outcome === "lost" });
    }

    /** The ID no longer holds anything (deleted, or found gone). */
    release(key: string): void {
        if (!this.claims.get(key)?.inFlight) this.claims.delete(key);
    }
}

/** "resource urn:…::news" or a neutral phrase when the other create sent no URN. */
export function describeHolder(conflict: ClaimConflict): string {
    const who = conflict.holder === undefined ? "another resource" : `resource ${conflict.holder}`;
    return conflict.inFlight ? `${who} (its create is running now)` : who;
}

/** One create under a claim: whether this holder's earlier attempt was lost, and how this one ends. */
export interface ClaimedAttempt {
    /** This holder sent a create for the key earlier in this process and never learned its outcome. */
    readonly lostBefore: boolean;
    /** `created` once it succeeds; `lost` when the create may have been applied (set by the work); else `failed`. */
    outcome: "created" | "lost" | "failed";
}

/**
 * The claim's begin/end around one create, for both resources: refuses (throws `refuse`'s error)
 * when another resource has `key`, runs `work`, and ends the claim with the attempt's outcome — a
 * success or a partial create (the resource exists) is `created`, an outcome `work` marked `lost`
 * stays so, anything else `failed`. `settled` sees the final outcome.
 */
export async function underClaim<T>(
    claims: Claims,
    key: string,
    holder: string | undefined,
    refuse: (conflict: ClaimConflict) => Error,
    work: (attempt: ClaimedAttempt) => Promise<T>,
    settled: (outcome: ClaimedAttempt["outcome"]) => void = () => undefined,
): Promise<T> {
    const conflict = claims.begin(key, holder);
    if (conflict) throw refuse(conflict);
    const attempt: ClaimedAttempt = { lostBefore: claims.lostAttemptOf(key, holder), outcome: "failed" };
    try {
        const result = await work(attempt);
        attempt.outcome = "created";
        return result;
    } catch (error) {
        if (error instanceof PartiallyCreatedError) attempt.outcome = "created";
        throw error;
    } finally {
        claims.end(key, attempt.outcome);
        settled(attempt.outcome);
    }
}
