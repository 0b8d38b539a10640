/**
 * What each resource type does under the plugin: the same operations the dynamic provider runs
 * (provider/channel/operations.ts, provider/subscription/operations.ts), with the two things only a
 * plugin has — engine-driven auto-naming and import by id — and the per-field diff the engine
 * shows with `pulumi preview --diff`. No rule is decided here.
 */
import { echo } from "../tencent/display";
import type { ChatClient } from "../api/types";
import { subscribableChannelIdProblem } from "../fields/subscription";
import * as channel from "../channel/operations";
import * as subscription from "../subscription/operations";
import { diffSubscription } from "../subscription/diff";
import { SubscriptionError } from "../subscription/errors";
import type { DiffDecision, ReadOutcome as CoreReadOutcome } from "../kit/outcomes";
import { subscriptionIdCandidates } from "../subscription/inputs";
import { readerFor } from "../subscription/reader";
import { autoName, type Naming } from "./autoname";
import { TOKENS } from "./schema";
import type { Props } from "./values";

/** Check's answer: the inputs to keep (defaults filled in, an auto-named ID), and every failure by property. */
export interface CheckOutcome {
    inputs: Props;
    /** Empty when the inputs are valid; the engine stops the update on any failure. */
    failures: Array<{ property: string; reason: string }>;
}

/** Diff's answer, in the terms the engine's DiffResponse needs. */
export interface DiffOutcome {
    changes: boolean;
    /** Field → whether changing it replaces the resource. */
    fields: Record<string, "update" | "replace">;
    /** Delete the old resource before creating its replacement (channel IDs are unique on Tencent). */
    deleteBeforeReplace: boolean;
}

/** Read's answer: no `id` when the resource is gone (refresh drops it, import reports it missing). */
export interface ReadOutcome {
    id?: string;
    props?: Props;
    inputs?: Props;
}

/**
 * What the server calls for one resource type, with plain (unwrapped) properties. Methods throw to
 * fail the step; an error carrying `id` and `properties` (a partial create) keeps the resource in state.
 */
export interface ResourceHandler {
    check(olds: Props, news: Props, naming: Naming): Promise<CheckOutcome>;
    /**
     * `chat` builds the instance's client on first use: a diff that needs no live read (most of
     * them) then works even while the provider's settings are still unknown (preview). `warn`
     * takes the preview warnings (the server scrubs them and writes them to its log).
     */
    diff(chat: () => ChatClient, id: string, olds: Props, news: Props, warn: (line: string) => void): Promise<DiffOutcome>;
    /** `urn` is the resource's URN as the engine sends it: who is creating (two resources never share a channel). */
    create(client: ChatClient, inputs: Props, urn?: string): Promise<{ id: string; outs: Props }>;
    /**
     * `props` and `inputs` are empty for `pulumi import`; `urn` is the resource's URN; `warn` takes
     * warnings for the user (the server sends them to the engine).
     */
    read(
        client: ChatClient,
        id: string,
        props: Props,
        urn: string | undefined,
        warn: (line: string) => void,
    ): Promise<ReadOutcome>;
    update(client: ChatClient, id: string, olds: Props, news: Props): Promise<Props>;
    delete(client: ChatClient, id: string, props: Props, urn: string | undefined, warn: (line: string) => void): Promise<void>;
}

/** What either resource's diff decided, as the engine wants it: each changed field marked update or replace. */
function outcomeOf(decision: DiffDecision): DiffOutcome {
    const fields: DiffOutcome["fields"] = {};
    if (decision.changes) {
        for (const field of decision.changed) fields[field] = "update";
        for (const field of decision.replaces) fields[field] = "replace";
    }
    return { changes: decision.changes, fields, deleteBeforeReplace: decision.deleteBeforeReplace };
}

const isMissing = (value: unknown) => value === undefined || value === null;

/** The core's read outcome in the server's terms: no id when gone. */
function readOutcomeOf(outcome: CoreReadOutcome): ReadOutcome {
    return outcome === undefined ? {} : { id: outcome.id, props: outcome.state, inputs: outcome.inputs };
}

