/**
 * Settings problems as data: each one names its setting, the rule and the value, and the plugin's
 * CheckConfig reports each on that setting. Tuning knobs have documented ranges; unknown keys are
 * refused with the one meant; the SecretKey is trimmed and masked whatever its length.
 */
import { describe, expect, it } from "vitest";
import { echo, safeText } from "../../provider/tencent/display";
import { redact } from "../../provider/tencent/redact";
import {
    resolveClientOptions,
    resolveSettings,
    settingsProblems,
    SettingsError,
    TUNING,
    tuningRange,
} from "../../provider/config";
import { loadManifest } from "../../provider/manifest/load";
import { ManifestError, formatProblem } from "../../provider/manifest/problems";
import { checkConfig, checkedConfig } from "../../provider/plugin/config";

const KEY = "0123456789abcdef".repeat(4);
const base = { TENCENT_CHAT_SDKAPPID: "1400000000", TENCENT_CHAT_SECRET_KEY: KEY, TENCENT_CHAT_REGION: "tokyo" };
const config = (values: Record<string, string>) => (key: string) => values[key];

describe("tuning knobs have ranges", () => {
    it.each([
        ["batchWindowMs", "99999999999", "a whole number of milliseconds from 0 to 1,000", '"99999999999"'],
        ["requestTimeoutMs", String(2 ** 31), "a whole number of milliseconds from 100 to 600,000", '"2147483648"'],
        ["requestTimeoutMs", "1e400", "a whole number of milliseconds from 100 to 600,000", '"1e400"'],
        ["retryBudgetMs", "-1", "a whole number of milliseconds from 0 to 600,000", '"-1"'],
        ["retryBaseMs", "0", "a whole number of milliseconds from 1 to 5,000", '"0"'],
        ["callsPerSecond", "201", "a whole number of calls per second from 1 to 200", '"201"'],
        ["callsPerSecond", "0x10", "a whole number of calls per second from 1 to 200", '"0x10"'],
        ["batchReads", "yes", "true or false", '"yes"'],
    ])("refuses %s = %s, naming the setting, the range and the value", (key, value, range, quoted) => {
        expect(settingsProblems(config({ [`tencent-chat:${key}`]: value }), base)).toEqual([
            {
                key,
                message: `tencent-chat:${key} must be ${range} (got ${quoted}); set tencent-chat:${key} or ${TUNING.find((t) => t.key === key)!.env}.`,
            },
        ]);
    });

    it("accepts both ends of every range, and reports every bad knob at once", () => {
        for (const spec of TUNING.filter((t) => t.kind === "number")) {
            for (const edge of [spec.min!, spec.max!]) {
                expect(resolveClientOptions(config({ [`tencent-chat:${spec.key}`]: String(edge) }), base)[spec.key]).toBe(edge);
            }
        }
        const error = (() => {
            try {
                resolveClientOptions(() => undefined, {
                    ...base,
                    TENCENT_CHAT_BATCH_WINDOW_MS: "99999999999",
                    TENCENT_CHAT_REQUEST_TIMEOUT_MS: "1e400",
                });
            } catch (caught) {
                return caught as SettingsError;
            }
        })()!;
        expect(error).toBeInstanceOf(SettingsError);
        expect(error.settings).toEqual(["requestTimeoutMs", "batchWindowMs"]);
        expect(tuningRange(TUNING.find((t) => t.key === "batchWindowMs")!)).toBe(
            "a whole number of milliseconds from 0 to 1,000",
        );
    });

    it("words the problem for the CLI with the variable alone", () => {
        expect(settingsProblems(() => undefined, { ...base, TENCENT_CHAT_BATCH_WINDOW_MS: "2000" }, "environment")).toEqual([
            {
                key: "batchWindowMs",
                message:
                    'TENCENT_CHAT_BATCH_WINDOW_MS must be a whole number of milliseconds from 0 to 1,000 (got "2000"); set TENCENT_CHAT_BATCH_WINDOW_MS.',
            },
        ]);
    });
});

