/**
 * Keeps the store in a JSON file so separate processes (one per `pulumi` command) see the same
 * channels. Writes go to a temp file that is renamed over the target, so a reader or a crash never
 * sees half a file. At start the path is checked for writing and locked, so a typo in the directory
 * or a second emulator on the same file fails at once instead of losing channels at stop.
 */
import {
    closeSync,
    constants,
    openSync,
    promises as fs,
    readFileSync,
    readlinkSync,
    realpathSync,
    rmSync,
    statSync,
    unlinkSync,
    writeSync,
} from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { clip, echo } from "../provider/tencent/display";
import { BYTE_LIMITS, utf8Bytes } from "../provider/tencent/wire";
import { lookupIdProblem, userIdProblem } from "./fields";
import type { PersistedState, Store } from "./store";

/** A state file larger than this is refused before it is read. */
export const MAX_STATE_FILE_BYTES = 256 * 1024 * 1024;

/** Saves happen at most this long after a mutation. */
export const SAVE_DEBOUNCE_MS = 50;

/** A state problem, always naming the file. */
function stateError(statePath: string, problem: string): Error {
    return new Error(`emulator state file ${statePath}: ${problem}`);
}

const errnoText = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** Symlink hops followed before giving up, as the kernel's ELOOP does. */
const MAX_LINK_HOPS = 40;

/**
 * The file `statePath` really names: every symlink followed, the file's own (even a dangling one,
 * whose target a save will create) and its directories'. The lock and the saves use it, so two
 * emulators on one file conflict whichever path they were given, and a save writes through the
 * user's symlink instead of replacing it. Unresolvable directories are left to checkStateWritable.
 */
export function realStatePath(statePath: string): string {
    let current = path.resolve(statePath);
    for (let hops = 0; ; hops++) {
        try {
            current = path.join(realpathSync(path.dirname(current)), path.basename(current));
        } catch {
            return current; // a missing directory: checkStateWritable says so
        }
        let target: string;
        try {
            target = readlinkSync(current);
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === "EINVAL" || code === "ENOENT") return current; // not a link, or nothing there yet
            throw stateError(statePath, `cannot be resolved (${errnoText(error)})`);
        }
        if (hops >= MAX_LINK_HOPS) throw stateError(statePath, `is a chain of more than ${MAX_LINK_HOPS} symlinks (ELOOP)`);
        current = path.resolve(path.dirname(current), target);
    }
}

/** The state file as the user named it (for messages) and the real file behind it (for the lock, reads and saves). */
export interface StateFile {
    /** The path given, and the real file when a symlink leads elsewhere: how every message names it. */
    name: string;
    /** The absolute path with every symlink resolved. */
    real: string;
}

/** Resolves `statePath` (see realStatePath) into the names the other functions here take. */
export function stateFileOf(statePath: string): StateFile {
    const real = realStatePath(statePath);
    return { name: real === path.resolve(statePath) ? statePath : `${statePath} (which is ${real})`, real };
}

/**
 * Fails unless the state file can be written: the real file's directory exists and accepts a new file (the very
 * operation every save performs), and the path itself is not a directory.
 */