const officialChannel: ResourceHandler = {
    async check(olds, news, naming) {
        const given = { ...news };
        let namingFailure: string | undefined;
        // The previous inputs' ID is kept by check itself; only a first check needs a new name.
        if (isMissing(given.channelId) && typeof olds.channelId !== "string") {
            const named = autoName(naming);
            if ("channelId" in named) given.channelId = named.channelId;
            else namingFailure = named.failure;
        }
        const result = await channel.check(olds, given);
        const failures = result.failures ?? [];
        if (namingFailure === undefined) return { inputs: result.inputs ?? given, failures };
        return {
            inputs: result.inputs ?? given,
            failures: [{ property: "channelId", reason: namingFailure }, ...failures.filter((f) => f.property !== "channelId")],
        };
    },
    async diff(chat, id, olds, news, warn) {
        // operations.diff carries the safety rules: it reads the live channel before a replacement
        // (building the client only then) and throws to refuse one. Its warnings reach the engine's log.
        // The field list is the one the decision used (a field the state lacks is settled live there).
        return outcomeOf(await channel.planDiff(chat, id, olds, news, warn));
    },
    async create(client, inputs, urn) {
        const { id, state } = await channel.create(client, inputs, urn);
        return { id, outs: state };
    },
    async read(client, id, props, urn, warn) {
        refuseChannelId(id);
        return readOutcomeOf(await channel.read(client, id, props, { identity: urn, warn }));
    },
    async update(client, id, olds, news) {
        return channel.update(client, id, olds, news);
    },
    async delete(client, id, props, urn, warn) {
        await channel.remove(client, id, props, { ...(urn ? { identity: urn } : {}), warn });
    },
};

/**
 * A refresh or `pulumi import` of an id that no channel can have fails before any call, with the
 * rule: the id is the channel ID, and Tencent must never be asked about `news`, `""` or 100 KB.
 */
function refuseChannelId(id: string): void {
    const problem = subscribableChannelIdProblem(id);
    if (problem === undefined) return;
    throw new InvalidIdError(
        `${echo(id)} is not an OfficialChannel id: the id is the channel ID, which ${problem}. ` +
            `Import a channel with \`pulumi import ${TOKENS.channel} <name> '@TOA#_news'\`.`,
    );
}

/** An id that cannot name a resource of the type: refused before any API call. */
export class InvalidIdError extends Error {
    override name = "InvalidIdError";
}

/** Import: find the (channel, user) pair an id names. Ambiguous ids are settled by what exists. */
async function pairForImport(client: ChatClient, id: string): Promise<Props | undefined> {
    const candidates = subscriptionIdCandidates(id);
    if (candidates.length === 0) {
        throw new SubscriptionError(
            `${echo(id)} is not a ChannelSubscription id: import one as '<channelId>/<userId>', e.g. '@TOA#_news/u1'.`,
        );
    }
    if (candidates.length === 1) return { ...candidates[0] };
    const found = [];
    for (const pair of candidates)
        if ((await readerFor(client).find(pair.userId, pair.channelId)) !== undefined) found.push(pair);
    if (found.length > 1) {
        const pairs = found.map((p) => `${echo(p.channelId)} + ${echo(p.userId)}`).join("; ");
        throw new SubscriptionError(
            `${echo(id)} names more than one existing subscription (${pairs}); ` +
                "declare the subscription with channelId and userId instead of importing it.",
        );
    }
    return found[0] ? { ...found[0] } : undefined;
}

const channelSubscription: ResourceHandler = {
    async check(olds, news) {
        const result = await subscription.check(olds, news);
        return { inputs: result.inputs ?? news, failures: result.failures ?? [] };
    },
    async diff(_chat, id, olds, news) {
        // The pure decision itself, with the id that completes a state missing channelId or userId.
        return outcomeOf(diffSubscription(olds, news, id));
    },
    async create(client, inputs, urn) {
        const { id, state } = await subscription.create(client, inputs, urn);
        return { id, outs: state };
    },
    async read(client, id, props) {
        let known = props;
        if (typeof props.channelId !== "string" || typeof props.userId !== "string") {
            const pair = await pairForImport(client, id);
            if (pair === undefined) return {};
            known = pair;
        }
        return readOutcomeOf(await subscription.read(client, id, known));
    },
    async update(client, id, olds, news) {
        return subscription.update(client, id, olds, news);
    },
    async delete(client, id, props) {
        await subscription.remove(client, id, props);
    },
};

/** The resource handlers by type token (`tencent-chat:index:OfficialChannel`, `…:ChannelSubscription`). */
export const RESOURCES: Record<string, ResourceHandler> = {
    [TOKENS.channel]: officialChannel,
    [TOKENS.subscription]: channelSubscription,
};
