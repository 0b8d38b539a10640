/**
 * What OfficialChannel's provider does, given a client. Decisions (check, diff) are pure and live
 * in inputs.ts / diff.ts; this file only acts on them.
 */
import type * as pulumi from "@pulumi/pulumi";
import { TencentChatError } from "../api/errors";
import type { ChannelChanges, ChannelInfo, ChatClient, NewChannel } from "../api/types";
import { assertReplacementAllowed, diffChannel, UPDATABLE_FIELDS, type SettableField } from "./diff";
import { CHANNEL_DEFAULTS, checkChannelInputs, type CheckedChannelInputs, type ChannelOutputs } from "./inputs";

export const CHANNEL_NOT_FOUND = 130004;
export const CHANNEL_ID_IN_USE = 130008;

export function hasCode(error: unknown, code: number): error is TencentChatError {
    return error instanceof TencentChatError && error.code === code;
}

/**
 * The channel exists on Tencent but a later step failed. Carrying `id` and `properties` makes the
 * dynamic-provider host report ErrorResourceInitFailed, so the engine keeps the channel in state
 * and the next `pulumi up` continues from there instead of losing it.
 */
export class ChannelPartiallyCreatedError extends Error {
    override name = "ChannelPartiallyCreatedError";
    constructor(
        readonly id: string,
        readonly properties: ChannelOutputs & { __provider?: unknown },
        cause: unknown,
    ) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        super(`Official channel ${id} exists, but setting it up did not finish: ${reason}. It is recorded in the stack; run \`pulumi up\` again to finish.`);
        this.reasons = [reason];
    }
    readonly reasons: string[];
}

/** Someone else's channel already holds the ID. */
export class ChannelConflictError extends Error {
    override name = "ChannelConflictError";
}

function desiredChannel(inputs: CheckedChannelInputs): NewChannel {
    return {
        channelId: inputs.channelId,
        owner: inputs.owner,
        name: inputs.name,
        introduction: inputs.introduction,
        faceUrl: inputs.faceUrl,
        maxSubscribers: inputs.maxSubscribers,
        organization: inputs.organization,
        customString: inputs.customString,
    };
}

/** State = the checked inputs, Tencent's view of every readable field, and what only Tencent knows. */
function toOutputs(inputs: CheckedChannelInputs, info: ChannelInfo | undefined): ChannelOutputs {
    return {
        channelId: info?.channelId ?? inputs.channelId,
        owner: info?.owner ?? inputs.owner,
        name: info?.name ?? inputs.name,
        introduction: info?.introduction ?? inputs.introduction,
        faceUrl: info?.faceUrl ?? inputs.faceUrl,
        // Tencent never reports MaxSubscriberNum back, so the declared value is the best knowledge.
        maxSubscribers: inputs.maxSubscribers,
        organization: info?.organization ?? inputs.organization,
        customString: info?.customString ?? inputs.customString,
        adopt: inputs.adopt,
        allowReplace: inputs.allowReplace,
        subscriberCount: info?.subscriberCount ?? 0,
        createTime: info?.createTime ?? 0,
        lastMessageTime: info?.lastMessageTime ?? 0,
    };
}

/** Readable fields where Tencent's channel differs from the declared one. */
function readableDifferences(info: ChannelInfo, inputs: CheckedChannelInputs): ChannelChanges {
    const changes: ChannelChanges = {};
    for (const field of UPDATABLE_FIELDS) {
        if (field === "maxSubscribers") continue;
        const live = info[field] ?? "";
        if (live !== inputs[field]) changes[field] = inputs[field];
    }
    return changes;
}

/** Fills every field the state should hold, so plain data from any earlier version reads the same. */
function asChecked(props: Record<string, unknown>): CheckedChannelInputs {
    return { ...CHANNEL_DEFAULTS, ...props } as CheckedChannelInputs;
}

export function check(olds: Record<string, unknown>, news: Record<string, unknown>): pulumi.dynamic.CheckResult {
    return checkChannelInputs(olds ?? {}, news);
}

export function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): pulumi.dynamic.DiffResult {
    const result = diffChannel(olds, news);
    assertReplacementAllowed(olds, news, result);
    return { changes: result.changes, replaces: result.replaces, deleteBeforeReplace: result.deleteBeforeReplace };
}

export async function create(client: ChatClient, raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
    const inputs = asChecked(raw);
    const id = inputs.channelId;
    try {
        try {
            await client.createChannel(desiredChannel(inputs));
        } catch (error) {
            if (hasCode(error, CHANNEL_ID_IN_USE)) await takeOverExisting(client, inputs);
            else if (!(await createdAfterAll(client, inputs, error))) throw error;
        }
        try {
            const info = await client.loadChannel(id);
            return { id, outs: toOutputs(inputs, info) };
        } catch (error) {
            throw new ChannelPartiallyCreatedError(id, toOutputs(inputs, undefined), error);
        }
    } catch (error) {
        // The host does not re-attach `__provider` to partial-failure properties, and the engine
        // stores them as the outputs: without it, the later delete or refresh could not run.
        if (error instanceof ChannelPartiallyCreatedError) error.properties.__provider = raw.__provider;
        throw error;
    }
}

