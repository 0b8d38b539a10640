/**
 * The one place that resolves Tencent Chat settings: stack config namespace `tencent-chat` first,
 * then the TENCENT_CHAT_* environment variables.
 */
import { echo, rememberSecret, safeText } from "./api/display";
import { isRegion, resolveBaseUrl } from "./api/endpoint";
import type { ChatSettings, ClientOptions, ClientTuning } from "./api/types";
import { DEFAULT_ADMIN, REGION_HOSTS, type Region } from "./api/wire";

export { DEFAULT_ADMIN } from "./api/wire";

/** Looks a fully-qualified config key (e.g. "tencent-chat:sdkAppId") up; undefined when unset. */
export type ConfigLookup = (key: string) => string | undefined;

/** A setting's name in stack config (after `tencent-chat:`) and in ChatSettings, e.g. "sdkAppId". */
export type SettingKey = keyof ChatSettings;

interface SettingSpec {
    key: SettingKey;
    /** The environment variable read when the stack config does not set the key. */
    env: string;
    /** Set with `pulumi config set --secret`; the value is masked in every message. */
    secret?: boolean;
    /** A placeholder value for the `pulumi config set` hint in error messages. */
    example: string;
}

/**
 * The stack config namespace of every setting: `pulumi config set tencent-chat:region singapore`.
 * It is also the Pulumi package name, so an explicit provider takes the same keys as arguments.
 */
export const CONFIG_NAMESPACE = "tencent-chat";

/**
 * Every connection setting with its environment variable: sdkAppId (TENCENT_CHAT_SDKAPPID),
 * secretKey (TENCENT_CHAT_SECRET_KEY, secret), admin (TENCENT_CHAT_ADMIN), region
 * (TENCENT_CHAT_REGION) and endpoint (TENCENT_CHAT_ENDPOINT). The one list the resolver, the
 * plugin's config checks and its package schema read.
 */
export const SETTINGS: readonly SettingSpec[] = [
    { key: "sdkAppId", env: "TENCENT_CHAT_SDKAPPID", example: "1400000000" },
    { key: "secretKey", env: "TENCENT_CHAT_SECRET_KEY", secret: true, example: "<SecretKey from the Chat console>" },
    { key: "admin", env: "TENCENT_CHAT_ADMIN", example: "administrator" },
    { key: "region", env: "TENCENT_CHAT_REGION", example: "singapore" },
    { key: "endpoint", env: "TENCENT_CHAT_ENDPOINT", example: "http://127.0.0.1:8080" },
];

/**
 * Who reads a message about settings: a Pulumi user (stack config, or the variables) or a user of
 * the `tencent-chat` CLI, which reads only the TENCENT_CHAT_* variables.
 */
export type SettingsAudience = "pulumi" | "environment";

/** A setting is missing or malformed. The message names the fix for its audience and never echoes a secret. */
export class SettingsError extends Error {
    override name = "SettingsError";
    /** The settings at fault, e.g. ["sdkAppId", "region"]. */
    readonly settings: readonly string[];

    constructor(message: string, settings: readonly string[] = []) {
        super(message);
        this.settings = settings;
    }
}

const specOf = (key: SettingKey) => SETTINGS.find((s) => s.key === key)!;

/** How `audience` sets a setting: `pulumi config set …` (or the variable), or the variable alone. */
function howToSet(key: SettingKey, audience: SettingsAudience): string {
    const spec = specOf(key);
    if (audience === "environment") return `set ${spec.env}`;
    const secretFlag = spec.secret ? "--secret " : "";
    const command = `pulumi config set ${secretFlag}${CONFIG_NAMESPACE}:${spec.key} ${spec.example}`;
    return `use \`${command}\` or the environment variable ${spec.env}`;
}

/** The name `audience` knows a setting by: `tencent-chat:region` or `TENCENT_CHAT_REGION`. */
export function settingName(key: SettingKey, audience: SettingsAudience): string {
    return audience === "environment" ? specOf(key).env : `${CONFIG_NAMESPACE}:${key}`;
}

