/**
 * The one place that resolves Tencent Chat settings: stack config namespace `tencent-chat` first,
 * then the TENCENT_CHAT_* environment variables.
 */
import { echo, rememberSecret, safeText } from "./tencent/display";
import { isRegion, resolveBaseUrl } from "./api/endpoint";
import type { ChatSettings, ClientOptions, ClientTuning } from "./api/types";
import { DEFAULT_ADMIN, REGION_HOSTS, type Region } from "./tencent/wire";
import { suggestKey } from "./kit/suggest";

export { DEFAULT_ADMIN } from "./tencent/wire";

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
    /** What the setting is, for users: the package schema (and so every generated SDK) shows it. */
    description: string;
    /** The value used when neither the stack config nor the variable sets it; no default means required. */
    default?: string;
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
    {
        key: "sdkAppId",
        env: "TENCENT_CHAT_SDKAPPID",
        example: "1400000000",
        description: "The app's SDKAppID from the Chat console (digits).",
    },
    {
        key: "secretKey",
        env: "TENCENT_CHAT_SECRET_KEY",
        secret: true,
        example: "<SecretKey from the Chat console>",
        description: "The app's SecretKey from the Chat console. Used only to sign UserSigs; never stored in state or logged.",
    },
    {
        key: "admin",
        env: "TENCENT_CHAT_ADMIN",
        example: "administrator",
        description: "An app administrator UserID that signs the REST calls.",
        default: DEFAULT_ADMIN,
    },
    {
        key: "region",
        env: "TENCENT_CHAT_REGION",
        example: "singapore",
        description: `Data-center region; picks the REST host. One of ${Object.keys(REGION_HOSTS).join(", ")}. Optional when endpoint is set.`,
    },
    {
        key: "endpoint",
        env: "TENCENT_CHAT_ENDPOINT",
        example: "http://127.0.0.1:8080",
        description:
            "Full base URL overriding the region's host, e.g. the emulator (plain http only for loopback). Optional when region is set.",
    },
];

/**
 * The settings a client cannot do without (sdkAppId, secretKey): no default, and no alternative
 * (region and endpoint each stand in for the other, so neither alone is required).
 */
export const REQUIRED_SETTINGS: readonly SettingKey[] = ["sdkAppId", "secretKey"];

/**
 * Who reads a message about settings: a Pulumi user (stack config, or the variables) or a user of
 * the `tencent-chat` CLI, which reads only the TENCENT_CHAT_* variables.
 */
export type SettingsAudience = "pulumi" | "environment";

/**
 * One thing wrong with the settings, as data: the setting's key without the namespace ("region",
 * "batchWindowMs", or an unknown key as the user wrote it) and the whole message for it, worded for
 * its audience. The dynamic provider and the CLI print the list; the plugin's CheckConfig reports
 * each as a failure on its own property.
 */
export interface SettingProblem {
    key: string;
    message: string;
}

/** A setting is missing or malformed. The message names the fix for its audience and never echoes a secret. */
export class SettingsError extends Error {
    override name = "SettingsError";
    /** The settings at fault, e.g. ["sdkAppId", "region"]. */
    readonly settings: readonly string[];
    /** Every problem found, in SETTINGS order, then the tuning knobs, then unknown keys. */
    readonly problems: readonly SettingProblem[];

