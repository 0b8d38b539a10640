/** The journal of create attempts: the evidence of "this resource's own interrupted create" that a twin cannot have. */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

import { cacheDir, CreateJournal, JOURNAL_TTL_SECONDS, MAX_ENTRIES } from "../../provider/kit/journal";
import { repoRoot } from "../support/dist";

const dir = mkdtempSync(path.join(os.tmpdir(), "journal-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (now: () => number = () => 1_000_000) => new CreateJournal(path.join(dir, `j${n++}`, "attempts.jsonl"), now);

describe("the create journal", () => {
    it("records an attempt per resource and ID; another resource's key has none", () => {
        const journal = fresh();
        const mine = CreateJournal.keyOf("urn:pulumi:dev::p::t::news", "@TOA#_news");
        expect(journal.record(mine)).toBe(true);
        expect(journal.attemptsOf(mine)).toEqual([1_000_000]);
        expect(journal.attemptsOf(CreateJournal.keyOf("urn:pulumi:prod::p::t::news", "@TOA#_news"))).toEqual([]);
        // Only a hash is stored, never the URN.
        expect(readFileSync(journal.file, "utf8")).not.toContain("urn:pulumi");
    });

    it("forgets earlier attempts (a delete, a settled create), and lets entries expire", () => {
        let now = 1_000_000;
        const journal = fresh(() => now);
        const key = CreateJournal.keyOf("urn:a", "@TOA#_a");
        journal.record(key);
        journal.forget(key);
        expect(journal.attemptsOf(key)).toEqual([]);
        journal.record(key);
        now += JOURNAL_TTL_SECONDS + 1;
        expect(journal.attemptsOf(key)).toEqual([]);
    });

    it("stays bounded: compacts to the newest entries", () => {
        const journal = fresh();
        for (let i = 0; i <= MAX_ENTRIES + 5; i++) journal.record(CreateJournal.keyOf("urn:x", `@TOA#_${i}`));
        const lines = readFileSync(journal.file, "utf8").trim().split("\n");
        expect(lines.length).toBeLessThanOrEqual(MAX_ENTRIES + 1);
        expect(journal.attemptsOf(CreateJournal.keyOf("urn:x", `@TOA#_${MAX_ENTRIES + 5}`))).toEqual([1_000_000]);
    });

    it("ignores lines it did not write, and a journal it cannot write only loses evidence", () => {
        const journal = fresh();
        const key = CreateJournal.keyOf("urn:a", "@TOA#_a");
        journal.record(key);
        writeFileSync(journal.file, `garbage\n{"key":"${key}","at":"soon"}\n${readFileSync(journal.file, "utf8")}`);
        expect(journal.attemptsOf(key)).toEqual([1_000_000]);
        const blocked = path.join(dir, "a-file");
        writeFileSync(blocked, "");
        const unwritable = new CreateJournal(path.join(blocked, "attempts.jsonl"));
        expect(unwritable.record(key)).toBe(false);
        expect(unwritable.attemptsOf(key)).toEqual([]);
    });

    it("sees what another process wrote to the same file since it last read it (it keeps the parsed file between calls)", () => {
        const file = path.join(dir, `j${n++}`, "attempts.jsonl");
        const here = new CreateJournal(file, () => 1_000_000);
        const there = new CreateJournal(file, () => 1_000_001);
        const key = CreateJournal.keyOf("urn:a", "@TOA#_a");
        const other = CreateJournal.keyOf("urn:b", "@TOA#_b");
        expect(here.attemptsOf(key)).toEqual([]);
        here.record(key);
        expect(here.attemptsOf(key)).toEqual([1_000_000]);
        there.record(key);
        expect(here.attemptsOf(key)).toEqual([1_000_000, 1_000_001]);
        here.record(other);
        there.forget(key);
        expect(here.attemptsOf(key)).toEqual([]);
        expect(here.attemptsOf(other)).toEqual([1_000_000]);
        // Rewritten by someone else (a compaction renames a new file into place): read again.
        writeFileSync(`${file}.tmp`, "");
        renameSync(`${file}.tmp`, file);
        expect(here.attemptsOf(other)).toEqual([]);
        expect(there.attemptsOf(other)).toEqual([]);
    });

    it("lives in the user's cache directory", () => {
        expect(cacheDir({ XDG_CACHE_HOME: "/x/cache" }, "linux")).toBe("/x/cache");
        expect(cacheDir({}, "linux")).toBe(path.join(os.homedir(), ".cache"));
        expect(cacheDir({}, "darwin")).toBe(path.join(os.homedir(), "Library", "Caches"));
    });

    it("loses no process's entry when another compacts the shared file meanwhile (four processes, a file at the size limit)", async () => {
        const file = path.join(dir, "shared", "attempts.jsonl");
        mkdirSync(path.dirname(file));
        const now = Math.floor(Date.now() / 1000);
        const old = Array.from({ length: MAX_ENTRIES }, (_, i) =>
            JSON.stringify({ key: CreateJournal.keyOf("old", String(i)), at: now }),
        );
        writeFileSync(file, `${old.join("\n")}\n`);
        // Each process records 100 keys of its own; with every append the file passes the limit and
        // someone compacts it (to the newest MAX_ENTRIES / 2, which these 400 always are).
        const journalModule = path.join(repoRoot, "dist/provider/kit/journal.js");
        const script = `const { CreateJournal } = require(${JSON.stringify(journalModule)});
            const journal = new CreateJournal(${JSON.stringify(file)});
            const failed = [];
            for (let i = 0; i < 100; i++) if (!journal.record(CreateJournal.keyOf(process.argv[1], String(i)))) failed.push(i);
            process.stdout.write(JSON.stringify(failed));`;
        const run = promisify(execFile);
        const writers = ["p0", "p1", "p2", "p3"];
        const outputs = await Promise.all(writers.map((name) => run(process.execPath, ["-e", script, name])));
        expect(outputs.map((o) => o.stdout)).toEqual(writers.map(() => "[]"));
        const journal = new CreateJournal(file);
        const lost = writers.flatMap((name) =>
            Array.from({ length: 100 }, (_, i) => i)
                .filter((i) => journal.attemptsOf(CreateJournal.keyOf(name, String(i))).length === 0)
                .map((i) => `${name}:${i}`),
        );
        expect(lost).toEqual([]);
    }, 30_000);

    it("takes over a lock a dead process left, and gives up (no evidence written) on one that is held", () => {
        const journal = fresh();
        const key = CreateJournal.keyOf("urn:lock", "@TOA#_lock");
        mkdirSync(path.dirname(journal.file), { recursive: true });
        const lock = `${journal.file}.lock`;
        mkdirSync(lock);
        const minuteAgo = new Date(Date.now() - 60_000);
        utimesSync(lock, minuteAgo, minuteAgo);
        expect(journal.record(key)).toBe(true);
        expect(journal.attemptsOf(key)).toEqual([1_000_000]);
        expect(existsSync(lock)).toBe(false);

        mkdirSync(lock);
        const started = Date.now();
        expect(journal.record(CreateJournal.keyOf("urn:lock", "@TOA#_other"))).toBe(false);
        expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
        expect(journal.attemptsOf(key)).toEqual([1_000_000]);
        expect(readFileSync(journal.file, "utf8").trim().split("\n")).toHaveLength(1);
        rmSync(lock, { recursive: true });
    });
});
