/**
 * The engine's replacement and ordering rules (scripts/engine/engine.ts cites the source of each),
 * played through the real dynamic-provider host against the emulator, asserting the provider calls
 * in order and what is left on the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callsSince, startEngineFixture, type EngineFixture } from "./fixture";

let f: EngineFixture;

beforeAll(async () => {
    f = await startEngineFixture(["ops", "ops2", "u1"]);
});

afterAll(() => f?.stop());

describe("replacements", () => {
    it("replaces an explicitly named channel delete-first: Check again without olds, delete, create under the same ID", async () => {
        const engine = f.newEngine();
        const news = (owner: string) => [f.channel("news", { channelId: "@TOA#_news", owner, name: "News" })];
        await engine.up(news("ops"));
        expect(callsSince(engine, 0)).toEqual(["check news without olds", "create news @TOA#_news"]);

        const mark = engine.calls.length;
        const steps = await engine.up(news("ops2"));
        expect(steps.map((s) => [s.kind, s.id, s.error])).toEqual([
            ["delete-replaced", "@TOA#_news", undefined],
            ["replace", "@TOA#_news", undefined],
        ]);
        expect(callsSince(engine, mark)).toEqual([
            "check news with olds",
            "diff news @TOA#_news",
            "check news without olds",
            "delete news @TOA#_news",
            "create news @TOA#_news",
        ]);
        expect(f.live("@TOA#_news")).toMatchObject({ owner: "ops2" });
        await engine.destroy();
        expect(f.live("@TOA#_news")).toBeUndefined();
    });

    // Needs the provider side of issue 10: an auto-named channel's diff asks for create-before-delete.
    it("replaces an auto-named channel create-first under a new ID, then deletes the old one", async () => {
        const engine = f.newEngine();
        const alerts = (owner: string) => [f.channel("alerts", { owner, name: "Alerts", nameHint: "alerts" })];
        await engine.up(alerts("ops"));
        const oldId = engine.state.get(engine.urn(f.channel("alerts", {}).type, "alerts"))!.id;

        const mark = engine.calls.length;
        const steps = await engine.up(alerts("ops2"));
        const newId = engine.state.get(engine.urn(f.channel("alerts", {}).type, "alerts"))!.id;
        expect(newId).toMatch(/^@TOA#_alerts-[a-z0-9]+$/);
        expect(newId).not.toBe(oldId);
        expect(steps.map((s) => [s.kind, s.id, s.deleteBeforeReplace ?? false, s.error])).toEqual([
            ["replace", newId, false, undefined],
            ["delete-replaced", oldId, false, undefined],
        ]);
        // The ID is generated afresh by the second Check, and there is never a moment without a channel.
        expect(callsSince(engine, mark)).toEqual([
            "check alerts with olds",
            `diff alerts ${oldId}`,
            "check alerts without olds",
            `create alerts ${newId}`,
            `delete alerts ${oldId}`,
        ]);
        expect(f.live(oldId)).toBeUndefined();
        expect(f.live(newId)).toMatchObject({ owner: "ops2", name: "Alerts" });
        await engine.destroy();
        expect(f.live(newId)).toBeUndefined();
    });

    it("keeps the old channel pending deletion when its delete fails, and deletes it on the next up", async () => {
        const engine = f.newEngine();
        const declared = (channelId: string) => [f.channel("moving", { channelId, owner: "ops", name: "Moving" })];
        await engine.up(declared("@TOA#_before"));

        // A new known ID: the provider asks for create-before-delete, the engine's default.
        f.emulator.faults.script([{ command: "destroy_official_account", kind: "code", code: 130002 }]);
        const failed = await engine.up(declared("@TOA#_after"));
        expect(failed.map((s) => [s.kind, s.id, s.deleteBeforeReplace])).toEqual([
            ["replace", "@TOA#_after", false],
            ["delete-replaced", "@TOA#_before", undefined],
        ]);
        expect(failed[0]!.error).toBeUndefined();
        expect(failed[1]!.error).toMatch(/130002/);
        expect(engine.state.get(engine.urn(failed[0]!.urn.split("::")[2]!, "moving"))!.id).toBe("@TOA#_after");
        expect(engine.pendingDeletes.map((e) => e.id)).toEqual(["@TOA#_before"]);
        expect(f.live("@TOA#_before")).toBeDefined();
        expect(f.live("@TOA#_after")).toBeDefined();

        const mark = engine.calls.length;
        const retried = await engine.up(declared("@TOA#_after"));
        expect(retried.map((s) => [s.kind, s.id, s.error])).toEqual([
            ["same", "@TOA#_after", undefined],
            ["delete-replaced", "@TOA#_before", undefined],
        ]);
        expect(callsSince(engine, mark)).toEqual([
            "check moving with olds",
            "diff moving @TOA#_after",
            "delete moving @TOA#_before",
        ]);
        expect(engine.pendingDeletes).toEqual([]);
        expect(f.live("@TOA#_before")).toBeUndefined();
        await engine.destroy();
        expect(f.live("@TOA#_after")).toBeUndefined();
    });
});

describe("dependencies", () => {
    const hubUrn = () => `urn:pulumi:dev::engine-rules::${f.channel("x", {}).type}::hub`;
    const declared = (owner: string) => [
        // Listed first on purpose: the engine still creates it after the channel it depends on.
        f.subscription(
            "hub-u1",
            { channelId: "@TOA#_hub", userId: "u1" },
            { dependencies: [hubUrn()], propertyDependencies: { channelId: [hubUrn()] } },
        ),
        f.channel("hub", { channelId: "@TOA#_hub", owner, name: "Hub", allowReplace: true }),
    ];

    it("creates in dependency order, and a delete-before-replace first deletes the dependents it would replace", async () => {
        const engine = f.newEngine();
        await engine.up(declared("ops"));
        expect(callsSince(engine, 0)).toEqual([
            "check hub without olds",
            "create hub @TOA#_hub",
            "check hub-u1 without olds",
            "create hub-u1 @TOA#_hub/u1",
        ]);

        const mark = engine.calls.length;
        const steps = await engine.up(declared("ops2"));
        expect(steps.map((s) => [s.kind, s.name, s.error])).toEqual([
            ["delete-replaced", "hub-u1", undefined],
            ["delete-replaced", "hub", undefined],
            ["replace", "hub", undefined],
            ["replace", "hub-u1", undefined],
        ]);
        expect(callsSince(engine, mark)).toEqual([
            "check hub with olds",
            "diff hub @TOA#_hub",
            "check hub without olds",
            // the dependent's diff with its channelId unknown: would it be replaced? (yes)
            "diff hub-u1 @TOA#_hub/u1",
            "delete hub-u1 @TOA#_hub/u1",
            "delete hub @TOA#_hub",
            "create hub @TOA#_hub",
            // re-registered after its delete in the same deployment: a replacement, checked without olds
            "check hub-u1 without olds",
            "create hub-u1 @TOA#_hub/u1",
        ]);
        expect(f.live("@TOA#_hub")).toMatchObject({ owner: "ops2" });
        expect(f.live("@TOA#_hub")!.subscribers.map((s) => s.userId)).toEqual(["u1"]);
        await engine.destroy();
        expect(f.live("@TOA#_hub")).toBeUndefined();
    });

    it("deletes in reverse dependency order", async () => {
        const engine = f.newEngine();
        await engine.up(declared("ops"));
        const mark = engine.calls.length;
        const steps = await engine.destroy();
        expect(steps.map((s) => [s.kind, s.name, s.error])).toEqual([
            ["delete", "hub-u1", undefined],
            ["delete", "hub", undefined],
        ]);
        expect(callsSince(engine, mark)).toEqual(["delete hub-u1 @TOA#_hub/u1", "delete hub @TOA#_hub"]);
        expect(f.live("@TOA#_hub")).toBeUndefined();
    });
});
