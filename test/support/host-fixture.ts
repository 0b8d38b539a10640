/**
 * The setup every engine-boundary test shares, on the one stack fixture (scripts/engine/stack-fixture.ts):
 * an emulator on 127.0.0.1, the real dynamic-provider host configured for it as a stack would be,
 * the compiled provider serialized as a resource does, and a console client for out-of-band changes.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { EmulatorHandle, EmulatorOptions } from "../../emulator/index";
import type { ChatClient } from "../../provider/api/types";
import type { Engine, Step } from "../../scripts/engine/engine";
import type { ProviderHost } from "../../scripts/engine/host";
import { stackFixture } from "./dist";

/** The value Pulumi's host uses for an input not yet known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const PROJECT = "chat-infra";

export interface HostFixture {
    emulator: EmulatorHandle;
    host: ProviderHost;
    /** `__provider` as Pulumi serializes it into each resource's inputs. */
    providerText: string;
    /** An operator changing things out of band, as in the Chat console. */
    console: ChatClient;
    /**
     * The environment the fixture's host runs in: a temporary cache directory of its own
     * (XDG_CACHE_HOME), so the journal of create attempts is this test's, like one machine's.
     */
    env: NodeJS.ProcessEnv;
    /** Every error message the engine saw, for the secret scans. */
    seen: string[];
    newEngine(): Engine;
    /** Collects step errors into `seen`. */
    record(steps: Step[]): Step[];
    stop(): Promise<void>;
}

export async function startHostFixture(options: {
    provider: pulumi.dynamic.ResourceProvider;
    emulator: EmulatorOptions;
}): Promise<HostFixture> {
    const stack = await stackFixture.startStack({
        emulator: options.emulator,
        project: PROJECT,
        // Fast retries keep the fault tests short; the pacing stays the product default.
        tuning: { retryBaseMs: "5" },
        ownCache: true,
    });
    const seen: string[] = [];
    return {
        emulator: stack.emulator,
        host: stack.host,
        providerText: await stack.providerText(options.provider),
        console: stack.console,
        env: stack.env,
        seen,
        newEngine: () => stack.newEngine(),
        record(steps) {
            for (const step of steps) if (step.error) seen.push(step.error);
            return steps;
        },
        stop: () => stack.stop(),
    };
}

/** API calls per command made on `emulator` while `action` runs. */
export async function countCalls<T>(
    emulator: EmulatorHandle,
    action: () => Promise<T>,
): Promise<{ result: T; calls: Record<string, number> }> {
    const before = emulator.stats().calls as Record<string, number>;
    const result = await action();
    const after = emulator.stats().calls as Record<string, number>;
    const calls: Record<string, number> = {};
    for (const [command, count] of Object.entries(after))
        if (count !== before[command]) calls[command] = count - (before[command] ?? 0);
    return { result, calls };
}
