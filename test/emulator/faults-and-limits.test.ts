import { describe, expect, it } from "vitest";
import { DEFAULT_FAULT_CODES, FaultInjector } from "../../emulator/faults";
import { SlidingWindowLimiter } from "../../emulator/ratelimit";
import { TRANSIENT_CODES } from "../../provider/tencent/codes";
import { type Api, emulatorsPerTest } from "./helpers";

const emulator = emulatorsPerTest();

const read = (api: Api) => api.call("get_official_account_info", { OfficialAccountIdList: [{ Official_Account: "@TOA#_x" }] });
const envelopeOf = async (res: Response) => (await res.json()) as { ErrorCode: number; ActionStatus: string };
const create = (api: Api, id: string) =>
    api.raw("create_official_account", { OfficialAccountUserID: id, Owner_Account: "owner", Name: "n" });

describe("rate limit", () => {
    it("answers 60007 beyond 200 calls per second to one API, and counts them", async () => {
        // A frozen clock puts every call in the same second however slow the machine is.
        const frozen = Date.now();
        const { emu, api } = await emulator({ nowMs: () => frozen });
        const results = await Promise.all(Array.from({ length: 230 }, () => read(api)));
        const limited = results.filter((r) => r.ErrorCode === 60007);
        expect(results.filter((r) => r.ErrorCode === 0)).toHaveLength(200);
        expect(limited).toHaveLength(30);
        expect(limited[0]).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60007 });
        expect(emu.stats().rateLimited).toBe(30);
        expect(emu.stats().calls.get_official_account_info).toBe(230);
        // The limit is per API: another command is unaffected.
        expect((await create(api, "@TOA#_other_api").then(envelopeOf)).ErrorCode).toBe(0);
    });

    it("is disabled by callsPerSecond: 0", async () => {
        const { api } = await emulator({ callsPerSecond: 0 });
        const results = await Promise.all(Array.from({ length: 250 }, () => read(api)));
        expect(results.every((r) => r.ErrorCode === 0)).toBe(true);
    });

    it("slides: a call is allowed again one second after the oldest accepted one", () => {
        let now = 0;
        const limiter = new SlidingWindowLimiter(2, () => now);
        expect([limiter.tryAcquire("a"), limiter.tryAcquire("a"), limiter.tryAcquire("a")]).toEqual([true, true, false]);
        expect(limiter.tryAcquire("b")).toBe(true);
        now = 999;
        expect(limiter.tryAcquire("a")).toBe(false);
        now = 1000;
        expect(limiter.tryAcquire("a")).toBe(true);
    });
});

describe("latency", () => {
    it("delays API calls but not control calls", async () => {
        const { emu, api } = await emulator({ latencyMs: 150 });
        let t = performance.now();
        await read(api);
        expect(performance.now() - t).toBeGreaterThanOrEqual(140);
        t = performance.now();
        await fetch(`${emu.url}/__emulator/stats`);
        expect(performance.now() - t).toBeLessThan(140);
    });
});

