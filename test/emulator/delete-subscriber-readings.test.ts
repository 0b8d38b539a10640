/**
 * delete_subscriber's body key is UNCERTAIN (§2.7): the emulator can believe the doc's sample
 * (`SubscriberToDel_Account`), its field table (`SubscriberList[].Subscriber_Account`), or both.
 * Under a single reading the other key is an unknown field and is ignored, so a client that bet
 * on the wrong reading is caught.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator";
import { type Api, start } from "./helpers";

let emu: EmulatorHandle | undefined;
afterEach(async () => {
    await emu?.stop();
    emu = undefined;
});

async function channelWithFans(reading: "sample" | "table" | "both"): Promise<Api> {
    const started = await start({ callsPerSecond: 0, users: ["owner", "alice", "bob"], deleteSubscriberReading: reading });
    emu = started.emu;
    await started.api.create("@TOA#_del");
    await started.api.ok("add_subscriber", {
        Official_Account: "@TOA#_del",
        SubscriberList: [{ Subscriber_Account: "alice" }, { Subscriber_Account: "bob" }],
    });
    return started.api;
}
const fans = () => emu!.channels()[0]!.subscribers.map((s) => s.userId);
const sampleBody = { Official_Account: "@TOA#_del", SubscriberToDel_Account: ["alice"] };
const tableBody = { Official_Account: "@TOA#_del", SubscriberList: [{ Subscriber_Account: "alice" }] };

describe("delete_subscriber readings", () => {
    it('"sample" reads SubscriberToDel_Account only', async () => {
        const api = await channelWithFans("sample");
        expect(await api.call("delete_subscriber", tableBody)).toMatchObject({
            ErrorCode: 6017,
            ErrorInfo: expect.stringContaining("SubscriberToDel_Account"),
        });
        expect(fans()).toEqual(["alice", "bob"]);
        expect((await api.ok("delete_subscriber", sampleBody)).SubscriberList).toEqual([
            { Subscriber_Account: "alice", Result: 1 },
        ]);
        expect(fans()).toEqual(["bob"]);
    });

    it('"table" reads SubscriberList only', async () => {
        const api = await channelWithFans("table");
        expect(await api.call("delete_subscriber", sampleBody)).toMatchObject({
            ErrorCode: 6017,
            ErrorInfo: expect.stringContaining("SubscriberList"),
        });
        expect(fans()).toEqual(["alice", "bob"]);
        expect((await api.ok("delete_subscriber", tableBody)).SubscriberList).toEqual([
            { Subscriber_Account: "alice", Result: 1 },
        ]);
        expect(fans()).toEqual(["bob"]);
    });

    it('"both" (the default) takes either key, and their union when both are sent', async () => {
        const api = await channelWithFans("both");
        const r = await api.ok("delete_subscriber", {
            ...sampleBody,
            SubscriberList: [{ Subscriber_Account: "alice" }, { Subscriber_Account: "bob" }],
        });
        expect(r.SubscriberList).toEqual([
            { Subscriber_Account: "alice", Result: 1 },
            { Subscriber_Account: "bob", Result: 1 },
        ]);
        expect(fans()).toEqual([]);
    });

    it("rejects an unknown reading", async () => {
        await expect(start({ deleteSubscriberReading: "doc" as "sample" })).rejects.toThrow(
            'emulator: deleteSubscriberReading must be one of sample, table, both (got "doc")',
        );
    });
});
