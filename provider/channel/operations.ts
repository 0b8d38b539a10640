/**
 * What OfficialChannel's provider does, given a client. It gathers facts and performs I/O; the
 * decisions are pure and live elsewhere: inputs.ts (check), diff.ts (what changed), preflight.ts
 * (may a replacement go ahead), ownership.ts (whose is an existing channel), live.ts (live vs declared).
 */
import { TencentCode } from "../tencent/codes";
import { echo } from "../tencent/display";
import { BYTE_LIMITS, utf8Bytes } from "../tencent/wire";
import { hasCode, TencentChatError } from "../api/errors";
import type { ChannelChanges, ChannelInfo, ChatClient, NewChannel } from "../api/types";
import { Claims, describeHolder, underClaim, type ClaimConflict, type ClaimedAttempt } from "../kit/claims";
import { CreateJournal } from "../kit/journal";
import type { CheckResult } from "../kit/inputs";
import { internalInputsOf } from "../kit/internal-inputs";
import type { Created, Props, ReadOutcome } from "../kit/outcomes";
import { PartiallyCreatedError } from "../kit/partial";
import { UNKNOWN } from "../kit/unknown";
import { CHANNEL_FIELD_TABLE } from "../fields/channel";
import { subscribableChannelIdProblem } from "../fields/subscription";
import { outputOnlyNames, pick, stateOf } from "../fields/types";
import { diffChannel, SETTABLE_FIELDS, UPDATABLE_FIELDS, type ChannelDiff, type SettableField } from "./diff";
import { CHANNEL_DEFAULTS, CHANNEL_FIELD_NAMES, checkChannelInputs } from "./inputs";
import type { CheckedChannelInputs, ChannelOutputs } from "./types";
import { compareInstance, CREATED_BEFORE, foreignInstanceText, type InstanceVerdict } from "./identity";
import { COMPARED_FIELDS } from "./live";
import { classifyExistingChannel } from "./ownership";
import { decideReplacement, type LiveChannelFact, type NewOwnerFact } from "./preflight";

/**
 * The channel exists on Tencent but a later step failed. It carries `id` and `properties`, which
 * each adapter hands its engine as a resource that exists but did not finish, so the engine keeps
 * the channel in state and the next `pulumi up` continues from there instead of losing it.
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

/** What the state holds, as the plain data both engines store. */
type ChannelState = ChannelOutputs & Props;

/** State = the checked inputs, Tencent's view of every readable field, and what only Tencent knows. */
function toOutputs(inputs: CheckedChannelInputs, info: object | undefined): ChannelState {
    // Tencent never reports MaxSubscriberNum back, so the declared value is the best knowledge.
    return { ...stateOf<ChannelState>(CHANNEL_FIELD_TABLE, inputs, info), ...internalInputsOf(inputs) };
}

/** Fills every field the state should hold, so plain data from any earlier version reads the same. */
function asChecked(props: Record<string, unknown>): CheckedChannelInputs {
    return { ...CHANNEL_DEFAULTS, ...props } as CheckedChannelInputs;
}

/** `check` for OfficialChannel: validated inputs with defaults (and an auto-generated ID) filled, or every failure. */
export function check(olds: Record<string, unknown>, news: Record<string, unknown>): CheckResult {
    return checkChannelInputs(olds ?? {}, news);
}

/** A replacement the preflight refused: what it would destroy, and what to do. */
export class ReplacementRefusedError extends Error {
    override name = "ReplacementRefusedError";
}

/** The channel at the ID is not the instance the state records: it must not be changed or deleted. */
export class ForeignChannelError extends Error {
    override name = "ForeignChannelError";
}

/** An ID that is not a channel ID never reaches Tencent. */
export class InvalidChannelIdError extends Error {
    override name = "InvalidChannelIdError";
}

/** Where the core's warnings go (the host shows them as diagnostics). */
export type Warn = (line: string) => void;

/**
 * Refuses an id that cannot name a channel before any call: `action` ("read", "delete", …) says
 * what was asked. Tencent-assigned IDs are valid here, as for subscriptions.
 */
