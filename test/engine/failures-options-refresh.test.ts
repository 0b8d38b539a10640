/**
 * The engine's failure semantics, resource options, refresh and provider-configuration rules
 * (scripts/engine/engine.ts cites the source of each), played through the real dynamic-provider
 * host against the emulator, asserting the provider calls and what is left on the emulator.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostDriver, pkg } from "../support/dist";
import { CHANNEL_TYPE, callsSince, startEngineFixture, type EngineFixture } from "./fixture";

const { explodingDiff } = createRequire(__filename)("./fixtures/exploding-diff.js") as { explodingDiff(base: object): object };

let f: EngineFixture;

beforeAll(async () => {
    f = await startEngineFixture(["ops", "ops2", "reader1", "reader2"]);
});

afterAll(() => f?.stop());

const urnOf = (engine: ReturnType<EngineFixture["newEngine"]>, name: string) => engine.urn(CHANNEL_TYPE, name);

describe("failures", () => {
    const declared = () => [
        f.channel("first", { channelId: "@TOA#_first", owner: "ops", name: "First" }),
        f.channel("second", { channelId: "@TOA#_second", owner: "ops", name: "Second" }),
    ];

    it("cancels the remaining steps at the first failure, and deletes nothing", async () => {
        const engine = f.newEngine({ parallel: 1 });
        await engine.up([f.channel("old", { channelId: "@TOA#_old", owner: "ops", name: "Old" })]);
        f.emulator.faults.script([{ command: "create_official_account", kind: "code", code: 130002 }]);
        const steps = await engine.up(declared());
        expect(steps.map((s) => [s.kind, s.name])).toEqual([["create", "first"]]);
        expect(steps[0]!.error).toMatch(/130002/);
        expect(f.live("@TOA#_second")).toBeUndefined();
        // "old" is no longer declared, but a failed deployment performs no deletes.
        expect(f.live("@TOA#_old")).toBeDefined();
        expect(engine.state.has(urnOf(engine, "old"))).toBe(true);
        await engine.destroy();
    });

    it("carries on past a failed step with continueOnError (pulumi up --continue-on-error)", async () => {
        const engine = f.newEngine({ parallel: 1, continueOnError: true });
        await engine.up([f.channel("old", { channelId: "@TOA#_old", owner: "ops", name: "Old" })]);
        f.emulator.faults.script([{ command: "create_official_account", kind: "code", code: 130002 }]);
        const steps = await engine.up(declared());
        expect(steps.map((s) => [s.kind, s.name, s.error === undefined])).toEqual([
            ["create", "first", false],
            ["create", "second", true],
            ["delete", "old", true],
        ]);
        expect(f.live("@TOA#_second")).toBeDefined();
        expect(f.live("@TOA#_old")).toBeUndefined();
        await engine.destroy();
    });

    it("stops at a check failure even with continueOnError: the engine bails out of step generation", async () => {
        const engine = f.newEngine({ parallel: 1, continueOnError: true });
        const steps = await engine.up([
            f.channel("invalid", { channelId: "@TOA#_invalid", owner: "ops", name: "" }),
            f.channel("valid", { channelId: "@TOA#_valid", owner: "ops", name: "Valid" }),
        ]);
        expect(steps.map((s) => [s.kind, s.name])).toEqual([["create", "invalid"]]);
        expect(steps[0]!.error).toMatch(/name: must not be empty/);
        expect(f.live("@TOA#_valid")).toBeUndefined();
    });

    it("updates a partially failed channel on the next up even though diff reports no change", async () => {
        const engine = f.newEngine();
        const partial = [f.channel("partial", { channelId: "@TOA#_partial", owner: "ops", name: "Partial", adopt: true })];
        // The channel is adopted, then bringing it to the declared values fails with a code that is not retried
        // (a plain create no longer reads back, so adoption is where a later step can fail).
        await f.console.createChannel({ channelId: "@TOA#_partial", owner: "ops", name: "Partial" });
        f.emulator.faults.script([{ command: "modify_official_account_base_info", kind: "code", code: 130002 }]);
        const failed = await engine.up(partial);
        expect(failed[0]!.error).toMatch(/130002/);
        expect(engine.state.get(urnOf(engine, "partial"))!.initErrors?.length).toBeGreaterThan(0);

        const mark = engine.calls.length;
        const steps = await engine.up(partial);
        expect(steps.map((s) => [s.kind, s.error])).toEqual([["update", undefined]]);
        expect(steps[0]!.changes).toEqual([]);
        expect(callsSince(engine, mark)).toEqual([
            "check partial with olds",
            "diff partial @TOA#_partial",
            "update partial @TOA#_partial",
        ]);
        expect(engine.state.get(urnOf(engine, "partial"))!.initErrors).toBeUndefined();
        expect((await engine.up(partial)).map((s) => s.kind)).toEqual(["same"]);
        await engine.destroy();
    });
});

describe("resource options", () => {
    it("protect: refuses delete and replace, and calls nothing that would touch the channel", async () => {
        const engine = f.newEngine();
        const guarded = (owner: string, protect: boolean) => [
            f.channel("guarded", { channelId: "@TOA#_guarded", owner, name: "Guarded" }, { options: { protect } }),
        ];
        await engine.up(guarded("ops", true));

        let mark = engine.calls.length;
        const destroy = await engine.destroy();
        expect(destroy.map((s) => s.kind)).toEqual(["delete"]);
        expect(destroy[0]!.error).toMatch(/unable to delete resource .* protected|marked for protection/s);
        expect(callsSince(engine, mark)).toEqual([]);
        expect(engine.state.has(urnOf(engine, "guarded"))).toBe(true);

        // A preview shows the replacement that causes the refusal, with the error.
        const preview = await engine.preview(guarded("ops2", true));
        expect(preview.map((s) => s.kind)).toEqual(["replace"]);
        expect(preview[0]!.error).toMatch(/unable to replace resource .* protection/s);

        mark = engine.calls.length;
        const replace = await engine.up(guarded("ops2", true));
        expect(replace[0]!.error).toMatch(/unable to replace resource .* protection/s);
        expect(callsSince(engine, mark)).toEqual(["check guarded with olds", "diff guarded @TOA#_guarded"]);
        expect(f.live("@TOA#_guarded")).toMatchObject({ owner: "ops" });

        // Unprotecting is an up of its own; then destroy deletes it.
        await engine.up(guarded("ops", false));
        expect((await engine.destroy()).map((s) => [s.kind, s.error])).toEqual([["delete", undefined]]);
        expect(f.live("@TOA#_guarded")).toBeUndefined();
    });

    it("retainOnDelete: destroy leaves the channel on Tencent and drops it from the state", async () => {
        const engine = f.newEngine();
        await engine.up([
            f.channel("kept", { channelId: "@TOA#_kept", owner: "ops", name: "Kept" }, { options: { retainOnDelete: true } }),
        ]);
        const mark = engine.calls.length;
        const steps = await engine.destroy();
        expect(steps.map((s) => [s.kind, s.retained, s.error])).toEqual([["delete", true, undefined]]);
        expect(callsSince(engine, mark)).toEqual([]);
        expect(engine.state.size).toBe(0);
        expect(f.live("@TOA#_kept")).toBeDefined();
        await f.console.destroyChannel("@TOA#_kept");
    });

    it("ignoreChanges: an ignored input keeps its old value, so nothing changes", async () => {
        const engine = f.newEngine();
        await engine.up([f.channel("quiet", { channelId: "@TOA#_quiet", owner: "ops", name: "Original" })]);
        const steps = await engine.up([
            f.channel(
                "quiet",
                { channelId: "@TOA#_quiet", owner: "ops", name: "Edited" },
                { options: { ignoreChanges: ["name"] } },
            ),
        ]);
        expect(steps.map((s) => s.kind)).toEqual(["same"]);
        expect(engine.state.get(urnOf(engine, "quiet"))!.inputs.name).toBe("Original");
        expect(f.live("@TOA#_quiet")).toMatchObject({ name: "Original" });
        await engine.destroy();
    });

    it("deleteBeforeReplace: the option overrides the provider's create-first answer", async () => {
        const engine = f.newEngine();
        const moving = (channelId: string) => [
            f.channel("moving", { channelId, owner: "ops", name: "Moving" }, { options: { deleteBeforeReplace: true } }),
        ];
        await engine.up(moving("@TOA#_from"));
        const mark = engine.calls.length;
        const steps = await engine.up(moving("@TOA#_to"));
        expect(steps.map((s) => [s.kind, s.id, s.error])).toEqual([
            ["delete-replaced", "@TOA#_from", undefined],
            ["replace", "@TOA#_to", undefined],
        ]);
        expect(callsSince(engine, mark)).toEqual([
            "check moving with olds",
            "diff moving @TOA#_from",
            "check moving without olds",
            "delete moving @TOA#_from",
            "create moving @TOA#_to",
        ]);
        expect(f.live("@TOA#_from")).toBeUndefined();
        await engine.destroy();
    });
});

describe("refresh", () => {
    it("reads, then diffs the refreshed outputs against the old inputs: drift is what the provider's diff reports", async () => {
        const engine = f.newEngine();
        await engine.up([f.channel("watched", { channelId: "@TOA#_watched", owner: "ops", name: "Watched" })]);

        // Only an output moved (subscribers): the provider's diff sees no change, so no drift.
        await f.console.addSubscribers("@TOA#_watched", ["reader1", "reader2"]);
        let mark = engine.calls.length;
        const quiet = await engine.refresh();
        expect(callsSince(engine, mark)).toEqual(["read watched @TOA#_watched", "diff watched @TOA#_watched"]);
        expect(quiet.map((s) => [s.kind, s.changes, s.error])).toEqual([["refresh", [], undefined]]);
        expect(engine.state.get(urnOf(engine, "watched"))!.outputs.subscriberCount).toBe(2);

        // A drifted channel with subscribers: the drift is shown, and diff does not fail the refresh.
        await f.console.modifyChannel("@TOA#_watched", { name: "Renamed in the console" });
        mark = engine.calls.length;
        const drift = await engine.refresh();
        expect(callsSince(engine, mark)).toEqual(["read watched @TOA#_watched", "diff watched @TOA#_watched"]);
        expect(drift[0]!.error).toBeUndefined();
        expect(drift[0]!.changes).toContainEqual({ field: "name", from: "Watched", to: "Renamed in the console" });
        await engine.destroy();
    });

    it("keeps the internal inputs through a refresh, so the next up shows only the drift it reverts", async () => {
        const engine = f.newEngine();
        const urn = "urn:pulumi:test::project::pulumi-nodejs:dynamic:Resource::kept";
        const declared = [f.channel("kept", { owner: "ops", name: "Kept", nameHint: "kept", __urn: urn })];
        await engine.up(declared);
        await f.console.modifyChannel(engine.state.get(urnOf(engine, "kept"))!.id, { name: "Renamed in the console" });

        await engine.refresh();
        expect(engine.state.get(urnOf(engine, "kept"))!.inputs).toMatchObject({ nameHint: "kept", __urn: urn });
        const up = await engine.up(declared);
        expect(up.map((s) => [s.kind, s.changes.map((c) => c.field)])).toEqual([["update", ["name"]]]);
        await engine.destroy();
    });

    it("fails the refresh step when the provider's diff throws, and keeps the old state", async () => {
        const engine = f.newEngine();
        await engine.up([f.channel("fragile", { channelId: "@TOA#_fragile", owner: "ops", name: "Fragile" })]);
        const entry = engine.state.get(urnOf(engine, "fragile"))!;
        // The refresh diff loads the provider from the old inputs (news): make that one's diff throw.
        const exploding = await hostDriver.serializeProvider(explodingDiff(pkg.officialChannelProvider));
        engine.state.set(entry.urn, { ...entry, inputs: { ...entry.inputs, __provider: exploding } });
        await f.console.modifyChannel("@TOA#_fragile", { name: "Changed" });

        const steps = await engine.refresh();
        expect(steps[0]!.error).toMatch(/diff exploded on purpose/);
        expect(engine.state.get(entry.urn)!.outputs.name).toBe("Fragile");
        engine.state.set(entry.urn, entry);
        await engine.destroy();
    });
});

describe("provider configuration", () => {
    it("refresh and destroy use the configuration saved by the last up; a changed key reaches them only after the next up", async () => {
        const engine = f.newEngine();
        await engine.up([f.channel("configured", { channelId: "@TOA#_configured", owner: "ops", name: "Configured" })]);

        // `pulumi config set --secret tencent-chat:secretKey <a key Tencent rejects>`
        await engine.setConfig(f.wrongKeyConfig);
        expect((await engine.refresh()).map((s) => s.error)).toEqual([undefined]);
        expect((await engine.refresh({ runProgram: true }))[0]!.error).toMatch(/70009/);

        // An up with nothing to change makes no API call, but saves the new configuration in the state...
        expect(
            (await engine.up([f.channel("configured", { channelId: "@TOA#_configured", owner: "ops", name: "Configured" })])).map(
                (s) => [s.kind, s.error],
            ),
        ).toEqual([["same", undefined]]);
        // ...so destroy now uses it, even after the stack config is put back.
        await engine.setConfig(f.config);
        expect((await engine.destroy())[0]!.error).toMatch(/70009/);
        expect(f.live("@TOA#_configured")).toBeDefined();
        expect((await engine.destroy({ runProgram: true })).map((s) => [s.kind, s.error])).toEqual([["delete", undefined]]);
        expect(f.live("@TOA#_configured")).toBeUndefined();
    });
});

describe("a channel destroyed and re-created by someone else under our ID (issue 18, item 1)", () => {
    it("refresh drops it from the state instead of failing; the next up refuses to take it; destroy leaves it", async () => {
        const engine = f.newEngine({ parallel: 1 });
        const declared = (name: string) => [f.channel("h1", { channelId: "@TOA#_eh1", owner: "ops", name })];
        await engine.up(declared("H1"));
        await f.console.destroyChannel("@TOA#_eh1");
        await f.console.createChannel({ channelId: "@TOA#_eh1", owner: "ops2", name: "Theirs" });
        await f.console.addSubscribers("@TOA#_eh1", ["reader1", "reader2"]);

        const refreshed = await engine.refresh();
        expect(refreshed.map((s) => [s.kind, s.error])).toEqual([["drop", undefined]]);
        expect(engine.state.has(urnOf(engine, "h1"))).toBe(false);

        // Without the channel in state the up creates, meets the taken ID, and is refused: not adopted, not replaced.
        const again = await engine.up(declared("H1 renamed"));
        expect(again.map((s) => s.kind)).toEqual(["create"]);
        expect(again[0]!.error).toMatch(/Official channel @TOA#_eh1 already exists, owned by "ops2", not "ops"\..*adopt: true/s);
        await engine.destroy();
        expect(f.live("@TOA#_eh1")).toMatchObject({ owner: "ops2", name: "Theirs", subscriberCount: 2 });
        await f.console.destroyChannel("@TOA#_eh1");
    });
});
