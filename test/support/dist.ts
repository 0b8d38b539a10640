/**
 * The compiled package, loaded with Node's own require. Pulumi serializes the provider from real
 * CommonJS modules; vitest-transformed sources cannot be closure-serialized (notes §7), and the
 * engine runs the tsc output anyway. `npm test` builds before running vitest.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { existsSync } from "node:fs";

export const repoRoot = path.resolve(__dirname, "../..");
const requireDist = createRequire(path.join(repoRoot, "package.json"));

if (!existsSync(path.join(repoRoot, "dist/provider/index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does it) before the tests.");
}

type Package = typeof import("../../provider/index");
type HostModule = typeof import("../../scripts/engine/host");
type EngineModule = typeof import("../../scripts/engine/engine");
type EmulatorModule = typeof import("../../emulator/index");

/** Resolved by package name through node_modules, as a user's program does. */
export const pkg = requireDist("pulumi-tencent-chat") as Package;
export const hostDriver = requireDist("./dist/scripts/engine/host.js") as HostModule;
export const engineDriver = requireDist("./dist/scripts/engine/engine.js") as EngineModule;
export const emulatorModule = requireDist("./dist/emulator/index.js") as EmulatorModule;

export const CHANNEL_TYPE = "pulumi-nodejs:dynamic/tencent-chat:OfficialChannel";
