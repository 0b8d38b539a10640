/**
 * Provider configuration for the plugin: the same settings, names, rules and TENCENT_CHAT_*
 * fallbacks as the dynamic provider (provider/config.ts), read from the provider's own inputs.
 *
 * The engine hands a default provider the stack's `tencent-chat:*` config (keys without the
 * namespace), and an explicit provider its declared arguments; both arrive here the same way.
 */
import { CONFIG_NAMESPACE, SETTINGS, SettingsError, resolveClientOptions, type ConfigLookup } from "../config";
import type { ClientOptions } from "../api/types";
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
 * variables in `env`, as resolveClientOptions does for the dynamic provider.
 *
 * @throws {SettingsError} naming every missing or malformed setting.
 */
export function clientOptionsFor(config: Props, env: NodeJS.ProcessEnv = process.env): ClientOptions {
    return resolveClientOptions(lookupFor(config), env);
}

/** One CheckConfig failure: the setting (e.g. "region"; "" when none could be named) and the message for it. */
export interface ConfigFailure {
    property: string;
    reason: string;
}

/**
 * CheckConfig: the settings must resolve (here or from TENCENT_CHAT_*), or the stack fails before
 * any resource is touched, with the same message the dynamic provider gives. Values not known yet
 * (an explicit provider fed from other resources' outputs) are checked at Configure instead.
 */
export function checkConfig(config: Props, env: NodeJS.ProcessEnv = process.env): ConfigFailure[] {
    if (Object.values(config).some((v) => v === UNKNOWN)) return [];
    try {
        clientOptionsFor(config, env);
        return [];
    } catch (error) {
        if (!(error instanceof SettingsError)) throw error;
        const keys = SETTINGS.map((s) => s.key as string);
        const lines = error.message
            .split("\n")
            .slice(1)
            .map((l) => l.replace(/^\s*-\s*/, ""));
        // Each line starts with the setting's name; the message never holds a secret value.
        return lines.map((reason) => {
            const key = keys.find((k) => reason.startsWith(`${k} `)) ?? keys.find((k) => reason.includes(k)) ?? "";
            return { property: key, reason };
        });
    }
}

/** Settings that matter to the provider (tuning knobs and the engine's own `version` do not). */
const SETTING_KEYS = SETTINGS.map((s) => s.key as string);

/**
 * DiffConfig: which settings changed. Never a replacement: the provider's resources live on
 * Tencent, not in the provider, and replacing the provider would make the engine replace every
 * channel (destroying subscribers) because a key was rotated or an endpoint moved. A changed
 * SDKAppID or region is an update too; the next refresh shows what the new app holds.
 */
export function diffConfig(olds: Props, news: Props): { changed: string[] } {
    const changed = SETTING_KEYS.filter((key) => {
        const before = asText(olds[key]);
        const after = news[key] === UNKNOWN ? UNKNOWN : asText(news[key]);
        return before !== after;
    });
    return { changed };
}
