/**
 * A Pulumi program declaring OfficialChannel, under pulumi.runtime.setMocks: what the engine would
 * be asked to register. The provider itself is never called under mocks.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { pkg } from "../support/dist";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}
const registered: Registered[] = [];

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push({ type: args.type, name: args.name, inputs: args.inputs });
                return { id: `${args.inputs.channelId ?? args.name}`, state: { ...args.inputs, subscriberCount: 0 } };
            },
            call: () => ({}),
        },
        "chat-infra",
        "dev",
        false,
    );
});

const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe("new OfficialChannel in a program", () => {
    it("registers the dynamic type token with the declared inputs and a small __provider", async () => {
        const channel = new pkg.OfficialChannel("news", {
            channelId: "@TOA#_news",
            owner: "ops",
            name: "Company News",
            maxSubscribers: 5000,
        });
        expect(await resolved(channel.urn)).toBe(
            "urn:pulumi:dev::chat-infra::pulumi-nodejs:dynamic/tencent-chat:OfficialChannel::news",
        );
        const news = registered.find((r) => r.name === "news")!;
        expect(news.type).toBe("pulumi-nodejs:dynamic/tencent-chat:OfficialChannel");
        expect(news.inputs).toMatchObject({ channelId: "@TOA#_news", owner: "ops", name: "Company News", maxSubscribers: 5000 });
        expect(news.inputs).not.toHaveProperty("nameHint");
        expect(typeof news.inputs.__provider).toBe("string");
        expect(Buffer.byteLength(news.inputs.__provider as string)).toBeLessThan(2048);
        expect(await resolved(channel.subscriberCount)).toBe(0);
        expect(await resolved(channel.channelId)).toBe("@TOA#_news");
    });

    it("passes the logical name for auto-naming when channelId is omitted", async () => {
        const channel = new pkg.OfficialChannel("alerts", { owner: "ops", name: "Alerts" });
        await resolved(channel.urn);
        expect(registered.find((r) => r.name === "alerts")!.inputs).toMatchObject({
            nameHint: "alerts",
            owner: "ops",
            name: "Alerts",
        });
    });

    it("accepts Outputs as inputs", async () => {
        const owner = pulumi.output("ops");
        const channel = new pkg.OfficialChannel("from-output", {
            channelId: "@TOA#_out",
            owner,
            name: pulumi.interpolate`${owner} news`,
        });
        await resolved(channel.urn);
        expect(registered.find((r) => r.name === "from-output")!.inputs).toMatchObject({ owner: "ops", name: "ops news" });
    });
});
