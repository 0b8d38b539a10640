/**
 * One table per resource (provider/fields) and the contract it states. First the sets themselves,
 * written out: which inputs exist, which are required, which replace, which update in place, what is
 * compared with the live channel, what only Tencent reports. A wrong flag in a table changes the
 * derived sets and fails those literals (views computed from the same flags would agree with any
 * table). Then every view the provider uses — zod inputs, diff sets, the drift comparison, the wire
 * mapping, the manifest JSON Schema and the package schema — is the table's own view, and the zod
 * schemas, check's defaults and read behave as the flags say.
 */
import { describe, expect, expectTypeOf, it } from "vitest";

import {
    CHANNEL_ID_WIRE,
    CHANNEL_FILTER_NAMES,
    SELF_FILTER_NAMES,
    createChannelBody,
    modifyChannelBody,
    toChannelInfo,
    toSelfInfo,
} from "../../provider/api/mapping";
import type { ChannelInfo, ChatClient } from "../../provider/api/types";
import { CHANNEL_INFO_FIELDS, SELF_INFO_FIELDS } from "../../provider/tencent/wire";
import { REPLACE_FIELDS, SETTABLE_FIELDS, UPDATABLE_FIELDS } from "../../provider/channel/diff";
import { CHANNEL_DEFAULTS, CHANNEL_FIELDS, CHANNEL_FIELD_NAMES } from "../../provider/channel/inputs";
import { COMPARED_FIELDS, type ComparedField } from "../../provider/channel/live";
import { read as readChannel } from "../../provider/channel/operations";
import { CHANNEL_FIELD_TABLE } from "../../provider/fields/channel";
import { SUBSCRIPTION_FIELD_TABLE } from "../../provider/fields/subscription";
import {
    defaults,
    fieldSchemas,
    fieldTable,
    inputFields,
    outputOnlyFields,
    replaceFields,
    requiredInputs,
    stateOf,
    tencentInputNames,
    type FieldSpec,
    type FieldTable,
} from "../../provider/fields/types";
import { manifestJsonSchema } from "../../provider/manifest/json-schema";
import { packageSchema, TOKENS } from "../../provider/plugin/schema";
import { SUBSCRIPTION_REPLACE_FIELDS, SUBSCRIPTION_SETTABLE_FIELDS } from "../../provider/subscription/diff";
import { SUBSCRIPTION_DEFAULTS, SUBSCRIPTION_FIELDS } from "../../provider/subscription/inputs";
import { read as readSubscription } from "../../provider/subscription/operations";

const CHANNEL: FieldTable = CHANNEL_FIELD_TABLE;
const SUBSCRIPTION: FieldTable = SUBSCRIPTION_FIELD_TABLE;
const namesWhere = (table: FieldTable, keep: (f: FieldTable[number]) => boolean) => table.filter(keep).map((f) => f.name);
const tencentInput = (f: FieldTable[number]) => f.settable && !f.providerOption;
const reported = (f: FieldTable[number]) => f.readableBack && !f.providerOption;
const names = (fields: readonly FieldSpec[]) => fields.map((f) => f.name).sort();

