/**
 * One app for the plugin tests: an emulator on 127.0.0.1, the plugin started as the engine starts
 * it, the provider config a stack would give it, and a console client for out-of-band changes.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import * as os from "node:os";
import path from "node:path";
import type { EmulatorHandle } from "../../emulator/index";
import type { ChatClient } from "../../provider/api/types";
import { cleanEnv, PluginProcess, secret, type Props } from "../../scripts/engine/plugin-host";
import { emulatorModule, pkg, repoRoot } from "../support/dist";

export const PROJECT_DIR = path.join(repoRoot, "examples/yaml");
/** The plugin processes' cache directory (the create journal lives there), apart from the user's. */
export const CACHE = mkdtempSync(path.join(os.tmpdir(), "plugin-cache-"));
/** The key under which the engine marks special values (secrets, output values). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";

export interface App {
    emulator: EmulatorHandle;
    plugin: PluginProcess;
    console: ChatClient;
    secretKey: string;
    config: Props;
}

/** An emulator for `sdkAppId` with users ops, ops2, u1 and u2, and a plugin process not yet configured. */
export async function startApp(sdkAppId: number): Promise<App> {
    const secretKey = randomBytes(32).toString("hex");
    const emulator = await emulatorModule.startEmulator({ sdkAppId, secretKey, users: ["ops", "ops2", "u1", "u2"] });
    // A cache directory of its own: the journal of create attempts is this app's, like one machine's.
    const plugin = await PluginProcess.start({ cwd: PROJECT_DIR, env: cleanEnv({ XDG_CACHE_HOME: CACHE }) });
    const config = { sdkAppId: String(sdkAppId), secretKey: secret(secretKey), endpoint: emulator.url, retryBaseMs: "5" };
    const console = pkg.createChatClient({ sdkAppId, secretKey, endpoint: emulator.url });
    return { emulator, plugin, console, secretKey, config };
}

/** Everything a plugin said (gRPC responses, errors, printed lines) with values the engine sent or got as secrets blanked out. */
export function everythingSaid(plugin: PluginProcess): string {
    const blank = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(blank);
        if (value && typeof value === "object") {
            const o = value as Props;
            if (o[SIG_KEY] !== undefined) return "[secret]";
            return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, blank(v)]));
        }
        return value;
    };
    const said = plugin.transcript.map((t) => ({ method: t.method, response: t.response, error: t.error }));
    return JSON.stringify(blank(said)) + "\n" + plugin.output.join("\n");
}
