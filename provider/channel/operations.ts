/**
 * What OfficialChannel's provider does, given a client. It gathers facts and performs I/O; the
 * decisions are pure and live elsewhere: inputs.ts (check), diff.ts (what changed), preflight.ts
 * (may a replacement go ahead), ownership.ts (whose is an existing channel), live.ts (live vs declared).
 */
import type * as pulumi from "@pulumi/pulumi";
import { TencentCode } from "../api/codes";
import { hasCode, TencentChatError } from "../api/errors";
import type { ChannelChanges, ChannelInfo, ChatClient, NewChannel } from "../api/types";
import { Claims, describeHolder, type ClaimConflict } from "../kit/claims";
import { internalInputsOf, resourceUrnOf } from "../kit/internal-inputs";
import { PartiallyCreatedError, reattachProvider } from "../kit/partial";
import { UNKNOWN } from "../kit/unknown";
import { CHANNEL_FIELD_TABLE } from "../fields/channel";
import { outputOnlyNames, pick, stateOf } from "../fields/types";
import { diffChannel, SETTABLE_FIELDS, UPDATABLE_FIELDS, type ChannelDiff, type SettableField } from "./diff";
import {
    CHANNEL_DEFAULTS,
    CHANNEL_FIELD_NAMES,
    checkChannelInputs,
    type CheckedChannelInputs,
    type ChannelOutputs,
} from "./inputs";
import { COMPARED_FIELDS } from "./live";
import { classifyExistingChannel } from "./ownership";
import { decideReplacement, type LiveChannelFact, type NewOwnerFact } from "./preflight";

/**
 * The channel exists on Tencent but a later step failed. Carrying `id` and `properties` makes the
 * dynamic-provider host report ErrorResourceInitFailed, so the engine keeps the channel in state
 * and the next `pulumi up` continues from there instead of losing it.
 */
export class ChannelPartiallyCreatedError extends PartiallyCreatedError<ChannelOutputs> {
    override name = "ChannelPartiallyCreatedError";
    constructor(id: string, properties: ChannelOutputs, cause: unknown) {
        super(
            id,
            properties,
            cause,
            (reason) =>
                `Official channel ${id} exists, but setting it up did not finish: ${reason}. It is recorded in the stack; run \`pulumi up\` again to finish.`,
        );
    }
}

/** Someone else's channel already holds the ID. */
export class ChannelConflictError extends Error {
    override name = "ChannelConflictError";
}

/** What create_official_account is sent: the declared Tencent fields. */
function desiredChannel(inputs: CheckedChannelInputs): NewChannel {
    return pick(inputs, SETTABLE_FIELDS) as unknown as NewChannel;
}

/** State = the checked inputs, Tencent's view of every readable field, and what only Tencent knows. */
function toOutputs(inputs: CheckedChannelInputs, info: object | undefined): ChannelOutputs {
    // Tencent never reports MaxSubscriberNum back, so the declared value is the best knowledge.
    return { ...stateOf<ChannelOutputs>(CHANNEL_FIELD_TABLE, inputs, info), ...internalInputsOf(inputs) };
}

/** Fills every field the state should hold, so plain data from any earlier version reads the same. */
function asChecked(props: Record<string, unknown>): CheckedChannelInputs {
    return { ...CHANNEL_DEFAULTS, ...props } as CheckedChannelInputs;
}

/** Pulumi `check` for OfficialChannel: validated inputs with defaults (and an auto-generated ID) filled, or every failure. */
export function check(olds: Record<string, unknown>, news: Record<string, unknown>): pulumi.dynamic.CheckResult {
    return checkChannelInputs(olds ?? {}, news);
}

/** A replacement the preflight refused: what it would destroy, and what to do. */
export class ReplacementRefusedError extends Error {
    override name = "ReplacementRefusedError";
}

async function readLive(client: ChatClient, id: string): Promise<{ fact: LiveChannelFact; info?: ChannelInfo }> {
    try {
        const info = await client.loadChannel(id);
        return { fact: { kind: "exists", subscriberCount: info.subscriberCount ?? 0 }, info };
    } catch (error) {
        if (hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) return { fact: { kind: "gone" } };
        return { fact: { kind: "unreadable", reason: error instanceof Error ? error.message : String(error) } };
    }
}

async function checkOwner(client: ChatClient, owner: string): Promise<NewOwnerFact> {
    try {
        const [answer] = await client.checkAccounts([owner]);
        if (answer?.status === "imported") return { kind: "imported" };
        if (answer?.status === "notImported") return { kind: "notImported" };
        return { kind: "unknown", reason: answer?.problem ?? "account_check gave no answer" };
    } catch (error) {
        return { kind: "unknown", reason: error instanceof Error ? error.message : String(error) };
    }
}

