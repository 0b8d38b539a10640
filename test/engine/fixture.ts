/**
 * What every engine-rule test shares: an emulator on 127.0.0.1, the real dynamic-provider host
 * configured for it as a stack would be, both providers serialized as their resources do, and
 * engines that can start hosts for another configuration (refresh/destroy use the state's).
 */
import type { EmulatorHandle } from "../../emulator/index";
import type { ChatClient } from "../../provider/api/types";
import type { Engine, EngineOptions, ProviderCall, ProviderConfig } from "../../scripts/engine/engine";
import type { Props } from "../../scripts/engine/host";
import { CHANNEL_TYPE, emulatorModule, pkg, stackFixture } from "../support/dist";

export { CHANNEL_TYPE };
export const SUBSCRIPTION_TYPE = "pulumi-nodejs:dynamic/tencent-chat:ChannelSubscription";
export const PROJECT = "engine-rules";

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
    const tuning = { retryBaseMs: "5", retryBudgetMs: "200" };
    const stack = await stackFixture.startStack({ emulator: { ...emulator_, users }, project: PROJECT, tuning });
    const { emulator, config } = stack;
    const engineOptions = { config, startHost: stack.launchHost };
    const channelProvider = await stack.providerText(pkg.officialChannelProvider);
    const subscriptionProvider = await stack.providerText(pkg.channelSubscriptionProvider);
    return {
        emulator,
        console: stack.console,
        config,
        wrongKeyConfig: stackFixture.stackConfig(emulator, tuning, "0123456789abcdef".repeat(4)),
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
        newEngine: (options = {}) => stack.newEngine({ ...engineOptions, ...options }),
        newStackProcess: async (options = {}) => stack.newEngine({ ...engineOptions, ...options }, await stack.startHost(config)),
        live: (id) => emulator.channels().find((c) => c.channelId === id),
        stop: () => stack.stop(),
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
