/** Writing manifests to a scratch directory and capturing what loadManifest rejects. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { loadManifest, type LoadManifestOptions } from "../../provider/manifest/load";
import { ManifestError } from "../../provider/manifest/problems";
import { repoRoot } from "../../scripts/repo-root";

const scratch = mkdtempSync(path.join(tmpdir(), "manifest-test-"));
// Registered in every test file that imports these helpers: each removes the directory it made.
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let written = 0;

/** One source line per argument, so a test's line numbers are its argument positions. */
export const lines = (...source: string[]): string => `${source.join("\n")}\n`;

export function writeManifest(text: string, extension = "yaml"): string {
    const file = path.join(scratch, `manifest-${++written}.${extension}`);
    writeFileSync(file, text);
    return file;
}

/** The error loadManifest throws; fails the test when the manifest is accepted. */
export function rejection(source: string | object, options?: LoadManifestOptions): ManifestError {
    try {
        loadManifest(source, options);
    } catch (error) {
        if (error instanceof ManifestError) return error;
        throw error;
    }
    throw new Error("expected the manifest to be rejected, but it loaded");
}

/** Problems of YAML text saved as `channels.yaml`. */
export const yamlRejection = (text: string, extension = "yaml") =>
    rejection(writeManifest(text, extension), { fileName: `channels.${extension}` });

export { repoRoot };
export const EXAMPLE_MANIFEST = path.join(repoRoot, "examples/manifest/channels.yaml");

/** Every field exactly at its limit, in bytes as Tencent counts them. */
export const AT_THE_LIMITS = {
    channelId: `@TOA#_${"a".repeat(42)}`, // 48 bytes
    owner: "o".repeat(32),
    name: "工".repeat(50), // 150 bytes
    introduction: "😀".repeat(100), // 400 bytes
    faceUrl: `https://example.com/${"f".repeat(480)}`, // 500 bytes
    organization: "組".repeat(166) + "xx", // 500 bytes
    customString: "x".repeat(3000),
    maxSubscribers: 1,
    adopt: true,
    allowReplace: false,
};