export function checkStateWritable({ name, real }: StateFile): void {
    const dir = path.dirname(real);
    let dirStats;
    try {
        dirStats = statSync(dir);
    } catch (error) {
        const why =
            (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be used (${errnoText(error)})`;
        throw stateError(name, `its directory ${dir} ${why}; create it first or choose another --state path`);
    }
    if (!dirStats.isDirectory()) throw stateError(name, `${dir} is not a directory`);
    let existing;
    try {
        existing = statSync(real);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw stateError(name, `cannot be used (${errnoText(error)})`);
    }
    // Checked before the lock and the read: reading /dev/zero or a FIFO would never end.
    if (existing?.isDirectory()) throw stateError(name, "is a directory; --state takes a file path");
    if (existing && !existing.isFile())
        throw stateError(name, "is not a regular file (a device, pipe or socket); --state takes a file path");
    const probe = path.join(dir, `.${path.basename(real)}.${process.pid}.probe`);
    try {
        closeSync(openSync(probe, "wx"));
        unlinkSync(probe);
    } catch (error) {
        throw stateError(name, `cannot write in ${dir} (${errnoText(error)}); saves would fail`);
    }
}

/** Whether a process with this id runs (EPERM: it runs, as another user). */
function processAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
}

/**
 * An exclusive lock on a state file: `<file>.lock` holding the owner's pid, created with O_EXCL.
 * A lock left by a process that no longer runs (a crash, kill -9) is taken over.
 */
export class StateLock {
    private constructor(readonly lockPath: string) {}

    static acquire({ name, real }: StateFile): StateLock {
        // Beside the real file: a second emulator given a symlink to it meets the same lock.
        const lockPath = `${real}.lock`;
        for (let attempt = 0; attempt < 2; attempt++) {
            try {
                const fd = openSync(lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
                try {
                    writeSync(fd, `${process.pid}\n`);
                } finally {
                    closeSync(fd);
                }
                return new StateLock(lockPath);
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
                    throw stateError(name, `cannot create the lock file ${lockPath} (${errnoText(error)})`);
                }
            }
            let owner: number | undefined;
            try {
                const text = readFileSync(lockPath, "utf8").trim();
                owner = /^\d+$/.test(text) ? Number(text) : undefined;
            } catch {
                owner = undefined; // vanished or unreadable: treat as stale and retry once
            }
            if (owner !== undefined && owner !== process.pid && processAlive(owner)) {
                throw stateError(
                    name,
                    `is in use by another emulator (pid ${owner}, lock ${lockPath}); two emulators on one file would overwrite each other's channels. Stop the other one or use another --state file (if no emulator runs as pid ${owner}, delete the lock)`,
                );
            }
            if (owner === process.pid) {
                throw stateError(name, `is already in use by an emulator in this process (lock ${lockPath}); stop it first`);
            }
            // The owner is gone: the lock is stale.
            rmSync(lockPath, { force: true });
        }
        throw stateError(name, `could not take over the stale lock ${lockPath}; delete it if no emulator uses the file`);
    }

    release(): void {
        rmSync(this.lockPath, { force: true });
    }
}

// The state file's shape. Written by this emulator, but read as untrusted: a hand edit or another
// version must fail with the file and the place named, not with a TypeError deep in the store.
/** A string no longer than `limit` UTF-8 bytes: the limit the emulator enforces when it writes the field. */
const bytes = (limit: number) =>
    z.string().superRefine((value, ctx) => {
        const size = utf8Bytes(value);
        if (size > limit) ctx.addIssue({ code: "custom", message: `must be at most ${limit} bytes of UTF-8, not ${size}` });
    });
/** A UserID as account import takes it (non-empty, at most 32 bytes). */
const userId = z.string().superRefine((value, ctx) => {
    const problem = userIdProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});
/** A channel ID as the emulator creates them (custom or server-assigned). */
const channelId = z.string().superRefine((value, ctx) => {
    const problem = lookupIdProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});
const seconds = z.number().int().nonnegative();
const subscriber = z.object({
    userId,
    subscribeTime: seconds,
    customString: bytes(BYTE_LIMITS.subscriberCustomString),
    msgFlag: z.enum(["AcceptAndNotify", "AcceptNotNotify", "Discard"]),
    lastSendMsgTime: seconds,
    seq: z.number().int().positive(),
});
const channel = z.object({
    channelId,
    owner: userId,
    // Create and modify refuse an empty Name.
    name: bytes(BYTE_LIMITS.name).min(1),
    introduction: bytes(BYTE_LIMITS.introduction),
    faceUrl: bytes(BYTE_LIMITS.faceUrl),
    organization: bytes(BYTE_LIMITS.organization),
    customString: bytes(BYTE_LIMITS.customString),
    maxSubscribers: z.number().int().positive(),
    subscriberCount: z.number().int().nonnegative().optional(),
    createTime: seconds,
    lastMessageTime: seconds,
    subscribers: z.array(subscriber),
});
const stateSchema = z.object({
    version: z.literal(1),
    nextSeq: z.number().int().positive(),
    users: z.array(userId),
    destroyedIds: z.array(channelId),
    channels: z.array(channel),
});

function describeInput(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "an object";
    return `${typeof value} ${echo(value)}`;
}

