/** The step summary the demo prints: its tally must not depend on which concurrent step finished first. */
import { describe, expect, it } from "vitest";
import { fieldChanges, type Step } from "../../scripts/engine/engine";
import { formatSteps } from "../../scripts/engine/summary";

const refresh = (id: string, drifted: boolean): Step => ({
    kind: "refresh",
    urn: `urn:pulumi:dev::p::t::${id}`,
    name: id,
    id,
    changes: drifted ? [{ field: "name", from: "a", to: "b" }] : [],
    ms: 1,
});

const tally = (text: string) => text.split("\n").at(-1)!.trim();

describe("formatSteps", () => {
    it("tallies kinds in a fixed order whatever the order of the steps", () => {
        const steps = [refresh("@TOA#_a", false), refresh("@TOA#_b", true), refresh("@TOA#_c", false)];
        const orders = [steps, [steps[1]!, steps[0]!, steps[2]!], [steps[2]!, steps[0]!, steps[1]!]];
        expect(orders.map((order) => tally(formatSteps(order)))).toEqual([
            "1 drift, 2 in sync",
            "1 drift, 2 in sync",
            "1 drift, 2 in sync",
        ]);
    });

    it("orders create, update, replace, deletes, same, and counts failures", () => {
        const step = (kind: Step["kind"], error?: string): Step => ({
            kind,
            urn: "u",
            name: kind,
            changes: [],
            ms: 0,
            ...(error ? { error } : {}),
        });
        const text = formatSteps([
            step("same"),
            step("delete"),
            step("delete-replaced"),
            step("replace"),
            step("update", "boom"),
            step("create"),
        ]);
        expect(tally(text)).toBe("1 create, 1 update, 1 replace, 1 delete original, 1 delete, 1 same — 1 failed");
        expect(text).toContain("✗ update   update: boom");
    });
});

describe("fieldChanges", () => {
    it("never shows internal inputs (__provider, __urn), as the CLI's display skips __-prefixed keys", () => {
        const news = { channelId: "@TOA#_x", name: "X", __provider: "exports.handler = …", __urn: "urn:pulumi:dev::p::t::x" };
        expect(fieldChanges({}, news).map((c) => c.field)).toEqual(["channelId", "name"]);
    });
});