describe("the tables' contract, written out", () => {
    const channelInputs = [
        "channelId",
        "owner",
        "name",
        "introduction",
        "faceUrl",
        "maxSubscribers",
        "organization",
        "customString",
    ];
    const subscriptionInputs = ["channelId", "userId", "customString"];

    it("OfficialChannel: the ID and the owner replace the channel; the other Tencent inputs update it in place", () => {
        expect(replaceFields(CHANNEL)).toEqual(["channelId", "owner"]);
        expect(REPLACE_FIELDS).toEqual(["channelId", "owner"]);
        expect(SETTABLE_FIELDS).toEqual(channelInputs);
        expect(tencentInputNames(CHANNEL)).toEqual(channelInputs);
        expect(UPDATABLE_FIELDS).toEqual(["name", "introduction", "faceUrl", "maxSubscribers", "organization", "customString"]);
    });

    it("OfficialChannel: the inputs, the required ones, the defaults and what only Tencent reports", () => {
        expect(CHANNEL_FIELD_NAMES).toEqual([...channelInputs, "adopt", "allowReplace"]);
        expect(requiredInputs(CHANNEL)).toEqual(["owner", "name"]);
        expect(CHANNEL_DEFAULTS).toEqual({
            introduction: "",
            faceUrl: "",
            maxSubscribers: 100000,
            organization: "",
            customString: "",
            adopt: false,
            allowReplace: false,
        });
        expect(names(outputOnlyFields(CHANNEL))).toEqual(["createTime", "lastMessageTime", "subscriberCount"]);
        expect(COMPARED_FIELDS).toEqual(["owner", "name", "introduction", "faceUrl", "organization", "customString"]);
        expect(CHANNEL_FILTER_NAMES).toEqual({
            owner: "Owner_Account",
            name: "Name",
            introduction: "Introduction",
            faceUrl: "FaceUrl",
            organization: "Organization",
            customString: "CustomString",
            subscriberCount: "SubscriberNum",
            createTime: "CreateTime",
            lastMessageTime: "LastMsgTime",
        });
    });

    it("ChannelSubscription: the channel and the user replace the subscription; the custom string updates it", () => {
        expect(replaceFields(SUBSCRIPTION)).toEqual(["channelId", "userId"]);
        expect(SUBSCRIPTION_REPLACE_FIELDS).toEqual(["channelId", "userId"]);
        expect(SUBSCRIPTION_SETTABLE_FIELDS).toEqual(subscriptionInputs);
        expect(Object.keys(SUBSCRIPTION_FIELDS)).toEqual([...subscriptionInputs, "adopt"]);
        expect(requiredInputs(SUBSCRIPTION)).toEqual(["channelId", "userId"]);
        expect(SUBSCRIPTION_DEFAULTS).toEqual({ customString: "", adopt: false });
        expect(names(outputOnlyFields(SUBSCRIPTION))).toEqual(["subscribeTime"]);
        expect(SELF_FILTER_NAMES).toEqual({ customString: "CustomString", subscribeTime: "SubscribeTime" });
    });
});

