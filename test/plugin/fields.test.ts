/**
 * The field tables (provider/fields) against the rules the provider enforces: the zod input
 * schemas, check's defaults, the diff's settable and replace lists, and what read reports. Those
 * are derived from the tables now (issue 13); this still holds each table's flags to what the
 * derived rules actually do, so a wrong derivation cannot pass unnoticed.
 */
import { describe, expect, it } from "vitest";
import type { ChatClient } from "../../provider/api/types";
import { CHANNEL_INFO_FIELDS, SELF_INFO_FIELDS } from "../../provider/api/wire";
import { REPLACE_FIELDS, SETTABLE_FIELDS, UPDATABLE_FIELDS } from "../../provider/channel/diff";
import { CHANNEL_DEFAULTS, CHANNEL_FIELDS } from "../../provider/channel/inputs";
import { read as readChannel } from "../../provider/channel/operations";
import { CHANNEL_FIELD_TABLE } from "../../provider/fields/channel";
import { SUBSCRIPTION_FIELD_TABLE } from "../../provider/fields/subscription";
import {
    defaults,
    inputFields,
    outputOnlyFields,
    replaceFields,
    requiredInputs,
    type FieldSpec,
    type FieldTable,
} from "../../provider/fields/types";
import { SUBSCRIPTION_REPLACE_FIELDS, SUBSCRIPTION_SETTABLE_FIELDS } from "../../provider/subscription/diff";
import { SUBSCRIPTION_DEFAULTS, SUBSCRIPTION_FIELDS } from "../../provider/subscription/inputs";
import { read as readSubscription } from "../../provider/subscription/operations";

type ZodTable = Record<string, { schema: { safeParse(v: unknown): { success: boolean } }; required: boolean }>;

const names = (fields: readonly FieldSpec[]) => fields.map((f) => f.name).sort();

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

describe("OfficialChannel's field table", () => {
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
        expect(Object.keys(result.props!).sort()).toEqual(names(CHANNEL_FIELD_TABLE));
        expect(Object.keys(result.inputs!).sort()).toEqual(names(inputFields(CHANNEL_FIELD_TABLE)));
        for (const field of CHANNEL_FIELD_TABLE) {
            const fromTencent = (live as Record<string, unknown>)[field.name];
            const expected = field.readableBack ? fromTencent : (state as Record<string, unknown>)[field.name];
            expect([field.name, result.props![field.name]]).toEqual([field.name, expected]);
        }
        expect(names(outputOnlyFields(CHANNEL_FIELD_TABLE))).toEqual(["createTime", "lastMessageTime", "subscriberCount"]);
    });
});

describe("ChannelSubscription's field table", () => {
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
        expect(Object.keys(result.props!).sort()).toEqual(names(SUBSCRIPTION_FIELD_TABLE));
        expect(result.props).toMatchObject({ customString: "c", subscribeTime: 5 });
    });
});
