import { describe, expect, it } from "vitest";
import { editDistance, suggestKey } from "../../provider/kit/suggest";

const FIELDS = [
    "channelId",
    "owner",
    "name",
    "introduction",
    "faceUrl",
    "maxSubscribers",
    "organization",
    "customString",
    "adopt",
    "allowReplace",
];

describe("did-you-mean suggestions", () => {
    it("counts a swap of neighbouring letters as one edit", () => {
        expect(editDistance("nmae", "name")).toBe(1);
        expect(editDistance("ower", "owner")).toBe(1);
        expect(editDistance("", "abc")).toBe(3);
    });

    it.each([
        ["nmae", "name"],
        ["ower", "owner"],
        ["introduciton", "introduction"],
        ["max_subscribers", "maxSubscribers"],
        ["ChannelID", "channelId"],
        ["face_url", "faceUrl"],
    ])("suggests %s → %s", (typo, expected) => {
        expect(suggestKey(typo, FIELDS)).toBe(expected);
    });

    it("suggests nothing for keys that resemble no field", () => {
        expect(suggestKey("id", FIELDS)).toBeUndefined();
        expect(suggestKey("description", FIELDS)).toBeUndefined();
        expect(suggestKey("version", ["$schema", "defaults", "channels"])).toBeUndefined();
    });
});
