/**
 * Checks a manifest's plain data and merges `defaults` into each entry. Pure: positions come from
 * the `locate` callback (absent for manifests passed as data). Values are judged only by the zod
 * schemas in CHANNEL_FIELDS — the very ones `check` runs — so a manifest that loads cannot fail
 * `pulumi preview` on its field values.
 */
import { echo } from "../api/display";
import { CHANNEL_FIELDS, CHANNEL_FIELD_NAMES, type ChannelField, type ChannelInputs } from "../channel/inputs";
import type { ManifestProblem } from "./problems";
import { DEFAULTABLE_FIELDS, REQUIRED_ENTRY_FIELDS, TOP_LEVEL_KEYS } from "./shape";
import { suggestKey } from "./suggest";
import type { Locate, PathSegment } from "./yaml-source";

/** One entry with `defaults` applied: exactly what OfficialChannel receives. */
export type ManifestChannel = ChannelInputs & { channelId: string };

export interface ValidatedManifest {
    defaults: Partial<ChannelInputs>;
    channels: ManifestChannel[];
}

export type ValidationResult = { ok: true; manifest: ValidatedManifest } | { ok: false; problems: ManifestProblem[] };

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping => typeof value === "object" && value !== null && !Array.isArray(value);

function kindOf(value: unknown): string {
    if (value === null || value === undefined) return "nothing";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "a mapping";
    // Echoed by the one rule: a whole file read as one string (a .env, /proc/self/environ) is cut
    // to a line, its control characters escaped and the SecretKey masked.
    return `${typeof value} ${echo(value)}`;
}

/** `channels[2].name`; keys that are not identifiers (only unknown keys can be) are quoted. */
export function formatPath(path: readonly PathSegment[]): string {
    return path
        .map((segment, index) => {
            if (typeof segment === "number") return `[${segment}]`;
            if (/^[A-Za-z_$][\w$]*$/.test(segment)) return index === 0 ? segment : `.${segment}`;
            return `[${echo(segment)}]`;
        })
        .join("");
}

const fieldIssues = (field: ChannelField, value: unknown): string[] => {
    const result = CHANNEL_FIELDS[field].schema.safeParse(value);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

export function validateManifestData(data: unknown, file: string, locate: Locate = () => undefined): ValidationResult {
    const problems: ManifestProblem[] = [];
    const report = (path: readonly PathSegment[], part: "key" | "value", message: string) => {
        const position = locate(path, part) ?? { line: 0, column: 0 };
        problems.push({ file, ...position, path: formatPath(path), message });
    };

    /**
     * Reports keys not in `known` (`explain` may give a specific message for a key). Returns the
     * keys it suggested, so a misspelt required field is not also reported as missing.
     */
    const checkKeys = (
        mapping: Mapping,
        path: PathSegment[],
        known: readonly string[],
        explain: (key: string) => string | undefined = () => undefined,
    ) => {
        const suggested = new Set<string>();
        for (const key of Object.keys(mapping)) {
            if (known.includes(key)) continue;
            const suggestion = suggestKey(key, known);
            if (suggestion) suggested.add(suggestion);
            const message =
                explain(key) ??
                (suggestion
                    ? `unknown key; did you mean \`${suggestion}\`?`
                    : `unknown key; expected one of ${known.map((k) => `\`${k}\``).join(", ")}`);
            report([...path, key], "key", message);
        }
        return suggested;
    };

    const checkFields = (mapping: Mapping, path: PathSegment[], fields: readonly ChannelField[]) => {
        for (const field of fields) {
            if (!(field in mapping)) continue;
            for (const message of fieldIssues(field, mapping[field])) report([...path, field], "value", message);
        }
    };

    if (!isMapping(data)) {
        report(
            [],
            "value",
            data === null || data === undefined
                ? "the manifest is empty; it needs a `channels:` list"
                : `must be a mapping with a \`channels:\` list (got ${kindOf(data)})`,
        );
        return { ok: false, problems };
    }
    const topSuggested = checkKeys(data, [], TOP_LEVEL_KEYS);
    if ("$schema" in data && typeof data.$schema !== "string")
        report(["$schema"], "value", `must be a string (got ${kindOf(data.$schema)})`);

    let defaults: Mapping = {};
    if ("defaults" in data) {
        if (isMapping(data.defaults)) {
            defaults = data.defaults;
            checkKeys(defaults, ["defaults"], DEFAULTABLE_FIELDS, (key) =>
                key === "channelId" ? "cannot be set in `defaults`: every channel needs its own ID" : undefined,
            );
            checkFields(defaults, ["defaults"], DEFAULTABLE_FIELDS);
        } else if (data.defaults !== null) {
            report(["defaults"], "value", `must be a mapping of channel fields (got ${kindOf(data.defaults)})`);
        }
    }

    const channels: ManifestChannel[] = [];
    if (!("channels" in data)) {
        if (!topSuggested.has("channels")) report([], "value", "`channels` is required: a list of channel entries");
    } else if (!Array.isArray(data.channels)) {
        report(["channels"], "value", `must be a list of channel entries (got ${kindOf(data.channels)})`);
    } else if (data.channels.length === 0) {
        report(["channels"], "value", "must list at least one channel");
    }
    const entries: unknown[] = Array.isArray(data.channels) ? data.channels : [];
    const firstIndexOfId = new Map<string, number>();

    for (const [index, entry] of entries.entries()) {
        const path: PathSegment[] = ["channels", index];
        if (!isMapping(entry)) {
            report(path, "value", `must be a mapping of channel fields (got ${kindOf(entry)})`);
            continue;
        }
        const suggested = checkKeys(entry, path, CHANNEL_FIELD_NAMES);
        checkFields(entry, path, CHANNEL_FIELD_NAMES);
        for (const field of REQUIRED_ENTRY_FIELDS) {
            if (field in entry || field in defaults || suggested.has(field)) continue;
            const hint = field === "channelId" ? "in a manifest: logical names derive from it" : "(set it here or in `defaults`)";
            report([...path, field], "value", `is required ${hint}`);
        }

        const id = entry.channelId;
        if (typeof id === "string") {
            const first = firstIndexOfId.get(id);
            if (first === undefined) firstIndexOfId.set(id, index);
            else {
                const firstPath = ["channels", first, "channelId"];
                const line = locate(firstPath, "value")?.line;
                const where = line ? `line ${line} (${formatPath(["channels", first])})` : formatPath(["channels", first]);
                report([...path, "channelId"], "value", `duplicate channel ID ${echo(id)}; first declared at ${where}`);
            }
        }

        const merged: Mapping = {};
        for (const field of CHANNEL_FIELD_NAMES) {
            if (field in entry) merged[field] = entry[field];
            else if (field in defaults) merged[field] = defaults[field];
        }
        // Only returned when no problem was found, i.e. every field passed its schema.
        channels.push(merged as unknown as ManifestChannel);
    }

    if (problems.length > 0) return { ok: false, problems: problems.sort(byPosition) };
    const knownDefaults: Mapping = {};
    for (const field of DEFAULTABLE_FIELDS) if (field in defaults) knownDefaults[field] = defaults[field];
    return { ok: true, manifest: { defaults: knownDefaults as Partial<ChannelInputs>, channels } };
}

/** Document order; Array.prototype.sort is stable, so problems without positions keep discovery order. */
const byPosition = (a: ManifestProblem, b: ManifestProblem) => a.line - b.line || a.column - b.column;
