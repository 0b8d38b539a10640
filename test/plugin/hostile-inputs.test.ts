/**
 * What a hostile or careless program gets from the plugin over gRPC: values the engine marked secret
 * are never quoted (`[secret]` instead, in Check failures, Diff errors and the plugin's log), the
 * provider's settings are refused on the right key and never echo URL credentials, ids no resource
 * can have fail before any call, Invoke refuses unknown arguments and queries no preview
 * placeholder, Check refuses the provider's internal inputs, and import advice says what is true.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL, PluginCallError, secret, SUBSCRIPTION, UNKNOWN, type Props } from "../../scripts/engine/plugin-host";
import { countCalls } from "../support/host-fixture";
import { CACHE, everythingSaid, startApp, type App } from "./app";

/** Planted in every secret; it must appear in nothing the plugin says. */
const MARKER = "TOPSECRET-marker-7f3a";
const GET_SUBSCRIBED = "tencent-chat:index:getSubscribedChannels";
const GET_CHANNELS = "tencent-chat:index:getOfficialChannels";

let a: App;

beforeAll(async () => {
    a = await startApp(1400000002);
    await a.plugin.configure(a.config);
}, 120_000);

afterAll(async () => {
    if (a) await Promise.all([a.plugin.stop(), a.emulator.stop()]);
    rmSync(CACHE, { recursive: true, force: true });
});

