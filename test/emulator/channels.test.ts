import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../provider/tencent/wire";
import { CREATE_REQUEST, CREATE_RESPONSE, GET_INFO_ITEM, GET_INFO_REQUEST } from "./fixtures";
import { type Api, bytesOf, keys, start, utf8 } from "./helpers";
import type { EmulatorHandle } from "../../emulator";

let emu: EmulatorHandle;
let api: Api;
beforeAll(async () => {
    ({ emu, api } = await start());
});
afterAll(() => emu.stop());

describe("create_official_account", () => {
    it("answers the seed sample request exactly like the seed sample response", async () => {
        const r = await api.call("create_official_account", CREATE_REQUEST);
        expect(r).toEqual(CREATE_RESPONSE);
        expect(keys(r)).toEqual(keys(CREATE_RESPONSE));
        const [stored] = emu.channels().filter((c) => c.channelId === "@TOA#_test_id");
        expect(stored).toMatchObject({
            owner: "107867",
            name: "test_official_account",
            maxSubscribers: 1000,
            subscriberCount: 0,
        });
    });

    it("assigns an @TOA#_@TOA#… ID when none is given, and defaults MaxSubscriberNum to 100000", async () => {
        const r = await api.ok("create_official_account", { Owner_Account: "owner", Name: "generated" });
        expect(r.OfficialAccountUserID).toMatch(/^@TOA#_@TOA#[A-Za-z0-9]{4,}$/);
        const stored = emu.channels().find((c) => c.channelId === r.OfficialAccountUserID);
        expect(stored?.maxSubscribers).toBe(100000);
        const info = await api.get([r.OfficialAccountUserID]);
        expect(info.OfficialAccountInfoList[0]).toMatchObject({ ErrorCode: 0, Name: "generated", FaceUrl: "" });
    });

    it("treats an empty custom ID as not given", async () => {
        const r = await api.ok("create_official_account", { OfficialAccountUserID: "", Owner_Account: "owner", Name: "n" });
        expect(r.OfficialAccountUserID).toMatch(/^@TOA#_@TOA#/);
    });

    it.each([
        ["non-ASCII", "@TOA#_café"],
        ["a control character", "@TOA#_tab\there"],
        ["no @TOA#_ prefix", "TOA_news"],
        ["the bare prefix", "@TOA#_"],
        ["the reserved ID itself", "@TOA#_@TOA#"],
        ["the reserved prefix", "@TOA#_@TOA#abcd"],
        ["49 bytes", "@TOA#_" + "x".repeat(43)],
    ])("rejects a custom ID with %s (130007)", async (_why, id) => {
        const r = await api.call("create_official_account", { OfficialAccountUserID: id, Owner_Account: "owner", Name: "n" });
        expect(r).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 130007 });
        expect(emu.channels().some((c) => c.channelId === id)).toBe(false);
    });

    it("accepts a 48-byte ID and one with a space", async () => {
        const long = "@TOA#_" + "y".repeat(42);
        expect(utf8(long)).toBe(48);
        // api.create throws on a non-zero ErrorCode; the emulator must also have kept both.
        await api.create(long);
        await api.create("@TOA#_with space");
        expect(emu.channels().map((c) => c.channelId)).toEqual(expect.arrayContaining([long, "@TOA#_with space"]));
    });

    const limits = [
        ["Name", 150, "中"],
        ["Introduction", 400, "😀"],
        ["FaceUrl", 500, "a"],
        ["Organization", 500, "中"],
        ["CustomString", 3000, "😀"],
    ] as const;
    it.each(limits)(
        "accepts %s at %i bytes (%s) and rejects one byte more with 6017 naming the field",
        async (field, limit, unit) => {
            const atLimit = bytesOf(limit, unit);
            expect(utf8(atLimit)).toBe(limit);
            const id = `@TOA#_limit_${field}`;
            await api.create(id, { [field]: atLimit });
            const over = await api.call("create_official_account", {
                OfficialAccountUserID: `${id}_over`,
                Owner_Account: "owner",
                Name: "n",
                [field]: atLimit + "a",
            });
            expect(over).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 6017 });
            expect(over.ErrorInfo).toContain(field);
            expect(over.ErrorInfo).toContain(`${limit + 1} bytes`);
            // modify enforces the same limits
            const modify = await api.call("modify_official_account_base_info", { Official_Account: id, [field]: atLimit + "a" });
            expect(modify.ErrorCode).toBe(6017);
        },
    );

    it("requires Name (6017)", async () => {
        const r = await api.call("create_official_account", { OfficialAccountUserID: "@TOA#_noname", Owner_Account: "owner" });
        expect(r.ErrorCode).toBe(6017);
        expect(r.ErrorInfo).toContain("Name");
    });

    it("requires an imported owner (70107)", async () => {
        const r = await api.call("create_official_account", {
            OfficialAccountUserID: "@TOA#_orphan",
            Owner_Account: "ghost",
            Name: "n",
        });
        expect(r.ErrorCode).toBe(70107);
        await api.importUser("ghost");
        await api.create("@TOA#_orphan", { Owner_Account: "ghost" });
    });

    it("answers 60015 when an account field is not a string", async () => {
        const r = await api.call("create_official_account", {
            OfficialAccountUserID: "@TOA#_num",
            Owner_Account: 107867,
            Name: "n",
        });
        expect(r.ErrorCode).toBe(60015);
    });

    it("refuses an ID that is in use (130008)", async () => {
        await api.create("@TOA#_dup");
        const r = await api.call("create_official_account", {
            OfficialAccountUserID: "@TOA#_dup",
            Owner_Account: "owner",
            Name: "n",
        });
        expect(r).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 130008 });
    });

    it("lets a destroyed ID be created again by default", async () => {
        await api.create("@TOA#_phoenix");
        await api.ok("destroy_official_account", { Official_Account: "@TOA#_phoenix" });
        await api.create("@TOA#_phoenix", { Name: "reborn" });
        expect(emu.channels().find((c) => c.channelId === "@TOA#_phoenix")?.name).toBe("reborn");
    });
});