function assertChannelId(id: unknown, action: string): asserts id is string {
    const text = typeof id === "string" ? id : "";
    const problem = typeof id === "string" ? subscribableChannelIdProblem(id) : `must be a string (got ${typeof id})`;
    if (problem === undefined) return;
    throw new InvalidChannelIdError(
        `Cannot ${action} official channel ${echo(text)}: the ID ${problem}. ` +
            `Channel IDs are printable ASCII starting with "@TOA#_", at most ${BYTE_LIMITS.channelId} bytes (this one is ${utf8Bytes(text)}). Nothing was sent to Tencent.`,
    );
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
 * Replacements this process planned, by channel ID: the engine's delete of the old channel comes
 * later (after other resources' steps, or after the new channel's create), and subscribers may
 * arrive in between. Without allowReplace, that delete counts them again (see remove).
 */
const plannedReplacements = new Map<string, { allowReplace: boolean }>();

function refuseForeign(id: string, verdict: Extract<InstanceVerdict, { kind: "different" }>, what: string): never {
    throw new ForeignChannelError(
        `${foreignInstanceText(id, verdict)}. ${what} Nothing was changed. Run \`pulumi refresh\` to remove ${id} from the stack; ` +
            "to manage the channel that is there now, declare it with its owner and `adopt: true`, or choose another channelId.",
    );
}

/**
 * `diff`, also run inside `pulumi refresh` (olds = refreshed outputs, news = old inputs).
 * Reads Tencent only when a decision needs it: to learn a replace field the state lacks, and before
 * planning a replacement (live subscribers, the new owner's account, that the channel is still the
 * one in the state). `warn` receives what a preview could not decide yet.
 */
export async function planDiff(
    /** Built only when a decision needs Tencent: most diffs need no settings and make no call. */
    clientFor: () => ChatClient,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    warn: Warn = () => undefined,
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
        const verdict = live.info && compareInstance(olds, live.info);
        if (verdict?.kind === "different") refuseForeign(channelId, verdict, "This stack cannot compare or change it.");
        // Gone: there is nothing left to replace; the update that follows reports 130004 with advice.
        if (live.info !== undefined) result = diffChannel({ ...olds, channelId, owner: live.info.owner }, news, id);
    }
    if (result.replaces.length > 0) await preflight(clientFor(), channelId, olds, news, result, live, warn);
    return result;
}

/** The replacement preflight: gathers the live facts, refuses (throws) or records the plan for the delete. */
async function preflight(
    client: ChatClient,
    channelId: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    result: ChannelDiff,
    live: { fact: LiveChannelFact; info?: ChannelInfo } | undefined,
    warn: Warn,
): Promise<void> {
    const newOwner = news.owner;
    const [liveNow, ownerFact] = await Promise.all([
        live ?? readLive(client, channelId),
        result.replaces.includes("owner") && typeof newOwner === "string" && newOwner !== UNKNOWN
            ? checkOwner(client, newOwner)
            : undefined,
    ]);
    const verdict = liveNow.info && compareInstance(olds, liveNow.info);
    if (verdict?.kind === "different") refuseForeign(channelId, verdict, "Replacing it would destroy someone else's channel.");
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
    // A preview (an unknown value) deletes nothing; the `up` that follows plans again with every value known.
    const final = news.allowReplace !== UNKNOWN && result.replaces.every((field) => news[field] !== UNKNOWN);
    if (final && liveNow.fact.kind === "exists") plannedReplacements.set(channelId, { allowReplace: news.allowReplace === true });
    for (const note of decision.notes) warn(`${channelId}: ${note}`);
}

/** One per host process: every resource of a deployment runs its creates here (see kit/claims.ts). */
const claims = new Claims();
/** Opened on first use, so the cache directory is looked up in the process that creates. */
let journal: CreateJournal | undefined;
const journalFile = () => (journal ??= new CreateJournal());

function duplicateError(id: string, conflict: ClaimConflict): ChannelConflictError {
    return new ChannelConflictError(
        `Official channel ${id} is already declared in this deployment by ${describeHolder(conflict)}. Two resources must not manage one channel: ` +
            "destroying either would delete it under the other. Remove the duplicate declaration, or give this one another channelId.",
    );
}

/** What a create knows about this resource's earlier attempts at the ID. */
interface Attempts {
    /** This process sent this resource's create and never learned its outcome. */
    lostInThisProcess: boolean;
    /** The journal's record of this resource's earlier creates (Unix seconds). */
    journalled: readonly number[];
}

/**
 * `create`: creates the channel, or takes over one that is provably this resource's own earlier
 * attempt (or adopted on request). Refuses a channel another resource of this deployment declares.
 * `identity` is the resource's URN as its host knows it (the dynamic provider's internal `__urn`
 * input, the URN the engine sends the plugin); undefined proves no sameness. @throws
 * ChannelConflictError for someone else's channel; ChannelPartiallyCreatedError when the channel
 * exists but a later step failed (the engine keeps it in state).
 */
