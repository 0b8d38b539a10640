/**
 * The dynamic provider refuses a misspelt `tencent-chat:*` key too: its settings come from the
 * dynamic-provider host's Config, which keeps the whole stack config (`rawConfig`).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chatClient, configure } from "../../provider/dynamic/runtime";

// The class @pulumi/pulumi's dynamic-provider host hands `configure`, so the test breaks if it stops keeping rawConfig.
const { Config } = require("@pulumi/pulumi/cmd/dynamic-provider/config") as {
    Config: new (raw: Record<string, string>, project: string) => { get(key: string): string | undefined };
};

const base = {
    "tencent-chat:sdkAppId": "1400000000",
    "tencent-chat:endpoint": "http://127.0.0.1:9",
    "other-package:secretkey": "not ours to judge",
};

describe("the dynamic provider's settings", () => {
    // Only what the stack sets: the provider falls back to the TENCENT_CHAT_* variables.
    const saved = { ...process.env };
    beforeEach(() => {
        for (const key of Object.keys(process.env)) if (key.startsWith("TENCENT_CHAT_")) delete process.env[key];
    });
    afterEach(() => {
        Object.assign(process.env, saved);
    });

    it("refuses a misspelt key with the one meant, never quoting its value", () => {
        configure({ config: new Config({ ...base, "tencent-chat:secretkey": "0123456789abcdef".repeat(4) }, "chat-infra") });
        expect(() => chatClient()).toThrow(
            "Tencent Chat settings are incomplete:\n" +
                "  - tencent-chat:secretKey is not set: use `pulumi config set --secret tencent-chat:secretKey <SecretKey from the Chat console>` or the environment variable TENCENT_CHAT_SECRET_KEY.\n" +
                '  - "tencent-chat:secretkey" is not a tencent-chat setting; did you mean tencent-chat:secretKey?',
        );
    });

    it("accepts the stack's own keys, whatever other packages set", () => {
        configure({ config: new Config({ ...base, "tencent-chat:secretKey": "0123456789abcdef".repeat(4) }, "chat-infra") });
        expect(chatClient().settings).toMatchObject({ sdkAppId: 1400000000 });
    });
});
