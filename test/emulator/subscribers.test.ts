import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator";
import { SUBSCRIBED_LIST_REQUEST, SUBSCRIBED_LIST_RESPONSE } from "./fixtures";
import { type Api, type Json, bytesOf, keys, start } from "./helpers";

let emu: EmulatorHandle;
let api: Api;
// Paging tests make hundreds of calls per command; the limiter has its own tests.
beforeAll(async () => {
    ({ emu, api } = await start({ callsPerSecond: 0, users: ["owner", "107867", "alice", "bob", "carol"] }));
});
afterAll(() => emu.stop());

const add = (channel: string, users: string[]) =>
    api.call("add_subscriber", { Official_Account: channel, SubscriberList: users.map((u) => ({ Subscriber_Account: u })) });
const subscriberNum = async (channel: string) => (await api.get([channel])).OfficialAccountInfoList[0].SubscriberNum as number;

describe("add_subscriber", () => {
    it("reports Result 1 added, 2 already subscribed, 0 for users never imported", async () => {
        await api.create("@TOA#_subs");
        const r = await add("@TOA#_subs", ["alice", "alice", "stranger"]);
        expect(r).toMatchObject({ ActionStatus: "OK", ErrorCode: 0 });
        expect(r.SubscriberList).toEqual([
            { Subscriber_Account: "alice", Result: 1 },
            { Subscriber_Account: "alice", Result: 2 },
            { Subscriber_Account: "stranger", Result: 0 },
        ]);
        expect(await subscriberNum("@TOA#_subs")).toBe(1);
    });

    it("fails (Result 0) once the channel is full", async () => {
        await api.create("@TOA#_tiny", { MaxSubscriberNum: 2 });
        const r = await add("@TOA#_tiny", ["alice", "bob", "carol"]);
        expect(r.SubscriberList.map((s: Json) => s.Result)).toEqual([1, 1, 0]);
        expect(emu.channels().find((c) => c.channelId === "@TOA#_tiny")?.subscriberCount).toBe(2);
    });

    it("takes at most 100 users per call (6017) and needs an existing channel (130004)", async () => {
        const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
        expect((await add("@TOA#_subs", many)).ErrorCode).toBe(6017);
        expect((await add("@TOA#_nowhere", ["alice"])).ErrorCode).toBe(130004);
    });

    it("answers 60015 to a non-string account", async () => {
        const r = await api.call("add_subscriber", {
            Official_Account: "@TOA#_subs",
            SubscriberList: [{ Subscriber_Account: 42 }],
        });
        expect(r.ErrorCode).toBe(60015);
    });
});

describe("delete_subscriber", () => {
    it("removes with SubscriberToDel_Account (Result 1) and reports non-subscribers (Result 2)", async () => {
        await api.create("@TOA#_del");
        await add("@TOA#_del", ["alice", "bob"]);
        const r = await api.call("delete_subscriber", {
            Official_Account: "@TOA#_del",
            SubscriberToDel_Account: ["alice", "carol"],
        });
        expect(r).toMatchObject({ ActionStatus: "OK", ErrorCode: 0 });
        expect(r.SubscriberList).toEqual([
            { Subscriber_Account: "alice", Result: 1 },
            { Subscriber_Account: "carol", Result: 2 },
        ]);
        expect(await subscriberNum("@TOA#_del")).toBe(1);
    });

    it("also accepts the SubscriberList form of the Chinese field table", async () => {
        const r = await api.call("delete_subscriber", {
            Official_Account: "@TOA#_del",
            SubscriberList: [{ Subscriber_Account: "bob" }],
        });
        expect(r.SubscriberList).toEqual([{ Subscriber_Account: "bob", Result: 1 }]);
        expect(await subscriberNum("@TOA#_del")).toBe(0);
    });
});

