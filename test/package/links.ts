/** The links of the package's Markdown files, and which of them lead nowhere in the package. */
import path from "node:path";

/** A relative link of one Markdown file: where it points inside the package, and to which heading. */
export interface MarkdownLink {
    from: string;
    target: string;
    /** The package path it resolves to; the linking file itself for `#anchor` links. */
    file: string;
    anchor?: string;
}

/** Fenced code blocks hold example text, not headings or links. */
function withoutFences(markdown: string): string {
    return markdown.replace(/^```[\s\S]*?^```/gm, "");
}

/** Inline code holds example text, not links. */
function withoutCode(markdown: string): string {
    return withoutFences(markdown).replace(/`[^`\n]*`/g, "");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
    return heading
        .replace(/`/g, "")
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-");
}

/** The anchors of a Markdown file's headings. */
export function anchorsOf(markdown: string): Set<string> {
    const headings = withoutFences(markdown).matchAll(/^#{1,6} +(.+?) *$/gm);
    return new Set([...headings].map((m) => headingAnchor(m[1]!)));
}

/** Every link of `markdown` (the file at package path `from`) that is not to a web address. */
export function relativeLinks(from: string, markdown: string): MarkdownLink[] {
    const links: MarkdownLink[] = [];
    for (const match of withoutCode(markdown).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/i.test(target)) continue;
        const [file, anchor] = target.split("#") as [string, string | undefined];
        const resolved = file === "" ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), file));
        links.push({ from, target, file: resolved.replace(/\/$/, ""), ...(anchor ? { anchor } : {}) });
    }
    return links;
}
