/**
 * What each channel costs in the stack's state: its outputs plus `__provider`, the text Pulumi's
 * serializer stores with every dynamic resource and the engine writes again as steps complete.
 * How `__provider` was captured depends on where the package was loaded from (see
 * provider/dynamic/provider-form.ts providerFor): by reference when installed under node_modules, by value when
 * linked, as this repository is to itself.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { StateEntry } from "../engine/engine";
import { serializeProvider } from "../engine/host";
import { repoRoot } from "./harness";

/** How the serializer captured the provider: as a `require` of the installed package, or copied by value. */
export type ProviderCapture = "reference" | "value";

/** Per-channel state size, bytes of JSON; means over the channels measured. */
export interface StateBytes {
    capture: ProviderCapture;
    /** `__provider` as this run's layout serialized it. */
    providerBytes: number;
    /** A channel's outputs without `__provider`. */
    outputsBytes: number;
    /** outputsBytes + providerBytes. */
    perChannelBytes: number;
    /** The same figures for an installed package, measured on a copy of the facade under a temporary node_modules. */
    installed: { providerBytes: number; perChannelBytes: number };
}

/**
 * The serializer writes a module captured by reference as a top-level `const … = require("…")`
 * import; a provider copied by value has none (its requires sit inside the copied methods).
 */
export function captureOf(text: string): ProviderCapture {
    return /^const \w+ = require\("[^"]+"\);$/m.test(text) ? "reference" : "value";
}

/**
 * `__provider` of an installed package: the channel facade and its loader copied, with package.json,
 * into `<tmp>/node_modules/pulumi-tencent-chat`, loaded from there and serialized. The serializer may
 * write the facade's file path instead of `pulumi-tencent-chat/host/channel` when it cannot find that
 * copy's package.json from its own install (as here); either resolves through the package's exports.
 */
export async function installedProviderText(): Promise<string> {
    const root = mkdtempSync(path.join(os.tmpdir(), "bench-installed-"));
    try {
        const pkg = path.join(root, "node_modules/pulumi-tencent-chat");
        mkdirSync(path.join(pkg, "dist/provider/host"), { recursive: true });
        cpSync(path.join(repoRoot, "package.json"), path.join(pkg, "package.json"));
        for (const file of ["channel.js", "load.js"]) {
            cpSync(path.join(repoRoot, "dist/provider/host", file), path.join(pkg, "dist/provider/host", file));
        }
        const facade = require(path.join(pkg, "dist/provider/host/channel.js")) as object;
        return await serializeProvider(facade);
    } finally {
        rmSync(root, { recursive: true, force: true });
    }
}

/** Mean bytes per channel over `channels` (state entries after a create), in this layout and installed. */
export function stateBytes(channels: StateEntry[], providerText: string, installedText: string): StateBytes {
    const outputs = channels.map(({ outputs: { __provider: _, ...rest } }) => Buffer.byteLength(JSON.stringify(rest)));
    const outputsBytes = Math.round(outputs.reduce((a, b) => a + b, 0) / Math.max(1, outputs.length));
    const providerBytes = Buffer.byteLength(providerText);
    const installedBytes = Buffer.byteLength(installedText);
    return {
        capture: captureOf(providerText),
        providerBytes,
        outputsBytes,
        perChannelBytes: outputsBytes + providerBytes,
        installed: { providerBytes: installedBytes, perChannelBytes: outputsBytes + installedBytes },
    };
}