describe("scripted faults", () => {
    it("code: answers the transient code and applies nothing", async () => {
        const { emu, api } = await emulator();
        emu.faults.script([{ kind: "code", code: 20005 }]);
        const r = await create(api, "@TOA#_f1").then(envelopeOf);
        expect(r).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 20005 });
        expect(emu.channels()).toHaveLength(0);
        expect((await create(api, "@TOA#_f1").then(envelopeOf)).ErrorCode).toBe(0);
        expect(emu.stats().faultsInjected).toEqual({ code: 1, http502: 0, drop: 0, "lost-response": 0 });
    });

    it("code: defaults to a transient code the client retries", async () => {
        const { emu, api } = await emulator();
        emu.faults.script([{ kind: "code" }]);
        const r = await read(api);
        expect(TRANSIENT_CODES.has(r.ErrorCode)).toBe(true);
        for (const code of DEFAULT_FAULT_CODES) expect(TRANSIENT_CODES.has(code)).toBe(true);
    });

    it("http502: answers HTTP 502 with an HTML body and applies nothing", async () => {
        const { emu, api } = await emulator();
        emu.faults.script([{ kind: "http502" }]);
        const res = await create(api, "@TOA#_f2");
        expect(res.status).toBe(502);
        expect(await res.text()).toContain("502 Bad Gateway");
        expect(emu.channels()).toHaveLength(0);
    });

    it("drop: closes the connection and applies nothing", async () => {
        const { emu, api } = await emulator();
        emu.faults.script([{ kind: "drop" }]);
        await expect(create(api, "@TOA#_f3")).rejects.toThrow();
        expect(emu.channels()).toHaveLength(0);
        expect(emu.stats().faultsInjected.drop).toBe(1);
    });

    it("lost-response: applies the write, then closes the connection without answering", async () => {
        const { emu, api } = await emulator();
        emu.faults.script([{ kind: "lost-response", command: "create_official_account" }]);
        await expect(create(api, "@TOA#_f4")).rejects.toThrow();
        expect(emu.channels().map((c) => c.channelId)).toEqual(["@TOA#_f4"]);
        // The client's retry then sees the channel exists.
        expect((await create(api, "@TOA#_f4").then(envelopeOf)).ErrorCode).toBe(130008);
        expect(emu.stats().faultsInjected["lost-response"]).toBe(1);
    });

    it("applies in FIFO order, each to the next request for its command", async () => {
        const { emu, api } = await emulator();
        emu.faults.script([
            { kind: "code", code: 10004, command: "destroy_official_account" },
            { kind: "code", code: 60008 },
            { kind: "code", code: 60018 },
        ]);
        expect((await read(api)).ErrorCode).toBe(60008);
        expect((await api.call("destroy_official_account", { Official_Account: "@TOA#_x" })).ErrorCode).toBe(10004);
        expect((await read(api)).ErrorCode).toBe(60018);
        expect(emu.faults.pending()).toBe(0);
        expect((await read(api)).ErrorCode).toBe(0);
    });
});

describe("random faults", () => {
    it("with rate 1 faults every matching call, only for the listed commands", async () => {
        const { emu, api } = await emulator({
            faults: { rate: 1, kinds: ["code"], codes: [60013], commands: ["get_official_account_info"] },
        });
        expect((await read(api)).ErrorCode).toBe(60013);
        expect((await create(api, "@TOA#_r1").then(envelopeOf)).ErrorCode).toBe(0);
        emu.faults.clear();
        expect((await read(api)).ErrorCode).toBe(0);
    });

    it("is reproducible from a seed", () => {
        const sequence = () => {
            const injector = new FaultInjector();
            injector.random({ rate: 0.5, seed: 42 });
            return Array.from({ length: 40 }, () => injector.next("get_official_account_info"));
        };
        const first = sequence();
        expect(sequence()).toEqual(first);
        const faulted = first.filter((f) => f !== undefined);
        expect(faulted.length).toBeGreaterThan(5);
        expect(faulted.length).toBeLessThan(35);
        expect(new Set(faulted.map((f) => f?.kind)).size).toBeGreaterThan(1);
    });

    it("counts each injected kind in stats", async () => {
        const { emu, api } = await emulator({ faults: { rate: 1, kinds: ["code", "http502"], seed: 7 } });
        const outcomes = await Promise.all(
            Array.from({ length: 20 }, () => api.raw("get_official_account_info", { OfficialAccountIdList: [] })),
        );
        const s = emu.stats();
        expect(s.faultsInjected.code + s.faultsInjected.http502).toBe(20);
        expect(outcomes.filter((r) => r.status === 502)).toHaveLength(s.faultsInjected.http502);
        emu.resetStats();
        expect(emu.stats().faultsInjected.code).toBe(0);
        expect(emu.stats().calls.get_official_account_info).toBe(0);
    });
});
