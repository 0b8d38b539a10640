/**
 * Provider configuration for the plugin: the same settings, names, rules and TENCENT_CHAT_*
 * fallbacks as the dynamic provider (provider/config.ts), read from the provider's own inputs.
 *
 * The engine hands a default provider the stack's `tencent-chat:*` config (keys without the
 * namespace), and an explicit provider its declared arguments; both arrive here the same way.
 */
import { withoutCredentials } from "../api/endpoint";
import { CONFIG_NAMESPACE, SETTINGS, SETTING_KEYS, resolveClientOptions, settingsProblems, type ConfigLookup } from "../config";
import type { ClientOptions } from "../api/types";
import { suggestKey } from "../kit/suggest";
import { UNKNOWN } from "../kit/unknown";
import type { Props } from "./values";

/** Config values are strings on the stack; an explicit provider may give sdkAppId as a number. */
function asText(value: unknown): string | undefined {
    if (value === undefined || value === null || value === UNKNOWN) return undefined;
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return JSON.stringify(value);
}

/** A ConfigLookup (`tencent-chat:<key>`) over the provider's plain inputs. */
export function lookupFor(config: Props): ConfigLookup {
    const prefix = `${CONFIG_NAMESPACE}:`;
    return (key) => (key.startsWith(prefix) ? asText(config[key.slice(prefix.length)]) : undefined);
}

/**
 * Client settings and tuning for a provider instance: its inputs first, then the TENCENT_CHAT_*
 * variables in `env`, as resolveClientOptions does for the dynamic provider. A key that is no
 * setting (`secretkey`) is refused with the one meant.
 *
 * @throws {SettingsError} naming every missing, malformed or unknown setting.
 */
export function clientOptionsFor(config: Props, env: NodeJS.ProcessEnv = process.env): ClientOptions {
    return resolveClientOptions(lookupFor(config), env, "pulumi", Object.keys(config));
}

/** One CheckConfig failure: the setting (e.g. "region", or an unknown key as given) and the message for it. */
export interface ConfigFailure {
    property: string;
    reason: string;
}

/**
 * CheckConfig: the settings must resolve (here or from TENCENT_CHAT_*), or the stack fails before
 * any resource is touched, with the same messages the dynamic provider gives, each on the setting
 * it is about. Values not known yet (an explicit provider fed from other resources' outputs) are
 * checked at Configure instead.
 */
export function checkConfig(config: Props, env: NodeJS.ProcessEnv = process.env): ConfigFailure[] {
    if (Object.values(config).some((v) => v === UNKNOWN)) return [];
    return settingsProblems(lookupFor(config), env, "pulumi", Object.keys(config)).map((p) => ({
        property: p.key,
        reason: p.message,
    }));
}

/**
 * What CheckConfig hands back as the provider's inputs, and which of them are secret: the
 * SecretKey always (so the state stores it encrypted even when given in the clear), and any
 * misspelling of it (`secretkey` holds the key); an endpoint loses any user name or password in
 * it, which is refused anyway and must not be stored or shown.
 */
export function checkedConfig(config: Props): { inputs: Props; secrets: Set<string> } {
    const inputs: Props = {};
    const secrets = new Set<string>();
    for (const [key, value] of Object.entries(config)) {
        if (value === undefined) continue;
        inputs[key] = key === "endpoint" && typeof value === "string" ? endpointWithoutCredentials(value) : value;
        const secretSetting = SETTINGS.some(
            (s) => s.secret && s.key === (SETTING_KEYS.includes(key) ? key : suggestKey(key, SETTING_KEYS)),
        );
        if (secretSetting && value !== UNKNOWN) secrets.add(key);
    }
    return { inputs, secrets };
}

function endpointWithoutCredentials(endpoint: string): string {
    try {
        const url = new URL(endpoint);
        if (url.username === "" && url.password === "") return endpoint;
    } catch {
        // Not a URL: whatever looks like credentials is cut out below.
    }
    return withoutCredentials(endpoint);
}

/**
 * DiffConfig: which settings changed. Never a replacement: the provider's resources live on
 * Tencent, not in the provider, and replacing the provider would make the engine replace every
 * channel (destroying subscribers) because a key was rotated or an endpoint moved. A changed
 * SDKAppID or region is an update too; the next refresh shows what the new app holds. Tuning knobs
 * and the engine's own `version` do not matter to the resources.
 */
export function diffConfig(olds: Props, news: Props): { changed: string[] } {
    const changed = SETTINGS.map((s) => s.key as string).filter((key) => {
        const before = asText(olds[key]);
        const after = news[key] === UNKNOWN ? UNKNOWN : asText(news[key]);
        return before !== after;
    });
    return { changed };
}