/**
 * Rewords a message written with config keys (API advice such as "Check tencent-chat:secretKey")
 * for users of the environment variables. Messages are written once, in config keys; this is the
 * one translation.
 */
export function forEnvironmentUsers(message: string): string {
    return message.replace(/\btencent-chat:(\w+)/g, (whole, key: string) => SETTINGS.find((s) => s.key === key)?.env ?? whole);
}

/**
 * The SecretKey as configured for this process (the variable, or the stack config Pulumi passes
 * in PULUMI_CONFIG), registered for masking before anything is read. So a key that ended up in a
 * file (`tencent-chat drift .env`) is masked even in messages about that file.
 */
export function rememberConfiguredSecrets(env: NodeJS.ProcessEnv = process.env): void {
    const key = env.TENCENT_CHAT_SECRET_KEY;
    if (key) rememberSecret(key);
    const config = env.PULUMI_CONFIG;
    if (!config) return;
    try {
        const parsed = JSON.parse(config) as Record<string, unknown>;
        for (const name of [`${CONFIG_NAMESPACE}:secretKey`, `${CONFIG_NAMESPACE}:config:secretKey`]) {
            const value = parsed[name];
            if (typeof value === "string" && value !== "") rememberSecret(value);
        }
    } catch {
        // Not ours to judge: Pulumi reports a malformed PULUMI_CONFIG itself.
    }
}

/**
 * Settings from the stack config (`lookup`), then the environment. Every problem is reported at
 * once, each naming its setting the way `audience` sets it. There is no default region: without a
 * region or an endpoint, resolving fails rather than guess a data center. `admin` defaults to
 * "administrator". The SecretKey is registered for masking before anything is checked.
 *
 * @param lookup - reads a fully-qualified key such as "tencent-chat:region"; none by default.
 * @param env - the TENCENT_CHAT_* variables are read from here; `process.env` by default.
 * @throws {SettingsError} listing every missing or malformed setting (never echoing the SecretKey).
 * @example
 * ```ts
 * // A script: the TENCENT_CHAT_* variables alone.
 * const client = createChatClient(resolveSettings());
 * // A Pulumi program: the stack's `tencent-chat:*` config first, then the variables.
 * const config = new pulumi.Config("tencent-chat");
 * const settings = resolveSettings((key) => config.get(key.slice("tencent-chat:".length)));
 * ```
 */
export function resolveSettings(
    lookup: ConfigLookup = () => undefined,
    env: NodeJS.ProcessEnv = process.env,
    audience: SettingsAudience = "pulumi",
): ChatSettings {
    const raw: RawSettings = {};
    for (const spec of SETTINGS) {
        const value = lookup(`${CONFIG_NAMESPACE}:${spec.key}`) ?? env[spec.env];
        if (value !== undefined && value !== "") raw[spec.key] = value;
    }
    if (raw.secretKey !== undefined) rememberSecret(raw.secretKey);

    const problems = settingProblems(raw, audience);
    if (problems.length > 0) {
        throw new SettingsError(
            `Tencent Chat settings are incomplete:\n  - ${problems.map((p) => p.text).join("\n  - ")}`,
            problems.map((p) => p.key),
        );
    }

    return {
        sdkAppId: Number(raw.sdkAppId),
        secretKey: raw.secretKey!,
        admin: raw.admin ?? DEFAULT_ADMIN,
        ...(raw.region !== undefined ? { region: raw.region as Region } : {}),
        ...(raw.endpoint !== undefined ? { endpoint: raw.endpoint } : {}),
    };
}

type RawSettings = Partial<Record<SettingKey, string>>;

