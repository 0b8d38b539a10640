/**
 * The local journal of create attempts: the evidence a twin cannot have. Before a create is sent, the
 * resource's identity (its URN) and the ID are recorded with the time, in a small JSON-lines file in
 * this user's cache directory. When a later create of the same resource on the same machine finds the
 * ID taken, an entry whose time fits the channel's createTime shows that the channel is what this
 * resource's interrupted attempt left (an `up` stopped between Tencent's create and the state write).
 * Another stack, or another resource, has a different URN and so no entry; on another machine there
 * is no journal at all — both are refused and told how to adopt.
 *
 * Entries hold a SHA-256 of URN and ID, never the URN itself. The file is bounded (entries expire
 * after JOURNAL_TTL_SECONDS and at most MAX_ENTRIES are kept), written synchronously so the creates
 * of one process never interleave, and appended with one write per entry so processes do not mix
 * lines; appends and compactions take a lock, so a compaction never drops another process's entry. A journal that cannot be read or written loses only evidence: the create then behaves as
 * on a machine without one (refused with the advice to adopt), never the other way round.
 */
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync, type Stats } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A day: an interrupted `up` is usually re-run within minutes, and rarely after the next morning. */
export const JOURNAL_TTL_SECONDS = 24 * 60 * 60;
/** Entries kept when the file is compacted; more than any deployment has creates in flight. */
export const MAX_ENTRIES = 2000;
/** A journal larger than this is not read (it is not ours, or something went wrong): no evidence. */
const MAX_FILE_BYTES = 1024 * 1024;
/** No line is shorter (`{"key":"<64 hex>","at":0}` and its newline). */
const MIN_LINE_BYTES = 81;
/**
 * How long a writer waits for the lock that keeps appends out of a compaction, and when a lock is
 * taken for one a dead process left (held for a rewrite of at most MAX_FILE_BYTES: milliseconds).
 */
const LOCK_WAIT_MS = 2000;
const STALE_LOCK_MS = 10_000;

interface Entry {
    key: string;
    /** Unix seconds when the attempt began; absent in a tombstone. */
    at?: number;
    /** The ID was released (deleted): earlier attempts prove nothing any more. */
    forget?: true;
}

/** The cache directory of this user on this OS (XDG_CACHE_HOME, ~/Library/Caches, %LOCALAPPDATA%). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
    if (env.XDG_CACHE_HOME) return env.XDG_CACHE_HOME;
    if (platform === "darwin") return path.join(os.homedir(), "Library", "Caches");
    if (platform === "win32" && env.LOCALAPPDATA) return env.LOCALAPPDATA;
    return path.join(os.homedir(), ".cache");
}

/** The journal of create attempts (see the module comment). */
export class CreateJournal {
    constructor(
        /** The JSON-lines file. */
        readonly file: string = path.join(cacheDir(), "pulumi-tencent-chat", "create-attempts.jsonl"),
        private readonly now: () => number = () => Math.floor(Date.now() / 1000),
    ) {}

    /** The key of one resource's creates of one ID. */
    static keyOf(identity: string, id: string): string {
        return createHash("sha256").update(`${identity}\n${id}`).digest("hex");
    }

    /** Records that a create is about to be sent. Returns false when the journal could not be written. */
    record(key: string): boolean {
        return this.append({ key, at: this.now() });
    }

    /** Earlier attempts of `key` prove nothing any more (the channel was deleted, or found gone). */
    forget(key: string): void {
        if (this.attemptsOf(key).length > 0) this.append({ key, forget: true });
    }

    /** When the unexpired attempts of `key` since it was last forgotten began (Unix seconds). */
    attemptsOf(key: string): number[] {
        let attempts: number[] = [];
        for (const entry of this.entries()) {
            if (entry.key !== key) continue;
            if (entry.forget) attempts = [];
            else if (entry.at !== undefined) attempts.push(entry.at);
        }
        return attempts;
    }

