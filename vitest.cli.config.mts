import { defineConfig } from "vitest/config";

// `npm run test:cli`: the real-CLI suite (test/cli-e2e), apart from `npm test`. Each test drives
// the Pulumi CLI, which runs the engine, provider hosts and the emulator's clients at once.
export default defineConfig({
    test: {
        include: ["test/cli-e2e/**/*.test.ts"],
        testTimeout: 600_000,
        hookTimeout: 120_000,
        maxWorkers: 2,
    },
});
