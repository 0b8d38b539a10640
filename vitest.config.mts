import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // The real-CLI suite runs on its own: `npm run test:cli` (vitest.cli.config.mts).
        exclude: [...configDefaults.exclude, "test/cli-e2e/**"],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        // Provider-host tests spawn child processes; two cores are all CI has.
        maxWorkers: 2,
    },
});
