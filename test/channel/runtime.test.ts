/** The host-wide client: built once per settings, rebuilt when any of them changes, the SecretKey included. */
import { describe, expect, it } from "vitest";

import { chatClient, configure } from "../../provider/dynamic/runtime";

function configureWith(values: Record<string, string>): void {
    configure({ config: { get: (key: string) => values[key] } });
}

const base = {
    "tencent-chat:sdkAppId": "1400000000",
    "tencent-chat:secretKey": "a".repeat(64),
    "tencent-chat:endpoint": "http://127.0.0.1:9",
};

describe("chatClient", () => {
    it("reuses one client while the settings stay the same", () => {
        configureWith(base);
        const first = chatClient();
        configureWith({ ...base });
        expect(chatClient()).toBe(first);
    });

    it("builds a new client when the SecretKey is rotated, and when another setting changes", () => {
        configureWith(base);
        const first = chatClient();
        configureWith({ ...base, "tencent-chat:secretKey": "b".repeat(64) });
        const rotated = chatClient();
        expect(rotated).not.toBe(first);
        configureWith({ ...base, "tencent-chat:secretKey": "b".repeat(64), "tencent-chat:admin": "ops-admin" });
        expect(chatClient()).not.toBe(rotated);
    });
});
