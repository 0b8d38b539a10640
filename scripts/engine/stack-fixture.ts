/**
 * The one setup the tests, the benchmark and the fault-convergence run share: an emulator on
 * 127.0.0.1, Pulumi's real dynamic-provider host configured for it as a stack's `tencent-chat:*`
 * configuration would, the package's providers serialized as its resources do, a console client for
 * out-of-band changes, and engines on that host.
 *
 * It lives under scripts/ (and runs from dist/) because the benchmark must not import test code and
 * Pulumi can serialize a provider only from real CommonJS modules: vitest-transformed sources cannot
 * be closure-serialized, so the tests load this module compiled, through test/support/dist.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import path from "node:path";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../emulator/index";
import type { ChatClient } from "../../provider/api/types";
import { repoRoot } from "../repo-root";
import { Engine, type EngineOptions, type ProviderConfig } from "./engine";
import { ProviderHost, serializeProvider, type EngineHost } from "./host";

export const CHANNEL_TYPE = "pulumi-nodejs:dynamic/tencent-chat:OfficialChannel";
export const SUBSCRIPTION_TYPE = "pulumi-nodejs:dynamic/tencent-chat:ChannelSubscription";

type Package = typeof import("../../provider/index");

/** The installed package, resolved by name from the project directory, exactly like a Pulumi program. */
export function loadPackage(): Package {
    return createRequire(path.join(repoRoot, "package.json"))("pulumi-tencent-chat") as Package;
}

/** Configuration keys without namespace, e.g. { batchReads: "false", retryBudgetMs: "300" }. */
export type Tuning = Record<string, string>;

/** A stack's configuration for `emulator`: its app, key and URL, plus `tuning`; the key is secret. */
export function stackConfig(
    emulator: EmulatorHandle,
    tuning: Tuning = {},
    secretKey: string = emulator.settings.secretKey,
): ProviderConfig {
    const values: Record<string, string> = {
        "tencent-chat:sdkAppId": String(emulator.settings.sdkAppId),
        "tencent-chat:secretKey": secretKey,
        "tencent-chat:endpoint": emulator.url,
    };
    for (const [key, value] of Object.entries(tuning)) values[`tencent-chat:${key}`] = value;
    return { values, secretKeys: ["tencent-chat:secretKey"] };
}

/** Starts a dynamic-provider host in the project directory and configures it with `config`. */
export async function startConfiguredHost(
    config: ProviderConfig,
    options: { project: string; env?: NodeJS.ProcessEnv },
): Promise<ProviderHost> {
    const host = await ProviderHost.start({ cwd: repoRoot, project: options.project, env: options.env });
    await host.configure(config.values, config.secretKeys);
    return host;
}

export interface StackOptions {
    /** Options for a new emulator, or one already running (the caller keeps it and stops it). */
    emulator: EmulatorOptions | EmulatorHandle;
    /** @default "chat-infra" */
    project?: string;
    /** More configuration for the host (fast retries for fault tests). */
    tuning?: Tuning;
    /**
     * A temporary cache directory (XDG_CACHE_HOME) for the hosts, so the journal of create attempts
     * is this stack's, like one machine's; removed by `stop`.
     */
    ownCache?: boolean;
}

export interface StackFixture {
    emulator: EmulatorHandle;
    project: string;
    /** The configuration `host` was configured with. */
    config: ProviderConfig;
    host: ProviderHost;
    /** An operator changing things out of band, as in the Chat console. */
    console: ChatClient;
    /** The environment the hosts run in (XDG_CACHE_HOME with `ownCache`). */
    env: NodeJS.ProcessEnv;
    /** `__provider` as Pulumi serializes `provider` (one of the package's) into each resource's inputs. */
    providerText(provider: object): Promise<string>;
    /** Another host, configured with `config` (this stack's by default); stopped by `stop`. */
    startHost(config?: ProviderConfig): Promise<ProviderHost>;
    /** The same, not stopped by `stop`: the `startHost` option of an engine, which stops what it starts. */
    launchHost(config?: ProviderConfig): Promise<ProviderHost>;
    /** An engine on `host` (or another); stopped by `stop`. Pass `config` and `launchHost` as `startHost` for refresh and destroy to use the state's. */
    newEngine(options?: Partial<EngineOptions>, host?: EngineHost): Engine;
    stop(): Promise<void>;
}

function isHandle(emulator: StackOptions["emulator"]): emulator is EmulatorHandle {
    return typeof (emulator as EmulatorHandle).stop === "function";
}

/** Starts the emulator (unless given one) and a host configured for it. */
export async function startStack(options: StackOptions): Promise<StackFixture> {
    const project = options.project ?? "chat-infra";
    const owned = !isHandle(options.emulator);
    const emulator = isHandle(options.emulator) ? options.emulator : await startEmulator(options.emulator);
    const cache = options.ownCache ? mkdtempSync(path.join(os.tmpdir(), "tencent-chat-cache-")) : undefined;
    const env: NodeJS.ProcessEnv = cache === undefined ? {} : { XDG_CACHE_HOME: cache };
    const config = stackConfig(emulator, options.tuning);
    const hosts: ProviderHost[] = [];
    const engines: Engine[] = [];
    /** For engines, which stop the hosts they start (a second stop of a killed host would wait forever). */
    const launch = (c: ProviderConfig = config) => startConfiguredHost(c, { project, env });
    const startHost = async (c: ProviderConfig = config) => {
        const started = await launch(c);
        hosts.push(started);
        return started;
    };
    const host = await startHost();
    const texts = new Map<object, Promise<string>>();
    const pkg = loadPackage();
    return {
        emulator,
        project,
        config,
        host,
        env,
        console: pkg.createChatClient({
            sdkAppId: emulator.settings.sdkAppId,
            secretKey: emulator.settings.secretKey,
            endpoint: emulator.url,
        }),
        providerText(provider) {
            if (!texts.has(provider)) texts.set(provider, serializeProvider(provider));
            return texts.get(provider)!;
        },
        startHost,
        launchHost: launch,
        newEngine(engineOptions = {}, on = host) {
            const engine = new Engine(on, { project, ...engineOptions });
            engines.push(engine);
            return engine;
        },
        async stop() {
            await Promise.all(engines.map((e) => e.stop()));
            // The stack's own host last, as before: engines may still hold the others.
            await Promise.all(hosts.slice(1).map((h) => h.stop()));
            await host.stop();
            if (owned) await emulator.stop();
            if (cache !== undefined) rmSync(cache, { recursive: true, force: true });
        },
    };
}
