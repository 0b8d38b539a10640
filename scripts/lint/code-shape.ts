/**
 * Shape rules the shipped code keeps (`provider/` and `emulator/`): no function body longer than
 * {@link MAX_FUNCTION_LINES} lines, and a doc comment on every exported declaration. Run it with
 * `node dist/scripts/lint/code-shape.js [dir ...]`; `test/style/code-shape.test.ts` holds the tree to it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

/** The longest function the shipped code may contain, counted from its first line to its last. */
export const MAX_FUNCTION_LINES = 80;

/** One function, where it is and how long. */
export interface FunctionSpan {
    file: string;
    line: number;
    name: string;
    lines: number;
}

/** The TypeScript sources under `dirs` (recursively), skipping declaration files. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) walk(path);
            else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(path);
        }
    };
    for (const dir of dirs) walk(join(root, dir));
    return out.sort();
}

function parse(path: string): ts.SourceFile {
    return ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
}

function functionName(node: ts.Node): string {
    const named = node as { name?: ts.Node };
    if (named.name && ts.isIdentifier(named.name)) return named.name.text;
    const parent = node.parent;
    if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    return "<anonymous>";
}

/** Every function-like node in `files` with its length in lines, longest first. */
export function functionSpans(root: string, files: readonly string[]): FunctionSpan[] {
    const spans: FunctionSpan[] = [];
    for (const path of files) {
        const source = parse(path);
        const visit = (node: ts.Node) => {
            if (ts.isFunctionLike(node) && (node as { body?: ts.Node }).body) {
                const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
                const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
                spans.push({ file: relative(root, path), line: start + 1, name: functionName(node), lines: end - start + 1 });
            }
            ts.forEachChild(node, visit);
        };
        visit(source);
    }
    return spans.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
}

function isExported(node: ts.Node): boolean {
    const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
    return modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

function hasDocComment(node: ts.Node): boolean {
    return ts.getJSDocCommentsAndTags(node).length > 0;
}

/** Exported declarations (functions, classes, interfaces, types, enums, variables) without a doc comment. */
export function undocumentedExports(root: string, files: readonly string[]): string[] {
    const missing: string[] = [];
    for (const path of files) {
        const source = parse(path);
        for (const statement of source.statements) {
            if (!isExported(statement)) continue;
            const documented = ts.isVariableStatement(statement)
                ? statement.declarationList.declarations.every(hasDocComment)
                : hasDocComment(statement);
            if (documented) continue;
            const line = source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1;
            const names = ts.isVariableStatement(statement)
                ? statement.declarationList.declarations.map((d) => d.name.getText(source)).join(", ")
                : ((statement as { name?: ts.Node }).name?.getText(source) ?? "<default>");
            missing.push(`${relative(root, path)}:${line} ${names}`);
        }
    }
    return missing;
}

if (require.main === module) {
    const root = join(__dirname, "..", "..", "..");
    const dirs = process.argv.length > 2 ? process.argv.slice(2) : ["provider", "emulator"];
    const files = sourceFiles(root, dirs);
    const long = functionSpans(root, files).filter((s) => s.lines > MAX_FUNCTION_LINES);
    for (const s of long) console.log(`${s.file}:${s.line} ${s.name} is ${s.lines} lines (limit ${MAX_FUNCTION_LINES})`);
    const undocumented = undocumentedExports(root, files);
    for (const u of undocumented) console.log(`${u}: exported without a doc comment`);
    const longest = functionSpans(root, files)[0];
    if (longest) console.log(`longest function: ${longest.file}:${longest.line} ${longest.name}, ${longest.lines} lines`);
    process.exitCode = long.length + undocumented.length > 0 ? 1 : 0;
}