export async function create(
    client: ChatClient,
    raw: Record<string, unknown>,
    identity: string | undefined,
): Promise<Created<ChannelState>> {
    const inputs = asChecked(raw);
    const id = inputs.channelId;
    const key = identity === undefined ? undefined : CreateJournal.keyOf(identity, id);
    return underClaim(
        claims,
        id,
        identity,
        (conflict) => duplicateError(id, conflict),
        async (attempt) => {
            // Read before this attempt is written: this attempt proves something only if its outcome is lost.
            const attempts: Attempts = {
                lostInThisProcess: attempt.lostBefore,
                journalled: key === undefined ? [] : journalFile().attemptsOf(key),
            };
            if (key !== undefined) journalFile().record(key);
            return createOrTakeOver(client, inputs, attempts, attempt);
        },
        // Only an attempt whose outcome was never learned is evidence later; a settled one is forgotten.
        (outcome) => {
            if (key !== undefined && outcome !== "lost") journalFile().forget(key);
        },
    );
}

/** The create itself, under the claim: marks the attempt `lost` when it may have been applied and did not settle. */
async function createOrTakeOver(
    client: ChatClient,
    inputs: CheckedChannelInputs,
    attempts: Attempts,
    attempt: ClaimedAttempt,
): Promise<Created<ChannelState>> {
    const id = inputs.channelId;
    /** An attempt of this call may have been applied: unless settled, the ID may hold our channel. */
    let maybeCreated = false;
    /** Tencent answered this call's create: the channel is this resource's, made no later than now. */
    let answered = false;
    try {
        await client.createChannel(desiredChannel(inputs));
        answered = true;
    } catch (error) {
        maybeCreated = error instanceof TencentChatError && error.ambiguous;
        try {
            // 130008 after an attempt of this very call may have been applied is our own lost attempt.
            if (hasCode(error, TencentCode.CHANNEL_ID_IN_USE))
                await takeOverExisting(client, inputs, {
                    ...attempts,
                    lostInThisProcess: attempts.lostInThisProcess || error.ambiguous,
                });
            else if (!(await createdAfterAll(client, inputs, error))) throw error;
        } catch (failure) {
            if (maybeCreated && !(failure instanceof PartiallyCreatedError)) attempt.outcome = "lost";
            throw failure;
        }
    }
    // No read-back: it would be a second round trip per create. createTime is filled by the first
    // read that needs it, and until then the bound tells a later instance apart (identity.ts).
    if (answered) return { id, state: { ...toOutputs(inputs, undefined), [CREATED_BEFORE]: Math.ceil(Date.now() / 1000) } };
    try {
        const info = await client.loadChannel(id);
        return { id, state: toOutputs(inputs, info) };
    } catch (error) {
        throw new ChannelPartiallyCreatedError(id, toOutputs(inputs, undefined), error);
    }
}

