/**
 * Property: a configured SecretKey of any length (1 to 63 characters, below the 64 of Tencent's
 * console keys) is masked wherever a value is echoed — manifests, settings, terminal lines. Its own
 * file: every key it tries stays remembered for masking in this process, as a configured key would.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { echo, safeText } from "../../provider/tencent/display";
import { settingsProblems } from "../../provider/config";

const HEX = [..."0123456789abcdef"];
/** The text outside the masks ("<redacted>" itself holds hex letters: "edac"). */
const unmasked = (text: string) => text.split("<redacted>").join(" ");

describe("a SecretKey of any length", () => {
    it("never appears in an echoed value, even when the value carries it", () => {
        fc.assert(
            fc.property(
                fc.string({ unit: fc.constantFrom(...HEX), minLength: 1, maxLength: 63 }),
                fc.string({ maxLength: 30 }),
                (key, noise) => {
                    const carrying = `${noise}${key}${noise}`;
                    settingsProblems(() => undefined, { TENCENT_CHAT_SECRET_KEY: `${key}\n` });
                    expect(unmasked(echo(carrying, Infinity))).not.toContain(key);
                    expect(unmasked(safeText(carrying))).not.toContain(key);
                },
            ),
            { numRuns: 200 },
        );
    });

    it("never appears in a settings message that quotes it", () => {
        fc.assert(
            fc.property(fc.string({ unit: fc.constantFrom(...HEX), minLength: 8, maxLength: 15 }), (key) => {
                const problems = settingsProblems(() => undefined, {
                    TENCENT_CHAT_SECRET_KEY: key,
                    TENCENT_CHAT_SDKAPPID: `x${key}`,
                    TENCENT_CHAT_REGION: `${key}!`,
                    TENCENT_CHAT_BATCH_WINDOW_MS: key,
                });
                expect(problems.map((p) => p.key)).toEqual(["sdkAppId", "region", "batchWindowMs"]);
                expect(unmasked(problems.map((p) => p.message).join("\n"))).not.toContain(key);
            }),
            { numRuns: 200 },
        );
    });
});
