/**
 * Fault injection: the failures a client must survive (transient codes, 502s from the gateway,
 * dropped connections, and the nastiest one, a write that succeeded but whose answer never arrived).
 */
import { TencentCode } from "../provider/tencent/codes";
import { echo } from "../provider/tencent/display";
import { ACCOUNT_COMMANDS, COMMANDS } from "../provider/tencent/wire";

/** Every kind of fault the emulator can inject (see FaultKind). */
export const FAULT_KINDS = ["code", "http502", "drop", "lost-response"] as const;
/**
 * - `code`: answer FAIL with a transient ErrorCode, nothing applied;
 * - `http502`: HTTP 502 with an HTML body, nothing applied;
 * - `drop`: destroy the socket before anything is applied;
 * - `lost-response`: apply the request, then destroy the socket without answering.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Transient codes from the API doc that a client is expected to retry. */
export const DEFAULT_FAULT_CODES: readonly number[] = [
    TencentCode.REQUEST_TIMEOUT,
    TencentCode.RATE_LIMITED,
    TencentCode.INTERNAL_ERROR,
    TencentCode.INTERNAL_ERROR_20005,
    TencentCode.RESPONSE_PARSE_ERROR,
    TencentCode.TOO_FREQUENT,
];

/** One queued fault: consumed by the next request it matches. */
export interface ScriptedFault {
    kind: FaultKind;
    /** Only a request to this command (e.g. "create_official_account") consumes the fault. */
    command?: string;
    /** For kind "code". @default 60008 */
    code?: number;
}

/** Faults at random, for chaos runs: `rate` of the matching requests get one of `kinds`. */
export interface RandomFaultPolicy {
    /** Probability in [0, 1] that a matching request gets a fault. */
    rate: number;
    /** @default all four kinds */
    kinds?: FaultKind[];
    /** Codes for kind "code". @default DEFAULT_FAULT_CODES */
    codes?: number[];
    /** Seed for the PRNG, making a run reproducible. @default random */
    seed?: number;
    /** Limit faults to these commands. @default every command */
    commands?: string[];
}

/** The fault a request gets: its kind and, for kind "code", the ErrorCode. */
export interface InjectedFault {
    kind: FaultKind;
    code: number;
}

/** mulberry32: tiny, fast, and good enough to make fault sequences reproducible from a seed. */
export function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function isKind(value: unknown): value is FaultKind {
    return (FAULT_KINDS as readonly unknown[]).includes(value);
}

/** The commands a fault can aim at: every API the emulator answers. */
const FAULT_COMMANDS: readonly string[] = [...COMMANDS, ...ACCOUNT_COMMANDS];

/** Why `code` cannot be an injected ErrorCode: 0 is success, so "a fault with code 0" would be a FAIL that says OK. */
function codeProblem(code: unknown): string | undefined {
    if (typeof code !== "number" || !Number.isSafeInteger(code) || code <= 0)
        return `must be a Tencent ErrorCode, a whole number above 0 (got ${echo(code)}); 0 means success, so a fault cannot carry it`;
    return undefined;
}

/** Why `command` names no API the emulator answers (a typo would otherwise wait in the queue forever). */
function commandProblem(command: unknown): string | undefined {
    if (typeof command !== "string") return `must be a string (got ${typeof command})`;
    if (FAULT_COMMANDS.includes(command)) return undefined;
    return `${echo(command)} names no API the emulator answers; use one of ${FAULT_COMMANDS.join(", ")}`;
}

function scriptedFault(f: unknown, i: number): ScriptedFault {
    const fault = f as Record<string, unknown> | null;
    if (typeof fault !== "object" || fault === null || !isKind(fault.kind)) {
        throw new Error(`script[${i}].kind must be one of ${FAULT_KINDS.join(", ")}`);
    }
    const command = fault.command === undefined ? undefined : commandProblem(fault.command);
    if (command) throw new Error(`script[${i}].command ${command}`);
    if (fault.code !== undefined) {
        if (fault.kind !== "code")
            throw new Error(`script[${i}].code applies only to kind "code" (this fault is kind "${fault.kind}"); leave it out`);
        const problem = codeProblem(fault.code);
        if (problem) throw new Error(`script[${i}].code ${problem}`);
    }
    return { kind: fault.kind, command: fault.command as string | undefined, code: fault.code as number | undefined };
}

