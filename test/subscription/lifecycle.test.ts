/**
 * ChannelSubscription at Pulumi's engine boundary: the tsc-compiled provider, serialized as
 * `new ChannelSubscription(...)` does, run by @pulumi/pulumi's real dynamic-provider host over
 * gRPC in the engine's call sequences — against the emulator over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../emulator/index";
import type { ChatClient } from "../../provider/api/types";
import type { Engine } from "../../scripts/engine/engine";
import type { ProviderHost, Props } from "../../scripts/engine/host";
import { pkg } from "../support/dist";
import { countCalls, startHostFixture, UNKNOWN, type HostFixture } from "../support/host-fixture";
import { USERSIG_PATTERN } from "../support/secrets";

const TYPE = "pulumi-nodejs:dynamic/tencent-chat:ChannelSubscription";
/** A UserSig is zlib (base64 "eJ…") in Tencent's URL-safe alphabet; any long run of it is a leak. */

let fixture: HostFixture;
let emulator: EmulatorHandle;
let host: ProviderHost;
let providerText: string;
let console_: ChatClient;

beforeAll(async () => {
    fixture = await startHostFixture({
        provider: pkg.channelSubscriptionProvider,
        emulator: { users: ["ops", "u1", "u2", "u3", "u4", "fan"] },
    });
    ({ emulator, host, providerText, console: console_ } = fixture);
    for (const id of ["@TOA#_news", "@TOA#_ops", "@TOA#_adopt", "@TOA#_other"])
        await console_.createChannel({ channelId: id, owner: "ops", name: id });
    await console_.createChannel({ channelId: "@TOA#_full", owner: "ops", name: "Full", maxSubscribers: 2 });
});

afterAll(() => fixture?.stop());

const subscription = (name: string, inputs: Props) => ({ type: TYPE, name, inputs: { ...inputs, __provider: providerText } });
const newEngine = () => fixture.newEngine();
const record: HostFixture["record"] = (steps) => fixture.record(steps);
const callsDuring = <T>(action: () => Promise<T>) => countCalls(emulator, action);

const subscribers = (channelId: string) => emulator.channels().find((c) => c.channelId === channelId)?.subscribers ?? [];
const subscriberOf = (channelId: string, userId: string) => subscribers(channelId).find((s) => s.userId === userId);