/**
 * A create that failed after a request may have reached Tencent (a lost response, then retries that
 * never got through) leaves the channel possibly created but in no state. One read settles it: a
 * channel that matches this declaration exactly is this attempt's, and is returned as created.
 * Anything else (not there, someone else's, or the read failing too) keeps the original error, and
 * the next `up` recognises its own earlier attempt through 130008.
 */
async function createdAfterAll(client: ChatClient, inputs: CheckedChannelInputs, error: unknown): Promise<boolean> {
    if (!(error instanceof TencentChatError) || !error.ambiguous) return false;
    try {
        const existing = await client.loadChannel(inputs.channelId);
        return existing.owner === inputs.owner && Object.keys(readableDifferences(existing, inputs)).length === 0;
    } catch {
        return false;
    }
}

/**
 * 130008: the ID is taken. It is ours to manage when it is our own earlier attempt (a create whose
 * response was lost, or an `up` interrupted before the state was saved: same owner and fields) or
 * when the user asked to adopt it. Anything else is someone else's channel and must not be touched.
 */
async function takeOverExisting(client: ChatClient, inputs: CheckedChannelInputs): Promise<void> {
    const id = inputs.channelId;
    let existing: ChannelInfo;
    try {
        existing = await client.loadChannel(id);
    } catch (error) {
        if (!hasCode(error, CHANNEL_NOT_FOUND)) throw error;
        throw new ChannelConflictError(
            `Official channel ID ${id} is reserved by Tencent (130008) but no channel with it exists, so it cannot be adopted. ` +
                `Tencent may remember destroyed IDs; choose another channelId.`,
        );
    }
    if (existing.owner !== inputs.owner) {
        throw new ChannelConflictError(
            `Official channel ${id} already exists, owned by ${JSON.stringify(existing.owner)}, not ${JSON.stringify(inputs.owner)}. ` +
                `The owner cannot change in place: to manage this channel set owner: ${JSON.stringify(existing.owner)} and adopt: true; otherwise choose another channelId.`,
        );
    }
    const changes = readableDifferences(existing, inputs);
    const differing = Object.keys(changes);
    if (!inputs.adopt) {
        if (differing.length === 0) return; // our own earlier attempt
        throw new ChannelConflictError(
            `Official channel ${id} already exists and differs from this program in ${differing.join(", ")}, so it was not created by this stack. ` +
                `Set \`adopt: true\` to take it over (its fields will be changed to the declared values), or choose another channelId. ` +
                `(Dynamic providers cannot be used with \`pulumi import\`.)`,
        );
    }
    try {
        // MaxSubscriberNum cannot be read, so an adopted channel always gets the declared value.
        await client.modifyChannel(id, { ...changes, maxSubscribers: inputs.maxSubscribers });
    } catch (error) {
        throw new ChannelPartiallyCreatedError(id, toOutputs(inputs, existing), error);
    }
}

export async function read(client: ChatClient, id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
    let info: ChannelInfo;
    try {
        info = await client.loadChannel(id);
    } catch (error) {
        // Gone: returning no id makes refresh drop the channel from state.
        if (hasCode(error, CHANNEL_NOT_FOUND)) return {};
        throw error;
    }
    const known = asChecked({ ...props, channelId: id });
    const outs = toOutputs(known, info);
    const inputs: CheckedChannelInputs = {
        channelId: outs.channelId,
        owner: outs.owner,
        name: outs.name,
        introduction: outs.introduction,
        faceUrl: outs.faceUrl,
        maxSubscribers: outs.maxSubscribers,
        organization: outs.organization,
        customString: outs.customString,
        adopt: outs.adopt,
        allowReplace: outs.allowReplace,
    };
    return { id, props: outs, inputs };
}

export async function update(
    client: ChatClient,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult> {
    const previous = asChecked(olds) as unknown as ChannelOutputs;
    const desired = asChecked(news);
    const changed = diffChannel(olds, news).changed.filter((f): f is (typeof UPDATABLE_FIELDS)[number] =>
        (UPDATABLE_FIELDS as readonly SettableField[]).includes(f),
    );
    if (changed.length > 0) {
        const changes: ChannelChanges = {};
        for (const field of changed) (changes as Record<string, unknown>)[field] = desired[field];
        await client.modifyChannel(id, changes);
    }
    const outs: ChannelOutputs = {
        ...toOutputs(desired, undefined),
        subscriberCount: previous.subscriberCount ?? 0,
        createTime: previous.createTime ?? 0,
        lastMessageTime: previous.lastMessageTime ?? 0,
    };
    return { outs };
}

export async function remove(client: ChatClient, id: string): Promise<void> {
    try {
        await client.destroyChannel(id);
    } catch (error) {
        if (hasCode(error, CHANNEL_NOT_FOUND)) return; // already gone: that is what delete wanted
        throw error;
    }
}
