/**
 * What every engine-rule test shares: an emulator on 127.0.0.1, the real dynamic-provider host
 * configured for it as a stack would be, both providers serialized as their resources do, and
 * engines that can start hosts for another configuration (refresh/destroy use the state's).
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { EmulatorHandle } from "../../emulator/index";
import type { ChatClient } from "../../provider/api/types";
import type { Engine, EngineOptions, ProviderCall, ProviderConfig } from "../../scripts/engine/engine";
import type { ProviderHost, Props } from "../../scripts/engine/host";
import { CHANNEL_TYPE, emulatorModule, engineDriver, hostDriver, pkg, repoRoot } from "../support/dist";

export { CHANNEL_TYPE };
export const SUBSCRIPTION_TYPE = "pulumi-nodejs:dynamic/tencent-chat:ChannelSubscription";
export const PROJECT = "engine-rules";

type SubscriptionModule = typeof import("../../provider/subscription/index");
const subscriptionDist = createRequire(path.join(repoRoot, "package.json"))(
    "./dist/provider/subscription/index.js",
) as SubscriptionModule;

export interface EngineFixture {
    emulator: EmulatorHandle;
    console: ChatClient;
    /** The stack configuration for the emulator (fast retries). */
    config: ProviderConfig;
    /** The same, with a SecretKey Tencent rejects (70009). */
    wrongKeyConfig: ProviderConfig;
    channel(name: string, inputs: Props, extra?: Omit<Declared, "type" | "name" | "inputs">): Declared;
    subscription(name: string, inputs: Props, extra?: Omit<Declared, "type" | "name" | "inputs">): Declared;
    newEngine(options?: Partial<EngineOptions>): Engine;
    /** An engine on a provider host of its own: another stack's `pulumi up`, in another process. */
    newStackProcess(options?: Partial<EngineOptions>): Promise<Engine>;
    live(id: string): ReturnType<EmulatorHandle["channels"]>[number] | undefined;
    stop(): Promise<void>;
}

type Declared = import("../../scripts/engine/engine").DeclaredResource;

/** `emulator`: more options for the emulator (a clock, latency). */
export async function startEngineFixture(
    users: string[],
    emulator_: Omit<Parameters<typeof emulatorModule.startEmulator>[0], "users"> = {},
): Promise<EngineFixture> {
    const emulator = await emulatorModule.startEmulator({ ...emulator_, users });
    const base = {
        "tencent-chat:sdkAppId": String(emulator.settings.sdkAppId),
        "tencent-chat:endpoint": emulator.url,
        "tencent-chat:retryBaseMs": "5",
        "tencent-chat:retryBudgetMs": "200",
    };
    const config: ProviderConfig = {
        values: { ...base, "tencent-chat:secretKey": emulator.settings.secretKey },
        secretKeys: ["tencent-chat:secretKey"],
    };
    const wrongKeyConfig: ProviderConfig = {
        values: { ...base, "tencent-chat:secretKey": "0123456789abcdef".repeat(4) },
        secretKeys: ["tencent-chat:secretKey"],
    };
    const startHost = async (c: ProviderConfig): Promise<ProviderHost> => {
        const host = await hostDriver.ProviderHost.start({ cwd: repoRoot, project: PROJECT });
        await host.configure(c.values, c.secretKeys);
        return host;
    };
    const host = await startHost(config);
    const channelProvider = await hostDriver.serializeProvider(pkg.officialChannelProvider);
    const subscriptionProvider = await hostDriver.serializeProvider(subscriptionDist.channelSubscriptionProvider);
    const engines: Engine[] = [];
    const ownHosts: ProviderHost[] = [];
    return {
        emulator,
        console: pkg.createChatClient({
            sdkAppId: emulator.settings.sdkAppId,
            secretKey: emulator.settings.secretKey,
            endpoint: emulator.url,
        }),
        config,
        wrongKeyConfig,
        channel: (name, inputs, extra = {}) => ({
            type: CHANNEL_TYPE,
            name,
            inputs: { ...inputs, __provider: channelProvider },
            ...extra,
        }),
        subscription: (name, inputs, extra = {}) => ({
            type: SUBSCRIPTION_TYPE,
            name,
            inputs: { ...inputs, __provider: subscriptionProvider },
            ...extra,
        }),
        newEngine(options = {}) {
            const engine = new engineDriver.Engine(host, { project: PROJECT, config, startHost, ...options });
            engines.push(engine);
            return engine;
        },
        async newStackProcess(options = {}) {
            const own = await startHost(config);
            ownHosts.push(own);
            const engine = new engineDriver.Engine(own, { project: PROJECT, config, startHost, ...options });
            engines.push(engine);
            return engine;
        },
        live: (id) => emulator.channels().find((c) => c.channelId === id),
        async stop() {
            await Promise.all(engines.map((e) => e.stop()));
            await Promise.all(ownHosts.map((h) => h.stop()));
            await host.stop();
            await emulator.stop();
        },
    };
}

/** The provider calls since `from`, as "method name [id] (with|without olds)" lines — the readable sequence. */
export function callsSince(engine: Engine, from: number): string[] {
    return engine.calls.slice(from).map(describeCall);
}

export function describeCall(call: ProviderCall): string {
    const name = call.urn.slice(call.urn.lastIndexOf("::") + 2);
    const olds = call.method === "check" ? (call.withOlds ? " with olds" : " without olds") : "";
    const id = call.id === undefined ? "" : ` ${call.id}`;
    return `${call.method} ${name}${id}${olds}${call.failed ? " FAILED" : ""}`;
}
