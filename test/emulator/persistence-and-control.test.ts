import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_SECRET_KEY, startEmulator, type EmulatorHandle } from "../../emulator";
import { describe as describeCli, parseCliArgs } from "../../emulator/cli";
import { start } from "./helpers";

const dir = mkdtempSync(path.join(tmpdir(), "emulator-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("persistence", () => {
    it("keeps channels, subscribers, users and destroyed IDs across a stop and start", async () => {
        const statePath = path.join(dir, "state.json");
        const first = await start({ statePath, reuseDestroyedIds: false });
        await first.api.importUser("late-owner");
        await first.api.create("@TOA#_kept", { Owner_Account: "late-owner", MaxSubscriberNum: 7, CustomString: "中文" });
        await first.api.ok("add_subscriber", {
            Official_Account: "@TOA#_kept",
            SubscriberList: [{ Subscriber_Account: "owner" }],
        });
        await first.api.create("@TOA#_dead");
        await first.api.ok("destroy_official_account", { Official_Account: "@TOA#_dead" });
        const before = first.emu.channels();
        await first.emu.stop();

        const file = JSON.parse(readFileSync(statePath, "utf8"));
        expect(file.channels[0]).toMatchObject({ channelId: "@TOA#_kept", maxSubscribers: 7 });
        expect(file.destroyedIds).toEqual(["@TOA#_dead"]);
        expect(file.users).toContain("late-owner");

        const second = await start({ statePath, reuseDestroyedIds: false, users: [] });
        try {
            expect(second.emu.channels()).toEqual(before);
            const info = await second.api.get(["@TOA#_kept"]);
            expect(info.OfficialAccountInfoList[0]).toMatchObject({
                Owner_Account: "late-owner",
                SubscriberNum: 1,
                CustomString: "中文",
            });
            // imported users survive: late-owner can own another channel
            await second.api.create("@TOA#_kept2", { Owner_Account: "late-owner" });
            const reuse = await second.api.call("create_official_account", {
                OfficialAccountUserID: "@TOA#_dead",
                Owner_Account: "owner",
                Name: "n",
            });
            expect(reuse.ErrorCode).toBe(130008);
            // new subscriptions continue after the persisted ones
            await second.api.ok("add_subscriber", {
                Official_Account: "@TOA#_kept",
                SubscriberList: [{ Subscriber_Account: "late-owner" }],
            });
            const subs = await second.api.ok("get_subscriber_info", { Official_Account: "@TOA#_kept", Limit: 1, Next: "" });
            const rest = await second.api.ok("get_subscriber_info", {
                Official_Account: "@TOA#_kept",
                Limit: 1,
                Next: subs.Next,
            });
            expect([subs.SubscriberList[0].Subscriber_Account, rest.SubscriberList[0].Subscriber_Account]).toEqual([
                "owner",
                "late-owner",
            ]);
        } finally {
            await second.emu.stop();
        }
    });

    it("saves shortly after a mutation, without waiting for stop", async () => {
        const statePath = path.join(dir, "debounced.json");
        const { emu, api } = await start({ statePath });
        try {
            await api.create("@TOA#_soon");
            await new Promise((r) => setTimeout(r, 250));
            const file = JSON.parse(readFileSync(statePath, "utf8"));
            expect(file.channels.map((c: { channelId: string }) => c.channelId)).toEqual(["@TOA#_soon"]);
            expect(tempFiles(dir)).toEqual([]);
        } finally {
            await emu.stop();
        }
    });

    it("refuses to start on a corrupt state file rather than overwrite it", async () => {
        const statePath = path.join(dir, "corrupt.json");
        writeFileSync(statePath, "{ nope");
        await expect(startEmulator({ statePath })).rejects.toThrow(/not valid JSON/);
        expect(readFileSync(statePath, "utf8")).toBe("{ nope");
    });

    it("writes nothing without a statePath", async () => {
        const { emu } = await start();
        await emu.stop();
        expect(existsSync(path.join(dir, "none.json"))).toBe(false);
    });
});

/** Leftover temp files would mean a save was not atomic (write + rename). */
function tempFiles(d: string): string[] {
    return readdirSync(d).filter((f) => f.endsWith(".tmp"));
}

