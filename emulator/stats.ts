import { ALL_COMMANDS, type EmulatedCommand } from "./commands";
import { FAULT_KINDS, type FaultKind } from "./faults";

export interface EmulatorStats {
    /** Requests received per command (every known command is present), including rate-limited, faulted and failed ones. */
    calls: Record<EmulatedCommand, number>;
    /** Requests answered 60007 by the rate limiter (injected 60007 faults are not counted here). */
    rateLimited: number;
    /** Injected faults per kind (every kind is present). */
    faultsInjected: Record<FaultKind, number>;
}

export function emptyStats(): EmulatorStats {
    return {
        calls: Object.fromEntries(ALL_COMMANDS.map((c) => [c, 0])) as Record<EmulatedCommand, number>,
        rateLimited: 0,
        faultsInjected: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    };
}

export function copyStats(stats: EmulatorStats): EmulatorStats {
    return { calls: { ...stats.calls }, rateLimited: stats.rateLimited, faultsInjected: { ...stats.faultsInjected } };
}
