/**
 * The `tencent-chat` provider plugin at the engine boundary: started exactly as the nodejs
 * language host starts a `runtime: nodejs` plugin directory (run-plugin, the user's project as the
 * working directory), driven over gRPC in the engine's call sequences, against emulators over real
 * HTTP on 127.0.0.1.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { Engine } from "../../scripts/engine/engine";
import { countCalls } from "../support/host-fixture";
import { repoRoot } from "../support/dist";
import { CHANNEL, PluginCallError, secret, SUBSCRIPTION, UNKNOWN, type Props } from "../../scripts/engine/plugin-host";
import { CACHE, everythingSaid, SIG_KEY, startApp, type App } from "./app";

let a: App;
let b: App;

beforeAll(async () => {
    [a, b] = await Promise.all([startApp(1400000000), startApp(1400000001)]);
}, 120_000);

afterAll(async () => {
    // PLUGIN_TRANSCRIPT=<file> keeps every request and answer (for reviews and the issue's closing note).
    if (process.env.PLUGIN_TRANSCRIPT && a)
        writeFileSync(process.env.PLUGIN_TRANSCRIPT, JSON.stringify(a.plugin.transcript, null, 1));
    await Promise.all([a, b].filter(Boolean).flatMap((app) => [app.plugin.stop(), app.emulator.stop()]));
    rmSync(CACHE, { recursive: true, force: true });
});

const live = (app: App, id: string) => app.emulator.channels().find((c) => c.channelId === id);

/** The engine's sequence for a resource not yet in state: Check, then Create. */
async function up(app: App, type: string, name: string, inputs: Props) {
    const checked = await app.plugin.check(type, name, {}, inputs);
    expect(checked.failures).toEqual([]);
    const created = await app.plugin.create(type, name, checked.inputs);
    return { id: created.id, inputs: checked.inputs, outs: created.outs };
}

describe("the plugin as the engine starts it", () => {
    it("prints its port first and answers GetPluginInfo with the package's version", async () => {
        const version = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
        expect(await a.plugin.pluginInfo()).toBe(version);
    });

    it("serves a schema that Pulumi's package metaschema accepts, generated from the field tables", async () => {
        const text = await a.plugin.schema();
        const metaschema = JSON.parse(readFileSync(path.join(__dirname, "fixtures/package-metaschema.json"), "utf8"));
        const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, logger: false });
        const validate = ajv.compile(metaschema);
        const schema = JSON.parse(text);
        expect(validate(schema), JSON.stringify(validate.errors, null, 1)).toBe(true);
        const channel = schema.resources[CHANNEL];
        expect(channel.requiredInputs).toEqual(["owner", "name"]);
        expect(channel.inputProperties.name.description).toContain("At most 150 bytes of UTF-8");
        expect(channel.inputProperties.maxSubscribers).toMatchObject({ type: "integer", default: 100000 });
        expect(channel.inputProperties.channelId.willReplaceOnChanges).toBe(true);
        expect(channel.properties.subscriberCount.type).toBe("integer");
        expect(channel.inputProperties.subscriberCount).toBeUndefined();
        expect(schema.resources[SUBSCRIPTION].requiredInputs).toEqual(["channelId", "userId"]);
        expect(schema.config.variables.secretKey).toMatchObject({
            secret: true,
            defaultInfo: { environment: ["TENCENT_CHAT_SECRET_KEY"] },
        });
        expect(schema.provider.inputProperties.secretKey.secret).toBe(true);
        expect(Object.keys(schema.functions).sort()).toEqual([
            "tencent-chat:index:getOfficialChannels",
            "tencent-chat:index:getSubscribedChannels",
        ]);
        console.info(`[plugin] schema: ${Buffer.byteLength(text)} bytes`);
    });
});