describe("get_official_account_info", () => {
    it("answers the seed sample request with per-item results shaped like the seed sample", async () => {
        await api.create("@TOA#_test_for_penn", { Owner_Account: "107867", Introduction: "test compare introduction" });
        const r = await api.call("get_official_account_info", GET_INFO_REQUEST);
        expect(keys(r)).toEqual(["ActionStatus", "ErrorInfo", "ErrorCode", "OfficialAccountInfoList"]);
        expect(r).toMatchObject({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" });
        const [found, missing] = r.OfficialAccountInfoList;
        expect(keys(found)).toEqual(keys(GET_INFO_ITEM));
        expect(found).toMatchObject({
            ErrorCode: 0,
            Official_Account: "@TOA#_test_for_penn",
            Owner_Account: "107867",
            SubscriberNum: 0,
        });
        expect(typeof found.CreateTime).toBe("number");
        expect(missing).toMatchObject({ ErrorCode: 130004, Official_Account: "@TOA#_@TOA#dZDP" });
        expect(missing.ErrorInfo).toMatch(/does not exist/);
    });

    it("never returns MaxSubscriberNum, with or without a filter, even when asked for", async () => {
        await api.create("@TOA#_max", { MaxSubscriberNum: 5 });
        for (const filter of [undefined, ["MaxSubscriberNum", "Name"], []]) {
            const r = await api.get(["@TOA#_max"], filter);
            expect(r.OfficialAccountInfoList[0]).not.toHaveProperty("MaxSubscriberNum");
            expect(JSON.stringify(r)).not.toContain("MaxSubscriberNum");
        }
    });

    it("honours OfficialAccountBaseInfoFilter", async () => {
        const r = await api.get(["@TOA#_max"], ["Name", "SubscriberNum"]);
        expect(keys(r.OfficialAccountInfoList[0])).toEqual([
            "ErrorCode",
            "ErrorInfo",
            "Name",
            "Official_Account",
            "SubscriberNum",
        ]);
    });

    it("reports malformed IDs per item with 130007 and destroyed ones with 130004, top level OK", async () => {
        await api.create("@TOA#_gone");
        await api.ok("destroy_official_account", { Official_Account: "@TOA#_gone" });
        const r = await api.get(["nope", "@TOA#_gone", "@TOA#_max"]);
        expect(r.ErrorCode).toBe(0);
        expect(r.OfficialAccountInfoList.map((i: { ErrorCode: number }) => i.ErrorCode)).toEqual([130007, 130004, 0]);
    });

    it("accepts 50 IDs and rejects 51 (6017)", async () => {
        const ids = Array.from({ length: 51 }, (_, i) => `@TOA#_many${i}`);
        expect((await api.get(ids.slice(0, 50))).OfficialAccountInfoList).toHaveLength(50);
        const r = await api.get(ids);
        expect(r).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 6017 });
    });
});

describe("modify_official_account_base_info", () => {
    it("changes only the fields sent, accepts MaxSubscriberNum, and answers the bare envelope", async () => {
        await api.create("@TOA#_mod", { Introduction: "intro", FaceUrl: "http://face", MaxSubscriberNum: 10 });
        const r = await api.call("modify_official_account_base_info", {
            Official_Account: "@TOA#_mod",
            Name: "新名字",
            MaxSubscriberNum: 20,
        });
        expect(r).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
        const stored = emu.channels().find((c) => c.channelId === "@TOA#_mod");
        expect(stored).toMatchObject({ name: "新名字", introduction: "intro", faceUrl: "http://face", maxSubscribers: 20 });
    });

    it("answers 130004 for an unknown channel and 130007 for a malformed ID", async () => {
        expect(
            (await api.call("modify_official_account_base_info", { Official_Account: "@TOA#_nobody", Name: "x" })).ErrorCode,
        ).toBe(130004);
        expect((await api.call("modify_official_account_base_info", { Official_Account: "bad", Name: "x" })).ErrorCode).toBe(
            130007,
        );
    });
});