/** What is missing or malformed in the raw values, each worded for `audience`, in SETTINGS order. */
function settingProblems(raw: RawSettings, audience: SettingsAudience): Array<{ key: SettingKey; text: string }> {
    const problems: Array<{ key: SettingKey; text: string }> = [];
    const problem = (key: SettingKey, text: string) => problems.push({ key, text });
    const name = (key: SettingKey) => settingName(key, audience);
    const regions = Object.keys(REGION_HOSTS).join(", ");
    if (raw.sdkAppId === undefined) problem("sdkAppId", `${name("sdkAppId")} is not set: ${howToSet("sdkAppId", audience)}.`);
    else if (!/^\d+$/.test(raw.sdkAppId.trim()) || !Number.isSafeInteger(Number(raw.sdkAppId)) || Number(raw.sdkAppId) <= 0) {
        problem(
            "sdkAppId",
            `${name("sdkAppId")} must be the numeric SDKAppID (got ${echo(raw.sdkAppId)}): ${howToSet("sdkAppId", audience)}.`,
        );
    }
    if (raw.secretKey === undefined) problem("secretKey", `${name("secretKey")} is not set: ${howToSet("secretKey", audience)}.`);
    if (raw.region === undefined && raw.endpoint === undefined) {
        problem(
            "region",
            `${name("region")} is not set: ${howToSet("region", audience)} (one of ${regions}), ` +
                `or set ${name("endpoint")}. There is no default data center.`,
        );
    } else if (raw.region !== undefined && !isRegion(raw.region)) {
        problem("region", `${name("region")} ${echo(raw.region)} is not one of ${regions}: ${howToSet("region", audience)}.`);
    }
    if (raw.endpoint !== undefined) {
        try {
            resolveBaseUrl({ endpoint: raw.endpoint });
        } catch (error) {
            // The API layer's message quotes the URL: masked and escaped like any echoed value.
            const text = safeText((error as Error).message);
            problem("endpoint", audience === "environment" ? forEnvironmentUsers(text) : text);
        }
    }
    return problems;
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

/**
 * The optional client knobs from stack config `tencent-chat:<key>`, then the environment:
 * callsPerSecond (TENCENT_CHAT_CALLS_PER_SECOND), retryBudgetMs (TENCENT_CHAT_RETRY_BUDGET_MS),
 * retryBaseMs (TENCENT_CHAT_RETRY_BASE_MS), requestTimeoutMs (TENCENT_CHAT_REQUEST_TIMEOUT_MS),
 * batchReads (TENCENT_CHAT_BATCH_READS, true/false) and batchWindowMs (TENCENT_CHAT_BATCH_WINDOW_MS).
 * Unset knobs are left out, so the client's defaults apply (see ClientTuning).
 *
 * @throws {SettingsError} at the first knob that is not a positive number (or true/false for batchReads).
 */
export function resolveTuning(
    lookup: ConfigLookup = () => undefined,
    env: NodeJS.ProcessEnv = process.env,
    audience: SettingsAudience = "pulumi",
): ClientTuning {
    const tuning: Record<string, number | boolean> = {};
    for (const { key, env: envName, kind } of TUNING) {
        const value = lookup(`${CONFIG_NAMESPACE}:${key}`) ?? env[envName];
        if (value === undefined || value === "") continue;
        const named = audience === "environment" ? envName : `${CONFIG_NAMESPACE}:${key}`;
        const fix = audience === "environment" ? `set ${envName}` : `set ${CONFIG_NAMESPACE}:${key} or ${envName}`;
        if (kind === "boolean") {
            if (!/^(true|false)$/i.test(value))
                throw new SettingsError(`${named} must be true or false (got ${echo(value)}); ${fix}.`, [key]);
            tuning[key] = value.toLowerCase() === "true";
        } else {
            const n = Number(value);
            if (!Number.isFinite(n) || n <= 0)
                throw new SettingsError(`${named} must be a positive number (got ${echo(value)}); ${fix}.`, [key]);
            tuning[key] = n;
        }
    }
    return tuning as ClientTuning;
}

/**
 * Everything a client needs: the settings and the tuning, from the same lookup and environment.
 *
 * @throws {SettingsError} as resolveSettings and resolveTuning do.
 */
export function resolveClientOptions(
    lookup: ConfigLookup = () => undefined,
    env: NodeJS.ProcessEnv = process.env,
    audience: SettingsAudience = "pulumi",
): ClientOptions {
    return { ...resolveSettings(lookup, env, audience), ...resolveTuning(lookup, env, audience) };
}
