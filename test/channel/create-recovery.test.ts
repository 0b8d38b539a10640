/**
 * A create whose outcome is unknown — Tencent may have applied it, but no response got back within
 * the retry budget — must not leave a channel that exists on Tencent but in no state. Real HTTP on
 * 127.0.0.1 against the emulator's scripted faults.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startEmulator, type EmulatorHandle } from "../../emulator/index";
import { createChatClient } from "../../provider/api/client";
import { TencentChatError } from "../../provider/api/errors";
import type { ChatClient } from "../../provider/api/types";
import { check, create } from "../../provider/channel/operations";

let emulator: EmulatorHandle;
let client: ChatClient;
/** Enough failed attempts to use up the 300 ms retry budget below, whatever the backoff draws. */
const OUTAGE = 40;

beforeAll(async () => {
    emulator = await startEmulator({ users: ["ops", "ops2"] });
    client = createChatClient({
        ...emulator.settings,
        endpoint: emulator.url,
        retryBaseMs: 5,
        retryMaxDelayMs: 20,
        retryBudgetMs: 300,
    });
});

afterAll(() => emulator?.stop());

async function checked(inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const result = await check({}, inputs);
    expect(result.failures ?? []).toEqual([]);
    return result.inputs as Record<string, unknown>;
}

const outage = (command: string, first: "lost-response" | "drop") => [
    { command, kind: first } as const,
    ...Array.from({ length: OUTAGE }, () => ({ command, kind: "drop" }) as const),
];

describe("create when Tencent's answer never arrives", () => {
    it("confirms with one read that the lost create was applied, and returns the channel as created", async () => {
        emulator.faults.script(outage("create_official_account", "lost-response"));
        const result = await create(
            client,
            await checked({ channelId: "@TOA#_applied", owner: "ops", name: "Applied" }),
            undefined,
        );
        emulator.faults.clear();
        expect(result.id).toBe("@TOA#_applied");
        expect(result.state).toMatchObject({ channelId: "@TOA#_applied", owner: "ops", name: "Applied" });
        expect(emulator.channels().filter((c) => c.channelId === "@TOA#_applied")).toHaveLength(1);
    });

    it("keeps the original error when nothing was created", async () => {
        emulator.faults.script(outage("create_official_account", "drop"));
        const error = await create(
            client,
            await checked({ channelId: "@TOA#_never", owner: "ops", name: "Never" }),
            undefined,
        ).catch((e: unknown) => e);
        emulator.faults.clear();
        expect(error).toBeInstanceOf(TencentChatError);
        expect((error as TencentChatError).ambiguous).toBe(true);
        expect((error as TencentChatError).message).toMatch(/create_official_account/);
        expect(emulator.channels().find((c) => c.channelId === "@TOA#_never")).toBeUndefined();
    });

    it("does not claim a channel with that ID that is not this declaration", async () => {
        await client.createChannel({ channelId: "@TOA#_theirs", owner: "ops2", name: "Theirs" });
        emulator.faults.script(outage("create_official_account", "drop"));
        const error = await create(
            client,
            await checked({ channelId: "@TOA#_theirs", owner: "ops", name: "Mine" }),
            undefined,
        ).catch((e: unknown) => e);
        emulator.faults.clear();
        expect(error).toBeInstanceOf(TencentChatError);
        expect(emulator.channels().find((c) => c.channelId === "@TOA#_theirs")).toMatchObject({ owner: "ops2", name: "Theirs" });
    });
});