describe("OfficialChannel: every view is the table's", () => {
    it("zod validates exactly the table's inputs, requires its required ones and fills its defaults", () => {
        expect(Object.keys(CHANNEL_FIELDS)).toEqual(namesWhere(CHANNEL, (f) => f.settable));
        expect(CHANNEL_FIELD_NAMES).toEqual(namesWhere(CHANNEL, (f) => f.settable));
        expect(namesWhere(CHANNEL, (f) => f.settable && f.required === true)).toEqual(
            Object.entries(CHANNEL_FIELDS)
                .filter(([, f]) => f.required)
                .map(([name]) => name),
        );
        expect(CHANNEL_DEFAULTS).toEqual(
            Object.fromEntries(CHANNEL.filter((f) => f.default !== undefined).map((f) => [f.name, f.default])),
        );
    });

    it("diffs, replaces and updates the table's Tencent inputs", () => {
        expect(SETTABLE_FIELDS).toEqual(namesWhere(CHANNEL, tencentInput));
        expect(REPLACE_FIELDS).toEqual(namesWhere(CHANNEL, (f) => f.replaces === true));
        expect(UPDATABLE_FIELDS).toEqual(namesWhere(CHANNEL, (f) => tencentInput(f) && !f.replaces));
    });

    it("compares with the live channel exactly the declared fields Tencent reports back, the ID aside", () => {
        expect(COMPARED_FIELDS).toEqual(namesWhere(CHANNEL, (f) => tencentInput(f) && f.readableBack && !f.identity));
        expect(COMPARED_FIELDS).not.toContain("maxSubscribers");
        expectTypeOf<ComparedField>().toEqualTypeOf<
            "owner" | "name" | "introduction" | "faceUrl" | "organization" | "customString"
        >();
    });

    it("maps to Tencent's names only through the table's wire names", () => {
        const wired = CHANNEL.filter((f) => f.wire !== undefined);
        expect(CHANNEL_ID_WIRE).toBe(CHANNEL.find((f) => f.identity)!.wire);
        expect(CHANNEL_FILTER_NAMES).toEqual(
            Object.fromEntries(wired.filter((f) => reported(f) && !f.identity).map((f) => [f.name, f.wire])),
        );
        expect(Object.values(CHANNEL_FILTER_NAMES).sort()).toEqual([...CHANNEL_INFO_FIELDS].sort());

        const everyInput = Object.fromEntries(CHANNEL.filter((f) => f.settable).map((f) => [f.name, `${f.name}-value`]));
        const create = createChannelBody(everyInput as never);
        expect(Object.keys(create)).toEqual(wired.filter((f) => f.settable).map((f) => f.createWire ?? f.wire));
        const modify = modifyChannelBody("@TOA#_x", everyInput);
        expect(Object.keys(modify)).toEqual([
            CHANNEL_ID_WIRE,
            ...wired.filter((f) => tencentInput(f) && !f.replaces).map((f) => f.wire),
        ]);
    });

    it("keeps today's create and modify bodies to the byte (create names the ID OfficialAccountUserID, modify Official_Account)", () => {
        const channel = {
            channelId: "@TOA#_n",
            owner: "ops",
            name: "N",
            introduction: "i",
            faceUrl: "f",
            maxSubscribers: 5,
            organization: "o",
            customString: "c",
        };
        expect(JSON.stringify(createChannelBody(channel))).toBe(
            '{"OfficialAccountUserID":"@TOA#_n","Owner_Account":"ops","Name":"N","Introduction":"i","FaceUrl":"f","MaxSubscriberNum":5,"Organization":"o","CustomString":"c"}',
        );
        expect(JSON.stringify(createChannelBody({ owner: "ops", name: "N" }))).toBe('{"Owner_Account":"ops","Name":"N"}');
        expect(JSON.stringify(modifyChannelBody("@TOA#_n", { name: "M", maxSubscribers: 9 }))).toBe(
            '{"Official_Account":"@TOA#_n","Name":"M","MaxSubscriberNum":9}',
        );
    });

    it("reads back what it would have written: a channel survives the trip to Tencent's names and back", () => {
        const channel: ChannelInfo = {
            channelId: "@TOA#_trip",
            owner: "ops",
            name: "Trip",
            introduction: "i",
            faceUrl: "f",
            organization: "o",
            customString: "c",
            subscriberCount: 3,
            createTime: 10,
            lastMessageTime: 20,
        };
        const item: Record<string, unknown> = { [CHANNEL_ID_WIRE]: channel.channelId };
        for (const [name, wire] of Object.entries(CHANNEL_FILTER_NAMES)) item[wire] = channel[name as keyof ChannelInfo];
        expect(toChannelInfo(item, "ignored")).toEqual(channel);
        // Fields Tencent left out stay absent, and the asked-for ID stands in for a missing one.
        expect(toChannelInfo({ Name: "only" }, "@TOA#_asked")).toEqual({ channelId: "@TOA#_asked", name: "only" });
    });

    it("generates the manifest JSON Schema's properties from the table's inputs", () => {
        const schema = manifestJsonSchema() as {
            properties: { defaults: { properties: object }; channels: { items: { properties: object } } };
        };
        expect(Object.keys(schema.properties.channels.items.properties)).toEqual(namesWhere(CHANNEL, (f) => f.settable));
        expect(Object.keys(schema.properties.defaults.properties)).toEqual(namesWhere(CHANNEL, (f) => f.settable && !f.identity));
    });

    it("generates the package schema's properties from the table", () => {
        const schema = packageSchema("0.0.0");
        const resource = schema.resources[TOKENS.channel];
        expect(Object.keys(resource.properties)).toEqual(CHANNEL.map((f) => f.name));
        expect(Object.keys(resource.inputProperties)).toEqual(namesWhere(CHANNEL, (f) => f.settable));
        expect(Object.keys(schema.types[TOKENS.channelInfo].properties)).toEqual(namesWhere(CHANNEL, reported));
    });
});

