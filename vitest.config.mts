import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        // Provider-host tests spawn child processes; two cores are all CI has.
        maxWorkers: 2,
    },
});
