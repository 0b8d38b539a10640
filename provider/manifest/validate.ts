/**
 * Checks a manifest's plain data and merges `defaults` into each entry. Pure: positions come from
 * the `locate` callback (absent for manifests passed as data). Values are judged only by the zod
 * schemas in CHANNEL_FIELDS — the very ones `check` runs — so a manifest that loads cannot fail
 * `pulumi preview` on its field values.
 */
import { ECHO_LIMIT, echo } from "../tencent/display";
import { CHANNEL_FIELDS, CHANNEL_FIELD_NAMES, type ChannelField } from "../channel/inputs";
import type { ChannelInputs } from "../channel/types";
import type { ManifestProblem } from "./problems";
import { DEFAULTABLE_FIELDS, REQUIRED_ENTRY_FIELDS, TOP_LEVEL_KEYS } from "./shape";
import { suggestKey, unknownKeyHint } from "../kit/suggest";
import type { Locate, PathSegment } from "./yaml-source";

/** One entry with `defaults` applied: exactly what OfficialChannel receives. */
export type ManifestChannel = ChannelInputs & { channelId: string };

/** A manifest that passed every check; field values already passed the same zod schemas `check` runs. */
export interface ValidatedManifest {
    /** The `defaults` block, reduced to the fields it may set (empty when absent). */
    defaults: Partial<ChannelInputs>;
    /** Every entry, in file order, with `defaults` merged in field by field. */
    channels: ManifestChannel[];
}

/** Either the validated manifest or every problem found, sorted by position in the file. */
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

/** `channels[2].name`; keys that are not short identifiers (only unknown keys can be) are quoted and clipped. */
export function formatPath(path: readonly PathSegment[]): string {
    return path
        .map((segment, index) => {
            if (typeof segment === "number") return `[${segment}]`;
            // A long key is quoted, so echo bounds it like any other value.
            if (segment.length <= ECHO_LIMIT && /^[A-Za-z_$][\w$]*$/.test(segment)) return index === 0 ? segment : `.${segment}`;
            return `[${echo(segment)}]`;
        })
        .join("");
}

