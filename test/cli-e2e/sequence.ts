/**
 * The sequence Pulumi's own providers run against every example under the real CLI (ProgramTest,
 * providertest): preview, up, preview --expect-no-changes, refresh --expect-no-changes, a console
 * edit, refresh showing exactly that field, up restoring it, stack export/import round trip,
 * destroy, nothing left on the emulator.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { EmulatorHandle } from "../../emulator/index";
import { pkg } from "../support/dist";
import { changedProperties, type CliProject } from "./support";

/** An out-of-band change, as a console user makes it, and how to tell it was undone. */
export interface ConsoleEdit {
    /** The property the edit changes, as the CLI names it in a diff. */
    field: string;
    /** The value written behind Pulumi's back. */
    value: string;
    apply(): Promise<void>;
    /** The live value of `field` now. */
    live(): Promise<string | undefined>;
    /** The declared value, which `up` must restore. */
    declared: string;
}

/** What the sequence printed at its interesting steps, for transcripts. */
export interface SequenceTranscript {
    up: string;
    refreshDrift: string;
    upRestore: string;
    destroy: string;
}

/**
 * Makes `@TOA#_console` as a console user would (owner ops, `extra` on top), then `pulumi import`s it
 * as `consoleChannel`, the generated code written to `out`. Returns the CLI's output, which must
 * report the one import.
 */
export async function importConsoleChannel(
    project: CliProject,
    emulator: EmulatorHandle,
    out: string,
    extra: { customString?: string } = {},
): Promise<string> {
    const console = pkg.createChatClient({ ...emulator.settings, endpoint: emulator.url });
    await console.createChannel({
        channelId: "@TOA#_console",
        owner: "ops",
        name: "Made in the console",
        introduction: "by hand",
        ...extra,
    });
    const imported = await project.ok(
        "import",
        "tencent-chat:index:OfficialChannel",
        "consoleChannel",
        "@TOA#_console",
        "--yes",
        "--out",
        out,
    );
    expect(imported).toMatch(/= 1 imported/);
    return imported;
}

/** Runs the whole sequence on a configured stack; the emulators must be empty at the end. */
export async function providerSequence(
    project: CliProject,
    options: { edit: ConsoleEdit; emulators: EmulatorHandle[]; afterUp?: () => void | Promise<void> },
): Promise<SequenceTranscript> {
    const { edit, emulators } = options;
    expect(await project.ok("preview")).toMatch(/\+ \d+ to create/);
    const up = await project.ok("up", "--yes");
    expect(up).toMatch(/\+ \d+ created/);
    await options.afterUp?.();
    await project.ok("preview", "--expect-no-changes");
    await project.ok("refresh", "--yes", "--expect-no-changes");

    await edit.apply();
    const drift = await project.run(["refresh", "--yes", "--diff"]);
    expect(drift.status, drift.output).toBe(0);
    // Exactly the edited field, once in the refresh's preview and once in the refresh itself.
    expect(changedProperties(drift.stdout)).toEqual([edit.field, edit.field]);
    expect(drift.stdout).toContain(JSON.stringify(edit.value));
    expect(drift.stdout).toMatch(/~ 1 updated/);

    const upRestore = await project.ok("up", "--yes", "--diff");
    expect(changedProperties(upRestore)).toContain(edit.field);
    expect(await edit.live()).toBe(edit.declared);
    await project.ok("preview", "--expect-no-changes");

    await exportImportRoundTrip(project);
    await project.ok("preview", "--expect-no-changes");

    const destroy = await project.ok("destroy", "--yes");
    expect(destroy).toMatch(/- \d+ deleted/);
    for (const emulator of emulators) expect(emulator.channels()).toEqual([]);
    await project.ok("stack", "rm", "--yes");
    return { up, refreshDrift: drift.stdout, upRestore, destroy };
}

/** `stack export` then `stack import` of the same file: the state survives the CLI's own serialization. */
export async function exportImportRoundTrip(project: CliProject): Promise<void> {
    const file = path.join(project.dir, "..", "state.json");
    await project.ok("stack", "export", "--file", file);
    const exported = readFileSync(file, "utf8");
    writeFileSync(file, exported);
    await project.ok("stack", "import", "--file", file);
    await project.ok("stack", "export", "--file", `${file}.again`);
    const again = JSON.parse(readFileSync(`${file}.again`, "utf8"));
    expect(withoutCiphertext(again.deployment.resources)).toEqual(withoutCiphertext(JSON.parse(exported).deployment.resources));
}

/** The engine's secret signature: each export encrypts a secret afresh, so only where secrets stand is compared. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function withoutCiphertext(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutCiphertext);
    if (value === null || typeof value !== "object") return value;
    if (SECRET_SIG in value) return "[secret]";
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutCiphertext(v)]));
}

/**
 * Plays someone else in the console: destroys the channel at `channelId` and creates another under
 * the same ID, owned by alice, with `subscribers`. Returns what the emulator holds, to compare after
 * each command: the ID, owner, name and subscribers of every channel.
 */
export async function recreateAsSomeoneElse(emulator: EmulatorHandle, channelId: string, subscribers: string[]) {
    emulator.importUsers(["alice", ...subscribers]);
    const console = pkg.createChatClient({ ...emulator.settings, endpoint: emulator.url });
    await console.destroyChannel(channelId);
    await console.createChannel({ channelId, owner: "alice", name: "Alice's" });
    await console.addSubscribers(channelId, subscribers);
    const held = () => emulator.channels().map((c) => [c.channelId, c.owner, c.name, c.subscribers.map((s) => s.userId).sort()]);
    return { held, expected: [[channelId, "alice", "Alice's", [...subscribers].sort()]] };
}
