/**
 * ChannelSubscription under issue 9's scrutiny, at the real dynamic-provider host against the
 * emulator, in the engine's call order: twins in one deployment, a state missing half its pair,
 * and diff inside a refresh. Each test asserts what the emulator holds afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatClient } from "../../provider/api/types";
import { HostCallError, type Props } from "../../scripts/engine/host";
import { pkg } from "../support/dist";
import { countCalls, PROJECT, startHostFixture, type HostFixture } from "../support/host-fixture";

const TYPE = "pulumi-nodejs:dynamic/tencent-chat:ChannelSubscription";

let fixture: HostFixture;
let console_: ChatClient;

beforeAll(async () => {
    fixture = await startHostFixture({
        provider: pkg.channelSubscriptionProvider,
        emulator: { users: ["ops", "u1", "u2"] },
    });
    console_ = fixture.console;
    await console_.createChannel({ channelId: "@TOA#_subs", owner: "ops", name: "Subs" });
});

afterAll(() => fixture?.stop());

const urnOf = (name: string) => `urn:pulumi:dev::${PROJECT}::${TYPE}::${name}`;
const declare = (urn: string, args: Props): Props => ({ ...args, __provider: fixture.providerText, __urn: urn });
const subscribersOf = (id: string) =>
    (fixture.emulator.channels().find((c) => c.channelId === id)?.subscribers ?? [])
        .map((s) => `${s.userId}:${s.customString}`)
        .sort();
const message = (error: unknown) => (error instanceof HostCallError ? error.details : String(error));

async function create(urn: string, args: Props) {
    const checked = await fixture.host.check(urn, {}, declare(urn, args));
    expect(checked.failures).toEqual([]);
    const made = await fixture.host.create(urn, checked.inputs);
    return { urn, id: made.id, inputs: checked.inputs, outputs: made.outs };
}

describe("ChannelSubscription safety", () => {
    it("lets one of two resources declaring the same pair in one deployment create it; the other fails naming it, and destroying the first leaves no orphan claim", async () => {
        const args = { channelId: "@TOA#_subs", userId: "u1", customString: "a" };
        const outcomes = await Promise.allSettled([create(urnOf("one"), args), create(urnOf("two"), args)]);
        const made = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
        const errors = outcomes.flatMap((o) => (o.status === "rejected" ? [message(o.reason)] : []));
        expect(made).toHaveLength(1);
        expect(errors).toEqual([
            expect.stringContaining(
                `"u1" to official channel @TOA#_subs is already declared in this deployment by resource ${made[0]!.urn}`,
            ),
        ]);
        expect(subscribersOf("@TOA#_subs")).toEqual(["u1:a"]);

        await fixture.host.delete(made[0]!.urn, made[0]!.id, made[0]!.outputs, made[0]!.inputs);
        expect(subscribersOf("@TOA#_subs")).toEqual([]);
        // Once deleted, the pair is free for another declaration.
        const again = await create(urnOf("two"), args);
        await fixture.host.delete(again.urn, again.id, again.outputs, again.inputs);
    });

    it("diffs, updates and deletes a state without channelId by its id, never replacing", async () => {
        const args = { channelId: "@TOA#_subs", userId: "u2", customString: "x" };
        const made = await create(urnOf("u2"), args);
        const { channelId: _c, ...outputs } = made.outputs;
        const { channelId: _i, ...inputs } = made.inputs;
        const checked = await fixture.host.check(made.urn, inputs, declare(made.urn, { ...args, customString: "y" }));
        const diff = await fixture.host.diff(made.urn, made.id, outputs, inputs, checked.inputs);
        expect(diff).toEqual({ changes: "DIFF_SOME", replaces: [], deleteBeforeReplace: false });
        await fixture.host.update(made.urn, made.id, outputs, inputs, checked.inputs);
        expect(subscribersOf("@TOA#_subs")).toEqual(["u2:y"]);
        const { result, calls } = await countCalls(fixture.emulator, () =>
            fixture.host.delete(made.urn, made.id, outputs, inputs),
        );
        expect(result).toBeUndefined();
        expect(calls).toEqual({ delete_subscriber: 1 });
        expect(subscribersOf("@TOA#_subs")).toEqual([]);
    });

    it("shows a customString changed out of band as drift inside a refresh, without error", async () => {
        const args = { channelId: "@TOA#_subs", userId: "u1", customString: "mine" };
        const made = await create(urnOf("refresh"), args);
        await console_.modifySubscriber("@TOA#_subs", "u1", "theirs");
        const read = await fixture.host.read(made.urn, made.id, made.outputs, made.inputs);
        const diff = await fixture.host.diff(made.urn, read.id, read.props, read.inputs ?? {}, made.inputs);
        expect(diff).toEqual({ changes: "DIFF_SOME", replaces: [], deleteBeforeReplace: false });
        expect(subscribersOf("@TOA#_subs")).toEqual(["u1:theirs"]);
        await fixture.host.delete(made.urn, made.id, made.outputs, made.inputs);
    });
});
