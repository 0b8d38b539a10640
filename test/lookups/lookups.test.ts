/**
 * The program lookups against the emulator over 127.0.0.1: all pages of a user's subscriptions,
 * channels by ID through the batcher, and where settings come from. The compiled package is used,
 * so @pulumi/pulumi's config is the very module a program would load.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator/index";
import type { ChatClient } from "../../provider/api/types";
import { emulatorModule, pkg, repoRoot } from "../support/dist";
import { countCalls } from "../support/host-fixture";

const requireDist = createRequire(path.join(repoRoot, "package.json"));
const lookups = requireDist("./dist/provider/lookups.js") as typeof import("../../provider/lookups");
const pulumi = requireDist("@pulumi/pulumi") as typeof import("@pulumi/pulumi");

const FOLLOWED = 450;
const id = (n: number) => `@TOA#_ch${String(n).padStart(3, "0")}`;

let emulator: EmulatorHandle;
let client: ChatClient;

/** Runs `fn` over `items`, `limit` at a time. */
async function inBatches<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
    for (let start = 0; start < items.length; start += limit) await Promise.all(items.slice(start, start + limit).map(fn));
}

const callsDuring = <T>(action: () => Promise<T>) => countCalls(emulator, action);

beforeAll(async () => {
    // Pacing off on both sides: the setup makes 900 calls, and the tests count calls, not time.
    emulator = await emulatorModule.startEmulator({ users: ["ops", "u1", "u2"], callsPerSecond: 0 });
    client = pkg.createChatClient({
        sdkAppId: emulator.settings.sdkAppId,
        secretKey: emulator.settings.secretKey,
        endpoint: emulator.url,
        callsPerSecond: 0,
    });
    const ids = Array.from({ length: FOLLOWED }, (_, n) => id(n));
    await inBatches(ids, 50, (channelId) =>
        client.createChannel({ channelId, owner: "ops", name: `Channel ${channelId.slice(6)}` }),
    );
    await inBatches(ids, 50, async (channelId) => {
        await client.addSubscribers(channelId, ["u1"]);
        if (channelId === id(7)) await client.modifySubscriber(channelId, "u1", "vip");
    });
}, 30_000);

afterAll(async () => {
    await emulator?.stop();
});

describe("getSubscribedChannels", () => {
    it("returns all 450 subscriptions of a user, walking 3 pages of 200", async () => {
        const { result, calls } = await callsDuring(() => lookups.getSubscribedChannels("u1", { client }));
        expect(calls).toEqual({ get_subscribed_official_account_list: 3 });
        expect(result).toHaveLength(FOLLOWED);
        expect(new Set(result.map((c) => c.channelId)).size).toBe(FOLLOWED);
        const seventh = result.find((c) => c.channelId === id(7))!;
        expect(seventh).toMatchObject({ name: "Channel ch007", owner: "ops", subscriberCount: 1, self: { customString: "vip" } });
        expect(seventh.self.subscribeTime).toBeGreaterThan(1_600_000_000);
    });

    it("honours the response filters", async () => {
        const result = await lookups.getSubscribedChannels("u1", {
            client,
            channelFields: ["name"],
            selfFields: ["customString"],
        });
        expect(result.find((c) => c.channelId === id(7))).toEqual({
            channelId: id(7),
            name: "Channel ch007",
            self: { customString: "vip" },
        });
    });

    it("refuses an invalid userId before any call", async () => {
        const { result, calls } = await callsDuring(() =>
            Promise.all(
                ["", "x".repeat(100_000)].map((u) => lookups.getSubscribedChannels(u, { client }).catch((e: Error) => e.message)),
            ),
        );
        expect(result).toEqual([
            "getSubscribedChannels: userId must not be empty (limit 32 bytes). Nothing was sent to Tencent.",
            "getSubscribedChannels: userId must be at most 32 bytes, the Chat UserID limit; got 100000 bytes. Nothing was sent to Tencent.",
        ]);
        expect(calls).toEqual({});
    });

    it("returns an empty list for a user who follows nothing, in one call", async () => {
        const { result, calls } = await callsDuring(() => lookups.getSubscribedChannels("u2", { client }));
        expect(result).toEqual([]);
        expect(calls).toEqual({ get_subscribed_official_account_list: 1 });
    });
});

