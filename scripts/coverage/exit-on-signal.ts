/**
 * Preloaded into every Node process of `npm run coverage` (NODE_OPTIONS=--require): V8 writes the
 * NODE_V8_COVERAGE counts of a process only when it exits normally, and the plugin, the
 * dynamic-provider host and vitest's workers end on SIGTERM (the engine's, the harness's or
 * vitest's `kill()`), which ends them without a word. Here such a signal first writes the counts
 * (`v8.takeCoverage`), then, when nothing else handles it, exits as the signal would have.
 *
 * A preload rather than a handler in the entries: the dynamic-provider host's entry is
 * @pulumi/pulumi's `cmd/dynamic-provider`, not ours, and the product's processes should not carry
 * code that only the coverage run needs.
 */
import { constants } from "node:os";
import { takeCoverage } from "node:v8";

// Captured now: vitest's workers and some tests replace process.exit.
const exit = process.exit.bind(process);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
        takeCoverage();
        // A process with a handler of its own (the emulator's CLI) ends itself: leave that to it.
        if (process.listenerCount(signal) === 1) exit(128 + constants.signals[signal]);
    });
}