describe("ChannelSubscription: every view is the table's", () => {
    it("validates, diffs and replaces the table's inputs, with its defaults", () => {
        expect(Object.keys(SUBSCRIPTION_FIELDS)).toEqual(namesWhere(SUBSCRIPTION, (f) => f.settable));
        expect(SUBSCRIPTION_SETTABLE_FIELDS).toEqual(namesWhere(SUBSCRIPTION, tencentInput));
        expect(SUBSCRIPTION_REPLACE_FIELDS).toEqual(namesWhere(SUBSCRIPTION, (f) => f.replaces === true));
        expect(SUBSCRIPTION_DEFAULTS).toEqual(defaults(SUBSCRIPTION));
    });

    it("maps the subscriber's own fields through the table's wire names, both ways", () => {
        const own = SUBSCRIPTION.filter((f) => reported(f) && !f.identity);
        expect(SELF_FILTER_NAMES).toEqual(Object.fromEntries(own.map((f) => [f.name, f.wire])));
        expect(Object.values(SELF_FILTER_NAMES).sort()).toEqual([...SELF_INFO_FIELDS].sort());
        expect(toSelfInfo({ SubscribeTime: 5, CustomString: "c" })).toEqual({ subscribeTime: 5, customString: "c" });
        expect(toSelfInfo(undefined)).toEqual({});
    });

    it("generates the package schema's properties from the table", () => {
        const resource = packageSchema("0.0.0").resources[TOKENS.subscription];
        expect(Object.keys(resource.properties)).toEqual(SUBSCRIPTION.map((f) => f.name));
        expect(Object.keys(resource.inputProperties)).toEqual(namesWhere(SUBSCRIPTION, (f) => f.settable));
    });
});

describe("a field added to a table", () => {
    // What adding a field takes: one entry. The generic views pick it up with no other edit.
    const table = fieldTable([
        ...CHANNEL_FIELD_TABLE,
        {
            name: "motto",
            wire: "Motto",
            type: "string",
            description: "A motto.",
            byteLimit: 10,
            default: "",
            settable: true,
            readableBack: true,
        },
    ] as const);

    it("is validated with its byte limit, defaulted, diffed and kept in state", () => {
        const schemas = fieldSchemas(table);
        expect(schemas.motto.schema.safeParse("a".repeat(10)).success).toBe(true);
        expect(schemas.motto.schema.safeParse("a".repeat(11)).success).toBe(false);
        expect(defaults(table)).toMatchObject({ motto: "" });
        expect(tencentInputNames(table)).toContain("motto");
        expect(stateOf<Record<string, unknown>>(table, { motto: "declared" }, { motto: "live" }).motto).toBe("live");
    });
});

type ZodTable = Record<string, { schema: { safeParse(v: unknown): { success: boolean } }; required: boolean }>;

/** A value of exactly `bytes` UTF-8 bytes that is otherwise valid for the field. */
function ofBytes(field: FieldSpec, bytes: number): string {
    if (field.name === "channelId") return "@TOA#_" + "a".repeat(bytes - 6);
    return "新".repeat(Math.floor(bytes / 3)) + "a".repeat(bytes % 3);
}

function agreesWithZod(table: FieldTable, zod: ZodTable, zodDefaults: Record<string, unknown>) {
    it("declares exactly the inputs the zod schema validates", () => {
        expect(names(inputFields(table))).toEqual(Object.keys(zod).sort());
    });
    it("marks the same inputs required", () => {
        expect(requiredInputs(table).sort()).toEqual(
            Object.entries(zod)
                .filter(([, f]) => f.required)
                .map(([k]) => k)
                .sort(),
        );
    });
    it("has check's defaults", () => {
        expect(defaults(table)).toEqual(zodDefaults);
    });
    for (const field of table.filter((f) => f.byteLimit !== undefined)) {
        it(`${field.name}: the zod schema accepts ${field.byteLimit} bytes and refuses one more`, () => {
            const schema = zod[field.name]!.schema;
            expect(schema.safeParse(ofBytes(field, field.byteLimit!)).success).toBe(true);
            expect(schema.safeParse(ofBytes(field, field.byteLimit! + 1)).success).toBe(false);
        });
    }
    for (const field of inputFields(table).filter((f) => f.byteLimit === undefined)) {
        it(`${field.name}: the zod schema takes a ${field.type}`, () => {
            const sample = field.type === "boolean" ? true : field.type === "integer" ? 5 : "x";
            expect(zod[field.name]!.schema.safeParse(sample).success).toBe(true);
            if (field.type === "integer") expect(zod[field.name]!.schema.safeParse(1.5).success).toBe(false);
        });
    }
}

/** A client that answers every read with the given values. */
function stubClient(answers: Partial<ChatClient>): ChatClient {
    return answers as ChatClient;
}

