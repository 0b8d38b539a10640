/**
 * OfficialChannelSet as a multi-language component: the plugin's Construct, over gRPC as the engine
 * sends it, registering the component and its channels with a ResourceMonitor that records them.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelLogicalName } from "../../provider/manifest/logical-names";
import { CHANNEL, PluginCallError } from "../../scripts/engine/plugin-host";
import { CACHE, startApp, type App } from "./app";
import { startMonitor, type FakeMonitor } from "./monitor";

const SET = "tencent-chat:index:OfficialChannelSet";
const STACK = "urn:pulumi:dev::chat-yaml::pulumi:pulumi:Stack::chat-yaml-dev";
const PROVIDER = "urn:pulumi:dev::chat-yaml::pulumi:providers:tencent-chat::app::4a3c1d2e-0000-4000-8000-000000000001";
/** examples/yaml-manifest's manifest, relative to the plugin's working directory (examples/yaml, as in app.ts). */
const MANIFEST = "../yaml-manifest/channels.yaml";

let app: App;
let monitor: FakeMonitor;

beforeAll(async () => {
    [app, monitor] = await Promise.all([startApp(1400000002), startMonitor()]);
}, 120_000);

afterAll(async () => {
    await Promise.all([app?.plugin.stop(), app?.emulator.stop(), monitor?.stop()]);
});

/** The registrations one Construct made (the monitor is shared by the tests of this file). */
async function construct(name: string, inputs: Record<string, unknown>, providers?: Record<string, string>) {
    const before = monitor.registrations.length;
    try {
        const result = await app.plugin.construct(SET, name, inputs, { monitor: monitor.address, providers });
        return { result, registered: monitor.registrations.slice(before) };
    } catch (error) {
        return { error: error as PluginCallError, registered: monitor.registrations.slice(before) };
    }
}

describe("Construct of tencent-chat:index:OfficialChannelSet", () => {
    it("registers the component under its parent and one plugin OfficialChannel per entry under the component, with the component's provider", async () => {
        const { result, registered } = await construct("channels", { manifest: MANIFEST }, { "tencent-chat": PROVIDER });
        const component = `urn:pulumi:dev::chat-yaml::${SET}::channels`;
        expect(result?.urn).toBe(component);
        expect(registered.map((r) => [r.type, r.name, r.parent, r.custom])).toEqual([
            [SET, "channels", STACK, false],
            [CHANNEL, "channels-news", component, true],
            [CHANNEL, "channels-engineering", component, true],
        ]);
        // The provider given to the component is the children's: an explicit instance serves them all.
        expect(registered[0]!.providers).toEqual({ "tencent-chat": PROVIDER });
        expect(registered.slice(1).map((r) => r.provider)).toEqual([PROVIDER, PROVIDER]);
        // Each child answers to the dynamic resource the TypeScript class declared there, so a stack moves with no call.
        expect(registered.slice(1).map((r) => r.aliases)).toEqual([
            ["type:pulumi-nodejs:dynamic/tencent-chat:OfficialChannel"],
            ["type:pulumi-nodejs:dynamic/tencent-chat:OfficialChannel"],
        ]);
        // The same loader as the TypeScript class: defaults merged field by field, then the entry's own fields.
        expect(registered[1]!.object).toMatchObject({ channelId: "@TOA#_news", owner: "ops", organization: "Acme Corp" });
        expect(registered[2]!.object).toMatchObject({
            channelId: "@TOA#_engineering",
            name: "工程团队公告",
            maxSubscribers: 5000,
        });
        // Outputs: each child's logical name → its id, in the response and as the component's registered outputs.
        const ids = { "channels-news": "@TOA#_news", "channels-engineering": "@TOA#_engineering" };
        expect(result?.state).toEqual({ channelIds: ids });
        expect(monitor.outputs.get(component)).toEqual({ channelIds: ids });
    });

    it("names the children exactly as the TypeScript OfficialChannelSet does", async () => {
        const { registered } = await construct("team", { manifest: MANIFEST });
        expect(registered.slice(1).map((r) => r.name)).toEqual([
            channelLogicalName("team", "@TOA#_news"),
            channelLogicalName("team", "@TOA#_engineering"),
        ]);
        // No provider given: the children name none, and the engine gives them its default one.
        expect(registered.slice(1).map((r) => r.provider)).toEqual(["", ""]);
    });

    it("fails a bad manifest with file:line:column for every problem, and registers nothing", async () => {
        const bad = path.join(CACHE, "bad-channels.yaml");
        writeFileSync(
            bad,
            'channels:\n  - channelId: "@TOA#_ok"\n    owner: ops\n    name: Fine\n  - channelId: "news"\n    owner: ops\n',
        );
        const { error, registered } = await construct("bad", { manifest: bad });
        expect(error).toBeInstanceOf(PluginCallError);
        expect(error!.details).toContain("has 2 problems");
        expect(error!.details).toContain(`${bad}:5:5: channels[1].name: is required (set it here or in \`defaults\`)`);
        expect(error!.details).toContain(`${bad}:5:16: channels[1].channelId: "news" must start with "@TOA#_"`);
        expect(registered).toEqual([]);
    });

    it("refuses a missing file, other inputs and a path not known yet, naming the input, and registers nothing", async () => {
        const missing = await construct("missing", { manifest: "nowhere.yaml" });
        expect(missing.error!.details).toContain("nowhere.yaml: cannot read the manifest: no such file");
        const extra = await construct("extra", { manifest: MANIFEST, channels: [] });
        expect(extra.error!.details).toContain('OfficialChannelSet has one input, manifest; remove "channels"');
        const unknown = await construct("later", { manifest: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
        expect(unknown.error!.details).toContain("manifest is not known yet");
        const none = await construct("none", {});
        expect(none.error!.details).toContain("manifest must be the manifest file's path");
        expect([...missing.registered, ...extra.registered, ...unknown.registered, ...none.registered]).toEqual([]);
    });

    it("serves no other component type", async () => {
        const error = await app.plugin
            .construct("tencent-chat:index:Other", "x", {}, { monitor: monitor.address })
            .catch((e: PluginCallError) => e);
        expect((error as PluginCallError).details).toContain(
            `tencent-chat has no component "tencent-chat:index:Other"; it has ${SET}`,
        );
    });

    it("is declared in the schema as a component with the manifest input and the channelIds output", async () => {
        const schema = JSON.parse(await app.plugin.schema());
        expect(schema.resources[SET]).toMatchObject({
            isComponent: true,
            requiredInputs: ["manifest"],
            inputProperties: { manifest: { type: "string" } },
            properties: { channelIds: { type: "object", additionalProperties: { type: "string" } } },
        });
    });
});