describe("getOfficialChannels", () => {
    it("looks up 120 IDs, found and not found mixed, in 3 calls, one result per ID in order", async () => {
        const ids = Array.from({ length: 120 }, (_, n) => (n % 6 === 5 ? `@TOA#_missing${n}` : id(n)));
        const { result, calls } = await callsDuring(() => lookups.getOfficialChannels(ids, { client }));
        expect(calls).toEqual({ get_official_account_info: 3 });
        expect(result.map((r) => r.channelId)).toEqual(ids);
        expect(result.filter((r) => r.found)).toHaveLength(100);
        expect(result[0]).toMatchObject({
            channelId: id(0),
            found: true,
            channel: { channelId: id(0), name: "Channel ch000", owner: "ops" },
        });
        expect(result[5]).toEqual({
            channelId: "@TOA#_missing5",
            found: false,
            reason: "the official channel does not exist or has been destroyed (Tencent error 130004)",
        });
    });

    it("refuses invalid IDs before any call, naming each one's index and rule", async () => {
        const huge = `@TOA#_${"x".repeat(100_000)}`;
        const { result, calls } = await callsDuring(() =>
            lookups.getOfficialChannels([id(1), "x", "", huge], { client }).catch((e: Error) => e.message),
        );
        // Before: all three reached Tencent.
        expect(result).toBe(
            'getOfficialChannels: ids[1] "x" must start with "@TOA#_"; IDs are printable ASCII, at most 48 bytes (this one is 1); ' +
                'ids[2] "" must start with "@TOA#_"; IDs are printable ASCII, at most 48 bytes (this one is 0); ' +
                `ids[3] "@TOA#_${"x".repeat(74)}…" (100,006 bytes in all) must be at most 48 bytes (got 100006); IDs are printable ASCII, at most 48 bytes (this one is 100006). ` +
                "Nothing was sent to Tencent.",
        );
        expect(calls).toEqual({});
    });

    it("lists only the first few of many invalid IDs, with the count of the rest", async () => {
        const message = await lookups
            .getOfficialChannels(Array.from({ length: 90_000 }, () => "x"))
            .catch((e: Error) => e.message);
        expect(message).toMatch(
            /^getOfficialChannels: ids\[0\] "x" must start.*ids\[4\] "x".*; and 89,995 more of the 90,000 IDs\. Nothing was sent to Tencent\.$/,
        );
        expect(message.length).toBeLessThan(1_000);
        expect(await lookups.getOfficialChannels("@TOA#_news" as never).catch((e: Error) => e.message)).toBe(
            'getOfficialChannels: ids must be an array of channel IDs (got string "@TOA#_news"). Nothing was sent to Tencent.',
        );
    });

    it("still throws errors other than not-found", async () => {
        emulator.faults.script([{ command: "get_official_account_info", kind: "code", code: 130002 }]);
        await expect(lookups.getOfficialChannels([id(1)], { client })).rejects.toThrow(/130002/);
    });
});

describe("where a lookup's settings come from", () => {
    const saved = { ...process.env };
    afterEach(() => {
        pulumi.runtime.setAllConfig({});
        for (const key of Object.keys(process.env)) if (key.startsWith("TENCENT_CHAT_")) delete process.env[key];
        Object.assign(process.env, saved);
    });

    it("reads the stack config (tencent-chat:*) inside a Pulumi program", async () => {
        pulumi.runtime.setAllConfig(
            {
                "tencent-chat:sdkAppId": String(emulator.settings.sdkAppId),
                "tencent-chat:secretKey": emulator.settings.secretKey,
                "tencent-chat:endpoint": emulator.url,
            },
            ["tencent-chat:secretKey"],
        );
        const [news] = await lookups.getOfficialChannels([id(3)]);
        expect(news).toMatchObject({ found: true, channel: { name: "Channel ch003" } });
    });

    it("falls back to the TENCENT_CHAT_* variables", async () => {
        Object.assign(process.env, {
            TENCENT_CHAT_SDKAPPID: String(emulator.settings.sdkAppId),
            TENCENT_CHAT_SECRET_KEY: emulator.settings.secretKey,
            TENCENT_CHAT_ENDPOINT: emulator.url,
        });
        expect(await lookups.getSubscribedChannels("u1", { channelFields: ["name"] })).toHaveLength(FOLLOWED);
    });

    it("takes explicit settings", async () => {
        const settings = { sdkAppId: emulator.settings.sdkAppId, secretKey: emulator.settings.secretKey, endpoint: emulator.url };
        expect(await lookups.getOfficialChannels([id(4)], { settings })).toMatchObject([{ found: true }]);
    });

    it("fails naming both ways to set a missing setting, without echoing the secret", async () => {
        for (const key of Object.keys(process.env)) if (key.startsWith("TENCENT_CHAT_")) delete process.env[key];
        process.env.TENCENT_CHAT_SECRET_KEY = "a-secret-that-must-not-leak";
        const error = await lookups.getSubscribedChannels("u1").catch((e: Error) => e);
        expect(String(error)).toMatch(/pulumi config set tencent-chat:sdkAppId.*TENCENT_CHAT_SDKAPPID/s);
        expect(String(error)).not.toContain("a-secret-that-must-not-leak");
    });
});
