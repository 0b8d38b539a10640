/**
 * Issue 18 item 2: a subscription that existed before the stack is never taken over. Each sequence
 * is played at the engine boundary (the real dynamic-provider host, the engine's call order)
 * against the emulator, and each test asserts who is subscribed afterwards and with which
 * customString.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngineFixture, SUBSCRIPTION_TYPE, type EngineFixture } from "../engine/fixture";

let f: EngineFixture;

beforeAll(async () => {
    f = await startEngineFixture(["ops", "alice", "bob", "carol", "dave"]);
    await f.console.createChannel({ channelId: "@TOA#_own", owner: "ops", name: "Own" });
});

afterAll(() => f?.stop());

/** What the emulator holds: every subscriber of the channel with its customString. */
const held = (channelId = "@TOA#_own") =>
    (f.live(channelId)?.subscribers ?? []).map((s) => `${s.userId}:${s.customString}`).sort();

const refusal = (user: string, bytes: number) =>
    new RegExp(
        `^The subscription of "${user}" to official channel @TOA#_own already exists since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ, ` +
            `with a customString of ${bytes} bytes, and nothing shows that this stack made it: the user, another stack or another program may manage it\\. ` +
            "Nothing was changed: the subscription and its customString stay as they are\\. To manage it from this stack, set `adopt: true` on this " +
            "ChannelSubscription \\(its customString will be set to the declared value, and `pulumi destroy` will unsubscribe the user\\); " +
            "otherwise remove the declaration\\.$",
    );

describe("a subscription that existed before the stack", () => {
    it("is refused without adopt: her customString stays, nothing enters the state, and destroy leaves her subscribed", async () => {
        await f.console.addSubscribers("@TOA#_own", ["alice"]);
        await f.console.modifySubscriber("@TOA#_own", "alice", "alice-own-data");
        const engine = f.newEngine();
        const steps = await engine.up([f.subscription("alice", { channelId: "@TOA#_own", userId: "alice", customString: "" })]);
        // Before: the create "succeeded", wiping her customString to "", and destroy unsubscribed her.
        expect(steps.map((s) => s.kind)).toEqual(["create"]);
        expect(steps[0]!.error).toMatch(refusal("alice", 14));
        expect(engine.state.size).toBe(0);
        expect(held()).toEqual(["alice:alice-own-data"]);
        expect((await engine.destroy()).map((s) => s.kind)).toEqual([]);
        expect(held()).toEqual(["alice:alice-own-data"]);
    });

    it("is taken over with adopt: true, its customString brought to the declared value, and destroy then unsubscribes her", async () => {
        const engine = f.newEngine();
        const declared = [
            f.subscription("alice", { channelId: "@TOA#_own", userId: "alice", customString: "managed", adopt: true }),
        ];
        const steps = await engine.up(declared);
        expect(steps.map((s) => [s.kind, s.error])).toEqual([["create", undefined]]);
        expect(engine.state.get(engine.urn(SUBSCRIPTION_TYPE, "alice"))!.outputs).toMatchObject({
            customString: "managed",
            adopt: true,
        });
        expect(held()).toEqual(["alice:managed"]);
        // adopt is an instruction for the create, not a field of the subscription: dropping it changes nothing.
        const later = await engine.up([
            f.subscription("alice", { channelId: "@TOA#_own", userId: "alice", customString: "managed" }),
        ]);
        expect(later.map((s) => s.kind)).toEqual(["same"]);
        expect((await engine.destroy()).map((s) => [s.kind, s.error])).toEqual([["delete", undefined]]);
        expect(held()).toEqual([]);
    });

    it("declared by two stacks: the second fails and changes nothing, and destroying it leaves the first stack's subscription", async () => {
        const stackA = f.newEngine();
        // Two stacks are two `pulumi up` processes: each its own provider host.
        const stackB = await f.newStackProcess();
        expect(
            (await stackA.up([f.subscription("bob", { channelId: "@TOA#_own", userId: "bob", customString: "from A" })])).map(
                (s) => s.error,
            ),
        ).toEqual([undefined]);
        const steps = await stackB.up([f.subscription("bob", { channelId: "@TOA#_own", userId: "bob", customString: "from B" })]);
        expect(steps[0]!.error).toMatch(refusal("bob", 6));
        expect(held()).toEqual(["bob:from A"]);
        await stackB.destroy();
        expect(held()).toEqual(["bob:from A"]);
        await stackA.destroy();
        expect(held()).toEqual([]);
    });

    it("is this resource's own when add_subscriber's answer was lost and no retry was left: a read settles it", async () => {
        const engine = f.newEngine();
        await engine.setConfig({ ...f.config, values: { ...f.config.values, "tencent-chat:retryBudgetMs": "1" } });
        f.emulator.faults.script([{ command: "add_subscriber", kind: "lost-response" }]);
        const steps = await engine.up([f.subscription("carol", { channelId: "@TOA#_own", userId: "carol", customString: "c" })]);
        expect(steps.map((s) => [s.kind, s.error])).toEqual([["create", undefined]]);
        expect(held()).toEqual(["carol:c"]);
        expect((await engine.destroy()).map((s) => s.error)).toEqual([undefined]);
        expect(held()).toEqual([]);
    });

    it("that appears while the create runs (Tencent answers 'already subscribed') is refused too, saying why", async () => {
        // The emulator's lost response: the subscription is applied, the client retries, Tencent answers "already subscribed".
        f.emulator.faults.script([{ command: "add_subscriber", kind: "lost-response" }]);
        const engine = f.newEngine();
        const steps = await engine.up([f.subscription("dave", { channelId: "@TOA#_own", userId: "dave", customString: "d" })]);
        expect(steps[0]!.error).toBe(
            `Tencent answered that "dave" is already subscribed to official channel @TOA#_own, although the user's channel list did not show it when this create began: ` +
                "another stack or program subscribed the user at the same moment, or this create's own request was applied on an attempt whose answer was lost. " +
                "Nothing tells the two apart. Nothing was changed: the subscription and its customString stay as they are. To manage it from this stack, " +
                "set `adopt: true` on this ChannelSubscription (its customString will be set to the declared value, and `pulumi destroy` will unsubscribe the user); " +
                "otherwise remove the declaration.",
        );
        expect(engine.state.size).toBe(0);
        expect(held()).toEqual(["dave:"]);
        await f.console.deleteSubscribers("@TOA#_own", ["dave"]);
    });
});
