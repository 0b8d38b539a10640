/**
 * The internal `__urn` input the resource classes add so that the provider knows which resource is
 * creating (the dynamic-provider create receives only inputs): it must be the resource's own URN,
 * parent chain included, and must not make a child wait for its component parent.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { pkg } from "../support/dist";

const inputsByName = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                inputsByName.set(args.name, args.inputs);
                return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
            },
            call: () => ({}),
        },
        "chat-infra",
        "dev",
        false,
    );
});

const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe("the __urn input", () => {
    it("is the channel's own URN", async () => {
        const channel = new pkg.OfficialChannel("top", { channelId: "@TOA#_top", owner: "ops", name: "Top" });
        const urn = await resolved(channel.urn);
        expect(urn).toBe("urn:pulumi:dev::chat-infra::pulumi-nodejs:dynamic/tencent-chat:OfficialChannel::top");
        expect(inputsByName.get("top")!.__urn).toBe(urn);
    });

    it("includes the parent's type chain, and a child inside a component still registers", async () => {
        const parent = new pulumi.ComponentResource("acme:index:Group", "group");
        const channel = new pkg.OfficialChannel("child", { channelId: "@TOA#_child", owner: "ops", name: "Child" }, { parent });
        const subscription = new pkg.ChannelSubscription("child-u1", { channelId: channel.channelId, userId: "u1" }, { parent });
        const urn = await resolved(channel.urn);
        expect(urn).toBe(
            "urn:pulumi:dev::chat-infra::acme:index:Group$pulumi-nodejs:dynamic/tencent-chat:OfficialChannel::child",
        );
        expect(inputsByName.get("child")!.__urn).toBe(urn);
        const subscriptionUrn = await resolved(subscription.urn);
        expect(inputsByName.get("child-u1")!.__urn).toBe(subscriptionUrn);
    });
});