function valueAt(data: unknown, at: readonly PropertyKey[]): unknown {
    let value = data;
    for (const key of at)
        value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    return value;
}

const EXPECTED: Record<string, string> = {
    array: "a list",
    string: "a string",
    number: "a number",
    int: "a whole number",
    object: "an object",
};

/** What a value at a place must be, in words (zod's own messages speak of "Invalid input"). */
function requirement(issue: z.core.$ZodIssue): string {
    switch (issue.code) {
        case "invalid_type":
            return `must be ${EXPECTED[issue.expected] ?? issue.expected}`;
        case "invalid_value":
            return `must be ${issue.values.map((value) => JSON.stringify(value)).join(" or ")}`;
        case "too_small":
            return issue.origin === "string" ? "must not be empty" : `must be at least ${String(issue.minimum)}`;
        default:
            return issue.message;
    }
}

const formatPath = (at: readonly PropertyKey[]) =>
    at.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join("") ||
    "the top level";

/** Each value of `values` seen before, with its index: the duplicates of a list that must hold each once. */
function repeats<T>(values: readonly T[]): Array<{ index: number; value: T }> {
    const seen = new Set<T>();
    const found: Array<{ index: number; value: T }> = [];
    values.forEach((value, index) => {
        if (seen.has(value)) found.push({ index, value });
        seen.add(value);
    });
    return found;
}

/** What a channel's own lists say against the users and the other channels. */
function channelProblems(c: PersistedState["channels"][number], at: string, users: ReadonlySet<string>): string[] {
    const problems: string[] = [];
    if (!users.has(c.owner)) problems.push(`${at}.owner ${echo(c.owner)} is not in users (an owner must be an imported user)`);
    c.subscribers.forEach((s, j) => {
        if (!users.has(s.userId))
            problems.push(
                `${at}.subscribers[${j}].userId ${echo(s.userId)} is not in users (a subscriber must be an imported user)`,
            );
    });
    for (const { index, value } of repeats(c.subscribers.map((s) => s.userId)))
        problems.push(`${at}.subscribers[${index}].userId ${echo(value)} subscribes twice`);
    if (c.subscriberCount !== undefined && c.subscriberCount !== c.subscribers.length)
        problems.push(
            `${at}.subscriberCount is ${c.subscriberCount} but the channel lists ${c.subscribers.length} subscriber${c.subscribers.length === 1 ? "" : "s"}`,
        );
    return problems;
}

/**
 * What the store could not hold as it is: every owner and subscriber an imported user, each
 * channel, user, destroyed ID and subscription once, no ID both live and destroyed, counts that
 * match the lists, and `nextSeq` above every subscription's `seq` (it is the paging cursor).
 */
export function consistencyProblems(state: PersistedState): string[] {
    const problems: string[] = [];
    const users = new Set(state.users);
    for (const { index, value } of repeats(state.users)) problems.push(`users[${index}] ${echo(value)} appears twice`);
    for (const { index, value } of repeats(state.destroyedIds))
        problems.push(`destroyedIds[${index}] ${echo(value)} appears twice`);
    for (const { index, value } of repeats(state.channels.map((c) => c.channelId)))
        problems.push(`channels[${index}].channelId ${echo(value)} appears twice`);
    const live = new Set(state.channels.map((c) => c.channelId));
    state.destroyedIds.forEach((id, i) => {
        if (live.has(id)) problems.push(`destroyedIds[${i}] ${echo(id)} is also a live channel`);
    });
    state.channels.forEach((c, i) => problems.push(...channelProblems(c, `channels[${i}]`, users)));
    const seqs = state.channels.flatMap((c, i) =>
        c.subscribers.map((s, j) => ({ seq: s.seq, at: `channels[${i}].subscribers[${j}]` })),
    );
    const seen = new Set<number>();
    let highest = 0;
    for (const { seq, at } of seqs) {
        if (seen.has(seq)) problems.push(`${at}.seq ${seq} is used twice (each subscription has its own)`);
        seen.add(seq);
        highest = Math.max(highest, seq);
    }
    if (state.nextSeq <= highest) problems.push(`nextSeq ${state.nextSeq} is not above the highest subscriber seq ${highest}`);
    return problems;
}

/**
 * The state in `data`, or an error naming the file, the place and what was found there (the first
 * five problems; the rest are counted).
 */