describe("unknown keys", () => {
    it("refuses a misspelt key with the one meant, never quoting its value", () => {
        const problems = settingsProblems(() => undefined, base, "pulumi", [
            "secretkey",
            "regoin",
            "colour",
            "version",
            "__internal",
        ]);
        expect(problems).toEqual([
            {
                key: "secretkey",
                message: '"tencent-chat:secretkey" is not a tencent-chat setting; did you mean tencent-chat:secretKey?',
            },
            { key: "regoin", message: '"tencent-chat:regoin" is not a tencent-chat setting; did you mean tencent-chat:region?' },
            {
                key: "colour",
                message:
                    '"tencent-chat:colour" is not a tencent-chat setting; the settings are sdkAppId, secretKey, admin, region, endpoint, callsPerSecond, retryBudgetMs, retryBaseMs, requestTimeoutMs, batchReads, batchWindowMs',
            },
        ]);
    });
});

describe("the SecretKey", () => {
    it("is trimmed like the SDKAppID (a pasted key keeps its line break)", () => {
        expect(
            resolveSettings(() => undefined, {
                ...base,
                TENCENT_CHAT_SECRET_KEY: ` ${KEY}\n`,
                TENCENT_CHAT_SDKAPPID: " 1400000000 ",
            }),
        ).toMatchObject({
            secretKey: KEY,
            sdkAppId: 1400000000,
        });
        expect(settingsProblems(() => undefined, { ...base, TENCENT_CHAT_SECRET_KEY: " \n" }).map((p) => p.key)).toEqual([
            "secretKey",
        ]);
    });

    it("is masked in every message whatever its length, as given and trimmed", () => {
        const short = "s3cr3t-15-chars";
        expect(short).toHaveLength(15);
        resolveSettings(() => undefined, { ...base, TENCENT_CHAT_SECRET_KEY: `${short}\n` });
        expect(echo(`key: ${short}`)).toBe('"key: <redacted>"');
        expect(safeText(`a manifest line with ${short};\nand more`)).toBe("a manifest line with <redacted>;\\nand more");
        let message = "";
        try {
            loadManifest({ channels: [{ channelId: `@TOA#_${short}`, owner: short, name: { key: short } }] });
        } catch (error) {
            message = `${(error as Error).message}\n${(error as ManifestError).problems.map(formatProblem).join("\n")}`;
        }
        expect(message).toContain("<redacted>");
        expect(message).not.toContain(short);
        expect(redact("x", ["x"])).toBe("<redacted>");
        expect(redact("abc-abcdef", ["abc", "abcdef"])).toBe("<redacted>-<redacted>");
        // A one-letter key never shreds a mark already made (which would show the letters around it).
        expect(redact("d and s3cr3t", ["s3cr3t", "d", "e"])).toBe("<redacted> an<redacted> <redacted>");
        expect(redact("<redacted>", ["d"])).toBe("<redacted>");
    });
});

describe("CheckConfig", () => {
    const full = { sdkAppId: "1400000000", secretKey: KEY, endpoint: "http://127.0.0.1:9" };

    it("reports each problem on the setting it is about, tuning included", () => {
        const failures = checkConfig(
            {
                ...full,
                endpoint: "http://ops:pass@127.0.0.1:9",
                batchWindowMs: "99999999999",
                secretkey: "x",
            },
            {},
        );
        expect(failures).toEqual([
            {
                property: "endpoint",
                reason: 'tencent-chat:endpoint must not contain a user name or password (got http://<credentials>@127.0.0.1:9): Tencent Chat authenticates with the UserSig generated from tencent-chat:secretKey, and credentials in the URL would be ignored. Remove the part before "@".',
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
        expect(checkConfig({ ...full, endpoint: "not a url" }, {})).toEqual([
            {
                property: "endpoint",
                reason: 'tencent-chat:endpoint "not a url" is not a valid URL; expected e.g. "https://adminapisgp.im.qcloud.com".',
            },
        ]);
    });

    it("hands back no URL credentials, and keeps the SecretKey and its misspellings secret", () => {
        const { inputs, secrets } = checkedConfig({ ...full, endpoint: "http://ops:TOPSECRET@127.0.0.1:9/", secret_key: "k2" });
        expect(inputs.endpoint).toBe("http://<credentials>@127.0.0.1:9/");
        expect(JSON.stringify(inputs)).not.toContain("TOPSECRET");
        expect([...secrets].sort()).toEqual(["secretKey", "secret_key"]);
    });
});