describe("modify_subscriber_info", () => {
    it("sets the subscriber's CustomString up to 3000 bytes", async () => {
        await api.create("@TOA#_mods");
        await add("@TOA#_mods", ["alice"]);
        const value = bytesOf(3000, "中");
        const r = await api.call("modify_subscriber_info", {
            Official_Account: "@TOA#_mods",
            Subscriber_Account: "alice",
            CustomString: value,
        });
        expect(r).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
        const list = await api.ok("get_subscriber_info", { Official_Account: "@TOA#_mods", Limit: 10, Next: "" });
        expect(list.SubscriberList[0].CustomString).toBe(value);
    });

    it("rejects 3001 bytes with 6017 naming CustomString", async () => {
        const r = await api.call("modify_subscriber_info", {
            Official_Account: "@TOA#_mods",
            Subscriber_Account: "alice",
            CustomString: bytesOf(3000, "😀") + "a",
        });
        expect(r.ErrorCode).toBe(6017);
        expect(r.ErrorInfo).toContain("CustomString");
    });

    it("rejects a user who is not a subscriber with 6017, not 130004 (the channel exists)", async () => {
        const r = await api.call("modify_subscriber_info", {
            Official_Account: "@TOA#_mods",
            Subscriber_Account: "bob",
            CustomString: "x",
        });
        expect(r.ErrorCode).toBe(6017);
    });
});

describe("paging over 450 subscribers", () => {
    const users = Array.from({ length: 450 }, (_, i) => `fan${String(i).padStart(3, "0")}`);

    beforeAll(async () => {
        await api.importUsers(users);
        await api.create("@TOA#_big");
        for (let i = 0; i < users.length; i += 100) {
            const r = await add("@TOA#_big", users.slice(i, i + 100));
            expect(r.SubscriberList.every((s: Json) => s.Result === 1)).toBe(true);
        }
    });

    it("get_subscriber_info pages with a Next cursor, ending with an empty Next", async () => {
        const seen: string[] = [];
        const sizes: number[] = [];
        let next = "";
        do {
            const r = await api.ok("get_subscriber_info", { Official_Account: "@TOA#_big", Limit: 200, Next: next });
            expect(keys(r)).toEqual(["ActionStatus", "ErrorInfo", "ErrorCode", "Next", "SubscriberNum", "SubscriberList"]);
            expect(r.SubscriberNum).toBe(450);
            for (const s of r.SubscriberList) {
                expect(keys(s)).toEqual(["Subscriber_Account", "SubscribeTime", "CustomString", "MsgFlag", "LastSendMsgTime"]);
                expect(s.MsgFlag).toBe("AcceptAndNotify");
                seen.push(s.Subscriber_Account);
            }
            sizes.push(r.SubscriberList.length);
            next = r.Next;
        } while (next !== "");
        expect(sizes).toEqual([200, 200, 50]);
        expect(seen).toEqual(users);
    });

    it("keeps a cursor valid when subscribers before it are deleted", async () => {
        const first = await api.ok("get_subscriber_info", { Official_Account: "@TOA#_big", Limit: 10, Next: "" });
        await api.ok("delete_subscriber", { Official_Account: "@TOA#_big", SubscriberToDel_Account: ["fan000", "fan009"] });
        const second = await api.ok("get_subscriber_info", { Official_Account: "@TOA#_big", Limit: 2, Next: first.Next });
        expect(second.SubscriberList.map((s: Json) => s.Subscriber_Account)).toEqual(["fan010", "fan011"]);
        await add("@TOA#_big", ["fan000", "fan009"]); // restore the count for the other tests
    });

    it("rejects a Limit over 200 and a cursor it never issued (6017)", async () => {
        expect((await api.call("get_subscriber_info", { Official_Account: "@TOA#_big", Limit: 201, Next: "" })).ErrorCode).toBe(
            6017,
        );
        expect(
            (await api.call("get_subscriber_info", { Official_Account: "@TOA#_big", Limit: 10, Next: "bogus" })).ErrorCode,
        ).toBe(6017);
    });

    it("get_subscribed_official_account_list pages by Offset over 450 channels in a stable order", async () => {
        const channels = Array.from({ length: 450 }, (_, i) => `@TOA#_follow${String(i).padStart(3, "0")}`);
        for (let i = 0; i < channels.length; i += 50) {
            await Promise.all(
                channels.slice(i, i + 50).map(async (id) => {
                    await api.create(id);
                    await add(id, ["carol"]);
                }),
            );
        }
        const pages: Json[] = [];
        let offset = 0;
        for (;;) {
            const r = await api.ok("get_subscribed_official_account_list", {
                Subscriber_Account: "carol",
                Limit: 200,
                Offset: offset,
            });
            pages.push(r);
            if (r.CompleteFlag === 1) break;
            offset = r.Next;
        }
        expect(pages.map((p) => [p.TotalCount, p.OfficialAccountInfoList.length, p.CompleteFlag, p.Next])).toEqual([
            [450, 200, 0, 200],
            [450, 200, 0, 400],
            [450, 50, 1, 0],
        ]);
        const listed: string[] = pages.flatMap((p) => p.OfficialAccountInfoList.map((c: Json) => c.Official_Account));
        expect([...listed].sort()).toEqual(channels);
        // Stable: the same query again (Limit defaulting to 200) returns the same first page.
        const again = await api.ok("get_subscribed_official_account_list", { Subscriber_Account: "carol", Offset: 0 });
        expect(again.OfficialAccountInfoList.map((c: Json) => c.Official_Account)).toEqual(listed.slice(0, 200));
    });
});