describe("provider configuration", () => {
    it("CheckConfig accepts a secret SecretKey and hands it back still secret", async () => {
        const { inputs, failures } = await a.plugin.checkConfig(a.config);
        expect(failures).toEqual([]);
        expect((inputs as Props).secretKey).toEqual(secret(a.secretKey));
    });

    it("CheckConfig makes a SecretKey given in the clear secret, so the state stores it encrypted", async () => {
        const { inputs } = await a.plugin.checkConfig({ ...a.config, secretKey: a.secretKey });
        expect((inputs as Props).secretKey).toEqual(secret(a.secretKey));
    });

    it("CheckConfig names every missing setting and both ways to set it", async () => {
        const { failures } = await a.plugin.checkConfig({ endpoint: a.emulator.url });
        expect(failures.map((f) => f.property)).toEqual(["sdkAppId", "secretKey"]);
        expect(failures[1]!.reason).toContain("pulumi config set --secret tencent-chat:secretKey");
        expect(failures[1]!.reason).toContain("TENCENT_CHAT_SECRET_KEY");
    });

    it("DiffConfig never replaces: a rotated SecretKey or a moved endpoint is an update", async () => {
        const rotated = await a.plugin.diffConfig(a.config, { ...a.config, secretKey: secret("f".repeat(64)) });
        expect(rotated).toMatchObject({ changes: "DIFF_SOME", replaces: [], detailedDiff: { secretKey: "UPDATE" } });
        const moved = await a.plugin.diffConfig(a.config, {
            ...a.config,
            endpoint: "http://127.0.0.1:1",
            sdkAppId: "1400000009",
        });
        expect(moved.replaces).toEqual([]);
        expect(moved.diffs.sort()).toEqual(["endpoint", "sdkAppId"]);
        expect((await a.plugin.diffConfig(a.config, { ...a.config, retryBaseMs: "9" })).changes).toBe("DIFF_NONE");
    });

    it("Configure takes the secret and says what the plugin supports", async () => {
        const response = await a.plugin.configure(a.config);
        expect(response).toMatchObject({ acceptsecrets: true, acceptresources: true, supportsAutonamingConfiguration: true });
    });

    it("Configure also takes settings that arrive as output values (an explicit provider fed from other resources)", async () => {
        const output = (value: unknown, isSecret = false) => ({
            [SIG_KEY]: "d0e6a833031e9bbcd3f4e8bde6ca49a4",
            value,
            secret: isSecret,
            dependencies: ["urn:pulumi:dev::chat-yaml::x::y"],
        });
        await b.plugin.configure({ ...b.config, secretKey: output(b.secretKey, true), endpoint: output(b.emulator.url) });
        expect((await b.plugin.read(CHANNEL, "nothing", "@TOA#_nothing")).id).toBe(""); // it reached app B's emulator
        expect(b.emulator.stats().calls).toMatchObject({ get_official_account_info: 1 });
    });
});