/**
 * Pulumi `diff`, also run inside `pulumi refresh` (olds = refreshed outputs, news = old inputs).
 * Reads Tencent only when a decision needs it: to learn a replace field the state lacks, and before
 * planning a replacement (live subscribers, the new owner's account). `warn` receives what a
 * preview could not decide yet.
 */
export async function planDiff(
    /** Built only when a decision needs Tencent: most diffs need no settings and make no call. */
    clientFor: () => ChatClient,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    warn: (line: string) => void = () => undefined,
): Promise<ChannelDiff> {
    const channelId = typeof olds.channelId === "string" ? olds.channelId : id;
    let result = diffChannel(olds, news, id);
    let live: { fact: LiveChannelFact; info?: ChannelInfo } | undefined;
    if (result.unresolved.length > 0) {
        live = await readLive(clientFor(), channelId);
        if (live.fact.kind === "unreadable") {
            throw new ReplacementRefusedError(
                `The state of official channel ${channelId} does not record ${result.unresolved.join(", ")}, and the live channel could not be read to compare it ` +
                    `(${live.fact.reason}). Nothing was changed; run the command again, or \`pulumi refresh\` to record the channel's current values.`,
            );
        }
        // Gone: there is nothing left to replace; the update that follows reports 130004 with advice.
        if (live.info !== undefined) result = diffChannel({ ...olds, channelId, owner: live.info.owner }, news, id);
    }
    if (result.replaces.length > 0) {
        const newOwner = news.owner;
        const client = clientFor();
        const [liveNow, ownerFact] = await Promise.all([
            live ?? readLive(client, channelId),
            result.replaces.includes("owner") && typeof newOwner === "string" && newOwner !== UNKNOWN
                ? checkOwner(client, newOwner)
                : undefined,
        ]);
        const decision = decideReplacement({
            channelId,
            replaces: result.replaces,
            olds: { ...olds, channelId, ...(live?.info ? { owner: live.info.owner } : {}) },
            news,
            deleteBeforeReplace: result.deleteBeforeReplace,
            autoNamed: result.autoNamed,
            live: liveNow.fact,
            ...(ownerFact ? { newOwner: ownerFact } : {}),
        });
        if (decision.kind === "refuse") throw new ReplacementRefusedError(decision.message);
        for (const note of decision.notes) warn(`${channelId}: ${note}`);
    }
    return result;
}

/** {@link planDiff} in the shape the dynamic-provider host expects. */
export async function diff(...args: Parameters<typeof planDiff>): Promise<pulumi.dynamic.DiffResult> {
    const { changes, replaces, deleteBeforeReplace } = await planDiff(...args);
    return { changes, replaces, deleteBeforeReplace };
}

/** One per host process: every resource of a deployment runs its creates here (see kit/claims.ts). */
const claims = new Claims();

function duplicateError(id: string, conflict: ClaimConflict): ChannelConflictError {
    return new ChannelConflictError(
        `Official channel ${id} is already declared in this deployment by ${describeHolder(conflict)}. Two resources must not manage one channel: ` +
            "destroying either would delete it under the other. Remove the duplicate declaration, or give this one another channelId.",
    );
}

/**
 * Pulumi `create`: creates the channel, or takes over one that is provably this resource's own
 * earlier attempt (or adopted on request). Refuses a channel another resource of this deployment
 * declares. @throws ChannelConflictError for someone else's channel; ChannelPartiallyCreatedError
 * when the channel exists but a later step failed (the engine keeps it in state).
 */
export async function create(client: ChatClient, raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    const inputs = asChecked(raw);
    const id = inputs.channelId;
    const holder = resourceUrnOf(raw);
    const conflict = claims.begin(id, holder);
    if (conflict) throw duplicateError(id, conflict);
    const earlierAttemptLost = claims.lostAttemptOf(id, holder);
    let outcome: "created" | "lost" | "failed" = "failed";
    /** An attempt of this call may have been applied: unless settled, the ID may hold our channel. */
    let maybeCreated = false;
    try {
        try {
            await client.createChannel(desiredChannel(inputs));
        } catch (error) {
            maybeCreated = error instanceof TencentChatError && error.ambiguous;
            // 130008 after an attempt of this very call may have been applied is our own lost attempt.
            if (hasCode(error, TencentCode.CHANNEL_ID_IN_USE))
                await takeOverExisting(client, inputs, earlierAttemptLost || error.ambiguous);
            else if (!(await createdAfterAll(client, inputs, error))) throw error;
        }
        outcome = "created";
        try {
            const info = await client.loadChannel(id);
            return { id, outs: toOutputs(inputs, info) };
        } catch (error) {
            throw new ChannelPartiallyCreatedError(id, toOutputs(inputs, undefined), error);
        }
    } catch (error) {
        if (reattachProvider(error, raw)) outcome = "created";
        else if (outcome === "failed" && maybeCreated) outcome = "lost";
        throw error;
    } finally {
        claims.end(id, outcome);
    }
}