    constructor(problems: readonly SettingProblem[]) {
        super(`Tencent Chat settings are incomplete:\n  - ${problems.map((p) => p.message).join("\n  - ")}`);
        this.problems = problems;
        this.settings = problems.map((p) => p.key);
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
    return message.replace(
        /\btencent-chat:(\w+)/g,
        (whole, key: string) => [...SETTINGS, ...TUNING].find((s) => s.key === key)?.env ?? whole,
    );
}

/**
 * The SecretKey as configured for this process (the variable, or the stack config Pulumi passes
 * in PULUMI_CONFIG), registered for masking before anything is read. So a key that ended up in a
 * file (`tencent-chat drift .env`) is masked even in messages about that file.
 */
export function rememberConfiguredSecrets(env: NodeJS.ProcessEnv = process.env): void {
    const key = env.TENCENT_CHAT_SECRET_KEY;
    if (key) rememberKey(key);
    const config = env.PULUMI_CONFIG;
    if (!config) return;
    try {
        const parsed = JSON.parse(config) as Record<string, unknown>;
        for (const name of [`${CONFIG_NAMESPACE}:secretKey`, `${CONFIG_NAMESPACE}:config:secretKey`]) {
            const value = parsed[name];
            if (typeof value === "string" && value !== "") rememberKey(value);
        }
    } catch {
        // Not ours to judge: Pulumi reports a malformed PULUMI_CONFIG itself.
    }
}

/** Masks a SecretKey as given and as used (trimmed): a pasted key often carries a newline. */
function rememberKey(key: string): void {
    rememberSecret(key);
    if (key.trim() !== "") rememberSecret(key.trim());
}

/**
 * Settings from the stack config (`lookup`), then the environment. Every problem is reported at
 * once, each naming its setting the way `audience` sets it. There is no default region: without a
 * region or an endpoint, resolving fails rather than guess a data center. `admin` defaults to
 * "administrator". The SecretKey is trimmed like the SDKAppID, and registered for masking (as
 * given and trimmed, whatever its length) before anything is checked.
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
    const raw = rawSettings(lookup, env);
    const problems = connectionProblems(raw, audience);
    if (problems.length > 0) throw new SettingsError(problems);
    return settingsFrom(raw);
}

type RawSettings = Partial<Record<SettingKey, string>>;

/** The settings as given (trimmed, blanks left out), with the SecretKey masked from here on. */
function rawSettings(lookup: ConfigLookup, env: NodeJS.ProcessEnv): RawSettings {
    const raw: RawSettings = {};
    for (const spec of SETTINGS) {
        const given = lookup(`${CONFIG_NAMESPACE}:${spec.key}`) ?? env[spec.env];
        if (given === undefined) continue;
        if (spec.secret) rememberKey(given);
        // The SecretKey is trimmed like the rest: a key pasted with its line break signs no UserSig.
        const value = given.trim();
        if (value !== "") raw[spec.key] = value;
    }
    return raw;
}

function settingsFrom(raw: RawSettings): ChatSettings {
    return {
        sdkAppId: Number(raw.sdkAppId),
        secretKey: raw.secretKey!,
        admin: raw.admin ?? DEFAULT_ADMIN,
        ...(raw.region !== undefined ? { region: raw.region as Region } : {}),
        ...(raw.endpoint !== undefined ? { endpoint: raw.endpoint } : {}),
    };
}

/** What is missing or malformed in the raw values, each worded for `audience`, in SETTINGS order. */
function connectionProblems(raw: RawSettings, audience: SettingsAudience): SettingProblem[] {
    const problems: SettingProblem[] = [];
    const problem = (key: SettingKey, message: string) => problems.push({ key, message });
    const name = (key: SettingKey) => settingName(key, audience);
    const regions = Object.keys(REGION_HOSTS).join(", ");
    if (raw.sdkAppId === undefined) problem("sdkAppId", `${name("sdkAppId")} is not set: ${howToSet("sdkAppId", audience)}.`);
    else if (!/^\d+$/.test(raw.sdkAppId) || !Number.isSafeInteger(Number(raw.sdkAppId)) || Number(raw.sdkAppId) <= 0) {
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

interface TuningSpec {
    key: keyof ClientTuning;
    env: string;
    kind: "number" | "boolean";
    /** What the knob does, for users: the package schema (and so every generated SDK) shows it. */
    description: string;
    /** The accepted range (whole numbers, both ends included), and its unit for the message. */
    min?: number;
    max?: number;
    unit?: string;
}

/**
 * Optional knobs (stack config `tencent-chat:<key>` or env), mainly for benchmarks and tests. Every
 * number has a range: past it a value breaks the client rather than tunes it (Node's timers hold
 * at most 2^31-1 ms and fire at once beyond; Tencent allows 200 calls per second per API).
 * README "Timeouts" and the plugin schema state the same ranges.
 */
export const TUNING: readonly TuningSpec[] = [
    {
        key: "callsPerSecond",
        env: "TENCENT_CHAT_CALLS_PER_SECOND",
        kind: "number",
        min: 1,
        max: 200,
        unit: "calls per second",
        description: "Calls per second per API, kept below Tencent's 200/s.",
    },
    {
        key: "retryBudgetMs",
        env: "TENCENT_CHAT_RETRY_BUDGET_MS",
        kind: "number",
        min: 0,
        max: 600_000,
        unit: "milliseconds",
        description: "Budget of one call from its first send, in ms; no retry starts that would not fit. 0 never retries.",
    },
    {
        key: "retryBaseMs",
        env: "TENCENT_CHAT_RETRY_BASE_MS",
        kind: "number",
        min: 1,
        max: 5_000,
        unit: "milliseconds",
        description: "First backoff ceiling of a retry, in ms (full jitter, doubling per attempt).",
    },
    {
        key: "requestTimeoutMs",
        env: "TENCENT_CHAT_REQUEST_TIMEOUT_MS",
        kind: "number",
        min: 100,
        max: 600_000,
        unit: "milliseconds",
        description: "Deadline of one HTTP attempt in ms, covering connect, headers and the whole body.",
    },
    {
        key: "batchReads",
        env: "TENCENT_CHAT_BATCH_READS",
        kind: "boolean",
        description: "Coalesce concurrent channel reads into calls of up to 50 IDs.",
    },
    {
        key: "batchWindowMs",
        env: "TENCENT_CHAT_BATCH_WINDOW_MS",
        kind: "number",
        min: 0,
        max: 1_000,
        unit: "milliseconds",
        description: "How long the first queued read waits for company before its batch is sent, in ms.",
    },
];

/** "a whole number of milliseconds from 0 to 1,000", the range a tuning knob accepts. */
export function tuningRange(spec: TuningSpec): string {
    if (spec.kind === "boolean") return "true or false";
    const n = (value: number) => value.toLocaleString("en-US");
    return `a whole number of ${spec.unit} from ${n(spec.min!)} to ${n(spec.max!)}`;
}

/** The value of one knob as given, or the problem with it (naming the knob, its range and the value). */
function tuningValue(
    spec: TuningSpec,
    value: string,
    audience: SettingsAudience,
): { value: number | boolean } | { problem: SettingProblem } {
    const named = audience === "environment" ? spec.env : `${CONFIG_NAMESPACE}:${spec.key}`;
    const fix = audience === "environment" ? `set ${spec.env}` : `set ${CONFIG_NAMESPACE}:${spec.key} or ${spec.env}`;
    const problem = {
        problem: { key: spec.key, message: `${named} must be ${tuningRange(spec)} (got ${echo(value)}); ${fix}.` },
    };
    const text = value.trim();
    if (spec.kind === "boolean") return /^(true|false)$/i.test(text) ? { value: text.toLowerCase() === "true" } : problem;
    // Digits only: "1e400" is Infinity and "0x10" is 16 to Number(), neither what the user meant.
    const n = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
    return Number.isSafeInteger(n) && n >= spec.min! && n <= spec.max! ? { value: n } : problem;
}

function tuningOf(lookup: ConfigLookup, env: NodeJS.ProcessEnv, audience: SettingsAudience) {
    const tuning: Record<string, number | boolean> = {};
    const problems: SettingProblem[] = [];
    for (const spec of TUNING) {
        const value = lookup(`${CONFIG_NAMESPACE}:${spec.key}`) ?? env[spec.env];
        if (value === undefined || value.trim() === "") continue;
        const result = tuningValue(spec, value, audience);
        if ("problem" in result) problems.push(result.problem);
        else tuning[spec.key] = result.value;
    }
    return { tuning: tuning as ClientTuning, problems };
}

/**
 * The optional client knobs from stack config `tencent-chat:<key>`, then the environment, each
 * within its range (see TUNING): callsPerSecond (TENCENT_CHAT_CALLS_PER_SECOND, 1–200),
 * retryBudgetMs (TENCENT_CHAT_RETRY_BUDGET_MS, 0–600,000), retryBaseMs (TENCENT_CHAT_RETRY_BASE_MS,
 * 1–5,000), requestTimeoutMs (TENCENT_CHAT_REQUEST_TIMEOUT_MS, 100–600,000), batchReads
 * (TENCENT_CHAT_BATCH_READS, true/false) and batchWindowMs (TENCENT_CHAT_BATCH_WINDOW_MS, 0–1,000).
 * Unset knobs are left out, so the client's defaults apply (see ClientTuning).
 *
 * @throws {SettingsError} naming every knob outside its range, with the range and the value.
 */
export function resolveTuning(
    lookup: ConfigLookup = () => undefined,
    env: NodeJS.ProcessEnv = process.env,
    audience: SettingsAudience = "pulumi",
): ClientTuning {
    const { tuning, problems } = tuningOf(lookup, env, audience);
    if (problems.length > 0) throw new SettingsError(problems);
    return tuning;
}

/**
 * Keys of the provider's configuration that Pulumi itself adds (the plugin's version and where to
 * get it); never a user's typo.
 */
const ENGINE_KEYS = ["version", "pluginDownloadURL", "pluginChecksums", "parameterization"];

/** Every key a user may set in the `tencent-chat` namespace: the settings, then the tuning knobs. */
export const SETTING_KEYS: readonly string[] = [...SETTINGS, ...TUNING].map((s) => s.key);

/**
 * One problem per key of the `tencent-chat` namespace that is no setting, with the key the user
 * most likely meant (`secretkey` → `secretKey`): a typo must not silently leave a setting unset.
 * `given` are the keys without the namespace; Pulumi's own (`version`, `__internal`) are skipped.
 * The values are never quoted: a misspelt `secretKey` holds the key.
 */
export function unknownSettingProblems(given: Iterable<string>, audience: SettingsAudience = "pulumi"): SettingProblem[] {
    const problems: SettingProblem[] = [];
    for (const key of given) {
        if (SETTING_KEYS.includes(key) || ENGINE_KEYS.includes(key) || key.startsWith("__")) continue;
        const suggestion = suggestKey(key, SETTING_KEYS);
        const named = audience === "environment" ? key : `${CONFIG_NAMESPACE}:${key}`;
        const hint = suggestion
            ? `did you mean ${audience === "environment" ? suggestion : `${CONFIG_NAMESPACE}:${suggestion}`}?`
            : `the settings are ${SETTING_KEYS.join(", ")}`;
        problems.push({ key, message: `${echo(named)} is not a tencent-chat setting; ${hint}` });
    }
    return problems;
}

/**
 * Every problem with the settings and the tuning, as data (see SettingProblem), plus one per
 * unknown key in `given` (the keys of the namespace the user set, when the caller can list them).
 * Empty when a client can be built.
 */
export function settingsProblems(
    lookup: ConfigLookup = () => undefined,
    env: NodeJS.ProcessEnv = process.env,
    audience: SettingsAudience = "pulumi",
    given: Iterable<string> = [],
): SettingProblem[] {
    return [
        ...connectionProblems(rawSettings(lookup, env), audience),
        ...tuningOf(lookup, env, audience).problems,
        ...unknownSettingProblems(given, audience),
    ];
}

/**
 * Everything a client needs: the settings and the tuning, from the same lookup and environment.
 * `given` lists the keys of the namespace that were set, so that a misspelt one is refused.
 *
 * @throws {SettingsError} listing every problem settingsProblems finds.
 */
export function resolveClientOptions(
    lookup: ConfigLookup = () => undefined,
    env: NodeJS.ProcessEnv = process.env,
    audience: SettingsAudience = "pulumi",
    given: Iterable<string> = [],
): ClientOptions {
    const problems = settingsProblems(lookup, env, audience, given);
    if (problems.length > 0) throw new SettingsError(problems);
    return { ...settingsFrom(rawSettings(lookup, env)), ...tuningOf(lookup, env, audience).tuning };
}
