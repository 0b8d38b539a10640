/**
 * Issue 9's four ways to lose a channel, and issue 10's replacement and refresh rules, played at
 * Pulumi's engine boundary: the real dynamic-provider host over gRPC, in the order the engine
 * issues the calls (check, diff, then — as the diff plans — check again without olds, delete and
 * create), against the emulator. Each test asserts what is left on the emulator.
 *
 * The engine order is written out here rather than taken from scripts/engine, so that each test
 * shows the exact sequence it stands for (pulumi/pulumi pkg/resource/deploy/step_generator.go:
 * Check with olds, Diff, then for a replacement Check without olds; create-before-delete unless
 * deleteBeforeReplace; refresh = Read then Diff(refreshed outputs, old inputs)).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator/index";
import type { ChatClient } from "../../provider/api/types";
import { HostCallError, type DiffResponse, type ProviderHost, type Props } from "../../scripts/engine/host";
import { CHANNEL_TYPE, hostDriver, pkg, repoRoot } from "../support/dist";
import { countCalls, PROJECT, startHostFixture, UNKNOWN, type HostFixture } from "../support/host-fixture";

let fixture: HostFixture;
let emulator: EmulatorHandle;
let host: ProviderHost;
let console_: ChatClient;
/** Added to the emulator's clock: how a channel created long ago is made. */
let clockOffsetMs = 0;

beforeAll(async () => {
    fixture = await startHostFixture({
        provider: pkg.officialChannelProvider,
        emulator: { users: ["ops", "ops2", "alice", "reader1", "reader2", "reader3"], nowMs: () => Date.now() + clockOffsetMs },
    });
    ({ emulator, host, console: console_ } = fixture);
});

afterAll(() => fixture?.stop());

interface Resource {
    urn: string;
    id: string;
    inputs: Props;
    outputs: Props;
}

const urnOf = (name: string, stack = "dev") => `urn:pulumi:${stack}::${PROJECT}::${CHANNEL_TYPE}::${name}`;
/** What `new OfficialChannel(name, args)` sends: the args, the provider text and the internal URN input. */
const declare = (urn: string, args: Props): Props => ({ ...args, __provider: fixture.providerText, __urn: urn });
const live = (id: string) => emulator.channels().find((c) => c.channelId === id);
const subscribersOf = (id: string) => (live(id)?.subscribers ?? []).map((s) => s.userId).sort();
const message = (error: unknown) => (error instanceof HostCallError ? error.details : String(error));

/** A first `pulumi up` of one resource: Check (no olds), Create. */
async function create(h: ProviderHost, urn: string, args: Props): Promise<Resource> {
    const checked = await h.check(urn, {}, declare(urn, args));
    expect(checked.failures).toEqual([]);
    const { id, outs } = await h.create(urn, checked.inputs);
    return { urn, id, inputs: checked.inputs, outputs: outs };
}

type UpResult =
    | { kind: "refused"; error: string; diff?: undefined }
    | { kind: "done"; diff: DiffResponse; resource: Resource; calls: string[] };