/** The gRPC error a call ends in (its details are what Pulumi prints). */
async function refusal(call: Promise<unknown>): Promise<string> {
    const error = await call.then(
        () => undefined,
        (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PluginCallError);
    return (error as PluginCallError).details;
}

const channel = (id: string, extra: Props = {}) => ({ channelId: id, owner: "ops", name: "N", ...extra });

describe("secret inputs are never quoted", () => {
    it("Check shows a secret owner, channelId, name or customString as [secret], with the rule and the size", async () => {
        const { result, calls } = await countCalls(a.emulator, async () => ({
            owner: await a.plugin.check(CHANNEL, "s1", {}, channel("@TOA#_s1", { owner: secret({ token: MARKER }) })),
            id: await a.plugin.check(CHANNEL, "s2", {}, channel("", { channelId: secret(`bad ${MARKER}`) })),
            longId: await a.plugin.check(
                CHANNEL,
                "s3",
                {},
                channel("", { channelId: secret(`@TOA#_${MARKER}é${"y".repeat(100)}`) }),
            ),
            name: await a.plugin.check(CHANNEL, "s4", {}, channel("@TOA#_s4", { name: secret(MARKER.repeat(8)) })),
            custom: await a.plugin.check(CHANNEL, "s5", {}, channel("@TOA#_s5", { customString: secret({ [MARKER]: 1 }) })),
        }));
        expect(calls).toEqual({});
        expect(result.owner.failures).toEqual([
            {
                property: "owner",
                reason: 'must be the owner\'s UserID, a string of at most 32 bytes (got object {"[secret]":"[secret]"})',
            },
        ]);
        expect(result.id.failures).toEqual([
            {
                property: "channelId",
                reason: '"[secret]" must start with "@TOA#_"; IDs are printable ASCII, at most 48 bytes (this one is 25)',
            },
        ]);
        expect(result.longId.failures).toEqual([
            {
                property: "channelId",
                reason: '"[secret]…" (129 bytes in all) must contain only printable ASCII characters (0x20-0x7e); IDs are printable ASCII, at most 48 bytes (this one is 129)',
            },
        ]);
        expect(result.name.failures).toEqual([{ property: "name", reason: "must be at most 150 bytes in UTF-8; got 168 bytes" }]);
        expect(result.custom.failures).toEqual([
            { property: "customString", reason: 'must be a string of at most 3000 bytes (got object {"[secret]":[secret]})' },
        ]);
        // The inputs go back still secret.
        expect(result.owner.inputs.owner).toEqual(secret({ token: MARKER }));
    });

    it("a Diff that refuses a replacement to a secret owner who does not exist names no owner", async () => {
        const checked = await a.plugin.check(CHANNEL, "diffed", {}, channel("@TOA#_diffed"));
        const made = await a.plugin.create(CHANNEL, "diffed", checked.inputs);
        const news = { ...checked.inputs, owner: secret(`ghost-${MARKER}`), allowReplace: true };
        expect(await refusal(a.plugin.diff(CHANNEL, "diffed", made.id, made.outs, checked.inputs, news))).toBe(
            'Changing owner "ops" → "[secret]" replaces official channel @TOA#_diffed. Tencent cannot change owner in place, ' +
                'so the channel would be destroyed first and then created again; but "[secret]" is not an imported Chat user (account_check: NotImported), ' +
                "so the new channel could not be created (Tencent error 70107) after the old one was already gone. Nothing was changed. " +
                'Fix the owner if it is a typo, or import "[secret]" first (Chat console → Account management, the account_import REST API, ' +
                'or createChatClient(settings).importAccounts(["[secret]"])), then run `pulumi up` again.',
        );
        expect(a.emulator.channels().find((c) => c.channelId === "@TOA#_diffed")).toMatchObject({ owner: "ops", name: "N" });
    });

    it("CheckConfig refuses URL credentials, hands back no credentials and keeps the SecretKey and a misspelt one secret", async () => {
        const { inputs, failures } = await a.plugin.checkConfig({
            ...a.config,
            endpoint: `http://ops:${MARKER}@127.0.0.1:1`,
            secretkey: MARKER,
            batchWindowMs: "99999999999",
            requestTimeoutMs: "1e400",
        });
        expect(failures).toEqual([
            {
                property: "endpoint",
                reason:
                    "tencent-chat:endpoint must not contain a user name or password (got http://<credentials>@127.0.0.1:1): " +
                    'Tencent Chat authenticates with the UserSig generated from tencent-chat:secretKey, and credentials in the URL would be ignored. Remove the part before "@".',
            },
            {
                property: "requestTimeoutMs",
                reason: 'tencent-chat:requestTimeoutMs must be a whole number of milliseconds from 100 to 600,000 (got "1e400"); set tencent-chat:requestTimeoutMs or TENCENT_CHAT_REQUEST_TIMEOUT_MS.',
            },
            {
                property: "batchWindowMs",
                reason: 'tencent-chat:batchWindowMs must be a whole number of milliseconds from 0 to 1,000 (got "99999999999"); set tencent-chat:batchWindowMs or TENCENT_CHAT_BATCH_WINDOW_MS.',
            },
            {
                property: "secretkey",
                reason: '"tencent-chat:secretkey" is not a tencent-chat setting; did you mean tencent-chat:secretKey?',
            },
        ]);
        expect(inputs.endpoint).toBe("http://<credentials>@127.0.0.1:1");
        expect(inputs.secretKey).toEqual(secret(a.secretKey));
        expect(inputs.secretkey).toEqual(secret(MARKER));
    });

    it("Configure refuses a misspelt setting by name, before any resource", async () => {
        const other = await startApp(1400000003);
        try {
            const details = await refusal(other.plugin.configure({ ...other.config, secretkey: secret(MARKER) }));
            expect(details).toBe(
                "Tencent Chat settings are incomplete:\n" +
                    '  - "tencent-chat:secretkey" is not a tencent-chat setting; did you mean tencent-chat:secretKey?',
            );
        } finally {
            await Promise.all([other.plugin.stop(), other.emulator.stop()]);
        }
    });
});

describe("ids no resource can have fail before any call", () => {
    it.each([
        ["news", '"news"'],
        ["", '""'],
        ["x".repeat(100_000), `"${"x".repeat(80)}…" (100,000 bytes in all)`],
    ])("Read/import of OfficialChannel %#", async (id, quoted) => {
        const { result, calls } = await countCalls(a.emulator, () => refusal(a.plugin.read(CHANNEL, "imported", id)));
        expect(result).toBe(
            `${quoted} is not an OfficialChannel id: the id is the channel ID, which must start with "@TOA#_". ` +
                "Import a channel with `pulumi import tencent-chat:index:OfficialChannel <name> '@TOA#_news'`.",
        );
        expect(calls).toEqual({});
    });

    it("import of a ChannelSubscription by an id that names no pair, however long", async () => {
        const { result, calls } = await countCalls(a.emulator, async () => [
            await refusal(a.plugin.read(SUBSCRIPTION, "imported", "")),
            await refusal(a.plugin.read(SUBSCRIPTION, "imported", `@TOA#_a/${"u".repeat(100_000)}`)),
        ]);
        expect(result).toEqual([
            `"" is not a ChannelSubscription id: import one as '<channelId>/<userId>', e.g. '@TOA#_news/u1'.`,
            `"@TOA#_a/${"u".repeat(72)}…" (100,008 bytes in all) is not a ChannelSubscription id: import one as '<channelId>/<userId>', e.g. '@TOA#_news/u1'.`,
        ]);
        expect(calls).toEqual({});
    });
});

describe("Invoke", () => {
    it("queries no preview placeholder: an unknown argument answers nothing and calls nothing", async () => {
        const { result, calls } = await countCalls(a.emulator, async () => [
            await a.plugin.invoke(GET_SUBSCRIBED, { userId: UNKNOWN }),
            await a.plugin.invoke(GET_CHANNELS, { channelIds: ["@TOA#_x", UNKNOWN] }),
        ]);
        expect(result).toEqual([{}, {}]);
        expect(calls).toEqual({});
    });

    it("refuses unknown arguments with the one meant, and bad IDs, before any call", async () => {
        const { result, calls } = await countCalls(a.emulator, async () => [
            await refusal(a.plugin.invoke(GET_SUBSCRIBED, { userID: "u1" })),
            await refusal(a.plugin.invoke(GET_CHANNELS, { channelIds: ["@TOA#_x"], channelFields: ["Name"] })),
            await refusal(a.plugin.invoke(GET_CHANNELS, { channelIds: ["x"] })),
            await refusal(a.plugin.invoke(GET_SUBSCRIBED, { userId: "u".repeat(33) })),
        ]);
        expect(result).toEqual([
            'getSubscribedChannels: "userID" is not an argument of getSubscribedChannels; did you mean `userId`?',
            'getOfficialChannels: "channelFields" is not an argument of getOfficialChannels; did you mean `channelIds`?',
            'getOfficialChannels: channelIds has "x", which is not a channel ID: it must start with "@TOA#_".',
            "getSubscribedChannels: userId must be at most 32 bytes, the Chat UserID limit (got 33 bytes).",
        ]);
        expect(calls).toEqual({});
    });
});

describe("Check refuses the provider's internal inputs", () => {
    it.each([CHANNEL, SUBSCRIPTION])("%s", async (type) => {
        const inputs =
            type === CHANNEL
                ? channel("@TOA#_internal", { __urn: "urn:pulumi:dev::chat-yaml::x::other", __provider: "p", nameHint: "n" })
                : {
                      channelId: "@TOA#_internal",
                      userId: "u1",
                      __urn: "urn:pulumi:dev::chat-yaml::x::other",
                      __provider: "p",
                      nameHint: "n",
                  };
        const { failures } = await a.plugin.check(type, "internal", {}, inputs);
        const kind = type.split(":").pop();
        const reason = `is not an input of ${kind}: names starting with \`__\` (and \`nameHint\`) are internal to the provider, which sets them itself; remove it from the program`;
        expect(failures.sort((x, y) => x.property.localeCompare(y.property))).toEqual([
            { property: "__provider", reason },
            { property: "__urn", reason },
            { property: "nameHint", reason },
        ]);
    });
});

describe("import advice says what is true for the plugin", () => {
    it("a taken channel ID names `pulumi import` of the plugin's type, not 'dynamic providers cannot be imported'", async () => {
        await a.console.createChannel({ channelId: "@TOA#_taken", owner: "ops", name: "Someone else's" });
        const checked = await a.plugin.check(CHANNEL, "taken", {}, channel("@TOA#_taken", { name: "Mine" }));
        const details = await refusal(a.plugin.create(CHANNEL, "taken", checked.inputs));
        expect(details).toContain(
            "Or bring it into the stack with `pulumi import tencent-chat:index:OfficialChannel <name> '<channelId>'`.",
        );
        expect(details).not.toMatch(/dynamic/i);
        expect(a.emulator.channels().find((c) => c.channelId === "@TOA#_taken")).toMatchObject({ name: "Someone else's" });
    });
});

describe("settings ranges in the schema", () => {
    it("every tuning knob states its range and variable, and only the settings without a default or an alternative are required", async () => {
        const schema = JSON.parse(await a.plugin.schema());
        expect(schema.config.variables.batchWindowMs).toMatchObject({
            type: "integer",
            defaultInfo: { environment: ["TENCENT_CHAT_BATCH_WINDOW_MS"] },
        });
        expect(schema.config.variables.batchWindowMs.description).toContain(
            "must be a whole number of milliseconds from 0 to 1,000",
        );
        expect(schema.provider.inputProperties.requestTimeoutMs.description).toContain("from 100 to 600,000");
        expect(schema.config.variables.batchReads.type).toBe("boolean");
        expect(schema.config.defaults).toEqual(["sdkAppId", "secretKey"]);
    });
});

describe("the marker", () => {
    it("is in nothing the plugin said: no response outside a secret, no error, no line it printed", () => {
        const said = everythingSaid(a.plugin);
        expect(said).toContain("[secret]");
        expect(said).not.toContain(MARKER);
        expect(said).not.toContain(a.secretKey);
    });
});
