import { ALL_COMMANDS, type EmulatedCommand } from "./commands";
import { FAULT_KINDS, type FaultKind } from "./faults";

/** What the emulator counted since start (or the last reset): what tests and the benchmark assert on. */
export interface EmulatorStats {
    /** Requests received per command (every known command is present), including rate-limited, faulted and failed ones. */
    calls: Record<EmulatedCommand, number>;
    /** Requests answered 60007 by the rate limiter (injected 60007 faults are not counted here). */
    rateLimited: number;
    /** Injected faults per kind (every kind is present). */
    faultsInjected: Record<FaultKind, number>;
}

/** Counters at 0, with every command and fault kind present. */
export function emptyStats(): EmulatorStats {
    return {
        calls: Object.fromEntries(ALL_COMMANDS.map((c) => [c, 0])) as Record<EmulatedCommand, number>,
        rateLimited: 0,
        faultsInjected: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    };
}

/** A copy callers may keep or change without touching the live counters. */
export function copyStats(stats: EmulatorStats): EmulatorStats {
    return { calls: { ...stats.calls }, rateLimited: stats.rateLimited, faultsInjected: { ...stats.faultsInjected } };
}
