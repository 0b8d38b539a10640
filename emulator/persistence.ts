/**
 * Keeps the store in a JSON file so separate processes (one per `pulumi` command) see the same
 * channels. Writes go to a temp file that is renamed over the target, so a reader or a crash never
 * sees half a file.
 */
import { promises as fs, readFileSync } from "node:fs";
import * as path from "node:path";
import type { PersistedState, Store } from "./store";

/** Saves happen at most this long after a mutation. */
export const SAVE_DEBOUNCE_MS = 50;

/** Loads `statePath` into the store when the file exists. A corrupt file is an error, never overwritten. */
export function loadState(store: Store, statePath: string): boolean {
    let text: string;
    try {
        text = readFileSync(statePath, "utf8");
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
    }
    let state: PersistedState;
    try {
        state = JSON.parse(text) as PersistedState;
    } catch (error) {
        throw new Error(`emulator state file ${statePath} is not valid JSON (${(error as Error).message}); fix or delete it`);
    }
    store.load(state);
    return true;
}

export class StateSaver {
    private timer: NodeJS.Timeout | undefined;
    private writing: Promise<void> = Promise.resolve();
    private tempCounter = 0;

    constructor(
        private readonly store: Store,
        private readonly statePath: string,
        private readonly log: (line: string) => void,
    ) {
        store.onChange(() => this.schedule());
    }

    private schedule(): void {
        if (this.timer) return;
        this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.save().catch((error: unknown) => this.log(`state save failed: ${(error as Error).message}`));
        }, SAVE_DEBOUNCE_MS);
    }

    /** Serialised so two saves never race on the temp file or finish out of order. */
    private save(): Promise<void> {
        const next = this.writing.then(async () => {
            const json = JSON.stringify(this.store.toJSON(), null, 2);
            const temp = path.join(
                path.dirname(this.statePath),
                `.${path.basename(this.statePath)}.${process.pid}.${++this.tempCounter}.tmp`,
            );
            await fs.writeFile(temp, json + "\n", "utf8");
            await fs.rename(temp, this.statePath);
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
