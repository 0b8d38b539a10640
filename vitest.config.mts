import { configDefaults, defineConfig } from "vitest/config";

/**
 * Test files that touch no process-wide state (no pulumi.runtime.setMocks, environment variables,
 * NODE_DEBUG, fake timers or module mocks) and start no provider host: they share worker processes
 * instead of paying a fresh one each (module loading was most of their time: 20 s of CPU isolated,
 * 7 s shared, measured on these files). Everything else keeps per-file isolation.
 * test/manifest/ is not among them: its helpers' scratch directory is removed by the first file's
 * afterAll, and a shared process keeps the module (ENOENT in the next file).
 */
const SHARED = [
    "test/emulator/**/*.test.ts",
    "test/kit/**/*.test.ts",
    "test/channel/{deciders,diff,check}.test.ts",
    "test/plugin/{deciders,schema,field-derivations}.test.ts",
    "test/api/{codes,display,wire-fixtures,batcher,paging-bounds,subscribed-list,untrusted-remote,read-hygiene,endpoint-errors}.test.ts",
    "test/config/{settings-problems,short-secret-key.property}.test.ts",
];

export default defineConfig({
    test: {
        // The real-CLI suite runs on its own: `npm run test:cli` (vitest.cli.config.mts).
        exclude: [...configDefaults.exclude, "test/cli-e2e/**"],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        // Provider-host tests spawn child processes; two cores are all CI has.
        maxWorkers: 2,
        // A test that asserts nothing fails (test/support/has-assertions.ts).
        setupFiles: ["test/support/has-assertions.ts"],
        projects: [
            { extends: true, test: { name: "shared", include: SHARED, isolate: false } },
            {
                extends: true,
                test: {
                    name: "isolated",
                    include: ["test/**/*.test.ts"],
                    exclude: [...configDefaults.exclude, "test/cli-e2e/**", ...SHARED],
                },
            },
        ],
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