describe("control endpoints", () => {
    it("expose stats, channels, faults, reset-stats and import-users over HTTP without a UserSig", async () => {
        const { emu, api } = await start({ latencyMs: 0 });
        const control = (p: string, body?: unknown) =>
            fetch(
                `${emu.url}/__emulator/${p}`,
                body === undefined
                    ? {}
                    : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
            );
        try {
            await api.create("@TOA#_ctl");
            const stats = (await (await control("stats")).json()) as ReturnType<EmulatorHandle["stats"]>;
            expect(stats).toEqual(emu.stats());
            expect(stats.calls.create_official_account).toBe(1);
            expect(await (await control("channels")).json()).toEqual(emu.channels());

            const set = await control("faults", {
                script: [{ kind: "code", code: 10004, command: "get_official_account_info" }],
                random: null,
            });
            expect(await set.json()).toEqual({ ok: true, pendingScripted: 1 });
            expect((await api.get(["@TOA#_ctl"])).ErrorCode).toBe(10004);

            const bad = await control("faults", { script: [{ kind: "explode" }] });
            expect(bad.status).toBe(400);
            expect(((await bad.json()) as { error: string }).error).toMatch(/kind/);

            await control("faults", { random: { rate: 1, kinds: ["code"], codes: [60018] } });
            expect((await api.get(["@TOA#_ctl"])).ErrorCode).toBe(60018);
            await control("faults", { clear: true });
            expect((await api.get(["@TOA#_ctl"])).ErrorCode).toBe(0);

            expect((await control("import-users", { users: ["ops-user"] })).status).toBe(200);
            await api.create("@TOA#_ctl2", { Owner_Account: "ops-user" });

            expect((await control("reset-stats", {})).status).toBe(200);
            expect(emu.stats().calls.create_official_account).toBe(0);
            expect((await control("nope")).status).toBe(404);
        } finally {
            await emu.stop();
        }
    });

    it("are not rate limited", async () => {
        const { emu } = await start({ callsPerSecond: 1 });
        try {
            const all = await Promise.all(Array.from({ length: 20 }, () => fetch(`${emu.url}/__emulator/stats`)));
            expect(all.every((r) => r.status === 200)).toBe(true);
        } finally {
            await emu.stop();
        }
    });
});

describe("CLI", () => {
    it("parses its flags into emulator options", () => {
        const { options, help } = parseCliArgs([
            "--port",
            "8080",
            "--state",
            ".emulator.json",
            "--latency",
            "50",
            "--rate",
            "100",
            "--users",
            "a, b",
            "--fault-rate",
            "0.2",
            "--fault-seed",
            "3",
        ]);
        expect(help).toBe(false);
        expect(options).toMatchObject({
            port: 8080,
            statePath: ".emulator.json",
            latencyMs: 50,
            callsPerSecond: 100,
            users: ["a", "b"],
            faults: { rate: 0.2, seed: 3 },
        });
        expect(parseCliArgs(["--help"]).help).toBe(true);
        expect(() => parseCliArgs(["--fault-rate", "2"])).toThrow(/fault-rate/);
        expect(() => parseCliArgs(["--bogus"])).toThrow();
    });

    it("prints the shell exports and pulumi config lines for the running emulator", async () => {
        const { options } = parseCliArgs(["--port", "0"]);
        const emu = await startEmulator(options);
        try {
            const text = describeCli(emu, options);
            expect(text).toContain(`export TENCENT_CHAT_ENDPOINT=${emu.url}`);
            expect(text).toContain("export TENCENT_CHAT_SDKAPPID=1400000000");
            expect(text).toContain(`export TENCENT_CHAT_SECRET_KEY=${DEMO_SECRET_KEY}`);
            expect(text).toContain("export TENCENT_CHAT_ADMIN=administrator");
            expect(text).toContain(`pulumi config set tencent-chat:endpoint ${emu.url}`);
            expect(text).toContain(`pulumi config set --secret tencent-chat:secretKey ${DEMO_SECRET_KEY}`);
        } finally {
            await emu.stop();
        }
    });
});
