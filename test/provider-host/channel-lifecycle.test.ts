/**
 * OfficialChannel at Pulumi's engine boundary: the tsc-compiled provider, serialized exactly as
 * `new OfficialChannel(...)` does, run by @pulumi/pulumi's real dynamic-provider host over gRPC,
 * in the call sequences the engine uses — against the emulator over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_TYPE, hostDriver, pkg, repoRoot } from "../support/dist";
import { countCalls, PROJECT, startHostFixture, UNKNOWN, type HostFixture } from "../support/host-fixture";
import type { Engine } from "../../scripts/engine/engine";
import type { ProviderHost, Props } from "../../scripts/engine/host";
import type { EmulatorHandle } from "../../emulator/index";
import type { ChatClient } from "../../provider/api/types";
import { USERSIG_PATTERN } from "../support/secrets";

let fixture: HostFixture;
let emulator: EmulatorHandle;
let host: ProviderHost;
let providerText: string;
let console_: ChatClient;

beforeAll(async () => {
    fixture = await startHostFixture({
        provider: pkg.officialChannelProvider,
        emulator: { users: ["ops", "ops2", "reader1", "reader2"] },
    });
    ({ emulator, host, providerText, console: console_ } = fixture);
});

afterAll(() => fixture?.stop());

function channel(name: string, inputs: Props) {
    return { type: CHANNEL_TYPE, name, inputs: { ...inputs, __provider: providerText } };
}

const newEngine = () => fixture.newEngine();
const record: HostFixture["record"] = (steps) => fixture.record(steps);
const callsDuring = <T>(action: () => Promise<T>) => countCalls(emulator, action);

const live = (id: string) => emulator.channels().find((c) => c.channelId === id);

describe("OfficialChannel through the dynamic-provider host", () => {
    it("serializes to a small provider that loads the implementation by package name", () => {
        expect(Buffer.byteLength(providerText)).toBeLessThan(2048);
        expect(providerText).toContain('require("pulumi-tencent-chat/host/channel")');
    });

    it("previews a new channel with an unknown input: check passes the unknown through, no API call", async () => {
        const urn = newEngine().urn(CHANNEL_TYPE, "preview");
        const { result, calls } = await callsDuring(() =>
            host.check(
                urn,
                {},
                { channelId: "@TOA#_preview", owner: "ops", name: "Preview", introduction: UNKNOWN, __provider: providerText },
            ),
        );
        expect(result.failures).toEqual([]);
        expect(result.inputs.introduction).toBe(UNKNOWN);
        expect(result.inputs.maxSubscribers).toBe(100000);
        expect(calls).toEqual({});
        const steps = await newEngine().preview([
            channel("preview", { channelId: "@TOA#_preview", owner: "ops", name: "P", introduction: UNKNOWN }),
        ]);
        expect(steps.map((s) => s.kind)).toEqual(["create"]);
        expect(live("@TOA#_preview")).toBeUndefined();
    });

    it("rejects bad input in check with every failure and zero API calls", async () => {
        const urn = newEngine().urn(CHANNEL_TYPE, "bad");
        const { result, calls } = await callsDuring(() =>
            host.check(
                urn,
                {},
                {
                    channelId: "@TOA#_@TOA#x",
                    owner: "ops",
                    name: "新".repeat(51),
                    customString: "x".repeat(3001),
                    __provider: providerText,
                },
            ),
        );
        expect(result.failures.map((f) => f.property).sort()).toEqual(["channelId", "customString", "name"]);
        expect(result.failures.find((f) => f.property === "name")!.reason).toContain(
            "at most 150 bytes in UTF-8; got 153 bytes (51 characters)",
        );
        expect(calls).toEqual({});
        const steps = record(await newEngine().up([channel("bad", { channelId: "@TOA#_ok", owner: "ops", name: "" })]));
        expect(steps[0]!.error).toMatch(/name: must not be empty/);
        expect(live("@TOA#_ok")).toBeUndefined();
    });

    describe("a channel's life", () => {
        const engine = () => lifeEngine;
        let lifeEngine: Engine;
        const declared = (extra: Props = {}) => [
            channel("news", { channelId: "@TOA#_news", owner: "ops", name: "Company News", introduction: "hello", ...extra }),
        ];

        it("creates it with every field and Tencent's read-only outputs", async () => {
            lifeEngine = newEngine();
            const steps = record(await engine().up(declared()));
            expect(steps.map((s) => [s.kind, s.error])).toEqual([["create", undefined]]);
            const state = engine().state.get(engine().urn(CHANNEL_TYPE, "news"))!;
            expect(state.id).toBe("@TOA#_news");
            expect(state.outputs).toMatchObject({
                channelId: "@TOA#_news",
                owner: "ops",
                name: "Company News",
                introduction: "hello",
                maxSubscribers: 100000,
                subscriberCount: 0,
            });
            // No read-back: createTime is learned at the first read, and until then the create's bound tells instances apart.
            expect(state.outputs.createTime).toBe(0);
            expect(state.outputs.__createdBefore).toBeGreaterThan(1_600_000_000);
            expect(live("@TOA#_news")).toMatchObject({ name: "Company News", introduction: "hello", maxSubscribers: 100000 });
            fixture.seen.push(JSON.stringify(state));
        });

        it("makes zero API calls on an up with no changes", async () => {
            const { result, calls } = await callsDuring(() => engine().up(declared()));
            expect(result.map((s) => s.kind)).toEqual(["same"]);
            expect(calls).toEqual({});
        });

        it("updates in place, sending only modify", async () => {
            const { result, calls } = await callsDuring(() =>
                engine().up(declared({ name: "Company News 2", organization: "Comms" })),
            );
            expect(record(result).map((s) => s.kind)).toEqual(["update"]);
            expect(result[0]!.changes.map((c) => c.field).sort()).toEqual(["name", "organization"]);
            // One (batched) read first: the channel must still be the instance in the state (issue 18).
            expect(calls).toEqual({ get_official_account_info: 1, modify_official_account_base_info: 1 });
            expect(live("@TOA#_news")).toMatchObject({ name: "Company News 2", organization: "Comms", introduction: "hello" });
        });

        it("shows drift after an out-of-band modify on refresh, and the next up reverts it", async () => {
            await console_.modifyChannel("@TOA#_news", { name: "Edited in console", customString: "x" });
            const refreshed = record(await engine().refresh());
            expect(refreshed[0]!.kind).toBe("refresh");
            expect(refreshed[0]!.changes).toEqual(
                expect.arrayContaining([
                    { field: "name", from: "Company News 2", to: "Edited in console" },
                    { field: "customString", from: "", to: "x" },
                ]),
            );
            const preview = await engine().preview(declared({ name: "Company News 2", organization: "Comms" }));
            expect(preview.map((s) => s.kind)).toEqual(["update"]);
            expect(preview[0]!.changes.map((c) => c.field).sort()).toEqual(["customString", "name"]);
            record(await engine().up(declared({ name: "Company News 2", organization: "Comms" })));
            expect(live("@TOA#_news")).toMatchObject({ name: "Company News 2", customString: "" });
        });

        it("replaces on an owner change: deletes first, then creates with the same ID", async () => {
            const { result, calls } = await callsDuring(() =>
                engine().up(declared({ owner: "ops2", name: "Company News 2", organization: "Comms" })),
            );
            expect(record(result).map((s) => [s.kind, s.deleteBeforeReplace, s.error])).toEqual([
                ["delete-replaced", undefined, undefined],
                ["replace", true, undefined],
            ]);
            expect(calls).toMatchObject({ destroy_official_account: 1, create_official_account: 1 });
            expect(live("@TOA#_news")).toMatchObject({ owner: "ops2" });
        });

        it("refuses a replace while the channel has subscribers, then allows it with allowReplace", async () => {
            await console_.addSubscribers("@TOA#_news", ["reader1", "reader2"]);
            record(await engine().refresh());
            const base = { owner: "ops", name: "Company News 2", organization: "Comms" };
            const refused = record(await engine().up(declared(base)));
            expect(refused[0]!.error).toMatch(/lose its 2 subscribers.*allowReplace: true/s);
            expect(live("@TOA#_news")).toMatchObject({ owner: "ops2", subscriberCount: 2 });
            const allowed = record(await engine().up(declared({ ...base, allowReplace: true })));
            expect(allowed.map((s) => [s.kind, s.error])).toEqual([
                ["delete-replaced", undefined],
                ["replace", undefined],
            ]);
            expect(live("@TOA#_news")).toMatchObject({ owner: "ops", subscriberCount: 0 });
        });

        it("drops a channel destroyed out of band on refresh", async () => {
            await console_.destroyChannel("@TOA#_news");
            const steps = record(await engine().refresh());
            expect(steps.map((s) => s.kind)).toEqual(["drop"]);
            expect(engine().state.size).toBe(0);
        });

        it("destroys what it created", async () => {
            record(await engine().up(declared()));
            expect(live("@TOA#_news")).toBeDefined();
            const steps = record(await engine().destroy());
            expect(steps.map((s) => [s.kind, s.error])).toEqual([["delete", undefined]]);
            expect(live("@TOA#_news")).toBeUndefined();
        });

        it("treats deleting an already-deleted channel as done", async () => {
            record(await engine().up(declared()));
            await console_.destroyChannel("@TOA#_news");
            expect(record(await engine().destroy()).map((s) => s.error)).toEqual([undefined]);
        });
    });

    describe("channels that already exist", () => {
        it("refuses someone else's channel, explaining adopt, and leaves it untouched", async () => {
            await console_.createChannel({
                channelId: "@TOA#_legacy",
                owner: "ops",
                name: "Legacy",
                introduction: "from the console",
            });
            const engine = newEngine();
            const steps = record(
                await engine.up([channel("legacy", { channelId: "@TOA#_legacy", owner: "ops", name: "Managed" })]),
            );
            expect(steps[0]!.error).toMatch(/already exists and differs from this program in name, introduction.*adopt: true/s);
            expect(live("@TOA#_legacy")).toMatchObject({ name: "Legacy", introduction: "from the console" });
            expect(engine.state.size).toBe(0);
        });

        it("adopts it with adopt: true and brings its fields to the declared values", async () => {
            const engine = newEngine();
            const steps = record(
                await engine.up([
                    channel("legacy", {
                        channelId: "@TOA#_legacy",
                        owner: "ops",
                        name: "Managed",
                        adopt: true,
                        maxSubscribers: 500,
                    }),
                ]),
            );
            expect(steps.map((s) => [s.kind, s.error])).toEqual([["create", undefined]]);
            expect(live("@TOA#_legacy")).toMatchObject({ name: "Managed", introduction: "", maxSubscribers: 500 });
            expect(engine.state.get(engine.urn(CHANNEL_TYPE, "legacy"))!.id).toBe("@TOA#_legacy");
            record(await engine.destroy());
        });

        it("refuses to adopt a channel with another owner, naming it", async () => {
            await console_.createChannel({ channelId: "@TOA#_theirs", owner: "ops2", name: "Theirs" });
            const steps = record(
                await newEngine().up([
                    channel("theirs", { channelId: "@TOA#_theirs", owner: "ops", name: "Theirs", adopt: true }),
                ]),
            );
            expect(steps[0]!.error).toMatch(/owned by "ops2".*owner: "ops2"/s);
        });

        it("refuses a fresh, identical channel it has no record of creating (a twin's), explaining adopt", async () => {
            // Young, identical and without subscribers is what a twin stack's channel looks like too:
            // only this machine's journal of this resource's own create attempts is evidence (issue 18).
            await console_.createChannel({ channelId: "@TOA#_interrupted", owner: "ops", name: "Retry me" });
            const engine = newEngine();
            const steps = record(
                await engine.up([channel("interrupted", { channelId: "@TOA#_interrupted", owner: "ops", name: "Retry me" })]),
            );
            expect(steps[0]!.error).toMatch(
                /@TOA#_interrupted already exists with the declared fields, but nothing shows that this resource created it.*no record of a create of this resource.*adopt: true/s,
            );
            expect(emulator.channels().filter((c) => c.channelId === "@TOA#_interrupted")).toHaveLength(1);
            await console_.destroyChannel("@TOA#_interrupted");
        });

        it("survives a create whose response was lost after Tencent applied it", async () => {
            emulator.faults.script([{ command: "create_official_account", kind: "lost-response" }]);
            const engine = newEngine();
            const steps = record(
                await engine.up([channel("lost", { channelId: "@TOA#_lost", owner: "ops", name: "Lost response" })]),
            );
            expect(steps.map((s) => [s.kind, s.error])).toEqual([["create", undefined]]);
            expect(emulator.channels().filter((c) => c.channelId === "@TOA#_lost")).toHaveLength(1);
            record(await engine.destroy());
        });
    });

    it("keeps a created channel in state when a later step fails (partial failure)", async () => {
        // The channel is adopted, then bringing it to the declared values fails with a code that is not retried
        // (a plain create no longer reads back, so adoption is where a later step can fail).
        await console_.createChannel({ channelId: "@TOA#_partial", owner: "ops", name: "Partial" });
        emulator.faults.script([{ command: "modify_official_account_base_info", kind: "code", code: 130002 }]);
        const engine = newEngine();
        const steps = record(
            await engine.up([channel("partial", { channelId: "@TOA#_partial", owner: "ops", name: "Partial", adopt: true })]),
        );
        expect(steps[0]!.error).toMatch(/@TOA#_partial exists, but setting it up did not finish.*130002/s);
        expect(engine.state.get(engine.urn(CHANNEL_TYPE, "partial"))).toMatchObject({ id: "@TOA#_partial" });
        // The engine updates a partially failed resource on the next up even with no change
        // (step_generator.go:2180–2195); destroy removes it: nothing was lost.
        expect(
            record(
                await engine.up([channel("partial", { channelId: "@TOA#_partial", owner: "ops", name: "Partial", adopt: true })]),
            ).map((s) => s.kind),
        ).toEqual(["update"]);
        const destroyed = await engine.destroy();
        expect(destroyed.map((s) => [s.kind, s.error])).toEqual([["delete", undefined]]);
        expect(live("@TOA#_partial")).toBeUndefined();
    });

    it("auto-names a channel without channelId and keeps the name across ups", async () => {
        const engine = newEngine();
        const declared = (name: string) => [channel("announcements", { owner: "ops", name, nameHint: "announcements" })];
        record(await engine.up(declared("Announcements")));
        const id = engine.state.get(engine.urn(CHANNEL_TYPE, "announcements"))!.id;
        expect(id).toMatch(/^@TOA#_announcements-[a-z0-9]{7}$/);
        expect(record(await engine.up(declared("Renamed"))).map((s) => [s.kind, s.id])).toEqual([["update", id]]);
        record(await engine.destroy());
    });

    it("reports a wrong SecretKey with Tencent's code and advice, without the key or a UserSig", async () => {
        const wrongHost = await hostDriver.ProviderHost.start({ cwd: repoRoot, project: PROJECT });
        try {
            const wrongKey = "0123456789abcdef".repeat(4);
            await wrongHost.configure(
                {
                    "tencent-chat:sdkAppId": String(emulator.settings.sdkAppId),
                    "tencent-chat:secretKey": wrongKey,
                    "tencent-chat:endpoint": emulator.url,
                },
                ["tencent-chat:secretKey"],
            );
            const error = await wrongHost
                .create("urn:pulumi:dev::p::t::x", { channelId: "@TOA#_k", owner: "ops", name: "k", __provider: providerText })
                .catch((e: Error) => e);
            expect(String(error)).toMatch(/70009.*tencent-chat:secretKey/s);
            for (const text of [String(error), JSON.stringify(error), ...wrongHost.output]) {
                expect(text).not.toContain(wrongKey);
                expect(text).not.toMatch(USERSIG_PATTERN);
            }
        } finally {
            await wrongHost.stop();
        }
    });

    it("reports missing settings naming both ways to set them", async () => {
        const bare = await hostDriver.ProviderHost.start({
            cwd: repoRoot,
            project: PROJECT,
            env: { TENCENT_CHAT_SDKAPPID: "", TENCENT_CHAT_SECRET_KEY: "" },
        });
        try {
            await bare.configure({});
            const error = await bare
                .create("urn:pulumi:dev::p::t::x", { channelId: "@TOA#_k", owner: "ops", name: "k", __provider: providerText })
                .catch((e: Error) => e);
            expect(String(error)).toContain("pulumi config set tencent-chat:sdkAppId");
            expect(String(error)).toContain("TENCENT_CHAT_SDKAPPID");
            expect(String(error)).toContain("pulumi config set --secret tencent-chat:secretKey");
        } finally {
            await bare.stop();
        }
    });

    it("leaks neither the SecretKey nor any UserSig into __provider, state, outputs, errors or host output", () => {
        const haystack = [providerText, ...fixture.seen, ...host.output];
        expect(haystack.length).toBeGreaterThan(10);
        for (const text of haystack) {
            expect(text).not.toContain(emulator.settings.secretKey);
            expect(text).not.toMatch(USERSIG_PATTERN);
        }
    });
});

/** A UserSig is zlib (base64 "eJ…") in Tencent's URL-safe alphabet; any long run of it is a leak. */