/** A later `pulumi up`: Check (olds = old inputs), Diff, then what the diff plans, in the engine's order. */
async function up(h: ProviderHost, old: Resource, args: Props): Promise<UpResult> {
    const calls: string[] = [];
    const checked = await h.check(old.urn, old.inputs, declare(old.urn, args));
    expect(checked.failures).toEqual([]);
    let diff: DiffResponse;
    try {
        diff = await h.diff(old.urn, old.id, old.outputs, old.inputs, checked.inputs);
    } catch (error) {
        return { kind: "refused", error: message(error) };
    }
    calls.push(
        `diff:${diff.changes}${diff.replaces.length ? ` replaces ${diff.replaces.join(",")}${diff.deleteBeforeReplace ? " delete-first" : " create-first"}` : ""}`,
    );
    if (diff.changes !== "DIFF_SOME") return { kind: "done", diff, resource: old, calls };
    if (diff.replaces.length === 0) {
        const outputs = await h.update(old.urn, old.id, old.outputs, old.inputs, checked.inputs);
        calls.push(`update ${old.id}`);
        return { kind: "done", diff, resource: { ...old, inputs: checked.inputs, outputs }, calls };
    }
    // Before a replacement the engine checks the inputs again WITHOUT olds.
    const fresh = await h.check(old.urn, {}, declare(old.urn, args));
    if (diff.deleteBeforeReplace) {
        await h.delete(old.urn, old.id, old.outputs, old.inputs);
        calls.push(`delete ${old.id}`);
    }
    const made = await h.create(old.urn, fresh.inputs);
    calls.push(`create ${made.id}`);
    if (!diff.deleteBeforeReplace) {
        calls.push(`(both exist: ${live(old.id) !== undefined && live(made.id) !== undefined})`);
        await h.delete(old.urn, old.id, old.outputs, old.inputs);
        calls.push(`delete ${old.id}`);
    }
    return { kind: "done", diff, resource: { urn: old.urn, id: made.id, inputs: fresh.inputs, outputs: made.outs }, calls };
}

async function destroy(h: ProviderHost, resource: Resource): Promise<void> {
    await h.delete(resource.urn, resource.id, resource.outputs, resource.inputs);
}

describe("case 1: a replacement is checked against the live subscribers, not the stale state", () => {
    it("refuses an owner change while the channel has subscribers the state never saw, and goes ahead with allowReplace", async () => {
        const args = { channelId: "@TOA#_case1", owner: "ops", name: "Case 1" };
        const channel = await create(host, urnOf("case1"), args);
        expect(channel.outputs.subscriberCount).toBe(0);
        await console_.addSubscribers("@TOA#_case1", ["reader1", "reader2"]);

        const { result, calls } = await countCalls(emulator, () => up(host, channel, { ...args, owner: "ops2" }));
        expect(result.kind).toBe("refused");
        expect(result.kind === "refused" && result.error).toMatch(
            /Changing owner "ops" → "ops2" replaces official channel @TOA#_case1.*lose its 2 subscribers \(counted live just now\).*allowReplace: true/s,
        );
        expect(calls).toEqual({ get_official_account_info: 1, account_check: 1 });
        expect(live("@TOA#_case1")).toMatchObject({ owner: "ops", subscriberCount: 2 });
        expect(subscribersOf("@TOA#_case1")).toEqual(["reader1", "reader2"]);

        const allowed = await up(host, channel, { ...args, owner: "ops2", allowReplace: true });
        expect(allowed.kind === "done" && allowed.calls).toEqual([
            "diff:DIFF_SOME replaces owner delete-first",
            "delete @TOA#_case1",
            "create @TOA#_case1",
        ]);
        expect(live("@TOA#_case1")).toMatchObject({ owner: "ops2", subscriberCount: 0 });
        await destroy(host, (allowed as { resource: Resource }).resource);
    });
});

describe("case 2: an owner that is not imported never gets the channel deleted", () => {
    it("refuses the replacement in diff, naming the user and how to fix it, even with allowReplace", async () => {
        const args = { channelId: "@TOA#_case2", owner: "ops", name: "Case 2" };
        const channel = await create(host, urnOf("case2"), args);
        await console_.addSubscribers("@TOA#_case2", ["reader1"]);

        const result = await up(host, channel, { ...args, owner: "opps", allowReplace: true });
        expect(result.kind).toBe("refused");
        expect(result.kind === "refused" && result.error).toMatch(
            /"opps" is not an imported Chat user \(account_check: NotImported\).*70107.*Nothing was changed.*import "opps"/s,
        );
        expect(live("@TOA#_case2")).toMatchObject({ owner: "ops", name: "Case 2", subscriberCount: 1 });
        expect(subscribersOf("@TOA#_case2")).toEqual(["reader1"]);
        await destroy(host, channel);
    });
});

