/**
 * Shared plumbing for the benchmark and the fault-convergence run, on the one stack fixture
 * (scripts/engine/stack-fixture.ts): hosts configured for an emulator with the pid of their child
 * process, API-call deltas from the emulator's stats, percentiles, and memory and CPU sampling of the
 * host child process.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { EmulatorHandle } from "../../emulator/index";
import { serializeProvider, type EngineHost } from "../engine/host";
import { loadPackage, startConfiguredHost, stackConfig, type Tuning } from "../engine/stack-fixture";

export { repoRoot } from "../repo-root";
export { CHANNEL_TYPE, loadPackage, type Tuning } from "../engine/stack-fixture";
export const PROJECT = "chat-infra";

/** What `new OfficialChannel(...)` puts into `__provider`. */
export async function providerText(): Promise<string> {
    return serializeProvider(loadPackage().officialChannelProvider);
}

export interface StartedHost {
    host: EngineHost;
    /** The host child's pid (undefined where /proc is unavailable). */
    pid: number | undefined;
}

/** Starts Pulumi's dynamic-provider host in the project directory and configures it for `emulator`. */
export async function startHost(emulator: EmulatorHandle, tuning: Tuning = {}): Promise<StartedHost> {
    const before = new Set(hostChildren());
    const host = await startConfiguredHost(stackConfig(emulator, tuning), { project: PROJECT });
    const pid = hostChildren().find((p) => !before.has(p));
    return { host, pid };
}

/** Pids of this process's children that run the dynamic-provider host (Linux /proc). */
function hostChildren(): number[] {
    const found: number[] = [];
    let entries: string[];
    try {
        entries = readdirSync("/proc");
    } catch {
        return found;
    }
    for (const entry of entries) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
            // Field 4 (ppid) follows the parenthesised command name, which may contain spaces.
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            if (ppid !== process.pid) continue;
            if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("dynamic-provider")) found.push(Number(entry));
        } catch {
            // the process went away while we looked
        }
    }
    return found;
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM), or undefined. */
export function procStatusKb(pid: number | undefined, field: "VmRSS" | "VmHWM"): number | undefined {
    if (pid === undefined) return undefined;
    try {
        const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        return match ? Number(match[1]) : undefined;
    } catch {
        return undefined;
    }
}

/** The same field in MB. */
export function procStatusMb(pid: number | undefined, field: "VmRSS" | "VmHWM"): number | undefined {
    const kb = procStatusKb(pid, field);
    return kb === undefined ? undefined : kb / 1024;
}

/** CPU time (user + system) of a process from /proc/<pid>/stat, in ms; undefined when unavailable. */
export function procCpuMs(pid: number | undefined): number | undefined {
    if (pid === undefined) return undefined;
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // utime and stime are fields 14 and 15 (1-based), i.e. 11 and 12 after the command name; in clock ticks (USER_HZ = 100 on Linux).
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
        return undefined;
    }
}

/** CPU time used by the host child and by this process while a scenario runs. */
export class CpuMeter {
    private readonly hostStart: number | undefined;
    private readonly selfStart = process.cpuUsage();

    constructor(private readonly pid: number | undefined) {
        this.hostStart = procCpuMs(pid);
    }

    stop(): { hostCpuMs: number | undefined; benchCpuMs: number } {
        const self = process.cpuUsage(this.selfStart);
        const hostNow = procCpuMs(this.pid);
        return {
            hostCpuMs: hostNow === undefined || this.hostStart === undefined ? undefined : hostNow - this.hostStart,
            benchCpuMs: (self.user + self.system) / 1000,
        };
    }
}

/** Samples the host child's RSS and this process's RSS while a scenario runs; reports peaks in MB. */
export class MemorySampler {
    private hostPeakKb = 0;
    private selfPeak = 0;
    private readonly timer: NodeJS.Timeout;

    constructor(
        private readonly pid: number | undefined,
        intervalMs = 25,
    ) {
        this.sample();
        this.timer = setInterval(() => this.sample(), intervalMs);
        this.timer.unref();
    }

    private sample(): void {
        this.hostPeakKb = Math.max(this.hostPeakKb, procStatusKb(this.pid, "VmRSS") ?? 0);
        this.selfPeak = Math.max(this.selfPeak, process.memoryUsage.rss());
    }

    stop(): { hostPeakMb: number | undefined; hostHwmMb: number | undefined; benchPeakMb: number } {
        clearInterval(this.timer);
        this.sample();
        return {
            hostPeakMb: this.pid === undefined ? undefined : this.hostPeakKb / 1024,
            hostHwmMb: procStatusMb(this.pid, "VmHWM"),
            benchPeakMb: this.selfPeak / 2 ** 20,
        };
    }
}

/** Non-zero differences between two `stats().calls` snapshots. */
export function callsDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
    const delta: Record<string, number> = {};
    for (const [command, count] of Object.entries(after)) {
        const d = count - (before[command] ?? 0);
        if (d !== 0) delta[command] = d;
    }
    return delta;
}

export function sum(values: Iterable<number>): number {
    let total = 0;
    for (const v of values) total += v;
    return total;
}

/** Nearest-rank percentile; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
    if (values.length === 0) return 0;
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
    return sorted[rank - 1]!;
}