/** Validates a fault list from an untrusted source (the control endpoint, the handle); throws with a reason. */
export function parseScript(value: unknown): ScriptedFault[] {
    if (!Array.isArray(value)) throw new Error("script must be an array");
    return value.map(scriptedFault);
}

/** Validates a random policy from an untrusted source (the control endpoint, the handle, the options); throws with a reason. */
export function parseRandomPolicy(value: unknown, name = "random"): RandomFaultPolicy {
    const p = value as Record<string, unknown> | null;
    if (typeof p !== "object" || p === null) throw new Error(`${name} must be an object or null`);
    if (typeof p.rate !== "number" || !(p.rate >= 0 && p.rate <= 1)) throw new Error(`${name}.rate must be a number in [0, 1]`);
    if (p.kinds !== undefined && (!Array.isArray(p.kinds) || p.kinds.length === 0 || !p.kinds.every(isKind))) {
        throw new Error(`${name}.kinds must be a non-empty array of ${FAULT_KINDS.join(", ")}`);
    }
    if (p.codes !== undefined) {
        if (!Array.isArray(p.codes) || p.codes.length === 0)
            throw new Error(`${name}.codes must be a non-empty array of ErrorCodes`);
        p.codes.forEach((code: unknown, i) => {
            const problem = codeProblem(code);
            if (problem) throw new Error(`${name}.codes[${i}] ${problem}`);
        });
    }
    if (p.seed !== undefined && !Number.isInteger(p.seed)) throw new Error(`${name}.seed must be an integer`);
    if (p.commands !== undefined) {
        if (!Array.isArray(p.commands)) throw new Error(`${name}.commands must be an array of API names`);
        p.commands.forEach((command: unknown, i) => {
            const problem = commandProblem(command);
            if (problem) throw new Error(`${name}.commands[${i}] ${problem}`);
        });
    }
    return p as unknown as RandomFaultPolicy;
}

/**
 * Decides which requests get a fault: scripted faults first, in order, then the random policy.
 * Seeded, so a chaos run can be replayed.
 */
export class FaultInjector {
    private queue: ScriptedFault[] = [];
    private policy: RandomFaultPolicy | undefined;
    private prng: () => number = Math.random;

    script(faults: readonly ScriptedFault[]): void {
        this.queue.push(...faults.map((f) => ({ ...f })));
    }

    random(policy: RandomFaultPolicy | null | undefined): void {
        this.policy = policy ? { ...policy } : undefined;
        if (policy) {
            this.prng = mulberry32(policy.seed ?? Math.floor(Math.random() * 2 ** 32));
        }
    }

    clear(): void {
        this.queue = [];
        this.policy = undefined;
    }

    /** Scripted faults not yet consumed. */
    pending(): number {
        return this.queue.length;
    }

    /**
     * The fault for this request, if any. Scripted faults win: the first queued one whose command
     * matches is consumed, so a fault aimed at one command waits while others pass.
     */
    next(command: string): InjectedFault | undefined {
        const index = this.queue.findIndex((f) => f.command === undefined || f.command === command);
        if (index >= 0) {
            const [fault] = this.queue.splice(index, 1) as [ScriptedFault];
            return { kind: fault.kind, code: fault.code ?? (DEFAULT_FAULT_CODES[0] as number) };
        }
        const p = this.policy;
        if (!p || (p.commands && !p.commands.includes(command))) return undefined;
        if (this.prng() >= p.rate) return undefined;
        const kinds = p.kinds ?? FAULT_KINDS;
        const codes = p.codes ?? DEFAULT_FAULT_CODES;
        const kind = kinds[Math.floor(this.prng() * kinds.length)] as FaultKind;
        const code = codes[Math.floor(this.prng() * codes.length)] as number;
        return { kind, code };
    }
}