describe("OfficialChannel", () => {
    let state: { id: string; inputs: Props; outs: Props };

    it("previews with unknown inputs: Check passes them through and nothing is called", async () => {
        const { result, calls } = await countCalls(a.emulator, () =>
            a.plugin.check(
                CHANNEL,
                "preview",
                {},
                { channelId: "@TOA#_preview", owner: "ops", name: UNKNOWN, introduction: UNKNOWN },
            ),
        );
        expect(result.failures).toEqual([]);
        expect(result.inputs).toMatchObject({ name: UNKNOWN, introduction: UNKNOWN, maxSubscribers: 100000, adopt: false });
        expect(calls).toEqual({});
    });

    it("refuses bad input in Check with field, limit and size, before any API call", async () => {
        const { result, calls } = await countCalls(a.emulator, () =>
            a.plugin.check(
                CHANNEL,
                "bad",
                {},
                { channelId: "@TOA#_@TOA#x", owner: "ops", name: "新".repeat(51), maxSubscribers: 0 },
            ),
        );
        expect(result.failures.map((f) => f.property).sort()).toEqual(["channelId", "maxSubscribers", "name"]);
        expect(result.failures.find((f) => f.property === "name")!.reason).toContain(
            "at most 150 bytes in UTF-8; got 153 bytes (51 characters)",
        );
        expect(calls).toEqual({});
    });

    // The real engine seeds each deployment afresh (step_generator.go): a preview and its update name
    // an auto-named channel differently unless a saved plan carries the seed; once created, it stays.
    it("auto-names from the engine's random seed: one seed one name, a new deployment's seed another, and a created channel keeps its name", async () => {
        const seed = new Uint8Array([9, 8, 7, 6, 5]);
        const first = await a.plugin.check(CHANNEL, "alerts", {}, { owner: "ops", name: "Alerts" }, { randomSeed: seed });
        const again = await a.plugin.check(CHANNEL, "alerts", {}, { owner: "ops", name: "Alerts" }, { randomSeed: seed });
        const other = await a.plugin.check(
            CHANNEL,
            "alerts",
            {},
            { owner: "ops", name: "Alerts" },
            { randomSeed: new Uint8Array([1]) },
        );
        expect(first.inputs.channelId).toMatch(/^@TOA#_alerts-[a-z0-9]{7}$/);
        expect(again.inputs.channelId).toBe(first.inputs.channelId);
        expect(other.inputs.channelId).not.toBe(first.inputs.channelId);
        // Left to the simulation, each Check draws its own seed, as the engine does per deployment.
        const preview = await a.plugin.check(CHANNEL, "alerts", {}, { owner: "ops", name: "Alerts" });
        const update = await a.plugin.check(CHANNEL, "alerts", {}, { owner: "ops", name: "Alerts" });
        expect(update.inputs.channelId).toMatch(/^@TOA#_alerts-[a-z0-9]{7}$/);
        expect(update.inputs.channelId).not.toBe(preview.inputs.channelId);
        const later = await a.plugin.check(
            CHANNEL,
            "alerts",
            first.inputs,
            { owner: "ops", name: "Alerts 2" },
            { randomSeed: new Uint8Array([2]) },
        );
        expect(later.inputs.channelId).toBe(first.inputs.channelId);
    });

    it("honours the stack's autonaming: a proposed name, an enforced bad one, and auto-naming switched off", async () => {
        const proposed = await a.plugin.check(
            CHANNEL,
            "alerts",
            {},
            { owner: "ops", name: "A" },
            { autonaming: { proposedName: "dev-alerts", mode: "PROPOSE" } },
        );
        expect(proposed.inputs.channelId).toBe("@TOA#_dev-alerts");
        const enforced = await a.plugin.check(
            CHANNEL,
            "alerts",
            {},
            { owner: "ops", name: "A" },
            { autonaming: { proposedName: "dev alerts ü", mode: "ENFORCE" } },
        );
        expect(enforced.failures).toEqual([
            { property: "channelId", reason: expect.stringContaining("autonaming pattern gives") },
        ]);
        const disabled = await a.plugin.check(
            CHANNEL,
            "alerts",
            {},
            { owner: "ops", name: "A" },
            { autonaming: { proposedName: "", mode: "DISABLE" } },
        );
        expect(disabled.failures).toEqual([{ property: "channelId", reason: expect.stringContaining("disables auto-naming") }]);
    });

    it("creates a channel with every field and Tencent's outputs", async () => {
        state = await up(a, CHANNEL, "news", {
            channelId: "@TOA#_news",
            owner: "ops",
            name: "Company News",
            introduction: "hello",
        });
        expect(state.id).toBe("@TOA#_news");
        expect(state.outs).toMatchObject({
            channelId: "@TOA#_news",
            owner: "ops",
            name: "Company News",
            maxSubscribers: 100000,
            subscriberCount: 0,
        });
        // No read-back: createTime is learned at the first read, and until then the create's bound tells instances apart.
        expect(state.outs.createTime).toBe(0);
        expect(state.outs.__createdBefore).toBeGreaterThan(0);
        expect(live(a, "@TOA#_news")).toMatchObject({ name: "Company News", introduction: "hello" });
    });

    it("finds nothing to do when the program is unchanged", async () => {
        const checked = await a.plugin.check(CHANNEL, "news", state.inputs, {
            channelId: "@TOA#_news",
            owner: "ops",
            name: "Company News",
            introduction: "hello",
        });
        const diff = await a.plugin.diff(CHANNEL, "news", state.id, state.outs, state.inputs, checked.inputs);
        expect(diff).toMatchObject({ changes: "DIFF_NONE", replaces: [], diffs: [], detailedDiff: {} });
    });

    it("diffs field by field: a new name is an in-place update of `name` alone", async () => {
        const checked = await a.plugin.check(CHANNEL, "news", state.inputs, {
            channelId: "@TOA#_news",
            owner: "ops",
            name: "News",
            introduction: "hello",
        });
        const diff = await a.plugin.diff(CHANNEL, "news", state.id, state.outs, state.inputs, checked.inputs);
        expect(diff).toEqual({
            changes: "DIFF_SOME",
            replaces: [],
            diffs: ["name"],
            deleteBeforeReplace: false,
            hasDetailedDiff: true,
            detailedDiff: { name: "UPDATE" },
            inputDiff: { name: false },
        });
        const { result: outs, calls } = await countCalls(a.emulator, () =>
            a.plugin.update(CHANNEL, "news", state.id, state.outs, state.inputs, checked.inputs),
        );
        // One (batched) read first: the channel must still be the instance in the state (issue 18).
        expect(calls).toEqual({ get_official_account_info: 1, modify_official_account_base_info: 1 });
        // That read is the first: it fills the createTime the create did not read back.
        expect(outs).toMatchObject({ name: "News", createTime: live(a, "@TOA#_news")!.createTime });
        expect(outs.createTime).toBeGreaterThan(0);
        expect(live(a, "@TOA#_news")!.name).toBe("News");
        state = { ...state, inputs: checked.inputs, outs };
    });

    it("shows an unknown value as a change, and an unknown owner as a replacement", async () => {
        const diff = await a.plugin.diff(CHANNEL, "news", state.id, state.outs, state.inputs, {
            ...state.inputs,
            introduction: UNKNOWN,
            owner: UNKNOWN,
            allowReplace: true,
        });
        expect(diff.changes).toBe("DIFF_SOME");
        expect(diff.detailedDiff).toEqual({ introduction: "UPDATE", owner: "UPDATE_REPLACE" });
        expect(diff.replaces).toEqual(["owner"]);
        expect(diff.deleteBeforeReplace).toBe(true);
    });

    it("shows a field the old state lacks as added (ADD, ADD_REPLACE), each compared with the state, not the old inputs", async () => {
        // A state written before a field existed, or imported, has no value for it: the engine
        // shows such a field as "+", and inputDiff false says the comparison was with the state.
        const { introduction: _introduction, owner: _owner, ...older } = state.outs;
        const diff = await a.plugin.diff(CHANNEL, "news", state.id, older, state.inputs, {
            ...state.inputs,
            introduction: "added",
            owner: "ops2",
            allowReplace: true,
        });
        expect(diff.detailedDiff).toEqual({ introduction: "ADD", owner: "ADD_REPLACE" });
        expect(diff.inputDiff).toEqual({ introduction: false, owner: false });
        expect(diff.replaces).toEqual(["owner"]);
    });

    it("refreshes drift made in the console, in outputs and inputs; the next diff puts it back", async () => {
        await a.console.addSubscribers("@TOA#_news", ["u1"]);
        await a.console.modifyChannel("@TOA#_news", { name: "Renamed in console" });
        const refreshed = await a.plugin.read(CHANNEL, "news", state.id, state.outs, state.inputs);
        expect(refreshed.id).toBe("@TOA#_news");
        expect(refreshed.props).toMatchObject({ name: "Renamed in console", subscriberCount: 1, maxSubscribers: 100000 });
        expect(refreshed.inputs).toMatchObject({ name: "Renamed in console" });
        state = { ...state, inputs: refreshed.inputs!, outs: refreshed.props };
        const checked = await a.plugin.check(CHANNEL, "news", state.inputs, {
            channelId: "@TOA#_news",
            owner: "ops",
            name: "News",
            introduction: "hello",
        });
        const diff = await a.plugin.diff(CHANNEL, "news", state.id, state.outs, state.inputs, checked.inputs);
        expect(diff.detailedDiff).toEqual({ name: "UPDATE" });
    });

    it("refuses a replacement that would destroy subscribers, and leaves the channel alone", async () => {
        const checked = await a.plugin.check(CHANNEL, "news", state.inputs, {
            channelId: "@TOA#_news",
            owner: "ops2",
            name: "News",
            introduction: "hello",
        });
        const refused = await a.plugin
            .diff(CHANNEL, "news", state.id, state.outs, state.inputs, checked.inputs)
            .catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(PluginCallError);
        expect((refused as PluginCallError).details).toMatch(/lose its 1 subscriber.*allowReplace: true/s);
        expect(live(a, "@TOA#_news")!.subscribers.map((s) => s.userId)).toEqual(["u1"]);
        const allowed = await a.plugin.diff(CHANNEL, "news", state.id, state.outs, state.inputs, {
            ...checked.inputs,
            allowReplace: true,
        });
        expect(allowed).toMatchObject({ replaces: ["owner"], deleteBeforeReplace: true });
        expect(allowed.detailedDiff).toMatchObject({ owner: "UPDATE_REPLACE" });
    });

    it("imports a channel by id alone: the live inputs come back, and the generated program has no diff", async () => {
        await a.console.createChannel({ channelId: "@TOA#_legacy", owner: "ops", name: "Legacy", organization: "Ops team" });
        const imported = await a.plugin.read(CHANNEL, "legacy", "@TOA#_legacy");
        expect(imported.id).toBe("@TOA#_legacy");
        expect(imported.inputs).toEqual({
            channelId: "@TOA#_legacy",
            owner: "ops",
            name: "Legacy",
            introduction: "",
            faceUrl: "",
            maxSubscribers: 100000,
            organization: "Ops team",
            customString: "",
            adopt: false,
            allowReplace: false,
        });
        // `pulumi import` writes the returned inputs that differ from the schema's defaults.
        const schema = JSON.parse(await a.plugin.schema());
        const inputs = schema.resources[CHANNEL].inputProperties as Record<string, { default?: unknown }>;
        const generated = Object.fromEntries(Object.entries(imported.inputs!).filter(([k, v]) => inputs[k]!.default !== v));
        expect(generated).toEqual({ channelId: "@TOA#_legacy", owner: "ops", name: "Legacy", organization: "Ops team" });
        const checked = await a.plugin.check(CHANNEL, "legacy", imported.inputs!, generated);
        const diff = await a.plugin.diff(CHANNEL, "legacy", imported.id, imported.props, imported.inputs!, checked.inputs);
        expect(diff.changes).toBe("DIFF_NONE");
    });

    it("replaces in the engine's order when allowed: delete first (same ID), then create with the new owner", async () => {
        const old = await up(a, CHANNEL, "moving", { channelId: "@TOA#_moving", owner: "ops", name: "Moving" });
        const checked = await a.plugin.check(CHANNEL, "moving", old.inputs, {
            channelId: "@TOA#_moving",
            owner: "ops2",
            name: "Moving",
            allowReplace: true,
        });
        const plan = await a.plugin.diff(CHANNEL, "moving", old.id, old.outs, old.inputs, checked.inputs);
        expect(plan).toMatchObject({ replaces: ["owner"], deleteBeforeReplace: true });
        await a.plugin.delete(CHANNEL, "moving", old.id, old.outs, old.inputs);
        const created = await a.plugin.create(CHANNEL, "moving", checked.inputs);
        expect(created.id).toBe("@TOA#_moving");
        expect(
            a.emulator
                .channels()
                .filter((c) => c.channelId === "@TOA#_moving")
                .map((c) => c.owner),
        ).toEqual(["ops2"]);
    });

    it("keeps a secret input secret in the outputs", async () => {
        const made = await up(a, CHANNEL, "hush", {
            channelId: "@TOA#_hush",
            owner: "ops",
            name: "Hush",
            customString: secret("note-for-admins"),
        });
        expect(made.inputs.customString).toEqual(secret("note-for-admins"));
        expect(made.outs.customString).toEqual(secret("note-for-admins"));
        expect(made.outs.name).toBe("Hush");
        expect(live(a, "@TOA#_hush")!.customString).toBe("note-for-admins");
    });

    it("reports a channel adopted but not set up as initialised-with-errors, so the engine keeps it in state", async () => {
        const checked = await a.plugin.check(
            CHANNEL,
            "partial",
            {},
            { channelId: "@TOA#_partial", owner: "ops", name: "Partial", customString: secret("kept-secret"), adopt: true },
        );
        // A plain create no longer reads back, so adoption is where a later step can fail.
        await a.console.createChannel({ channelId: "@TOA#_partial", owner: "ops", name: "Partial", customString: "kept-secret" });
        a.emulator.faults.script([{ kind: "code", command: "modify_official_account_base_info", code: 90001 }]);
        const error = (await a.plugin.create(CHANNEL, "partial", checked.inputs).catch((e: unknown) => e)) as PluginCallError;
        a.emulator.faults.clear();
        expect(error).toBeInstanceOf(PluginCallError);
        expect(error.details).toContain("@TOA#_partial exists, but setting it up did not finish");
        const status = statusproto.Status.deserializeBinary(error.metadata!.get("grpc-status-details-bin")[0] as Buffer);
        const detail = status
            .getDetailsList()[0]!
            .unpack(provproto.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed")!;
        expect(detail.getId()).toBe("@TOA#_partial");
        expect(detail.getProperties()!.toJavaScript()).toMatchObject({
            channelId: "@TOA#_partial",
            owner: "ops",
            customString: secret("kept-secret"),
        });
        expect(live(a, "@TOA#_partial")).toBeDefined();
    });

    it("reports an id that does not exist as not found", async () => {
        expect((await a.plugin.read(CHANNEL, "ghost", "@TOA#_ghost")).id).toBe("");
    });
});

describe("OfficialChannel identity through the plugin (issue 18)", () => {
    const said = (error: unknown) => (error instanceof PluginCallError ? error.details : String(error));

    it("item 5: refuses a second resource with the same channelId in one program, naming the first by its URN", async () => {
        const args = { channelId: "@TOA#_ytwin", owner: "ops", name: "Twin" };
        const first = await up(a, CHANNEL, "twin-a", args);
        const second = await up(a, CHANNEL, "twin-b", args).catch(said);
        expect(second).toBe(
            "Official channel @TOA#_ytwin is already declared in this deployment by resource urn:pulumi:dev::chat-yaml::tencent-chat:index:OfficialChannel::twin-a. " +
                "Two resources must not manage one channel: destroying either would delete it under the other. Remove the duplicate declaration, or give this one another channelId.",
        );
        const adopting = await up(a, CHANNEL, "twin-c", { ...args, adopt: true }).catch(said);
        expect(adopting).toContain(
            "is already declared in this deployment by resource urn:pulumi:dev::chat-yaml::tencent-chat:index:OfficialChannel::twin-a.",
        );
        expect(a.emulator.channels().filter((c) => c.channelId === "@TOA#_ytwin")).toHaveLength(1);
        await a.plugin.delete(CHANNEL, "twin-a", first.id, first.outs);
        expect(live(a, "@TOA#_ytwin")).toBeUndefined();
    });

    it("item 1: a channel re-created by someone else is neither renamed nor deleted, and refresh drops it", async () => {
        const args = { channelId: "@TOA#_yh1", owner: "ops", name: "H1" };
        const made = await up(a, CHANNEL, "yh1", args);
        await a.console.destroyChannel("@TOA#_yh1");
        await a.console.createChannel({ channelId: "@TOA#_yh1", owner: "ops2", name: "Theirs" });
        await a.console.addSubscribers("@TOA#_yh1", ["u1", "u2"]);

        const checked = await a.plugin.check(CHANNEL, "yh1", made.inputs, { ...args, name: "H1 renamed" });
        const renamed = await a.plugin.update(CHANNEL, "yh1", made.id, made.outs, made.inputs, checked.inputs).catch(said);
        expect(renamed).toMatch(
            /^The channel now at @TOA#_yh1 is not the one this stack manages \(owner "ops", created (no later than )?\S+\): it was destroyed and created again, and the ID now holds another channel \(owner "ops2", created \S+, 2 subscribers\)\. Renaming or changing it would change someone else's channel\. Nothing was changed\./,
        );
        expect((await a.plugin.read(CHANNEL, "yh1", made.id, made.outs, made.inputs)).id).toBe("");
        await a.plugin.delete(CHANNEL, "yh1", made.id, made.outs);
        expect(live(a, "@TOA#_yh1")).toMatchObject({ owner: "ops2", name: "Theirs", subscriberCount: 2 });
        await a.console.destroyChannel("@TOA#_yh1");
    });

    it("refuses a program-set __urn in Check, and an empty or oversized id in Read before any call", async () => {
        const { result, calls } = await countCalls(a.emulator, async () => ({
            checked: await a.plugin.check(
                CHANNEL,
                "posing",
                {},
                { channelId: "@TOA#_pose", owner: "ops", name: "P", __urn: "urn:x" },
            ),
            empty: await a.plugin.read(CHANNEL, "imported", "").catch(said),
            long: await a.plugin.read(CHANNEL, "imported", `@TOA#_${"y".repeat(100_000)}`).catch(said),
        }));
        expect(result.checked.failures).toEqual([
            {
                property: "__urn",
                reason: "is not an input of OfficialChannel: names starting with `__` (and `nameHint`) are internal to the provider, which sets them itself; remove it from the program",
            },
        ]);
        // The plugin refuses an id no channel can have before the core sees it (its message names import).
        expect(result.empty).toBe(
            '"" is not an OfficialChannel id: the id is the channel ID, which must start with "@TOA#_". ' +
                "Import a channel with `pulumi import tencent-chat:index:OfficialChannel <name> '@TOA#_news'`.",
        );
        expect(result.long).toMatch(
            /^"@TOA#_y+…" \(100,006 bytes in all\) is not an OfficialChannel id: the id is the channel ID, which/,
        );
        expect(calls).toEqual({});
    });
});

describe("ChannelSubscription and the functions", () => {
    let sub: { id: string; inputs: Props; outs: Props };

    it("subscribes a user, imports the subscription by its id, and finds no diff", async () => {
        sub = await up(a, SUBSCRIPTION, "news-u2", { channelId: "@TOA#_news", userId: "u2", customString: "vip" });
        expect(sub.id).toBe("@TOA#_news/u2");
        expect(live(a, "@TOA#_news")!.subscribers.find((s) => s.userId === "u2")).toMatchObject({ customString: "vip" });
        const imported = await a.plugin.read(SUBSCRIPTION, "news-u2", "@TOA#_news/u2");
        expect(imported.inputs).toEqual({ channelId: "@TOA#_news", userId: "u2", customString: "vip", adopt: false });
        const checked = await a.plugin.check(SUBSCRIPTION, "news-u2", imported.inputs!, imported.inputs!);
        expect(
            (await a.plugin.diff(SUBSCRIPTION, "news-u2", imported.id, imported.props, imported.inputs!, checked.inputs)).changes,
        ).toBe("DIFF_NONE");
    });

    it("refuses an import id that names no subscription pair", async () => {
        const error = await a.plugin.read(SUBSCRIPTION, "x", "u2").catch((e: unknown) => e);
        expect((error as PluginCallError).details).toContain("import one as '<channelId>/<userId>'");
    });

    it("diffs customString in place and a new user as a replacement", async () => {
        const diff = await a.plugin.diff(SUBSCRIPTION, "news-u2", sub.id, sub.outs, sub.inputs, {
            ...sub.inputs,
            customString: "",
            userId: "u1",
        });
        expect(diff).toMatchObject({ replaces: ["userId"], detailedDiff: { customString: "UPDATE", userId: "UPDATE_REPLACE" } });
    });

    it("answers getOfficialChannels and getSubscribedChannels through Invoke", async () => {
        const lookup = await a.plugin.invoke("tencent-chat:index:getOfficialChannels", {
            channelIds: ["@TOA#_news", "@TOA#_missing"],
        });
        expect(lookup.channels).toEqual([
            expect.objectContaining({
                channelId: "@TOA#_news",
                found: true,
                channel: expect.objectContaining({ name: "Renamed in console", subscriberCount: 2 }),
            }),
            expect.objectContaining({ channelId: "@TOA#_missing", found: false, reason: expect.stringContaining("130004") }),
        ]);
        const following = await a.plugin.invoke("tencent-chat:index:getSubscribedChannels", { userId: "u2" });
        expect(following.channels).toEqual([
            expect.objectContaining({ channelId: "@TOA#_news", self: expect.objectContaining({ customString: "vip" }) }),
        ]);
        const bad = await a.plugin.invoke("tencent-chat:index:getOfficialChannels", {}).catch((e: unknown) => e);
        expect((bad as PluginCallError).details).toContain("channelIds is required");
    });

    it("unsubscribes on delete and leaves the channel's other subscribers", async () => {
        await a.plugin.delete(SUBSCRIPTION, "news-u2", sub.id, sub.outs, sub.inputs);
        expect(live(a, "@TOA#_news")!.subscribers.map((s) => s.userId)).toEqual(["u1"]);
    });
});

describe("ChannelSubscription: a subscription that existed before the stack (issue 18 item 2)", () => {
    const u1 = () => live(a, "@TOA#_news")!.subscribers.find((s) => s.userId === "u1");

    it("is refused without adopt, leaving the user's own customString, and taken over with adopt: true", async () => {
        await a.console.modifySubscriber("@TOA#_news", "u1", "u1-own-data");
        const checked = await a.plugin.check(
            SUBSCRIPTION,
            "news-u1",
            {},
            { channelId: "@TOA#_news", userId: "u1", customString: "" },
        );
        const refused = await a.plugin.create(SUBSCRIPTION, "news-u1", checked.inputs).catch((e: unknown) => e);
        expect((refused as PluginCallError).details).toMatch(
            /^The subscription of "u1" to official channel @TOA#_news already exists since .*, with a customString of 11 bytes, .*set `adopt: true` on this ChannelSubscription/,
        );
        expect(u1()).toMatchObject({ customString: "u1-own-data" });

        const adopted = await up(a, SUBSCRIPTION, "news-u1", {
            channelId: "@TOA#_news",
            userId: "u1",
            customString: "managed",
            adopt: true,
        });
        expect(adopted.outs).toMatchObject({ customString: "managed", adopt: true });
        expect(u1()).toMatchObject({ customString: "managed" });
        // Adopted, so it is ours: delete unsubscribes it. The console puts u1 back for the tests that follow.
        await a.plugin.delete(SUBSCRIPTION, "news-u1", adopted.id, adopted.outs, adopted.inputs);
        expect(u1()).toBeUndefined();
        await a.console.addSubscribers("@TOA#_news", ["u1"]);
    });
});

describe("two provider instances, two apps", () => {
    it("manage the same channel ID in each app with their own settings, and never cross", async () => {
        const inA = await up(a, CHANNEL, "shared", { channelId: "@TOA#_shared", owner: "ops", name: "Staging" });
        const inB = await up(b, CHANNEL, "shared", { channelId: "@TOA#_shared", owner: "ops", name: "Production" });
        expect([live(a, "@TOA#_shared")!.name, live(b, "@TOA#_shared")!.name]).toEqual(["Staging", "Production"]);
        expect((await b.plugin.read(CHANNEL, "news", "@TOA#_news")).id).toBe(""); // only app A has it
        await a.plugin.delete(CHANNEL, "shared", inA.id, inA.outs, inA.inputs);
        expect(live(a, "@TOA#_shared")).toBeUndefined();
        expect(live(b, "@TOA#_shared")!.name).toBe("Production");
        await b.plugin.delete(CHANNEL, "shared", inB.id, inB.outs, inB.inputs);
        expect(live(b, "@TOA#_shared")).toBeUndefined();
    });
});

describe("many channels through the plugin, in the engine's sequences", () => {
    it("ups 60 channels, refreshes them with batched reads, and destroys them all", async () => {
        const engine = new Engine(b.plugin.engineHost(), { project: "chat-yaml", parallel: 64 });
        const declared = Array.from({ length: 60 }, (_, i) => ({
            type: CHANNEL,
            name: `c${i}`,
            inputs: { channelId: `@TOA#_c${i}`, owner: "ops", name: `Channel ${i}` },
        }));
        const created = await engine.up(declared);
        expect(created.filter((s) => s.error)).toEqual([]);
        expect(b.emulator.channels()).toHaveLength(60);
        const { result: refreshed, calls } = await countCalls(b.emulator, () => engine.refresh());
        expect(refreshed.filter((s) => s.error || s.kind !== "refresh")).toEqual([]);
        // ⌈60/50⌉ = 2 when every read arrives at once; a little more when they trickle in over gRPC.
        expect(calls.get_official_account_info).toBeLessThanOrEqual(2 + 3);
        expect((await engine.up(declared)).every((s) => s.kind === "same")).toBe(true);
        await engine.destroy();
        expect(b.emulator.channels()).toEqual([]);
    });
});

describe("destroy and secrets", () => {
    it("deletes channels, and a second delete of a gone channel succeeds", async () => {
        for (const id of ["@TOA#_news", "@TOA#_legacy", "@TOA#_moving", "@TOA#_hush", "@TOA#_partial"]) {
            await a.plugin.delete(CHANNEL, "x", id, { channelId: id });
            expect(live(a, id)).toBeUndefined();
        }
        await a.plugin.delete(CHANNEL, "x", "@TOA#_news", { channelId: "@TOA#_news" });
        expect(a.emulator.channels()).toEqual([]);
    });

    it("fails Configure with every missing setting named, and never echoes the key it was given", async () => {
        const error = (await b.plugin.configure({ secretKey: secret(b.secretKey) }).catch((e: unknown) => e)) as PluginCallError;
        expect(error).toBeInstanceOf(PluginCallError);
        expect(error.details).toMatch(
            /sdkAppId is not set: use `pulumi config set tencent-chat:sdkAppId 1400000000` or the environment variable TENCENT_CHAT_SDKAPPID/,
        );
        expect(error.details).toContain("region is not set");
        expect(error.details).not.toContain(b.secretKey);
        expect(everythingSaid(b.plugin)).not.toContain(b.secretKey);
    });

    it("never says a SecretKey or a UserSig: not in any response, error or line it printed", async () => {
        await a.plugin.cancel();
        for (const app of [a, b]) {
            expect(app.plugin.transcript.length).toBeGreaterThan(0);
            const said = everythingSaid(app.plugin);
            expect(said).not.toContain(app.secretKey);
            expect(said).not.toMatch(/usersig=(?!<redacted>)/i);
        }
    });
});