export function parseState(data: unknown, statePath: string): PersistedState {
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
        throw stateError(statePath, `must hold a JSON object with "version": 1 (got ${describeInput(data)}); fix or delete it`);
    }
    const result = stateSchema.safeParse(data);
    if (!result.success) {
        const problems = result.error.issues.map((issue) => {
            const found = valueAt(data, issue.path);
            const what =
                found === undefined
                    ? `is missing (it ${requirement(issue)})`
                    : `${requirement(issue)} (got ${describeInput(found)})`;
            return `${formatPath(issue.path)} ${what}`;
        });
        const more = problems.length > 5 ? `; and ${problems.length - 5} more` : "";
        throw stateError(statePath, `is not an emulator state (${problems.slice(0, 5).join("; ")}${more}); fix or delete it`);
    }
    const inconsistent = consistencyProblems(result.data as PersistedState);
    if (inconsistent.length > 0) {
        const more = inconsistent.length > 5 ? `; and ${inconsistent.length - 5} more` : "";
        throw stateError(statePath, `${inconsistent.slice(0, 5).join("; ")}${more}; fix or delete it`);
    }
    return result.data as PersistedState;
}

/** Loads the state file (a path is read as it is) into the store when the file exists. A bad file is an error naming it, never overwritten. */
export function loadState(store: Store, file: StateFile | string): boolean {
    const { name, real } = typeof file === "string" ? { name: file, real: file } : file;
    let content: string;
    try {
        // Bounded before it is read: a state this large is not one the emulator wrote for a test run.
        const size = statSync(real).size;
        if (size > MAX_STATE_FILE_BYTES)
            throw stateError(name, `is ${size} bytes; the limit is ${MAX_STATE_FILE_BYTES} bytes (256 MiB); fix or delete it`);
        content = readFileSync(real, "utf8");
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        if (!(error as NodeJS.ErrnoException).code) throw error;
        throw stateError(name, `cannot be read (${errnoText(error)})`);
    }
    let data: unknown;
    try {
        data = JSON.parse(content);
    } catch (error) {
        // V8 quotes the start of the text in its message: echoed by the one rule like any file content.
        throw stateError(name, `is not valid JSON (${clip((error as Error).message, 120)}); fix or delete it`);
    }
    store.load(parseState(data, name));
    return true;
}

/**
 * Writes the store to the state file after each change (debounced) and on `flush`, atomically
 * (a temp file beside the real file, then a rename onto it), so a crash never leaves a half-written
 * file and a user's symlink to the file is written through, not replaced.
 */
export class StateSaver {
    private timer: NodeJS.Timeout | undefined;
    private writing: Promise<void> = Promise.resolve();
    private tempCounter = 0;

    /** `onError` hears about every failed background save at once (the next save retries). */
    constructor(
        private readonly store: Store,
        private readonly file: StateFile,
        private readonly onError: (message: string) => void,
    ) {
        store.onChange(() => this.schedule());
    }

    private schedule(): void {
        if (this.timer) return;
        this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.save().catch((error: unknown) =>
                this.onError(`emulator: saving ${this.file.name} failed: ${(error as Error).message}`),
            );
        }, SAVE_DEBOUNCE_MS);
    }

    /** Serialised so two saves never race on the temp file or finish out of order. */
    private save(): Promise<void> {
        const next = this.writing.then(async () => {
            const json = JSON.stringify(this.store.toJSON(), null, 2);
            const temp = path.join(
                path.dirname(this.file.real),
                `.${path.basename(this.file.real)}.${process.pid}.${++this.tempCounter}.tmp`,
            );
            try {
                await fs.writeFile(temp, json + "\n", "utf8");
                // Renamed over the real file, not the path given: a symlink there stays a symlink.
                await fs.rename(temp, this.file.real);
            } catch (error) {
                await fs.rm(temp, { force: true });
                throw error;
            }
        });
        this.writing = next.catch(() => undefined);
        return next;
    }

    /** Writes the state now (used on stop), so the file exists even if nothing changed. */
    async flush(): Promise<void> {
        if (this.timer) {
            clearTimeout(this.timer);
            this.timer = undefined;
        }
        await this.save();
    }
}
