/**
 * The compiled package, loaded with Node's own require. Pulumi serializes the provider from real
 * CommonJS modules; vitest-transformed sources cannot be closure-serialized (notes §7), and the
 * engine runs the tsc output anyway. `npm test` builds before running vitest.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { existsSync } from "node:fs";
import { repoRoot } from "../../scripts/repo-root";

export { repoRoot };
const requireDist = createRequire(path.join(repoRoot, "package.json"));

if (!existsSync(path.join(repoRoot, "dist/provider/index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does it) before the tests.");
}

type Package = typeof import("../../provider/index");
type HostModule = typeof import("../../scripts/engine/host");
type EngineModule = typeof import("../../scripts/engine/engine");
type EmulatorModule = typeof import("../../emulator/index");
type StackFixtureModule = typeof import("../../scripts/engine/stack-fixture");

/**
 * A module loaded on first use. The package and the engine drivers load @pulumi/pulumi (about a
 * second of CPU per test file, each of which runs in its own process); files that only need
 * `repoRoot` or the emulator should not pay for it.
 */
function lazy<T extends object>(id: string): T {
    let loaded: T | undefined;
    const target = () => (loaded ??= requireDist(id) as T);
    return new Proxy({} as T, {
        get: (_, key) => Reflect.get(target(), key),
        has: (_, key) => Reflect.has(target(), key),
        ownKeys: () => Reflect.ownKeys(target()),
        getOwnPropertyDescriptor: (_, key) => {
            const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
            return descriptor && { ...descriptor, configurable: true };
        },
    });
}

/** Resolved by package name through node_modules, as a user's program does. */
export const pkg = lazy<Package>("pulumi-tencent-chat");
export const hostDriver = lazy<HostModule>("./dist/scripts/engine/host.js");
export const engineDriver = lazy<EngineModule>("./dist/scripts/engine/engine.js");
export const emulatorModule = lazy<EmulatorModule>("./dist/emulator/index.js");
/** The one emulator + host + configuration setup, shared with the benchmark and the chaos run. */
export const stackFixture = lazy<StackFixtureModule>("./dist/scripts/engine/stack-fixture.js");

export const CHANNEL_TYPE = "pulumi-nodejs:dynamic/tencent-chat:OfficialChannel";
