/**
 * Two safety paths at the operations level, against the emulator made to fail or to lie (issue 18,
 * "Tests"): the replacement preflight never takes a failed live read for "gone", and the evidence of
 * this resource's own interrupted create never accepts a channel whose createTime lies in the future.
 */
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startEmulator, type EmulatorHandle } from "../../emulator/index";
import { createChatClient } from "../../provider/api/client";
import type { ChatClient } from "../../provider/api/types";
import { check, create, planDiff, remove } from "../../provider/channel/operations";
import { cacheDir, CreateJournal } from "../../provider/kit/journal";

let emulator: EmulatorHandle;
let client: ChatClient;
let clockOffsetMs = 0;
const cache = mkdtempSync(path.join(os.tmpdir(), "evidence-test-"));
const savedCache = process.env.XDG_CACHE_HOME;

beforeAll(async () => {
    // The journal is opened on first use, under this directory: this test's own "machine".
    process.env.XDG_CACHE_HOME = cache;
    emulator = await startEmulator({ users: ["ops", "ops2"], nowMs: () => Date.now() + clockOffsetMs });
    client = createChatClient({ ...emulator.settings, endpoint: emulator.url, retryBaseMs: 5, retryBudgetMs: 300 });
});

afterAll(async () => {
    await emulator?.stop();
    if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedCache;
    rmSync(cache, { recursive: true, force: true });
});

async function checked(inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const result = await check({}, inputs);
    expect(result.failures ?? []).toEqual([]);
    return result.inputs as Record<string, unknown>;
}

/** What an earlier process on this machine left: a journalled create of `urn` for `id`, never settled. */
function journalledEarlier(urn: string, id: string): void {
    new CreateJournal(path.join(cacheDir(), "pulumi-tencent-chat", "create-attempts.jsonl")).record(CreateJournal.keyOf(urn, id));
}

describe("the replacement preflight when the live read fails", () => {
    it("refuses the replacement on any failure but 130004, and nothing is deleted", async () => {
        const made = await create(client, await checked({ channelId: "@TOA#_unreadable", owner: "ops", name: "U" }), undefined);
        const olds = made.state as Record<string, unknown>;
        const news = await checked({ channelId: "@TOA#_unreadable", owner: "ops2", name: "U" });
        emulator.faults.script([{ command: "get_official_account_info", kind: "code", code: 130002 }]);
        const error = await planDiff(() => client, made.id, olds, news).catch((e: unknown) => e);
        emulator.faults.clear();
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(
            /Changing owner "ops" → "ops2" replaces official channel @TOA#_unreadable.*but the live channel could not be read to count the subscribers the replacement would destroy \(.*130002.*\)\. Nothing was changed/s,
        );
        expect(emulator.channels().find((c) => c.channelId === "@TOA#_unreadable")).toMatchObject({ owner: "ops" });

        // 130004 is the one failure that means gone: then the replacement only creates.
        await client.destroyChannel("@TOA#_unreadable");
        const notes: string[] = [];
        const gone = await planDiff(
            () => client,
            made.id,
            olds,
            news,
            (line) => notes.push(line),
        );
        expect(gone).toMatchObject({ replaces: ["owner"], deleteBeforeReplace: true });
        expect(notes.join("\n")).toMatch(/no longer exists on Tencent; the replacement only creates the new channel/);
    });

    it("a delete that cannot read the channel does not destroy it", async () => {
        const made = await create(client, await checked({ channelId: "@TOA#_keep", owner: "ops", name: "K" }), undefined);
        emulator.faults.script([{ command: "get_official_account_info", kind: "code", code: 130002 }]);
        const error = await remove(client, made.id, made.state as Record<string, unknown>).catch((e: unknown) => e);
        emulator.faults.clear();
        expect(String(error)).toMatch(/130002/);
        expect(emulator.channels().find((c) => c.channelId === "@TOA#_keep")).toBeDefined();
        await remove(client, made.id, made.state as Record<string, unknown>);
        expect(emulator.channels().find((c) => c.channelId === "@TOA#_keep")).toBeUndefined();
    });
});

describe("evidence of this resource's interrupted create", () => {
    const urn = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/tencent-chat:OfficialChannel::skew";

    it("recovers a channel that fits this resource's journalled attempt", async () => {
        journalledEarlier(urn, "@TOA#_fits");
        await client.createChannel({ channelId: "@TOA#_fits", owner: "ops", name: "Fits" });
        const result = await create(
            client,
            {
                ...(await checked({ channelId: "@TOA#_fits", owner: "ops", name: "Fits" })),
                __urn: urn,
            },
            urn,
        );
        expect(result.id).toBe("@TOA#_fits");
        await remove(client, result.id, result.state as Record<string, unknown>);
    });

    it("refuses a channel whose createTime lies in the future (clock skew), journal or not, and leaves it", async () => {
        journalledEarlier(urn, "@TOA#_future");
        clockOffsetMs = 60 * 60_000;
        try {
            await client.createChannel({ channelId: "@TOA#_future", owner: "ops", name: "Future" });
        } finally {
            clockOffsetMs = 0;
        }
        const error = await create(
            client,
            {
                ...(await checked({ channelId: "@TOA#_future", owner: "ops", name: "Future" })),
                __urn: urn,
            },
            urn,
        ).catch((e: unknown) => e);
        expect((error as Error).message).toMatch(
            /^Official channel @TOA#_future already exists with the declared fields, but nothing shows that this resource created it: Tencent reports it was created 60 minutes in the future \(.*\), so its age proves nothing\. .*Set `adopt: true`/s,
        );
        expect(emulator.channels().find((c) => c.channelId === "@TOA#_future")).toMatchObject({ owner: "ops", name: "Future" });
    });
});
