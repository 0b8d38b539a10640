/**
 * Parses manifest text with the `yaml` package (which also reads JSON) and keeps the node tree, so
 * that problems found later in the plain data can be pointed at a line and column.
 */
import { clip } from "../tencent/display";
import { LineCounter, Parser, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";

/** One step into the manifest's data: a mapping key or a list index. */
export type PathSegment = string | number;
/** A place in the source text, both 1-based (column in characters). */
export interface Position {
    line: number;
    column: number;
}
/** Where a key (for unknown keys) or a value (for everything else) at `path` sits in the source. */
export type Locate = (path: readonly PathSegment[], part: "key" | "value") => Position | undefined;

/** A YAML (or JSON) syntax error at a position; the message is clipped to 200 characters. */
export interface SyntaxProblem extends Position {
    message: string;
}

/** The parsed data with its {@link Locate} function, or every syntax problem; nothing is validated yet. */
export type ParsedSource = { ok: true; data: unknown; locate: Locate } | { ok: false; problems: SyntaxProblem[] };

/**
 * Deepest nesting of collections a manifest may have. A manifest needs 3 (the top mapping, the
 * `channels` list, an entry); the `yaml` package composes documents recursively and runs out of
 * stack somewhere past a few hundred levels, which it would report as a syntax error.
 */
export const MAX_NESTING_DEPTH = 64;

/**
 * Parses manifest text (YAML 1.2, so JSON too). Never throws: syntax errors, nesting deeper than
 * {@link MAX_NESTING_DEPTH}, and alias expansions the `yaml` package refuses as too large, come back
 * as problems.
 */
export function parseManifestText(text: string): ParsedSource {
    const lineCounter = new LineCounter();
    const nesting = nestingBeyondLimit(text);
    if (nesting !== undefined) {
        const { line, col } = nesting.position;
        const depth = nesting.depth.toLocaleString("en-US");
        return {
            ok: false,
            problems: [
                {
                    line,
                    column: col,
                    message: `collections nest ${depth} levels deep; a manifest may nest at most ${MAX_NESTING_DEPTH} (its channels need 3), and level ${MAX_NESTING_DEPTH + 1} starts here`,
                },
            ],
        };
    }
    // Every node keeps its source range; prettyErrors would fold a code excerpt into each message,
    // and we print positions our own way.
    const doc = parseDocument(text, { lineCounter, prettyErrors: false });
    const position = (offset: number): Position => {
        const { line, col } = lineCounter.linePos(offset);
        return { line, column: col };
    };
    if (doc.errors.length > 0) {
        return {
            ok: false,
            problems: doc.errors.map((error) => ({
                ...position(error.pos[0]),
                message: `YAML syntax error: ${clip(error.message, 200)}`,
            })),
        };
    }
    // An empty document has no node at all; its problems belong at the top of the file.
    const locate: Locate = (path, part) => {
        const found = findNode(doc, path, part);
        return found?.range ? position(found.range[0]) : { line: 1, column: 1 };
    };
    let data: unknown;
    try {
        data = doc.toJS();
    } catch (error) {
        // toJS refuses alias "billion laughs" expansions; that is a problem with the file, not a crash.
        return { ok: false, problems: [{ line: 1, column: 1, message: `YAML error: ${clip((error as Error).message, 200)}` }] };
    }
    return { ok: true, data, locate };
}

/** A token of the `yaml` package's syntax tree (CST), as far as nesting is concerned. */
interface CstToken {
    type?: string;
    offset?: number;
    value?: CstToken | null;
    items?: Array<{ key?: CstToken | null; value?: CstToken | null }>;
}

/**
 * How deep the collections of `text` nest and where the first one past the limit starts (in the
 * text's order), or
 * undefined within the limit. The `yaml` parser that builds the syntax tree works with a stack of
 * its own (no recursion), and so does this walk, so neither can run out of call stack.
 */
function nestingBeyondLimit(text: string): { depth: number; position: { line: number; col: number } } | undefined {
    let deepest = 0;
    let first = Number.POSITIVE_INFINITY;
    const lines = new LineCounter();
    const pending: Array<[CstToken, number]> = [];
    for (const token of new Parser(lines.addNewLine).parse(text)) pending.push([token as CstToken, 0]);
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        const [token, above] = next;
        const depth = token.items === undefined ? above : above + 1;
        if (depth > deepest) deepest = depth;
        if (depth > MAX_NESTING_DEPTH) first = Math.min(first, token.offset ?? 0);
        if (token.value) pending.push([token.value, depth]);
        for (const item of token.items ?? []) {
            if (item.key) pending.push([item.key, depth]);
            if (item.value) pending.push([item.value, depth]);
        }
    }
    return deepest > MAX_NESTING_DEPTH ? { depth: deepest, position: lines.linePos(first) } : undefined;
}

/**
 * The node at `path`, or the deepest ancestor that exists (a missing field is reported at the
 * entry that lacks it). Aliases are followed so that `*anchor` entries still get positions.
 */
function findNode(doc: Document, path: readonly PathSegment[], part: "key" | "value"): Node | undefined {
    let node: Node | undefined = (doc.contents ?? undefined) as Node | undefined;
    for (const [index, segment] of path.entries()) {
        const container: unknown = isAlias(node) ? node.resolve(doc) : node;
        const isLast = index === path.length - 1;
        let next: Node | undefined;
        if (isMap(container)) {
            const pair = container.items.find(
                (item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment),
            );
            if (pair && isLast && part === "key") return pair.key as Node;
            // `name:` with nothing after it: the empty value's position is past the colon, so point at the key.
            if (pair && (!pair.value || (isScalar(pair.value) && pair.value.source === ""))) return pair.key as Node;
            next = (pair?.value ?? undefined) as Node | undefined;
        } else if (isSeq(container) && typeof segment === "number") {
            next = (container.items[segment] ?? undefined) as Node | undefined;
        }
        if (!next) return node;
        node = next;
    }
    return node;
}
