/**
 * OfficialChannelSet in a program under pulumi.runtime.setMocks: the resource graph the engine would
 * be asked to build. The compiled package is loaded (notes §7: vitest-transformed sources cannot be
 * closure-serialized into `__provider`), and only after the mocks are set.
 */
import { createRequire } from "node:module";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_MANIFEST, lines, writeManifest } from "./helpers";

type ManifestModule = typeof import("../../provider/index");

const CHANNEL_TYPE = "pulumi-nodejs:dynamic/tencent-chat:OfficialChannel";
const SET_TYPE = "tencent-chat:index:OfficialChannelSet";
// __filename rather than import.meta.url: the tests, like the package, are CommonJS-shaped TypeScript.
const requireFromHere = createRequire(__filename);

interface Registration {
    type: string;
    name: string;
    parent: string;
    inputs: Record<string, unknown>;
}
const registrations: Registration[] = [];
const registeredOutputs = new Map<string, Record<string, unknown>>();
let manifestModule: ManifestModule;

/** Resolves with the Output's value; the test awaits it, so a failed expectation fails the test. */
const valueOf = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({
                id: args.custom ? String(args.inputs.channelId) : undefined,
                state: args.custom ? { ...args.inputs, subscriberCount: 3, createTime: 1_700_000_000, lastMessageTime: 0 } : {},
            }),
            call: () => ({}),
        },
        "chat-infra",
        "dev",
        false,
    );
    // The mock monitor's own hooks do not carry the parent or registerOutputs; observe the RPCs.
    type Request = {
        getType(): string;
        getName(): string;
        getParent(): string;
        getObject(): unknown;
        getUrn(): string;
        getOutputs(): unknown;
    };
    type Callback = (error: unknown, response: unknown) => void;
    const monitor = pulumi.runtime.getMonitor() as unknown as Record<string, (req: Request, cb: Callback) => unknown>;
    const registerResource = monitor.registerResource!.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const inputs = pulumi.runtime.deserializeProperties(req.getObject() as never) as Record<string, unknown>;
        registrations.push({ type: req.getType(), name: req.getName(), parent: req.getParent(), inputs });
        return registerResource(req, cb);
    };
    const registerResourceOutputs = monitor.registerResourceOutputs!.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        registeredOutputs.set(
            req.getUrn(),
            pulumi.runtime.deserializeProperties(req.getOutputs() as never) as Record<string, unknown>,
        );
        return registerResourceOutputs(req, cb);
    };
    manifestModule = requireFromHere(path.resolve(__dirname, "../../dist/provider/index.js")) as ManifestModule;
});

/** Lets the registrations a constructor started reach the (mock) monitor. */
async function settle(set: { urn: pulumi.Output<string> }, children: { urn: pulumi.Output<string> }[]) {
    await Promise.all([valueOf(set.urn), ...children.map((c) => valueOf(c.urn))]);
}

