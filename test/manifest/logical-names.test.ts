/** Child logical names are part of URNs: changing them replaces channels, so they are pinned here. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { channelIdProblem } from "../../provider/tencent/wire";
import { channelLogicalName } from "../../provider/manifest/logical-names";

/** Valid custom channel IDs: printable ASCII after the prefix, within 48 bytes, not reserved. */
const channelIds = fc
    .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 42 })
    .map((rest) => `@TOA#_${rest}`)
    .filter((id) => channelIdProblem(id) === undefined);

describe("channelLogicalName", () => {
    it.each([
        ["@TOA#_news", "channels-news"],
        ["@TOA#_engineering-2024", "channels-engineering-2024"],
        ["@TOA#_team.ops_eu", "channels-team.ops_eu"],
        ["@TOA#_a b", "channels-a~20b"],
        ["@TOA#_x:y/z", "channels-x~3ay~2fz"],
        ["@TOA#_~", "channels-~7e"],
        ["@TOA#_#", "channels-~23"],
    ])("names %s %s", (id, name) => {
        expect(channelLogicalName("channels", id)).toBe(name);
    });

    it("gives distinct channel IDs distinct names", () => {
        fc.assert(
            fc.property(channelIds, channelIds, (a, b) => {
                fc.pre(a !== b);
                expect(channelLogicalName("set", a)).not.toBe(channelLogicalName("set", b));
            }),
            { numRuns: 2000 },
        );
    });

    it("uses only characters that are safe in a URN", () => {
        fc.assert(
            fc.property(channelIds, (id) => {
                expect(channelLogicalName("set", id)).toMatch(/^set-[A-Za-z0-9_.~-]+$/);
            }),
        );
    });
});