describe("ChannelSubscription through the dynamic-provider host", () => {
    it("serializes to a small provider without the secret that loads the implementation by package name", () => {
        expect(Buffer.byteLength(providerText)).toBeLessThan(2048);
        expect(providerText).toContain('require("pulumi-tencent-chat/host/sub")');
        expect(providerText).not.toContain(emulator.settings.secretKey);
    });

    it("rejects bad inputs in check with every failure and zero API calls", async () => {
        const urn = newEngine().urn(TYPE, "bad");
        const { result, calls } = await callsDuring(async () => {
            const checked = await host.check(
                urn,
                {},
                { channelId: "news", userId: "x".repeat(33), customString: "字".repeat(1001), __provider: providerText },
            );
            const steps = record(await newEngine().up([subscription("bad", { channelId: "@TOA#_news", userId: "" })]));
            return { checked, steps };
        });
        expect(result.checked.failures.map((f) => f.property).sort()).toEqual(["channelId", "customString", "userId"]);
        expect(result.checked.failures.find((f) => f.property === "userId")!.reason).toContain(
            "at most 32 bytes, the Chat UserID limit; got 33 bytes",
        );
        expect(result.steps[0]!.error).toMatch(/userId: must not be empty/);
        expect(calls).toEqual({});
    });

    it("previews with an unknown channelId: check passes it through, no API call", async () => {
        const { result, calls } = await callsDuring(() =>
            newEngine().preview([subscription("p", { channelId: UNKNOWN, userId: "u1" })]),
        );
        expect(result.map((s) => [s.kind, s.error])).toEqual([["create", undefined]]);
        expect(calls).toEqual({});
    });

    describe("one subscription's life", () => {
        let engine: Engine;
        const declared = (customString?: string) => [
            subscription("news-u1", {
                channelId: "@TOA#_news",
                userId: "u1",
                ...(customString === undefined ? {} : { customString }),
            }),
        ];
        const state = () => engine.state.get(engine.urn(TYPE, "news-u1"));

        it("creates it with the declared customString and Tencent's subscribeTime", async () => {
            engine = newEngine();
            await console_.addSubscribers("@TOA#_news", ["fan"]); // someone this stack does not manage
            const steps = record(await engine.up(declared("vip")));
            expect(steps.map((s) => [s.kind, s.error])).toEqual([["create", undefined]]);
            expect(state()!.id).toBe("@TOA#_news/u1");
            expect(state()!.outputs).toMatchObject({ channelId: "@TOA#_news", userId: "u1", customString: "vip" });
            expect(state()!.outputs.subscribeTime).toBe(subscriberOf("@TOA#_news", "u1")!.subscribeTime);
            expect(subscriberOf("@TOA#_news", "u1")!.customString).toBe("vip");
            fixture.seen.push(JSON.stringify(state()));
        });

        it("makes zero API calls on an up with no changes", async () => {
            const { result, calls } = await callsDuring(() => engine.up(declared("vip")));
            expect(result.map((s) => s.kind)).toEqual(["same"]);
            expect(calls).toEqual({});
        });

        it("updates customString in place with one modify_subscriber_info", async () => {
            const { result, calls } = await callsDuring(() => engine.up(declared("gold")));
            expect(record(result).map((s) => [s.kind, s.error])).toEqual([["update", undefined]]);
            expect(calls).toEqual({ modify_subscriber_info: 1 });
            expect(subscriberOf("@TOA#_news", "u1")!.customString).toBe("gold");
        });

        it("shows a customString changed out of band on refresh, and the next up reverts it", async () => {
            await console_.modifySubscriber("@TOA#_news", "u1", "edited");
            const { result, calls } = await callsDuring(() => engine.refresh());
            expect(record(result).map((s) => [s.kind, s.changes])).toEqual([
                ["refresh", [{ field: "customString", from: "gold", to: "edited" }]],
            ]);
            expect(calls).toEqual({ get_subscribed_official_account_list: 1 });
            const preview = await engine.preview(declared("gold"));
            expect(preview.map((s) => [s.kind, s.changes])).toEqual([
                ["update", [{ field: "customString", from: "edited", to: "gold" }]],
            ]);
            record(await engine.up(declared("gold")));
            expect(subscriberOf("@TOA#_news", "u1")!.customString).toBe("gold");
        });

        it("drops it on refresh after the user was unsubscribed out of band, and the next up subscribes again", async () => {
            await console_.deleteSubscribers("@TOA#_news", ["u1"]);
            expect(record(await engine.refresh()).map((s) => s.kind)).toEqual(["drop"]);
            expect(engine.state.size).toBe(0);
            expect(record(await engine.up(declared("gold"))).map((s) => [s.kind, s.error])).toEqual([["create", undefined]]);
            expect(subscriberOf("@TOA#_news", "u1")!.customString).toBe("gold");
        });

        it("replaces on a channel change: subscribes to the new channel, then leaves the old one", async () => {
            const steps = record(
                await engine.up([subscription("news-u1", { channelId: "@TOA#_ops", userId: "u1", customString: "gold" })]),
            );
            // Create-before-delete: the old subscription is deleted after the creates (pulumi's default).
            expect(steps.map((s) => [s.kind, s.deleteBeforeReplace, s.error])).toEqual([
                ["replace", false, undefined],
                ["delete-replaced", undefined, undefined],
            ]);
            expect(state()!.id).toBe("@TOA#_ops/u1");
            expect(subscriberOf("@TOA#_ops", "u1")).toBeDefined();
            expect(subscriberOf("@TOA#_news", "u1")).toBeUndefined();
        });

        it("deletes only its own subscription, never the channel's other subscribers", async () => {
            await console_.addSubscribers("@TOA#_ops", ["fan"]);
            const steps = record(await engine.destroy());
            expect(steps.map((s) => [s.kind, s.error])).toEqual([["delete", undefined]]);
            expect(subscribers("@TOA#_ops").map((s) => s.userId)).toEqual(["fan"]);
            expect(subscribers("@TOA#_news").map((s) => s.userId)).toEqual(["fan"]);
        });
    });

    it("with adopt: true, adopts a subscription made out of band instead of duplicating it, and sets its customString", async () => {
        await console_.addSubscribers("@TOA#_adopt", ["u2"]);
        await console_.modifySubscriber("@TOA#_adopt", "u2", "from the console");
        const engine = newEngine();
        const steps = record(
            await engine.up([
                subscription("adopt-u2", { channelId: "@TOA#_adopt", userId: "u2", customString: "managed", adopt: true }),
            ]),
        );
        expect(steps.map((s) => [s.kind, s.error])).toEqual([["create", undefined]]);
        expect(subscribers("@TOA#_adopt")).toHaveLength(1);
        expect(subscriberOf("@TOA#_adopt", "u2")!.customString).toBe("managed");
        record(await engine.destroy());
    });

    it("subscribes again when customString changes after an out-of-band unsubscribe nobody refreshed", async () => {
        const engine = newEngine();
        record(await engine.up([subscription("resub", { channelId: "@TOA#_other", userId: "u1", customString: "a" })]));
        await console_.deleteSubscribers("@TOA#_other", ["u1"]);
        const steps = record(
            await engine.up([subscription("resub", { channelId: "@TOA#_other", userId: "u1", customString: "b" })]),
        );
        expect(steps.map((s) => [s.kind, s.error])).toEqual([["update", undefined]]);
        expect(subscriberOf("@TOA#_other", "u1")!.customString).toBe("b");
        record(await engine.destroy());
    });

    describe("a channel at its maximum (maxSubscribers 2)", () => {
        beforeAll(async () => {
            await console_.addSubscribers("@TOA#_full", ["u1", "u2"]);
        });

        it("fails with a clear 'channel is full (2/2 subscribers)' error and records nothing", async () => {
            await console_.addSubscribers("@TOA#_other", ["u3"]); // u3 follows something: it is an imported user
            const engine = newEngine();
            const steps = record(await engine.up([subscription("full-u3", { channelId: "@TOA#_full", userId: "u3" })]));
            expect(steps[0]!.error).toMatch(
                /Cannot subscribe "u3" to official channel @TOA#_full: the channel is full \(2\/2 subscribers\).*raise maxSubscribers/s,
            );
            expect(engine.state.size).toBe(0);
            expect(subscribers("@TOA#_full")).toHaveLength(2);
        });

        it("names both likely causes when the user might not be imported", async () => {
            const steps = record(await newEngine().up([subscription("full-u4", { channelId: "@TOA#_full", userId: "u4" })]));
            expect(steps[0]!.error).toMatch(
                /may be full \(2\/2 subscribers if its maxSubscribers is 2.*"u4" may not be an imported Chat user: import it first/s,
            );
        });
    });

    it("explains a user that is not imported on an empty channel", async () => {
        await console_.createChannel({ channelId: "@TOA#_empty", owner: "ops", name: "Empty" });
        const steps = record(await newEngine().up([subscription("ghost", { channelId: "@TOA#_empty", userId: "ghost" })]));
        expect(steps[0]!.error).toMatch(/"ghost" may not be an imported Chat user: import it first/);
        expect(steps[0]!.error).not.toMatch(/may be full/);
    });

    it("says to create the channel first when it does not exist", async () => {
        const steps = record(await newEngine().up([subscription("nowhere", { channelId: "@TOA#_nowhere", userId: "u1" })]));
        expect(steps[0]!.error).toMatch(/@TOA#_nowhere: the channel does not exist \(Tencent error 130004\)\. Create it first/);
    });

    it("refreshes several subscriptions of one user with a single listing", async () => {
        const engine = newEngine();
        const ids = ["@TOA#_news", "@TOA#_ops", "@TOA#_adopt"];
        record(await engine.up(ids.map((channelId, i) => subscription(`u4-${i}`, { channelId, userId: "u4" }))));
        const { result, calls } = await callsDuring(() => engine.refresh());
        expect(record(result).map((s) => [s.kind, s.changes])).toEqual(ids.map(() => ["refresh", []]));
        expect(calls).toEqual({ get_subscribed_official_account_list: 1 });
        record(await engine.destroy());
    });

    it("treats deleting an unsubscribed user or a destroyed channel as done", async () => {
        await console_.createChannel({ channelId: "@TOA#_doomed", owner: "ops", name: "Doomed" });
        const engine = newEngine();
        record(
            await engine.up([
                subscription("a", { channelId: "@TOA#_doomed", userId: "u1" }),
                subscription("b", { channelId: "@TOA#_news", userId: "u2" }),
            ]),
        );
        await console_.destroyChannel("@TOA#_doomed");
        await console_.deleteSubscribers("@TOA#_news", ["u2"]);
        expect(record(await engine.destroy()).map((s) => [s.kind, s.error])).toEqual([
            ["delete", undefined],
            ["delete", undefined],
        ]);
        expect(engine.state.size).toBe(0);
    });

    it("keeps a made subscription in state when a later step fails, and the next up finishes it", async () => {
        emulator.faults.script([{ command: "modify_subscriber_info", kind: "code", code: 130002 }]);
        const engine = newEngine();
        const declared = [subscription("partial", { channelId: "@TOA#_other", userId: "u2", customString: "late" })];
        const steps = record(await engine.up(declared));
        expect(steps[0]!.error).toMatch(
            /"u2" is subscribed to official channel @TOA#_other, but setting the subscription up did not finish.*130002/s,
        );
        expect(engine.state.get(engine.urn(TYPE, "partial"))).toMatchObject({
            id: "@TOA#_other/u2",
            outputs: { customString: "" },
        });
        expect(record(await engine.up(declared)).map((s) => [s.kind, s.error])).toEqual([["update", undefined]]);
        expect(subscriberOf("@TOA#_other", "u2")!.customString).toBe("late");
        record(await engine.destroy());
        expect(subscriberOf("@TOA#_other", "u2")).toBeUndefined();
    });

    it("leaks neither the SecretKey nor any UserSig into __provider, state, errors or host output", () => {
        const haystack = [providerText, ...fixture.seen, ...host.output];
        expect(fixture.seen.length).toBeGreaterThan(5);
        for (const text of haystack) {
            expect(text).not.toContain(emulator.settings.secretKey);
            expect(text).not.toMatch(USERSIG_PATTERN);
        }
    });
});