describe("OfficialChannelSet", () => {
    it("declares one OfficialChannel per entry, parented to the set and named from the channel ID", async () => {
        const set = new manifestModule.OfficialChannelSet("channels", { manifest: EXAMPLE_MANIFEST });
        const setUrn = await valueOf(set.urn);
        await settle(set, Object.values(set.channels));
        expect(setUrn).toBe(`urn:pulumi:dev::chat-infra::${SET_TYPE}::channels`);

        const children = registrations.filter((r) => r.parent === setUrn);
        expect(children.map((r) => [r.type, r.name])).toEqual([
            [CHANNEL_TYPE, "channels-news"],
            [CHANNEL_TYPE, "channels-engineering"],
            [CHANNEL_TYPE, "channels-alerts"],
        ]);
        expect(await valueOf(set.channels["@TOA#_news"]!.urn)).toBe(
            `urn:pulumi:dev::chat-infra::${SET_TYPE}$${CHANNEL_TYPE}::channels-news`,
        );
    });

    it("passes each entry's inputs with defaults applied", async () => {
        const set = new manifestModule.OfficialChannelSet("with-defaults", { manifest: EXAMPLE_MANIFEST });
        await settle(set, Object.values(set.channels));
        const inputsOf = (name: string) => registrations.find((r) => r.name === name)!.inputs;
        expect(inputsOf("with-defaults-engineering")).toMatchObject({
            channelId: "@TOA#_engineering",
            owner: "ops",
            organization: "Acme Corp",
            name: "工程团队公告",
            maxSubscribers: 5000,
        });
        expect(inputsOf("with-defaults-news")).toMatchObject({
            channelId: "@TOA#_news",
            owner: "comms",
            organization: "Acme Corp",
        });
        expect(inputsOf("with-defaults-news")).not.toHaveProperty("nameHint");
        expect(Buffer.byteLength(String(inputsOf("with-defaults-news").__provider))).toBeLessThan(2048);
    });

    it("exposes the channels by ID and registers their outputs as the set's outputs", async () => {
        const set = new manifestModule.OfficialChannelSet("outputs", { manifest: EXAMPLE_MANIFEST });
        const setUrn = await valueOf(set.urn);
        expect(Object.keys(set.channels)).toEqual(["@TOA#_news", "@TOA#_engineering", "@TOA#_alerts"]);
        expect(await valueOf(set.channels["@TOA#_alerts"]!.name)).toBe("Production Alerts");

        const outputs = await valueOf(set.channelOutputs);
        expect(Object.keys(outputs)).toEqual(["@TOA#_news", "@TOA#_engineering", "@TOA#_alerts"]);
        expect(outputs["@TOA#_engineering"]).toMatchObject({
            channelId: "@TOA#_engineering",
            owner: "ops",
            maxSubscribers: 5000,
            subscriberCount: 3,
            createTime: 1_700_000_000,
        });
        await expect.poll(() => registeredOutputs.get(setUrn)).toBeDefined();
        expect(registeredOutputs.get(setUrn)!.channels).toEqual(outputs);
    });

    it("keeps every URN when display names change (the edit updates in place)", async () => {
        const urnsOf = async (manifest: string) => {
            const set = new manifestModule.OfficialChannelSet("rename", { manifest });
            return Promise.all([set, ...Object.values(set.channels)].map((r) => valueOf(r.urn)));
        };
        const before = writeManifest(
            lines("defaults: { owner: ops }", "channels:", '  - { channelId: "@TOA#_rename", name: Old name }'),
        );
        const after = writeManifest(
            lines("defaults: { owner: ops }", "channels:", '  - { channelId: "@TOA#_rename", name: 全新的名字 }'),
        );
        expect(await urnsOf(after)).toEqual(await urnsOf(before));
    });

    it("takes manifest data or a loaded manifest instead of a path", async () => {
        const data = { defaults: { owner: "ops" }, channels: [{ channelId: "@TOA#_inline", name: "Inline" }] };
        const fromData = new manifestModule.OfficialChannelSet("data", { manifest: data });
        const fromLoaded = new manifestModule.OfficialChannelSet("loaded", { manifest: manifestModule.loadManifest(data) });
        await settle(fromData, Object.values(fromData.channels));
        await settle(fromLoaded, Object.values(fromLoaded.channels));
        expect(
            registrations.filter((r) => r.name === "data-inline" || r.name === "loaded-inline").map((r) => r.inputs.owner),
        ).toEqual(["ops", "ops"]);
    });

    it("throws ManifestError for a bad manifest before registering anything", () => {
        const before = registrations.length;
        const bad = writeManifest(lines("channels:", '  - channelId: "@TOA#_bad"', "    nmae: Bad"));
        let thrown: unknown;
        try {
            new manifestModule.OfficialChannelSet("bad", { manifest: bad });
        } catch (error) {
            thrown = error;
        }
        expect(thrown).toBeInstanceOf(manifestModule.ManifestError);
        expect((thrown as Error).message).toContain(`${bad}:3:5: channels[0].nmae: unknown key; did you mean \`name\`?`);
        expect(registrations.length).toBe(before);
    });
});
