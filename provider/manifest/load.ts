/** `loadManifest`: read, parse and validate a channel manifest, reporting every problem at once. */
import path from "node:path";
import type { ChannelInputs } from "../channel/types";
import { rememberConfiguredSecrets } from "../config";
import { ManifestError } from "./problems";
import { readManifestFile } from "./read-file";
import { validateManifestData, type ManifestChannel, type ValidationResult } from "./validate";
import { parseManifestText } from "./yaml-source";

export type { ManifestChannel } from "./validate";

/**
 * A manifest that passed every check, as loadManifest returns it; OfficialChannelSet takes it
 * without validating again. `channels` are ready to pass to OfficialChannel as they are.
 */
export interface ChannelManifest {
    /** The manifest's file name as given (or `options.fileName`), or "<object>" for data. */
    source: string;
    /** The validated `defaults` block (empty when absent). */
    defaults: Partial<ChannelInputs>;
    /** Every entry, in file order, with `defaults` merged in field by field. */
    channels: ManifestChannel[];
}

/** Options for {@link loadManifest}. */
export interface LoadManifestOptions {
    /** Name used for the manifest in problems and `source` (e.g. the file name of data you parsed yourself). */
    fileName?: string;
}

/** Manifests this module produced, so OfficialChannelSet can take one without validating it again. */
const loaded = new WeakSet<ChannelManifest>();

/**
 * True only for a manifest object returned by loadManifest in this process (not a look-alike built
 * by hand or copied), so OfficialChannelSet can skip validating it again.
 */
export function isLoadedManifest(value: unknown): value is ChannelManifest {
    return typeof value === "object" && value !== null && loaded.has(value as ChannelManifest);
}

/**
 * Loads a channel manifest from a YAML or JSON file (a relative path resolves against the working
 * directory, which Pulumi sets to the project's), or validates manifest data already in memory.
 * The file must be a regular file of at most 16 MiB in UTF-8; anything else is refused unread.
 *
 * @throws {ManifestError} listing every problem as `file:line:column: path: message`.
 * @example
 * ```ts
 * const manifest = loadManifest("channels.yaml");
 * manifest.channels.map((c) => c.channelId);
 * ```
 */
export function loadManifest(pathOrObject: string | object, options: LoadManifestOptions = {}): ChannelManifest {
    if (typeof pathOrObject === "string") {
        const file = options.fileName ?? pathOrObject;
        // A SecretKey pasted into the file (a .env passed by mistake) must be masked in our messages.
        rememberConfiguredSecrets();
        const read = readManifestFile(path.resolve(pathOrObject));
        if (!read.ok) throw new ManifestError([{ file, path: "", ...read.problem }]);
        const parsed = parseManifestText(read.text);
        if (!parsed.ok) throw new ManifestError(parsed.problems.map((problem) => ({ file, path: "", ...problem })));
        return finish(file, validateManifestData(parsed.data, file, parsed.locate));
    }
    const file = options.fileName ?? "<object>";
    return finish(file, validateManifestData(pathOrObject, file));
}

function finish(source: string, result: ValidationResult): ChannelManifest {
    if (!result.ok) throw new ManifestError(result.problems);
    const manifest: ChannelManifest = { source, ...result.manifest };
    loaded.add(manifest);
    return manifest;
}