const fieldIssues = (field: ChannelField, value: unknown): string[] => {
    const result = CHANNEL_FIELDS[field].schema.safeParse(value);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

/** Collects problems in discovery order; positions come from `locate` when the manifest had a source. */
class Reporter {
    readonly problems: ManifestProblem[] = [];

    constructor(
        private readonly file: string,
        readonly locate: Locate,
    ) {}

    report(path: readonly PathSegment[], part: "key" | "value", message: string): void {
        const position = this.locate(path, part) ?? { line: 0, column: 0 };
        this.problems.push({ file: this.file, ...position, path: formatPath(path), message });
    }

    /**
     * Reports keys not in `known` (`explain` may give a specific message for a key). Returns the
     * keys it suggested, so a misspelt required field is not also reported as missing.
     */
    checkKeys(
        mapping: Mapping,
        path: PathSegment[],
        known: readonly string[],
        explain: (key: string) => string | undefined = () => undefined,
    ): Set<string> {
        const suggested = new Set<string>();
        for (const key of Object.keys(mapping)) {
            if (known.includes(key)) continue;
            const suggestion = suggestKey(key, known);
            if (suggestion) suggested.add(suggestion);
            const message = explain(key) ?? `unknown key; ${unknownKeyHint(suggestion, known)}`;
            this.report([...path, key], "key", message);
        }
        return suggested;
    }

    /** Runs each present field's value through its CHANNEL_FIELDS schema. */
    checkFields(mapping: Mapping, path: PathSegment[], fields: readonly ChannelField[]): void {
        for (const field of fields) {
            if (!(field in mapping)) continue;
            for (const message of fieldIssues(field, mapping[field])) this.report([...path, field], "value", message);
        }
    }
}

/**
 * Checks a manifest's plain data (as parsed from YAML or JSON, or passed in) and merges `defaults`
 * into each entry. Never throws: every problem is returned at once, in document order (discovery
 * order when `locate` is absent, as for data passed in memory).
 *
 * @param file - the name problems carry, e.g. the path as given or "<object>".
 * @param locate - maps a path to a line and column; without it every position is 0.
 */
export function validateManifestData(data: unknown, file: string, locate: Locate = () => undefined): ValidationResult {
    const reporter = new Reporter(file, locate);
    if (!isMapping(data)) {
        reporter.report(
            [],
            "value",
            data === null || data === undefined
                ? "the manifest is empty; it needs a `channels:` list"
                : `must be a mapping with a \`channels:\` list (got ${kindOf(data)})`,
        );
        return { ok: false, problems: reporter.problems };
    }
    const topSuggested = checkTopLevel(data, reporter);
    const defaults = checkDefaults(data, reporter);
    const entries = checkChannelList(data, topSuggested, reporter);
    const duplicates = new DuplicateIds(reporter);
    const channels: ManifestChannel[] = [];
    for (const [index, entry] of entries.entries()) {
        const merged = checkEntry(entry, index, defaults, reporter);
        if (merged === undefined) continue;
        duplicates.check(entry as Mapping, index);
        channels.push(merged);
    }

    if (reporter.problems.length > 0) return { ok: false, problems: reporter.problems.sort(byPosition) };
    const knownDefaults: Mapping = {};
    for (const field of DEFAULTABLE_FIELDS) if (field in defaults) knownDefaults[field] = defaults[field];
    return { ok: true, manifest: { defaults: knownDefaults as Partial<ChannelInputs>, channels } };
}

/** Unknown top-level keys and a non-string `$schema`; returns the keys suggested for misspellings. */
function checkTopLevel(data: Mapping, reporter: Reporter): Set<string> {
    const suggested = reporter.checkKeys(data, [], TOP_LEVEL_KEYS);
    if ("$schema" in data && typeof data.$schema !== "string")
        reporter.report(["$schema"], "value", `must be a string (got ${kindOf(data.$schema)})`);
    return suggested;
}

/** The `defaults` block, checked like an entry minus `channelId`; empty when absent, null or not a mapping. */
function checkDefaults(data: Mapping, reporter: Reporter): Mapping {
    if (!("defaults" in data)) return {};
    if (!isMapping(data.defaults)) {
        if (data.defaults !== null)
            reporter.report(["defaults"], "value", `must be a mapping of channel fields (got ${kindOf(data.defaults)})`);
        return {};
    }
    const defaults = data.defaults;
    reporter.checkKeys(defaults, ["defaults"], DEFAULTABLE_FIELDS, (key) =>
        key === "channelId" ? "cannot be set in `defaults`: every channel needs its own ID" : undefined,
    );
    reporter.checkFields(defaults, ["defaults"], DEFAULTABLE_FIELDS);
    return defaults;
}

/**
 * The `channels` list: required (unless a misspelt key was already suggested as `channels`), a list
 * and not empty. Returns its entries, or none when it is not a list.
 */
function checkChannelList(data: Mapping, topSuggested: Set<string>, reporter: Reporter): unknown[] {
    if (!("channels" in data)) {
        if (!topSuggested.has("channels")) reporter.report([], "value", "`channels` is required: a list of channel entries");
    } else if (!Array.isArray(data.channels)) {
        reporter.report(["channels"], "value", `must be a list of channel entries (got ${kindOf(data.channels)})`);
    } else if (data.channels.length === 0) {
        reporter.report(["channels"], "value", "must list at least one channel");
    }
    return Array.isArray(data.channels) ? data.channels : [];
}

/**
 * One entry: its keys, its field values and its required fields (which `defaults` may supply).
 * Returns the entry with `defaults` merged in, or undefined when the entry is not a mapping.
 */
function checkEntry(entry: unknown, index: number, defaults: Mapping, reporter: Reporter): ManifestChannel | undefined {
    const path: PathSegment[] = ["channels", index];
    if (!isMapping(entry)) {
        reporter.report(path, "value", `must be a mapping of channel fields (got ${kindOf(entry)})`);
        return undefined;
    }
    const suggested = reporter.checkKeys(entry, path, CHANNEL_FIELD_NAMES);
    reporter.checkFields(entry, path, CHANNEL_FIELD_NAMES);
    for (const field of REQUIRED_ENTRY_FIELDS) {
        if (field in entry || field in defaults || suggested.has(field)) continue;
        const hint = field === "channelId" ? "in a manifest: logical names derive from it" : "(set it here or in `defaults`)";
        reporter.report([...path, field], "value", `is required ${hint}`);
    }
    const merged: Mapping = {};
    for (const field of CHANNEL_FIELD_NAMES) {
        if (field in entry) merged[field] = entry[field];
        else if (field in defaults) merged[field] = defaults[field];
    }
    // Only returned when no problem was found, i.e. every field passed its schema.
    return merged as unknown as ManifestChannel;
}

/** Reports a channel ID declared twice, at the second entry, pointing back at the first. */
class DuplicateIds {
    private readonly firstIndexOfId = new Map<string, number>();

    constructor(private readonly reporter: Reporter) {}

    check(entry: Mapping, index: number): void {
        const id = entry.channelId;
        if (typeof id !== "string") return;
        const first = this.firstIndexOfId.get(id);
        if (first === undefined) {
            this.firstIndexOfId.set(id, index);
            return;
        }
        const line = this.reporter.locate(["channels", first, "channelId"], "value")?.line;
        const where = line ? `line ${line} (${formatPath(["channels", first])})` : formatPath(["channels", first]);
        this.reporter.report(
            ["channels", index, "channelId"],
            "value",
            `duplicate channel ID ${echo(id)}; first declared at ${where}`,
        );
    }
}

/** Document order; Array.prototype.sort is stable, so problems without positions keep discovery order. */
const byPosition = (a: ManifestProblem, b: ManifestProblem) => a.line - b.line || a.column - b.column;