function classify(inputs: CheckedChannelInputs, existing: ChannelInfo, attempts: Attempts) {
    return classifyExistingChannel({
        channelId: inputs.channelId,
        declared: inputs,
        live: existing,
        lostAttemptInThisProcess: attempts.lostInThisProcess,
        journalledAttempts: attempts.journalled,
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
        return classify({ ...inputs, adopt: false }, existing, { lostInThisProcess: true, journalled: [] }).kind === "ownAttempt";
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
async function takeOverExisting(client: ChatClient, inputs: CheckedChannelInputs, attempts: Attempts): Promise<void> {
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
    const decision = classify(inputs, existing, attempts);
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

/** The ID no longer holds this resource's channel: no claim, and no earlier attempt proves anything. */
function released(id: string, identity: string | undefined): void {
    claims.release(id);
    if (identity !== undefined) journalFile().forget(CreateJournal.keyOf(identity, id));
}

/**
 * `read` (refresh, import): the live channel as state and inputs. Undefined when it is gone — or
 * when the channel at the ID is another instance than the state's (another owner or createTime: ours
 * was destroyed and the ID re-created), which `warn` explains — so refresh drops it from the state.
 * A createTime the state lacks is filled from the live channel. `identity` is the resource's URN
 * when its host knows it: a channel found gone releases that resource's records.
 */
export async function read(
    client: ChatClient,
    id: string,
    props: Record<string, unknown>,
    options: { identity?: string | undefined; warn?: Warn } = {},
): Promise<ReadOutcome<ChannelState>> {
    assertChannelId(id, "read");
    let info: ChannelInfo;
    try {
        info = await client.loadChannel(id);
    } catch (error) {
        // Gone: returning no id makes refresh drop the channel from state.
        if (hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) {
            released(id, options.identity);
            return undefined;
        }
        throw error;
    }
    const verdict = compareInstance(props, info);
    if (verdict.kind === "different") {
        options.warn?.(
            `${foreignInstanceText(id, verdict)}. This stack's channel is gone, so refresh removes ${id} from the stack; nothing on Tencent was changed. ` +
                "To manage the channel that is there now, declare it with its owner and `adopt: true`.",
        );
        released(id, options.identity);
        return undefined;
    }
    const known = asChecked({ ...props, channelId: id });
    const state = toOutputs(known, info);
    return { id, state, inputs: { ...pick(state, CHANNEL_FIELD_NAMES), ...internalInputsOf(state) } };
}

/**
 * The live channel at `id`, confirmed to be the instance `state` records. @throws ForeignChannelError
 * when it is another one; the read's own error (130004 when gone) when it cannot be confirmed.
 */
async function confirmedInstance(
    client: ChatClient,
    id: string,
    state: Record<string, unknown>,
    what: string,
): Promise<ChannelInfo> {
    const info = await client.loadChannel(id);
    const verdict = compareInstance(state, info);
    if (verdict.kind === "different") refuseForeign(id, verdict, what);
    return info;
}

/**
 * `update`: confirms the channel is still the state's instance (one batched read), then sends only
 * the changed in-place fields (one modify call, none when nothing changed). What only Tencent knows
 * (createTime, subscribers) comes from that read, so a createTime the state lacks is filled.
 * Answers the new state.
 */
export async function update(
    client: ChatClient,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<ChannelState> {
    assertChannelId(id, "update");
    const previous = asChecked(olds) as unknown as ChannelOutputs;
    const desired = asChecked(news);
    const changed = diffChannel(olds, news, id).changed.filter((f): f is (typeof UPDATABLE_FIELDS)[number] =>
        (UPDATABLE_FIELDS as readonly SettableField[]).includes(f),
    );
    let known: object = pick(previous, outputOnlyNames(CHANNEL_FIELD_TABLE));
    if (changed.length > 0) {
        const info = await confirmedInstance(client, id, olds, "Renaming or changing it would change someone else's channel.");
        const changes: ChannelChanges = {};
        for (const field of changed) (changes as Record<string, unknown>)[field] = desired[field];
        await client.modifyChannel(id, changes);
        known = pick(info, outputOnlyNames(CHANNEL_FIELD_TABLE));
    } else if (!(typeof olds.createTime === "number" && olds.createTime > 0)) {
        // Nothing to send, but the state lacks createTime: fill it if the channel can be read (best effort).
        const info = await client.loadChannel(id).catch(() => undefined);
        if (info && compareInstance(olds, info).kind === "same") known = pick(info, outputOnlyNames(CHANNEL_FIELD_TABLE));
        // Still unknown: the create's bound stays the only evidence of which instance is ours.
        else if (olds[CREATED_BEFORE] !== undefined)
            return { ...toOutputs(desired, known), [CREATED_BEFORE]: olds[CREATED_BEFORE] };
    }
    return toOutputs(desired, known);
}

/**
 * `delete`: destroys the channel — only the instance the state records. One already gone
 * counts as deleted; another instance at the ID (ours was destroyed and the ID re-created) is left
 * alone and ours counted as gone, which `warn` says. The delete of a replacement this process
 * planned without allowReplace counts the live subscribers again and refuses if any arrived.
 */
export async function remove(
    client: ChatClient,
    id: string,
    props: Record<string, unknown> = {},
    options: { identity?: string | undefined; warn?: Warn } = {},
): Promise<void> {
    assertChannelId(id, "delete");
    const plan = plannedReplacements.get(id);
    plannedReplacements.delete(id);
    let info: ChannelInfo;
    try {
        info = await client.loadChannel(id);
    } catch (error) {
        if (!hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) throw error;
        return released(id, options.identity);
    }
    const verdict = compareInstance(props, info);
    if (verdict.kind === "different") {
        options.warn?.(
            `${foreignInstanceText(id, verdict)}. It was not deleted; this stack's channel is already gone, so ${id} is removed from the stack.`,
        );
        return released(id, options.identity);
    }
    const subscribers = info.subscriberCount ?? 0;
    if (plan !== undefined && !plan.allowReplace && subscribers > 0) {
        throw new ReplacementRefusedError(
            `Official channel ${id} was to be replaced, but it has ${subscribers} subscriber${subscribers === 1 ? "" : "s"} now (counted live just before deleting it; ` +
                "none when the replacement was planned). Nothing was deleted. To go ahead anyway, set `allowReplace: true` on this channel; to keep the subscribers, revert the change.",
        );
    }
    try {
        await client.destroyChannel(id);
    } catch (error) {
        // Already gone: that is what delete wanted.
        if (!hasCode(error, TencentCode.CHANNEL_NOT_FOUND)) throw error;
    }
    released(id, options.identity);
}