describe("get_subscribed_official_account_list", () => {
    it("answers the seed sample request shaped like the seed sample (plus CreateTime)", async () => {
        await api.create("@TOA#_test_mill_subscriber_OA", { Owner_Account: "107867" });
        await add("@TOA#_test_mill_subscriber_OA", ["107867"]);
        const r = await api.ok("get_subscribed_official_account_list", SUBSCRIBED_LIST_REQUEST);
        expect(keys(r)).toEqual(keys(SUBSCRIBED_LIST_RESPONSE));
        expect(r).toMatchObject({ TotalCount: 1, CompleteFlag: 1, Next: 0 });
        const [item] = r.OfficialAccountInfoList;
        const sampleKeys = keys(SUBSCRIBED_LIST_RESPONSE.OfficialAccountInfoList[0]);
        expect(keys(item).filter((k) => k !== "CreateTime")).toEqual(sampleKeys);
        expect(keys(item.SelfInfo)).toEqual(["SubscribeTime", "CustomString"]);
        expect(item).not.toHaveProperty("MaxSubscriberNum");
    });

    it("honours both filters", async () => {
        const r = await api.ok("get_subscribed_official_account_list", {
            Subscriber_Account: "107867",
            ResponseFilter: { OfficialAccountBaseInfoFilter: ["Name"], SelfInfoFilter: ["CustomString"] },
        });
        expect(r.OfficialAccountInfoList[0]).toEqual({
            Name: "@TOA#_test_mill_subscriber_OA",
            Official_Account: "@TOA#_test_mill_subscriber_OA",
            SelfInfo: { CustomString: "" },
        });
    });

    it("lists nothing for a user who follows nothing", async () => {
        const r = await api.ok("get_subscribed_official_account_list", { Subscriber_Account: "nobody" });
        expect(r).toMatchObject({ TotalCount: 0, OfficialAccountInfoList: [], CompleteFlag: 1, Next: 0 });
    });

    it("drops a destroyed channel from its subscribers' lists", async () => {
        await api.create("@TOA#_short_lived");
        await add("@TOA#_short_lived", ["bob"]);
        expect((await api.ok("get_subscribed_official_account_list", { Subscriber_Account: "bob" })).TotalCount).toBe(2);
        await api.ok("destroy_official_account", { Official_Account: "@TOA#_short_lived" });
        expect((await api.ok("get_subscribed_official_account_list", { Subscriber_Account: "bob" })).TotalCount).toBe(1);
    });
});
