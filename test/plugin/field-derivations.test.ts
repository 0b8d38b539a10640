/**
 * One table per resource (provider/fields): every view the provider uses — zod inputs, diff sets,
 * the drift comparison, the wire mapping, the manifest JSON Schema and the package schema — is the
 * table's own view, computed here straight from the flags. A view that kept its own list would
 * disagree as soon as a field is added.
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
import type { ChannelInfo } from "../../provider/api/types";
import { CHANNEL_INFO_FIELDS, SELF_INFO_FIELDS } from "../../provider/api/wire";
import { REPLACE_FIELDS, SETTABLE_FIELDS, UPDATABLE_FIELDS } from "../../provider/channel/diff";
import { CHANNEL_DEFAULTS, CHANNEL_FIELDS, CHANNEL_FIELD_NAMES } from "../../provider/channel/inputs";
import { COMPARED_FIELDS, type ComparedField } from "../../provider/channel/live";
import { CHANNEL_FIELD_TABLE } from "../../provider/fields/channel";
import { SUBSCRIPTION_FIELD_TABLE } from "../../provider/fields/subscription";
import { defaults, fieldSchemas, fieldTable, stateOf, tencentInputNames, type FieldTable } from "../../provider/fields/types";
import { manifestJsonSchema } from "../../provider/manifest/json-schema";
import { packageSchema, TOKENS } from "../../provider/plugin/schema";
import { SUBSCRIPTION_REPLACE_FIELDS, SUBSCRIPTION_SETTABLE_FIELDS } from "../../provider/subscription/diff";
import { SUBSCRIPTION_DEFAULTS, SUBSCRIPTION_FIELDS } from "../../provider/subscription/inputs";

const CHANNEL: FieldTable = CHANNEL_FIELD_TABLE;
const SUBSCRIPTION: FieldTable = SUBSCRIPTION_FIELD_TABLE;
const namesWhere = (table: FieldTable, keep: (f: FieldTable[number]) => boolean) => table.filter(keep).map((f) => f.name);
const tencentInput = (f: FieldTable[number]) => f.settable && !f.providerOption;
const reported = (f: FieldTable[number]) => f.readableBack && !f.providerOption;

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
