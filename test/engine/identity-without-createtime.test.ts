/**
 * A create answers in one round trip: it does not read the channel back, so the state records
 * createTime 0 and the create's "created no later than" bound (provider/channel/identity.ts). These
 * sequences play the engine's up, refresh and destroy against the emulator in that state, and
 * check that a channel someone else created at our ID afterwards — with the same owner, so only
 * the time tells them apart — is never renamed, replaced or deleted, and that our own channel
 * gets its createTime at the first read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_TYPE, startEngineFixture, type EngineFixture } from "./fixture";

let f: EngineFixture;
/** Added to the emulator's clock: someone else's create happens this much later. */
let clockOffsetMs = 0;

beforeAll(async () => {
    f = await startEngineFixture(["ops", "ops2", "reader1"], { nowMs: () => Date.now() + clockOffsetMs });
});

afterAll(() => f?.stop());

type Engine = ReturnType<EngineFixture["newEngine"]>;
const outputsOf = (engine: Engine, name: string) => engine.state.get(engine.urn(CHANNEL_TYPE, name))?.outputs;
const declared = (name: string, id: string, fields: Record<string, unknown> = {}) => [
    f.channel(name, { channelId: id, owner: "ops", name: "Ours", ...fields }),
];

/** Creates the channel through the engine and checks it cost one create call and recorded no createTime. */
async function createdWithoutCreateTime(engine: Engine, name: string, id: string): Promise<void> {
    const before = f.emulator.stats().calls;
    expect((await engine.up(declared(name, id))).map((s) => [s.kind, s.error])).toEqual([["create", undefined]]);
    const after = f.emulator.stats().calls;
    expect(after.create_official_account! - (before.create_official_account ?? 0)).toBe(1);
    expect((after.get_official_account_info ?? 0) - (before.get_official_account_info ?? 0)).toBe(0);
    expect(outputsOf(engine, name)).toMatchObject({ createTime: 0, __createdBefore: expect.any(Number) });
}

/** Out of band, two minutes later by Tencent's clock: destroyed, and created again by the same owner. */
async function recreatedBySomeoneElse(id: string): Promise<void> {
    await f.console.destroyChannel(id);
    clockOffsetMs = 120_000;
    try {
        await f.console.createChannel({ channelId: id, owner: "ops", name: "Theirs" });
    } finally {
        clockOffsetMs = 0;
    }
    await f.console.addSubscribers(id, ["reader1"]);
}

const theirs = { owner: "ops", name: "Theirs", subscriberCount: 1 };

describe("a create without createTime, then someone else re-creates the ID with the same owner", () => {
    it("up refuses to rename theirs, and destroy leaves it on Tencent and drops ours from the state", async () => {
        const engine = f.newEngine({ parallel: 1 });
        await createdWithoutCreateTime(engine, "w1", "@TOA#_w1");
        await recreatedBySomeoneElse("@TOA#_w1");

        const renamed = await engine.up(declared("w1", "@TOA#_w1", { name: "Ours renamed" }));
        expect(renamed.map((s) => s.kind)).toEqual(["update"]);
        expect(renamed[0]!.error).toMatch(
            /The channel now at @TOA#_w1 is not the one this stack manages \(owner "ops", created no later than \S+\): .*\(owner "ops", created \S+, 1 subscriber\)\. Renaming or changing it would change someone else's channel\. Nothing was changed\./s,
        );
        expect(f.live("@TOA#_w1")).toMatchObject(theirs);

        expect((await engine.destroy()).map((s) => [s.kind, s.error])).toEqual([["delete", undefined]]);
        expect(engine.state.size).toBe(0);
        expect(f.live("@TOA#_w1")).toMatchObject(theirs);
        await f.console.destroyChannel("@TOA#_w1");
    });

    it("refresh drops ours from the state and leaves theirs; the next up is refused, not adopted", async () => {
        const engine = f.newEngine({ parallel: 1 });
        await createdWithoutCreateTime(engine, "w2", "@TOA#_w2");
        await recreatedBySomeoneElse("@TOA#_w2");

        expect((await engine.refresh()).map((s) => [s.kind, s.error])).toEqual([["drop", undefined]]);
        expect(engine.state.size).toBe(0);
        const again = await engine.up(declared("w2", "@TOA#_w2"));
        expect(again[0]!.error).toMatch(/Official channel @TOA#_w2 already exists.*adopt: true/s);
        await engine.destroy();
        expect(f.live("@TOA#_w2")).toMatchObject(theirs);
        await f.console.destroyChannel("@TOA#_w2");
    });

    it("refuses a replacement of theirs, even with allowReplace", async () => {
        const engine = f.newEngine({ parallel: 1 });
        await createdWithoutCreateTime(engine, "w3", "@TOA#_w3");
        await recreatedBySomeoneElse("@TOA#_w3");

        const replaced = await engine.up(declared("w3", "@TOA#_w3", { owner: "ops2", allowReplace: true }));
        expect(replaced[0]!.error).toMatch(/not the one this stack manages.*Replacing it would destroy someone else's channel/s);
        expect(f.live("@TOA#_w3")).toMatchObject(theirs);
        await engine.destroy();
        expect(f.live("@TOA#_w3")).toMatchObject(theirs);
        await f.console.destroyChannel("@TOA#_w3");
    });
});

describe("a create without createTime, and nobody else touches the channel", () => {
    it("the first read fills createTime (refresh, or the update's identity read), and destroy deletes ours", async () => {
        const engine = f.newEngine({ parallel: 1 });
        await createdWithoutCreateTime(engine, "w4", "@TOA#_w4");

        // refresh: the read fills it, the bound goes, and the refresh shows no change.
        const refreshed = await engine.refresh();
        expect(refreshed.map((s) => [s.kind, s.changes, s.error])).toEqual([["refresh", [], undefined]]);
        expect(outputsOf(engine, "w4")).toMatchObject({ createTime: f.live("@TOA#_w4")!.createTime });
        expect(outputsOf(engine, "w4")).not.toHaveProperty("__createdBefore");

        // update: the identity read before the modify fills it.
        const both = (name5: string) => [...declared("w4", "@TOA#_w4"), ...declared("w5", "@TOA#_w5", { name: name5 })];
        expect((await engine.up(both("Ours"))).map((s) => [s.kind, s.name])).toEqual([
            ["same", "w4"],
            ["create", "w5"],
        ]);
        expect(outputsOf(engine, "w5")).toMatchObject({ createTime: 0 });
        const renamed = await engine.up(both("Renamed"));
        expect(renamed.map((s) => [s.kind, s.name, s.error])).toEqual([
            ["same", "w4", undefined],
            ["update", "w5", undefined],
        ]);
        expect(outputsOf(engine, "w5")).toMatchObject({ name: "Renamed", createTime: f.live("@TOA#_w5")!.createTime });
        expect(outputsOf(engine, "w5")!.createTime).toBeGreaterThan(0);

        expect((await engine.destroy()).map((s) => s.error)).toEqual([undefined, undefined]);
        expect(f.live("@TOA#_w4")).toBeUndefined();
        expect(f.live("@TOA#_w5")).toBeUndefined();
    });
});