describe("case 3: twins never share a channel silently", () => {
    it("lets exactly one of five concurrent creates of one ID succeed; the others fail naming the duplicate", async () => {
        const args = { channelId: "@TOA#_case3", owner: "ops", name: "Case 3" };
        const names = ["twin-a", "twin-b", "twin-c", "twin-d", "twin-e"];
        const outcomes = await Promise.allSettled(names.map((name) => create(host, urnOf(name), args)));
        const won = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [{ name: names[i]!, resource: o.value }] : []));
        const lost = outcomes.flatMap((o) => (o.status === "rejected" ? [message(o.reason)] : []));
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(4);
        for (const text of lost) {
            expect(text).toContain(
                `Official channel @TOA#_case3 is already declared in this deployment by resource ${urnOf(won[0]!.name)} (its create is running now)`,
            );
            expect(text).toMatch(/Remove the duplicate declaration, or give this one another channelId/);
        }
        expect(emulator.channels().filter((c) => c.channelId === "@TOA#_case3")).toHaveLength(1);

        // Later in the same deployment, a sixth declaration is refused too: the ID is the first one's.
        const later = await create(host, urnOf("twin-f"), args).catch(message);
        expect(later).toContain(`already declared in this deployment by resource ${urnOf(won[0]!.name)}.`);
        await destroy(host, won[0]!.resource);
        expect(live("@TOA#_case3")).toBeUndefined();
    });

    it("refuses another stack's identical declaration of a channel in use (older than the window, with subscribers)", async () => {
        clockOffsetMs = -30 * 60_000;
        try {
            await console_.createChannel({ channelId: "@TOA#_case3b", owner: "ops", name: "Case 3b" });
        } finally {
            clockOffsetMs = 0;
        }
        await console_.addSubscribers("@TOA#_case3b", ["reader3"]);
        const otherStack = await startHost();
        try {
            const error = await create(otherStack, urnOf("twin", "prod"), {
                channelId: "@TOA#_case3b",
                owner: "ops",
                name: "Case 3b",
            }).catch(message);
            expect(error).toMatch(
                /@TOA#_case3b already exists with the declared fields, but nothing shows that this resource created it: it was created at .*\(1 subscriber now\), and this machine has no record of a create of this resource.*adopt: true/s,
            );
        } finally {
            await otherStack.stop();
        }
        expect(live("@TOA#_case3b")).toMatchObject({ owner: "ops", name: "Case 3b", subscriberCount: 1 });
        await console_.destroyChannel("@TOA#_case3b");
    });

    it("recovers a create of this resource whose outcome this process lost, however old the channel looks; another resource cannot take it", async () => {
        const args = { channelId: "@TOA#_case3d", owner: "ops", name: "Case 3d" };
        // The create is applied but its response lost; the retry meets 130008 and the read that
        // would settle it fails, so the create fails with the outcome unknown.
        emulator.faults.script([
            { command: "create_official_account", kind: "lost-response" },
            { command: "get_official_account_info", kind: "code", code: 130002 },
        ]);
        clockOffsetMs = -30 * 60_000;
        const first = await create(host, urnOf("case3d"), args).catch(message);
        clockOffsetMs = 0;
        expect(first).toMatch(/130002/);
        expect(live("@TOA#_case3d")).toBeDefined();

        const other = await create(host, urnOf("case3d-twin"), args).catch(message);
        expect(other).toContain(`already declared in this deployment by resource ${urnOf("case3d")}.`);
        // The same resource's next create recognises its own attempt although the channel is 30 minutes old.
        const again = await create(host, urnOf("case3d"), args);
        expect(again.id).toBe("@TOA#_case3d");
        expect(emulator.channels().filter((c) => c.channelId === "@TOA#_case3d")).toHaveLength(1);
        await destroy(host, again);
    });

    it("recovers this resource's interrupted create in a later process on the same machine (the journal), and refuses a twin stack's identical declaration", async () => {
        const args = { channelId: "@TOA#_case3c", owner: "ops", name: "Case 3c" };
        // An `up` whose create reached Tencent but never learned it: the process ends without a state entry.
        const interrupted = await startHost();
        try {
            emulator.faults.script([
                { command: "create_official_account", kind: "lost-response" },
                { command: "get_official_account_info", kind: "code", code: 130002 },
            ]);
            expect(await create(interrupted, urnOf("case3c"), args).catch(message)).toMatch(/130002/);
        } finally {
            await interrupted.stop();
        }
        expect(live("@TOA#_case3c")).toMatchObject({ owner: "ops", name: "Case 3c", subscriberCount: 0 });

        // Issue 18, item 4: a twin stack declaring the identical channel minutes later is refused —
        // young, identical and empty is no evidence — and the channel is left as it is.
        const twin = await startHost();
        try {
            const error = await create(twin, urnOf("case3c", "prod"), args).catch(message);
            expect(error).toMatch(
                /@TOA#_case3c already exists with the declared fields, but nothing shows that this resource created it: it was created at .*\(0 subscribers now\), and this machine has no record of a create of this resource that could have made it\. Another stack or program may manage it\. Set `adopt: true`/s,
            );
        } finally {
            await twin.stop();
        }
        expect(emulator.channels().filter((c) => c.channelId === "@TOA#_case3c")).toHaveLength(1);

        // The same resource's re-run (the fixture's host: another process, same machine) recovers it.
        const recovered = await create(host, urnOf("case3c"), args);
        expect(recovered.id).toBe("@TOA#_case3c");
        expect(recovered.outputs).toMatchObject({ owner: "ops", name: "Case 3c" });
        expect(recovered.outputs.createTime).toBeGreaterThan(0);
        expect(emulator.channels().filter((c) => c.channelId === "@TOA#_case3c")).toHaveLength(1);
        await destroy(host, recovered);
    });
});