    /**
     * The file's entries, parsed once and kept while the file is unchanged (same inode, size and
     * mtime): every create and delete asks, and re-reading the shared file (up to MAX_ENTRIES lines)
     * each time cost several ms of the host's CPU per operation (docs/performance.md). Another
     * process's append or compaction changes the file, so it is read again.
     */
    private entries(): Entry[] {
        let stat: Stats;
        try {
            stat = statSync(this.file);
            if (stat.size > MAX_FILE_BYTES) return [];
            if (!this.cached || !sameFile(this.cached.stat, stat))
                this.cached = { stat, entries: parseEntries(readFileSync(this.file, "utf8")) };
        } catch {
            this.cached = undefined;
            return [];
        }
        const oldest = this.now() - JOURNAL_TTL_SECONDS;
        return this.cached.entries.filter((entry) => entry.forget || (entry.at ?? 0) >= oldest);
    }

    private cached: { stat: Stats; entries: Entry[] } | undefined;

    private append(entry: Entry): boolean {
        try {
            mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
            return withLock(`${this.file}.lock`, () => this.appendLocked(entry));
        } catch {
            return false;
        }
    }

    /**
     * Appends under the lock: a compaction reads the file and renames its rewrite over it, so an
     * append by another process in between was lost (measured: 150–250 of 400 entries of four
     * processes appending past the limit).
     */
    private appendLocked(entry: Entry): boolean {
        const line = `${JSON.stringify(entry)}\n`;
        const before = this.cached && statOrUndefined(this.file);
        appendFileSync(this.file, line, { mode: 0o600 });
        const after = statOrUndefined(this.file);
        // Only this line was added (nobody else wrote in between): the cache stays whole.
        if (
            this.cached &&
            before &&
            after &&
            sameFile(this.cached.stat, before) &&
            after.size === before.size + Buffer.byteLength(line)
        )
            this.cached = { stat: after, entries: [...this.cached.entries, entry] };
        else this.cached = undefined;
        this.compactIfLarge();
        return true;
    }

    /**
     * Rewrites the file without expired entries, keeping the newest half of MAX_ENTRIES, once it may
     * hold more than MAX_ENTRIES lines (halving keeps the rewrite rare).
     */
    private compactIfLarge(): void {
        if (statSync(this.file).size <= MAX_ENTRIES * MIN_LINE_BYTES) return;
        const kept = this.entries().slice(-MAX_ENTRIES / 2);
        const temporary = `${this.file}.${process.pid}.tmp`;
        writeFileSync(temporary, kept.map((e) => `${JSON.stringify(e)}\n`).join(""), { mode: 0o600 });
        renameSync(temporary, this.file);
    }
}

/**
 * Runs `work` holding the lock directory `lock` (mkdir is atomic), waiting up to LOCK_WAIT_MS and
 * taking over a lock older than STALE_LOCK_MS. Synchronous like every journal write, so the wait
 * sleeps the thread (the lock is held for one append, or a rewrite of the small file). Throws when
 * the lock cannot be had: the caller loses only evidence.
 */
function withLock<T>(lock: string, work: () => T): T {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
        try {
            mkdirSync(lock, { mode: 0o700 });
            break;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
            const held = statOrUndefined(lock);
            if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmdirSync(lock);
            else if (Date.now() > deadline) throw error;
            else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        }
    }
    try {
        return work();
    } finally {
        rmdirSync(lock);
    }
}

function parseEntries(text: string): Entry[] {
    return text.split("\n").flatMap((line) => {
        const entry = parseEntry(line);
        return entry ? [entry] : [];
    });
}

function statOrUndefined(file: string): Stats | undefined {
    try {
        return statSync(file);
    } catch {
        return undefined;
    }
}

/** The same file, unchanged since `a` was taken (a rename puts another inode in place). */
function sameFile(a: Stats, b: Stats): boolean {
    return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function parseEntry(line: string): Entry | undefined {
    if (line.length === 0 || line.length > 200) return undefined;
    try {
        const value = JSON.parse(line) as Record<string, unknown>;
        if (typeof value.key !== "string" || !/^[0-9a-f]{64}$/.test(value.key)) return undefined;
        if (value.forget === true) return { key: value.key, forget: true };
        if (typeof value.at === "number" && Number.isFinite(value.at)) return { key: value.key, at: value.at };
    } catch {
        // Not a line this journal wrote (a torn write, another program): ignored.
    }
    return undefined;
}
