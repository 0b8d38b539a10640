/** A program declaring ChannelSubscription under pulumi.runtime.setMocks: what the engine is asked to register. */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, expect, it } from "vitest";
import { pkg } from "../support/dist";

const { ChannelSubscription } = pkg;

const registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> = [];

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push({ type: args.type, name: args.name, inputs: args.inputs });
                return {
                    id: `${args.inputs.channelId}/${args.inputs.userId}`,
                    state: { ...args.inputs, subscribeTime: 1_700_000_000 },
                };
            },
            call: () => ({}),
        },
        "chat-infra",
        "dev",
        false,
    );
});

const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

it("registers the ChannelSubscription type token with the declared inputs and a small __provider", async () => {
    const sub = new ChannelSubscription("news-u1", { channelId: pulumi.output("@TOA#_news"), userId: "u1", customString: "vip" });
    expect(await resolved(sub.urn)).toBe(
        "urn:pulumi:dev::chat-infra::pulumi-nodejs:dynamic/tencent-chat:ChannelSubscription::news-u1",
    );
    const entry = registered.find((r) => r.name === "news-u1")!;
    expect(entry.type).toBe("pulumi-nodejs:dynamic/tencent-chat:ChannelSubscription");
    expect(entry.inputs).toMatchObject({ channelId: "@TOA#_news", userId: "u1", customString: "vip" });
    expect(Buffer.byteLength(entry.inputs.__provider as string)).toBeLessThan(2048);
    expect(await resolved(sub.id)).toBe("@TOA#_news/u1");
    expect(await resolved(sub.subscribeTime)).toBe(1_700_000_000);
});
