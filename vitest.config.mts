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
        // `npm run coverage` (scripts/coverage/main.ts) turns this on and adds the child processes.
        coverage: {
            provider: "v8",
            include: ["provider/**/*.ts", "emulator/**/*.ts", "dist/provider/**/*.js", "dist/emulator/**/*.js"],
            reporter: ["json"],
            reportsDirectory: "coverage/in-process",
            // A failing test must not hide the figures of all the others.
            reportOnFailure: true,
        },
    },
});
