/**
 * The package schema as Pulumi's CLI and code generators read it: which settings are required,
 * what each setting says, and how each language's SDK is named. Literal expectations: a changed
 * package name or import path breaks every user's install, so it must be a deliberate edit here.
 */
import { describe, expect, it } from "vitest";
import { packageSchema } from "../../provider/plugin/schema";

const schema = packageSchema("1.2.3");

describe("the package schema's settings", () => {
    it("requires only the settings without a default or an alternative (config.defaults)", () => {
        expect(schema.config.defaults).toEqual(["sdkAppId", "secretKey"]);
    });

    it("declares every setting and tuning knob, with its type and environment variable", () => {
        const variables = schema.config.variables as Record<string, { type: string; defaultInfo: { environment: string[] } }>;
        expect(
            Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, [v.type, ...v.defaultInfo.environment]])),
        ).toEqual({
            sdkAppId: ["string", "TENCENT_CHAT_SDKAPPID"],
            secretKey: ["string", "TENCENT_CHAT_SECRET_KEY"],
            admin: ["string", "TENCENT_CHAT_ADMIN"],
            region: ["string", "TENCENT_CHAT_REGION"],
            endpoint: ["string", "TENCENT_CHAT_ENDPOINT"],
            callsPerSecond: ["integer", "TENCENT_CHAT_CALLS_PER_SECOND"],
            retryBudgetMs: ["integer", "TENCENT_CHAT_RETRY_BUDGET_MS"],
            retryBaseMs: ["integer", "TENCENT_CHAT_RETRY_BASE_MS"],
            requestTimeoutMs: ["integer", "TENCENT_CHAT_REQUEST_TIMEOUT_MS"],
            batchReads: ["boolean", "TENCENT_CHAT_BATCH_READS"],
            batchWindowMs: ["integer", "TENCENT_CHAT_BATCH_WINDOW_MS"],
        });
    });

    it("marks the SecretKey secret, gives admin its default, and describes each setting", () => {
        const variables = schema.config.variables as Record<string, Record<string, unknown>>;
        expect(Object.keys(variables).filter((k) => variables[k]!.secret === true)).toEqual(["secretKey"]);
        expect(Object.keys(variables).filter((k) => "default" in variables[k]!)).toEqual(["admin"]);
        expect(variables.admin!.default).toBe("administrator");
        expect(variables.region!.description).toBe(
            "Data-center region; picks the REST host. One of china, singapore, seoul, tokyo, frankfurt, silicon-valley, " +
                "jakarta, mumbai. Optional when endpoint is set. Falls back to the environment variable TENCENT_CHAT_REGION.",
        );
        expect(variables.requestTimeoutMs!.description).toBe(
            "Deadline of one HTTP attempt in ms, covering connect, headers and the whole body. Optional; must be a whole " +
                "number of milliseconds from 100 to 600,000. Falls back to the environment variable TENCENT_CHAT_REQUEST_TIMEOUT_MS.",
        );
    });

    it("lets an explicit provider omit every setting (the variables may supply them) and never reports the SecretKey", () => {
        expect(schema.provider).not.toHaveProperty("requiredInputs");
        expect(Object.keys(schema.provider.inputProperties)).toContain("secretKey");
        expect(Object.keys(schema.provider.properties)).not.toContain("secretKey");
    });
});

describe("the package schema's identity for the SDK generators", () => {
    it("carries the package version the SDKs ask the engine for, and no download URL", () => {
        expect(schema.version).toBe("1.2.3");
        expect(schema).not.toHaveProperty("pluginDownloadURL");
        expect(schema.meta).toEqual({ supportPack: true });
        expect(schema.repository).toBe("https://github.com/pulumi-tencent-chat/pulumi-tencent-chat");
    });

    it("names each language's package", () => {
        expect(schema.language).toEqual({
            python: { packageName: "pulumi_tencent_chat", pyproject: { enabled: true }, respectSchemaVersion: true },
            go: {
                importBasePath: "github.com/pulumi-tencent-chat/pulumi-tencent-chat/sdk/go/tencentchat",
                modulePath: "github.com/pulumi-tencent-chat/pulumi-tencent-chat/sdk/go",
                generateResourceContainerTypes: true,
                respectSchemaVersion: true,
            },
            nodejs: { packageName: "pulumi-tencent-chat/plugin-sdk", respectSchemaVersion: true },
            csharp: { rootNamespace: "PulumiTencentChat", respectSchemaVersion: true },
            java: {
                basePackage: "io.github.pulumitencentchat",
                buildFiles: "none",
                dependencies: { "com.pulumi:pulumi": "1.36.1" },
            },
        });
    });
});
