/**
 * `pulumi-tencent-chat/plugin-sdk`, the generated TypeScript SDK of the plugin's resources (for
 * programs that need explicit provider instances or `pulumi import`'s generated code), used as a
 * program would under pulumi.runtime.setMocks: the plugin's type tokens, the explicit provider, the
 * inputs as written. This file type-checks against the SDK's published declarations.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import type * as PluginSdk from "pulumi-tencent-chat/plugin-sdk";
import { repoRoot } from "../support/dist";

// Loaded as a program loads it, through the package's `exports` (the compiled dist/plugin-sdk).
const sdk = createRequire(path.join(repoRoot, "package.json"))("pulumi-tencent-chat/plugin-sdk") as typeof PluginSdk;

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    provider?: string;
}
const registered: Registered[] = [];

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
                return { id: `${args.inputs.channelId ?? args.name}-id`, state: { ...args.inputs, subscriberCount: 0 } };
            },
            call: () => ({}),
        },
        "chat-infra",
        "dev",
        false,
    );
});

const resolved = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe("the plugin SDK in a TypeScript program", () => {
    it("registers the plugin's tokens, with a second Chat app as an explicit provider", async () => {
        const staging = new sdk.Provider("staging", { sdkAppId: "1400000001", region: "singapore", admin: "ops-admin" });
        const channel: PluginSdk.OfficialChannel = new sdk.OfficialChannel(
            "news",
            { channelId: "@TOA#_news", owner: "ops", name: "Company News", maxSubscribers: 5000 },
            { provider: staging },
        );
        const subscription = new sdk.ChannelSubscription(
            "alice",
            { channelId: channel.channelId, userId: "alice" },
            { provider: staging },
        );
        expect(await resolved(subscription.urn)).toBe(
            "urn:pulumi:dev::chat-infra::tencent-chat:index:ChannelSubscription::alice",
        );
        expect(registered.map((r) => [r.type, r.name])).toEqual([
            ["pulumi:providers:tencent-chat", "staging"],
            ["tencent-chat:index:OfficialChannel", "news"],
            ["tencent-chat:index:ChannelSubscription", "alice"],
        ]);
        const providerRef = `urn:pulumi:dev::chat-infra::pulumi:providers:tencent-chat::staging::staging-id`;
        expect(registered.find((r) => r.name === "staging")!.inputs).toMatchObject({
            sdkAppId: "1400000001",
            region: "singapore",
        });
        expect(registered.find((r) => r.name === "news")).toMatchObject({
            inputs: { channelId: "@TOA#_news", owner: "ops", name: "Company News", maxSubscribers: 5000 },
            provider: providerRef,
        });
        expect(registered.find((r) => r.name === "alice")).toMatchObject({
            inputs: { channelId: "@TOA#_news", userId: "alice" },
            provider: providerRef,
        });
    });

    it("asks the engine for the plugin at this package's version", () => {
        const load = createRequire(path.join(repoRoot, "package.json"));
        const { version } = load("./package.json") as { version: string };
        // Every resource's default `version` option comes from the package.json generated beside the
        // SDK (copied into dist/plugin-sdk); without it the SDK would not even load.
        const utilities = load("./dist/plugin-sdk/utilities.js") as { resourceOptsDefaults(): { version: string } };
        expect(utilities.resourceOptsDefaults()).toEqual({ version });
    });
});