describe("case 4: state without channelId (or owner) never plans a replacement", () => {
    it("diffs against the resource id: no change, nothing deleted, the subscribers stay", async () => {
        const args = { channelId: "@TOA#_case4", owner: "ops", name: "Case 4" };
        const channel = await create(host, urnOf("case4"), args);
        await console_.addSubscribers("@TOA#_case4", ["reader1", "reader2"]);
        const { channelId: _id, ...outputs } = channel.outputs;
        const { channelId: _in, ...inputs } = channel.inputs;
        const handEdited = { ...channel, outputs, inputs };

        const { result, calls } = await countCalls(emulator, () => up(host, handEdited, args));
        expect(result.kind === "done" && result.calls).toEqual(["diff:DIFF_NONE"]);
        expect(calls).toEqual({});
        expect(live("@TOA#_case4")).toMatchObject({ owner: "ops", subscriberCount: 2 });

        // Without owner either, diff reads the live channel to compare it: still nothing to do.
        const { owner: _owner, ...noOwner } = outputs;
        const second = await countCalls(emulator, () => up(host, { ...handEdited, outputs: noOwner }, args));
        expect(second.result.kind === "done" && second.result.calls).toEqual(["diff:DIFF_NONE"]);
        expect(second.calls).toEqual({ get_official_account_info: 1 });

        // …and a real owner change is still caught, from the live owner, and refused for the subscribers.
        const third = await up(host, { ...handEdited, outputs: noOwner }, { ...args, owner: "ops2" });
        expect(third.kind === "refused" && third.error).toMatch(/owner "ops" → "ops2".*lose its 2 subscribers/s);
        expect(subscribersOf("@TOA#_case4")).toEqual(["reader1", "reader2"]);

        // Update and delete use the id too.
        const renamed = await up(host, handEdited, { ...args, name: "Case 4 renamed" });
        expect(renamed.kind === "done" && renamed.calls).toEqual(["diff:DIFF_SOME", "update @TOA#_case4"]);
        expect(live("@TOA#_case4")).toMatchObject({ name: "Case 4 renamed", subscriberCount: 2 });
        await destroy(host, handEdited);
        expect(live("@TOA#_case4")).toBeUndefined();
    });
});