describe("OfficialChannel: the table's flags are what the provider does", () => {
    agreesWithZod(CHANNEL_FIELD_TABLE, CHANNEL_FIELDS, CHANNEL_DEFAULTS);

    it("lists as replacing exactly the diff's replace fields", () => {
        expect(replaceFields(CHANNEL_FIELD_TABLE).sort()).toEqual([...REPLACE_FIELDS].sort());
    });
    it("has the diff's settable fields as its Tencent inputs, and provider options besides", () => {
        const tencentInputs = inputFields(CHANNEL_FIELD_TABLE).filter((f) => !f.providerOption);
        expect(names(tencentInputs)).toEqual([...SETTABLE_FIELDS].sort());
        expect(names(tencentInputs.filter((f) => !f.replaces))).toEqual([...UPDATABLE_FIELDS].sort());
    });
    it("names only wire fields the API layer knows", () => {
        const readable = CHANNEL_FIELD_TABLE.filter((f) => f.wire && f.readableBack && f.name !== "channelId");
        for (const f of readable) expect(CHANNEL_INFO_FIELDS as readonly string[]).toContain(f.wire);
        expect(CHANNEL_INFO_FIELDS.length).toBe(readable.length);
    });
    it("describes every property read puts in the state, and which ones Tencent reports back", async () => {
        const live = {
            channelId: "@TOA#_x",
            owner: "ops",
            name: "Live",
            introduction: "i",
            faceUrl: "f",
            organization: "o",
            customString: "c",
            subscriberCount: 3,
            createTime: 10,
            lastMessageTime: 20,
        };
        const state = { channelId: "@TOA#_x", owner: "ops", name: "Old", maxSubscribers: 7, adopt: true, allowReplace: true };
        const result = await readChannel(stubClient({ loadChannel: async () => live }), "@TOA#_x", state);
        expect(Object.keys(result!.state).sort()).toEqual(names(CHANNEL_FIELD_TABLE));
        expect(Object.keys(result!.inputs).sort()).toEqual(names(inputFields(CHANNEL_FIELD_TABLE)));
        for (const field of CHANNEL_FIELD_TABLE) {
            const fromTencent = (live as Record<string, unknown>)[field.name];
            const expected = field.readableBack ? fromTencent : (state as Record<string, unknown>)[field.name];
            expect([field.name, result!.state[field.name]]).toEqual([field.name, expected]);
        }
        expect(names(outputOnlyFields(CHANNEL_FIELD_TABLE))).toEqual(["createTime", "lastMessageTime", "subscriberCount"]);
    });
});

describe("ChannelSubscription: the table's flags are what the provider does", () => {
    agreesWithZod(SUBSCRIPTION_FIELD_TABLE, SUBSCRIPTION_FIELDS, SUBSCRIPTION_DEFAULTS);

    it("lists as replacing exactly the diff's replace fields, and the diff's settable fields as inputs Tencent stores", () => {
        expect(replaceFields(SUBSCRIPTION_FIELD_TABLE).sort()).toEqual([...SUBSCRIPTION_REPLACE_FIELDS].sort());
        expect(names(inputFields(SUBSCRIPTION_FIELD_TABLE).filter((f) => !f.providerOption))).toEqual(
            [...SUBSCRIPTION_SETTABLE_FIELDS].sort(),
        );
    });
    it("names the user's own fields as the API layer does", () => {
        const own = SUBSCRIPTION_FIELD_TABLE.filter((f) => f.name === "customString" || f.name === "subscribeTime").map(
            (f) => f.wire,
        );
        expect(own.sort()).toEqual([...SELF_INFO_FIELDS].sort());
    });
    it("describes every property read puts in the state", async () => {
        const client = stubClient({
            getSubscribedChannels: async () => ({
                totalCount: 1,
                complete: true,
                next: 0,
                channels: [{ channelId: "@TOA#_x", self: { customString: "c", subscribeTime: 5 } }],
            }),
        });
        const result = await readSubscription(client, "@TOA#_x/u1", { channelId: "@TOA#_x", userId: "u1", customString: "" });
        expect(Object.keys(result!.state).sort()).toEqual(names(SUBSCRIPTION_FIELD_TABLE));
        expect(result!.state).toMatchObject({ customString: "c", subscribeTime: 5 });
    });
});