describe("destroy_official_account", () => {
    it("destroys, then answers 130004", async () => {
        await api.create("@TOA#_doomed");
        expect(await api.call("destroy_official_account", { Official_Account: "@TOA#_doomed" })).toEqual({
            ActionStatus: "OK",
            ErrorInfo: "",
            ErrorCode: 0,
        });
        const again = await api.call("destroy_official_account", { Official_Account: "@TOA#_doomed" });
        expect(again).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 130004 });
    });
});

describe("send_official_account_msg", () => {
    it("returns MsgTime and MsgKey and moves LastMsgTime", async () => {
        await api.create("@TOA#_news");
        const r = await api.ok("send_official_account_msg", {
            Official_Account: "@TOA#_news",
            Random: 12345,
            MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hello" } }],
        });
        expect(keys(r)).toEqual(["ActionStatus", "ErrorInfo", "ErrorCode", "MsgTime", "MsgKey"]);
        expect(r.MsgKey.length).toBeLessThanOrEqual(50);
        const info = await api.get(["@TOA#_news"]);
        expect(info.OfficialAccountInfoList[0].LastMsgTime).toBe(r.MsgTime);
    });

    it("requires a MsgBody (6017)", async () => {
        const r = await api.call("send_official_account_msg", { Official_Account: "@TOA#_news", Random: 1, MsgBody: [] });
        expect(r.ErrorCode).toBe(6017);
    });
});

describe("the gateway", () => {
    it("answers 60003 to a body that is not JSON", async () => {
        const r = await api.call("get_official_account_info", undefined, { rawBody: "{not json" });
        expect(r).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60003 });
    });

    it("answers 60009 to an unknown command, still with HTTP 200", async () => {
        const res = await api.raw("no_such_command", {});
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60009 });
    });

    it("answers 60012 without sdkappid and 70020 for an unknown one", async () => {
        expect((await api.call("get_official_account_info", GET_INFO_REQUEST, { sdkappid: null })).ErrorCode).toBe(60012);
        expect((await api.call("get_official_account_info", GET_INFO_REQUEST, { sdkappid: "1400000001" })).ErrorCode).toBe(70020);
    });

    it("answers 60006 to an sdkappid that is not a number, quoting it", async () => {
        const r = await api.call("get_official_account_info", GET_INFO_REQUEST, { sdkappid: "14x" });
        expect(r).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60006 });
        expect(r.ErrorInfo).toContain('sdkappid "14x" is not a number.');
    });

    it("answers 60010 when a correctly signed caller is not an admin", async () => {
        const r = await api.call("get_official_account_info", GET_INFO_REQUEST, { identifier: "owner" });
        expect(r).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60010 });
    });

    it("imports accounts under either UserID or the older Identifier", async () => {
        const viaIdentifier = await api.call("account_import", { Identifier: "legacy" }, { service: "im_open_login_svc" });
        expect(viaIdentifier.ErrorCode).toBe(0);
        const multi = await api.call("multiaccount_import", { Accounts: ["m1", "m2"] }, { service: "im_open_login_svc" });
        expect(multi).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, FailAccounts: [] });
        await api.create("@TOA#_legacy_owned", { Owner_Account: "legacy" });
    });
});

describe("app limits", () => {
    it("answers 130010 past maxChannels, and a destroy frees a slot", async () => {
        const small = await start({ maxChannels: 2 });
        try {
            await small.api.create("@TOA#_q1");
            await small.api.create("@TOA#_q2");
            const r = await small.api.call("create_official_account", {
                OfficialAccountUserID: "@TOA#_q3",
                Owner_Account: "owner",
                Name: "n",
            });
            expect(r.ErrorCode).toBe(130010);
            await small.api.ok("destroy_official_account", { Official_Account: "@TOA#_q1" });
            await small.api.create("@TOA#_q3");
        } finally {
            await small.emu.stop();
        }
    });

    it("answers 131000 to every official-channel command when the service is off, but still imports accounts", async () => {
        const off = await start({ serviceEnabled: false });
        try {
            for (const command of COMMANDS) {
                const r = await off.api.call(command, { Official_Account: "@TOA#_x" });
                expect(r, command).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 131000 });
            }
            await off.api.importUser("still-works");
        } finally {
            await off.emu.stop();
        }
    });

    it("refuses a destroyed ID with 130008 when reuseDestroyedIds is false", async () => {
        const strict = await start({ reuseDestroyedIds: false });
        try {
            await strict.api.create("@TOA#_once");
            await strict.api.ok("destroy_official_account", { Official_Account: "@TOA#_once" });
            const r = await strict.api.call("create_official_account", {
                OfficialAccountUserID: "@TOA#_once",
                Owner_Account: "owner",
                Name: "n",
            });
            expect(r.ErrorCode).toBe(130008);
        } finally {
            await strict.emu.stop();
        }
    });
});