describe("replacement order follows Pulumi's auto-naming convention", () => {
    it("creates an auto-named channel's replacement under a fresh name before deleting the old one", async () => {
        const args = { owner: "ops", name: "Auto", nameHint: "auto" };
        const channel = await create(host, urnOf("auto"), args);
        expect(channel.id).toMatch(/^@TOA#_auto-[a-z0-9]{7}$/);
        const result = await up(host, channel, { ...args, owner: "ops2" });
        if (result.kind !== "done") throw new Error(result.error);
        const newId = result.resource.id;
        expect(newId).toMatch(/^@TOA#_auto-[a-z0-9]{7}$/);
        expect(newId).not.toBe(channel.id);
        expect(result.calls).toEqual([
            "diff:DIFF_SOME replaces owner create-first",
            `create ${newId}`,
            "(both exist: true)",
            `delete ${channel.id}`,
        ]);
        expect(live(channel.id)).toBeUndefined();
        expect(live(newId)).toMatchObject({ owner: "ops2", name: "Auto" });
        await destroy(host, result.resource);
    });

    it("deletes a channel with an explicit ID first, then creates it again under the same ID", async () => {
        const args = { channelId: "@TOA#_explicit", owner: "ops", name: "Explicit" };
        const channel = await create(host, urnOf("explicit"), args);
        const result = await up(host, channel, { ...args, owner: "ops2" });
        expect(result.kind === "done" && result.calls).toEqual([
            "diff:DIFF_SOME replaces owner delete-first",
            "delete @TOA#_explicit",
            "create @TOA#_explicit",
        ]);
        expect(live("@TOA#_explicit")).toMatchObject({ owner: "ops2" });
        await destroy(host, (result as { resource: Resource }).resource);
    });

    it("plans a preview with an unknown owner without refusing, and says what the up will check", async () => {
        const args = { channelId: "@TOA#_unknown", owner: "ops", name: "Unknown" };
        const channel = await create(host, urnOf("unknown"), args);
        await console_.addSubscribers("@TOA#_unknown", ["reader1"]);
        const before = host.output.length;
        const checked = await host.check(
            channel.urn,
            channel.inputs,
            declare(channel.urn, { ...args, owner: UNKNOWN, allowReplace: UNKNOWN }),
        );
        const diff = await host.diff(channel.urn, channel.id, channel.outputs, channel.inputs, checked.inputs);
        expect(diff).toEqual({ changes: "DIFF_SOME", replaces: ["owner"], deleteBeforeReplace: true });
        await waitFor(() => host.output.slice(before).join("\n").includes("unless allowReplace is true"));
        const said = host.output.slice(before).join("\n");
        expect(said).toMatch(/warning: @TOA#_unknown: The new owner is not known yet/);
        expect(said).toMatch(
            /warning: @TOA#_unknown: @TOA#_unknown has 1 subscriber now; if owner really changes, `pulumi up` will refuse this replacement unless allowReplace is true/,
        );
        expect(subscribersOf("@TOA#_unknown")).toEqual(["reader1"]);
        await destroy(host, channel);
    });
});

describe("diff inside a refresh", () => {
    it("shows console drift on a channel with subscribers as a change, never an error or a replacement", async () => {
        const args = { channelId: "@TOA#_refresh", owner: "ops", name: "Refresh" };
        const channel = await create(host, urnOf("refresh"), args);
        await console_.addSubscribers("@TOA#_refresh", ["reader1", "reader2"]);
        await console_.modifyChannel("@TOA#_refresh", { name: "Edited in console", introduction: "new" });

        // Refresh: Read with the old outputs and inputs, then Diff(refreshed outputs, old inputs), inverted by the engine.
        const read = await host.read(channel.urn, channel.id, channel.outputs, channel.inputs);
        expect(read.props).toMatchObject({ name: "Edited in console", introduction: "new", subscriberCount: 2 });
        const diff = await host.diff(channel.urn, read.id, read.props, read.inputs ?? {}, channel.inputs);
        expect(diff).toEqual({ changes: "DIFF_SOME", replaces: [], deleteBeforeReplace: false });
        expect(live("@TOA#_refresh")).toMatchObject({ name: "Edited in console", subscriberCount: 2 });

        // A refresh of a state that lacks owner (hand-edited) does not plan a replacement either.
        const { owner: _owner, ...oldInputs } = channel.inputs;
        expect(await host.diff(channel.urn, read.id, read.props, read.inputs ?? {}, oldInputs)).toMatchObject({ replaces: [] });
        await destroy(host, channel);
    });
});

/** Out of band: the channel is destroyed and created again under the same ID, as someone else would. */
async function recreate(id: string, owner: string, name: string, subscribers: string[], laterMs = 120_000): Promise<void> {
    await console_.destroyChannel(id);
    clockOffsetMs = laterMs;
    try {
        await console_.createChannel({ channelId: id, owner, name });
    } finally {
        clockOffsetMs = 0;
    }
    if (subscribers.length > 0) await console_.addSubscribers(id, subscribers);
}

/** The host's lines since `before`, once `text` shows up among them. */
async function saidSince(h: ProviderHost, before: number, text: string): Promise<string> {
    await waitFor(() => h.output.slice(before).join("\n").includes(text));
    return h.output.slice(before).join("\n");
}

describe("issue 18, item 1: a channel destroyed and re-created by someone else under our ID is not ours", () => {
    it("refuses the update, leaves it on delete, and refresh drops it from the state with a warning instead of failing", async () => {
        const args = { channelId: "@TOA#_h1", owner: "ops", name: "H1" };
        const created = await create(host, urnOf("h1"), args);
        // A create does not read back createTime; a refresh learns it, so this is the recorded-createTime case.
        const learned = await host.read(created.urn, created.id, created.outputs, created.inputs);
        const channel = { ...created, outputs: learned.props };
        expect(channel.outputs.createTime).toBeGreaterThan(0);
        await recreate("@TOA#_h1", "alice", "Alice's", ["reader1", "reader2"]);

        // up with a name change: refused before any modify, alice's channel unchanged.
        const renamed = await countCalls(emulator, () => up(host, channel, { ...args, name: "H1 renamed" }).catch(message));
        expect(renamed.result).toMatch(
            /update: The channel now at @TOA#_h1 is not the one this stack manages \(owner "ops", created (no later than )?\S+\): it was destroyed and created again, and the ID now holds another channel \(owner "alice", created \S+, 2 subscribers\)\. Renaming or changing it would change someone else's channel\. Nothing was changed\. Run `pulumi refresh` to remove @TOA#_h1 from the stack/,
        );
        expect(renamed.calls).toEqual({ get_official_account_info: 1 });
        expect(live("@TOA#_h1")).toMatchObject({ owner: "alice", name: "Alice's", subscriberCount: 2 });

        // refresh: Read returns no id (the engine drops the resource) and warns; it never throws.
        const before = host.output.length;
        const read = await host.read(channel.urn, channel.id, channel.outputs, channel.inputs);
        expect(read.id).toBe("");
        expect(await saidSince(host, before, "refresh removes")).toMatch(
            /warning: The channel now at @TOA#_h1 is not the one this stack manages .*another channel \(owner "alice", created \S+, 2 subscribers\)\. This stack's channel is gone, so refresh removes @TOA#_h1 from the stack; nothing on Tencent was changed/,
        );

        // destroy (without the refresh): alice's channel and both subscribers stay.
        const beforeDelete = host.output.length;
        await destroy(host, channel);
        expect(await saidSince(host, beforeDelete, "It was not deleted")).toMatch(
            /warning: The channel now at @TOA#_h1 is not the one this stack manages .*\. It was not deleted; this stack's channel is already gone, so @TOA#_h1 is removed from the stack\./,
        );
        expect(live("@TOA#_h1")).toMatchObject({ owner: "alice", name: "Alice's", subscriberCount: 2 });
        expect(subscribersOf("@TOA#_h1")).toEqual(["reader1", "reader2"]);
        await console_.destroyChannel("@TOA#_h1");
    });

    it("refuses a replacement of a channel re-created by the same owner (another createTime), even with allowReplace", async () => {
        const args = { channelId: "@TOA#_h2", owner: "ops", name: "H2" };
        const channel = await create(host, urnOf("h2"), args);
        await recreate("@TOA#_h2", "ops", "H2", ["reader1"]);
        const result = await up(host, channel, { ...args, owner: "ops2", allowReplace: true });
        expect(result.kind === "refused" && result.error).toMatch(
            /diff: The channel now at @TOA#_h2 is not the one this stack manages \(owner "ops", created (no later than )?\S+\): .*\(owner "ops", created \S+, 1 subscriber\)\. Replacing it would destroy someone else's channel\. Nothing was changed\./,
        );
        expect(live("@TOA#_h2")).toMatchObject({ owner: "ops", subscriberCount: 1 });
        expect(subscribersOf("@TOA#_h2")).toEqual(["reader1"]);
        await console_.destroyChannel("@TOA#_h2");
    });

    it("fills a createTime the state lacks (older state, 0 after a partial failure) from the live channel, never as a mismatch", async () => {
        const args = { channelId: "@TOA#_h3", owner: "ops", name: "H3" };
        const channel = await create(host, urnOf("h3"), args);
        const createTime = live("@TOA#_h3")!.createTime;
        const { __createdBefore: _bound, ...withoutBound } = channel.outputs;
        const older = { ...channel, outputs: { ...withoutBound, createTime: 0 } };
        const read = await host.read(older.urn, older.id, older.outputs, older.inputs);
        expect(read.props).toMatchObject({ owner: "ops", createTime });
        // update reads the channel before it writes, so its outputs carry the real createTime too.
        const renamed = await up(host, older, { ...args, name: "H3 renamed" });
        expect(renamed.kind === "done" && renamed.calls).toEqual(["diff:DIFF_SOME", "update @TOA#_h3"]);
        expect(renamed.kind === "done" && renamed.resource.outputs.createTime).toBe(createTime);
        expect(live("@TOA#_h3")).toMatchObject({ name: "H3 renamed" });
        const { createTime: _t, ...noTime } = channel.outputs;
        await destroy(host, { ...channel, outputs: noTime });
        expect(live("@TOA#_h3")).toBeUndefined();
    });
});

describe("issue 18, item 3: the replacement preflight is checked again at the delete it planned", () => {
    it("refuses the delete when users subscribed between diff and delete, and lets allowReplace go ahead", async () => {
        const args = { channelId: "@TOA#_race", owner: "ops", name: "Race" };
        const channel = await create(host, urnOf("race"), args);
        const checked = await host.check(channel.urn, channel.inputs, declare(channel.urn, { ...args, owner: "ops2" }));
        const planned = await host.diff(channel.urn, channel.id, channel.outputs, channel.inputs, checked.inputs);
        expect(planned).toEqual({ changes: "DIFF_SOME", replaces: ["owner"], deleteBeforeReplace: true });
        // Two users subscribe before the engine's delete.
        await console_.addSubscribers("@TOA#_race", ["reader1", "reader2"]);
        const refused = await host.delete(channel.urn, channel.id, channel.outputs, channel.inputs).catch(message);
        expect(refused).toContain(
            "delete: Official channel @TOA#_race was to be replaced, but it has 2 subscribers now (counted live just before deleting it; none when the replacement was planned). " +
                "Nothing was deleted. To go ahead anyway, set `allowReplace: true` on this channel; to keep the subscribers, revert the change.",
        );
        expect(live("@TOA#_race")).toMatchObject({ owner: "ops", subscriberCount: 2 });
        expect(subscribersOf("@TOA#_race")).toEqual(["reader1", "reader2"]);

        const allowed = await up(host, channel, { ...args, owner: "ops2", allowReplace: true });
        expect(allowed.kind === "done" && allowed.calls).toEqual([
            "diff:DIFF_SOME replaces owner delete-first",
            "delete @TOA#_race",
            "create @TOA#_race",
        ]);
        expect(live("@TOA#_race")).toMatchObject({ owner: "ops2", subscriberCount: 0 });
        await destroy(host, (allowed as { resource: Resource }).resource);
    });
});

describe("issue 18, item 6: a create without a resource identity", () => {
    it("neither clears another resource's claim nor lets a later adopt: true resource take the channel", async () => {
        const args = { channelId: "@TOA#_anon", owner: "ops", name: "Anon" };
        const first = await create(host, urnOf("anon-a"), args);
        const { __urn: _urn, ...anonymous } = declare(urnOf("anon-b"), args);
        const checked = await host.check(urnOf("anon-b"), {}, anonymous);
        const second = await host.create(urnOf("anon-b"), checked.inputs).catch(message);
        expect(second).toContain(
            `create: Official channel @TOA#_anon is already declared in this deployment by resource ${urnOf("anon-a")}. Two resources must not manage one channel: ` +
                "destroying either would delete it under the other. Remove the duplicate declaration, or give this one another channelId.",
        );
        const third = await create(host, urnOf("anon-c"), { ...args, adopt: true }).catch(message);
        expect(third).toContain(`@TOA#_anon is already declared in this deployment by resource ${urnOf("anon-a")}.`);
        expect(emulator.channels().filter((c) => c.channelId === "@TOA#_anon")).toHaveLength(1);
        expect(live("@TOA#_anon")).toMatchObject({ owner: "ops", name: "Anon" });
        await destroy(host, first);
    });
});

describe("invalid IDs never reach Tencent", () => {
    it("refuses read and delete of an empty or 100 KB id with the rule and the size, making no call", async () => {
        const urn = urnOf("bad-id");
        const long = `@TOA#_${"x".repeat(100_000)}`;
        const state = { __provider: fixture.providerText };
        const { result, calls } = await countCalls(emulator, async () => [
            await host.read(urn, "", state, {}).catch(message),
            await host.delete(urn, "", state, {}).catch(message),
            await host.read(urn, long, state, {}).catch(message),
        ]);
        expect(result[0]).toContain(
            'read: Cannot read official channel "": the ID must start with "@TOA#_". Channel IDs are printable ASCII starting with "@TOA#_", at most 48 bytes (this one is 0). Nothing was sent to Tencent.',
        );
        expect(result[1]).toMatch(
            /delete: Cannot delete official channel "": the ID must start with "@TOA#_"\..*Nothing was sent to Tencent\.$/,
        );
        expect(result[2]).toMatch(
            /read: Cannot read official channel "@TOA#_x{60,80}…" \(100,006 bytes in all\): the ID must be at most 48 bytes \(got 100006\)\..*\(this one is 100006\)\. Nothing was sent to Tencent\.$/,
        );
        expect(String(result[2]).length).toBeLessThan(600);
        expect(calls).toEqual({});
    });
});

describe("check at the engine boundary", () => {
    it("rejects an unknown field with a suggestion and a non-finite number, with no API call", async () => {
        const urn = urnOf("typo");
        const { result, calls } = await countCalls(emulator, () =>
            host.check(
                urn,
                {},
                declare(urn, {
                    channelId: "@TOA#_typo",
                    owner: "ops",
                    name: "T",
                    introducton: "hi",
                    maxSubscribers: Number.POSITIVE_INFINITY,
                }),
            ),
        );
        expect(result.failures).toEqual([
            { property: "introducton", reason: "is not an input of OfficialChannel; did you mean `introduction`?" },
            { property: "maxSubscribers", reason: expect.stringContaining("Infinity, which is not a finite number") },
        ]);
        expect(calls).toEqual({});
    });
});

async function startHost(): Promise<ProviderHost> {
    // The same machine as the fixture's host: the same cache directory, so the same journal.
    const other = await hostDriver.ProviderHost.start({ cwd: repoRoot, project: PROJECT, env: fixture.env });
    await other.configure(
        {
            "tencent-chat:sdkAppId": String(emulator.settings.sdkAppId),
            "tencent-chat:secretKey": emulator.settings.secretKey,
            "tencent-chat:endpoint": emulator.url,
        },
        ["tencent-chat:secretKey"],
    );
    return other;
}

/** The host's stderr arrives asynchronously; wait (boundedly) for a line to show up. */
async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error("timed out waiting for host output");
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}
