/**
 * The one place that resolves Tencent Chat settings: stack config namespace `tencent-chat` first,
 * then the TENCENT_CHAT_* environment variables.
 */
import type { ChatSettings, ClientOptions, ClientTuning } from "./api/types";
import { REGION_HOSTS, type Region } from "./api/wire";

/** Looks a fully-qualified config key (e.g. "tencent-chat:sdkAppId") up; undefined when unset. */
export type ConfigLookup = (key: string) => string | undefined;

interface SettingSpec {
    key: keyof ChatSettings;
    env: string;
    secret?: boolean;
    example: string;
}

export const CONFIG_NAMESPACE = "tencent-chat";

export const SETTINGS: readonly SettingSpec[] = [
    { key: "sdkAppId", env: "TENCENT_CHAT_SDKAPPID", example: "1400000000" },
    { key: "secretKey", env: "TENCENT_CHAT_SECRET_KEY", secret: true, example: "<SecretKey from the Chat console>" },
    { key: "admin", env: "TENCENT_CHAT_ADMIN", example: "administrator" },
    { key: "region", env: "TENCENT_CHAT_REGION", example: "singapore" },
    { key: "endpoint", env: "TENCENT_CHAT_ENDPOINT", example: "http://127.0.0.1:8080" },
];

export const DEFAULT_ADMIN = "administrator";

/** A setting is missing or malformed. The message names both ways to set it and never echoes a secret. */
export class SettingsError extends Error {
    override name = "SettingsError";
}

function howToSet(spec: SettingSpec): string {
    const secretFlag = spec.secret ? "--secret " : "";
    return `\`pulumi config set ${secretFlag}${CONFIG_NAMESPACE}:${spec.key} ${spec.example}\` or the environment variable ${spec.env}`;
}

export function resolveSettings(lookup: ConfigLookup = () => undefined, env: NodeJS.ProcessEnv = process.env): ChatSettings {
    const raw: Partial<Record<keyof ChatSettings, string>> = {};
    for (const spec of SETTINGS) {
        const value = lookup(`${CONFIG_NAMESPACE}:${spec.key}`) ?? env[spec.env];
        if (value !== undefined && value !== "") raw[spec.key] = value;
    }

    const problems: string[] = [];
    const spec = (key: keyof ChatSettings) => SETTINGS.find((s) => s.key === key)!;
    if (raw.sdkAppId === undefined) problems.push(`sdkAppId is not set: use ${howToSet(spec("sdkAppId"))}.`);
    else if (!/^\d+$/.test(raw.sdkAppId.trim())) {
        problems.push(`sdkAppId must be the numeric SDKAppID (got ${JSON.stringify(raw.sdkAppId)}): use ${howToSet(spec("sdkAppId"))}.`);
    }
    if (raw.secretKey === undefined) problems.push(`secretKey is not set: use ${howToSet(spec("secretKey"))}.`);
    if (raw.region === undefined && raw.endpoint === undefined) {
        problems.push(`region is not set: use ${howToSet(spec("region"))} (one of ${Object.keys(REGION_HOSTS).join(", ")}), or set an endpoint.`);
    } else if (raw.region !== undefined && !(raw.region in REGION_HOSTS)) {
        problems.push(`region ${JSON.stringify(raw.region)} is not one of ${Object.keys(REGION_HOSTS).join(", ")}: use ${howToSet(spec("region"))}.`);
    }
    if (problems.length > 0) {
        throw new SettingsError(`Tencent Chat settings are incomplete:\n  - ${problems.join("\n  - ")}`);
    }

    return {
        sdkAppId: Number(raw.sdkAppId),
        secretKey: raw.secretKey!,
        admin: raw.admin ?? DEFAULT_ADMIN,
        ...(raw.region !== undefined ? { region: raw.region as Region } : {}),
        ...(raw.endpoint !== undefined ? { endpoint: raw.endpoint } : {}),
    };
}

/** Optional knobs (stack config `tencent-chat:<key>` or env), mainly for benchmarks and tests. */
const TUNING = [
    { key: "callsPerSecond", env: "TENCENT_CHAT_CALLS_PER_SECOND", kind: "number" },
    { key: "retryBudgetMs", env: "TENCENT_CHAT_RETRY_BUDGET_MS", kind: "number" },
    { key: "retryBaseMs", env: "TENCENT_CHAT_RETRY_BASE_MS", kind: "number" },
    { key: "requestTimeoutMs", env: "TENCENT_CHAT_REQUEST_TIMEOUT_MS", kind: "number" },
    { key: "batchReads", env: "TENCENT_CHAT_BATCH_READS", kind: "boolean" },
    { key: "batchWindowMs", env: "TENCENT_CHAT_BATCH_WINDOW_MS", kind: "number" },
] as const satisfies ReadonlyArray<{ key: keyof ClientTuning; env: string; kind: "number" | "boolean" }>;

export function resolveTuning(lookup: ConfigLookup = () => undefined, env: NodeJS.ProcessEnv = process.env): ClientTuning {
    const tuning: Record<string, number | boolean> = {};
    for (const { key, env: envName, kind } of TUNING) {
        const value = lookup(`${CONFIG_NAMESPACE}:${key}`) ?? env[envName];
        if (value === undefined || value === "") continue;
        if (kind === "boolean") {
            if (!/^(true|false)$/i.test(value)) throw new SettingsError(`${key} must be true or false (got ${JSON.stringify(value)}); set it with ${envName} or ${CONFIG_NAMESPACE}:${key}.`);
            tuning[key] = value.toLowerCase() === "true";
        } else {
            const n = Number(value);
            if (!Number.isFinite(n) || n <= 0) throw new SettingsError(`${key} must be a positive number (got ${JSON.stringify(value)}); set it with ${envName} or ${CONFIG_NAMESPACE}:${key}.`);
            tuning[key] = n;
        }
    }
    return tuning as ClientTuning;
}

/** Everything a client needs: the settings and the tuning, from the same lookup and environment. */
export function resolveClientOptions(lookup: ConfigLookup = () => undefined, env: NodeJS.ProcessEnv = process.env): ClientOptions {
    return { ...resolveSettings(lookup, env), ...resolveTuning(lookup, env) };
}