function classify(inputs: CheckedChannelInputs, existing: ChannelInfo, lostAttempt: boolean) {
    return classifyExistingChannel({
        channelId: inputs.channelId,
        declared: inputs,
        live: existing,
        lostAttemptInThisProcess: lostAttempt,
        nowSeconds: Math.floor(Date.now() / 1000),
    });
}

/**
 * A create that failed after a request may have reached Tencent (a lost response, then retries that
 * never got through) leaves the channel possibly created but in no state. One read settles it: a
 * channel that matches this declaration exactly is this attempt's, and is returned as created.
 * Anything else (not there, someone else's, or the read failing too) keeps the original error, and
 * the next create recognises its own earlier attempt through 130008.
 */
async function createdAfterAll(client: ChatClient, inputs: CheckedChannelInputs, error: unknown): Promise<boolean> {
    if (!(error instanceof TencentChatError) || !error.ambiguous) return false;
    try {
        const existing = await client.loadChannel(inputs.channelId);
        return classify({ ...inputs, adopt: false }, existing, true).kind === "ownAttempt";
    } catch {
        return false;
    }
}

/** Fields that change in place but cannot be read back, so no comparison can show them differing. */
const UNCOMPARED_UPDATABLE = UPDATABLE_FIELDS.filter((field) => !(COMPARED_FIELDS as readonly string[]).includes(field));

/**
 * 130008: the ID is taken. It is ours to manage only with evidence that it is this resource's own
 * earlier attempt, or when the user asked to adopt it (ownership.ts decides). Anything else is
 * someone else's channel and must not be touched.
 */
async function takeOverExisting(client: ChatClient, inputs: CheckedChannelInputs, lostAttempt: boolean): Promise<void> {
    const id = inputs.channelId;
    let existing: ChannelInfo;
    try {
        existing = await client.loadChannel(id);
    } catch (error) {
        if (!hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) throw error;
        throw new ChannelConflictError(
            `Official channel ID ${id} is reserved by Tencent (${TencentCode.CHANNEL_ID_IN_USE}) but no channel with it exists, so it cannot be adopted. ` +
                `Tencent may remember destroyed IDs; choose another channelId.`,
        );
    }
    const decision = classify(inputs, existing, lostAttempt);
    if (decision.kind === "ownAttempt") return;
    if (decision.kind === "conflict") throw new ChannelConflictError(decision.message);
    // What Tencent cannot report (MaxSubscriberNum) cannot be compared, so an adopted channel always gets the declared value.
    const sent = new Set<string>([...decision.differences.map((d) => d.field), ...UNCOMPARED_UPDATABLE]);
    const changes = pick(
        inputs,
        UPDATABLE_FIELDS.filter((field) => sent.has(field)),
    ) as ChannelChanges;
    try {
        await client.modifyChannel(id, changes);
    } catch (error) {
        throw new ChannelPartiallyCreatedError(id, toOutputs(inputs, existing), error);
    }
}

/** Pulumi `read` (refresh, import): the live channel as state and inputs; no id when it is gone, so refresh drops it. */
export async function read(client: ChatClient, id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    let info: ChannelInfo;
    try {
        info = await client.loadChannel(id);
    } catch (error) {
        // Gone: returning no id makes refresh drop the channel from state.
        if (hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) {
            claims.release(id);
            return {};
        }
        throw error;
    }
    const known = asChecked({ ...props, channelId: id });
    const outs = toOutputs(known, info);
    const inputs = { ...pick(outs, CHANNEL_FIELD_NAMES), ...internalInputsOf(outs) };
    return { id, props: outs, inputs };
}

/** Pulumi `update`: sends only the changed in-place fields (one modify call, none when nothing changed). */
export async function update(
    client: ChatClient,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult> {
    const previous = asChecked(olds) as unknown as ChannelOutputs;
    const desired = asChecked(news);
    const changed = diffChannel(olds, news, id).changed.filter((f): f is (typeof UPDATABLE_FIELDS)[number] =>
        (UPDATABLE_FIELDS as readonly SettableField[]).includes(f),
    );
    if (changed.length > 0) {
        const changes: ChannelChanges = {};
        for (const field of changed) (changes as Record<string, unknown>)[field] = desired[field];
        await client.modifyChannel(id, changes);
    }
    // What only Tencent knows stays as last read: an update does not read the channel back.
    return { outs: toOutputs(desired, pick(previous, outputOnlyNames(CHANNEL_FIELD_TABLE))) };
}

/** Pulumi `delete`: destroys the channel; one already gone counts as deleted. */
export async function remove(client: ChatClient, id: string): Promise<void> {
    try {
        await client.destroyChannel(id);
    } catch (error) {
        // Already gone: that is what delete wanted.
        if (!hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) throw error;
    }
    claims.release(id);
}
