/**
 * Regenerates the committed JSON Schema. From the repository root, after a build:
 * `node dist/provider/manifest/write-schema.js [output]`. test/manifest fails while the committed
 * file is stale, so a change to CHANNEL_FIELDS cannot ship with an outdated schema.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { renderManifestJsonSchema } from "./json-schema";

/** Where the committed JSON Schema lives, relative to the repository root (the default output). */
export const SCHEMA_FILE = "schema/channel-manifest.schema.json";

if (require.main === module) {
    const target = path.resolve(process.argv[2] ?? SCHEMA_FILE);
    writeFileSync(target, renderManifestJsonSchema());
    console.log(`wrote ${target}`);
}
