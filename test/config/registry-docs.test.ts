/**
 * The registry-style docs stay true to the code: docs/installation-configuration.md lists every
 * setting provider/config.ts reads, with its environment variable, its default and its range, and
 * both docs carry the front matter the Pulumi Registry's package pages use.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_ADMIN, SETTINGS, TUNING } from "../../provider/config";
import { TRANSPORT_DEFAULTS } from "../../provider/api/transport";
import { repoRoot } from "../support/dist";

const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");
const installation = read("docs/installation-configuration.md");
const overview = read("docs/_index.md");

/** The table row that documents a config key. */
function rowOf(key: string): string {
    const rows = installation.split("\n").filter((line) => line.startsWith(`| \`tencent-chat:${key}\` |`));
    expect(rows, `tencent-chat:${key}`).toHaveLength(1);
    return rows[0]!;
}

/** The front matter block's `key: value` lines. */
function frontMatter(markdown: string): Record<string, string> {
    const block = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
    if (block === null) return {};
    return Object.fromEntries(
        block[1]!.split("\n").map((line) => [line.split(":")[0]!, line.slice(line.indexOf(":") + 1).trim()]),
    );
}

describe("docs/installation-configuration.md", () => {
    it("lists every setting with its environment variable, each once", () => {
        const documented = installation.match(/^\| `tencent-chat:[A-Za-z]+` \|/gm) ?? [];
        expect(documented).toHaveLength(SETTINGS.length + TUNING.length);
        for (const spec of [...SETTINGS, ...TUNING]) expect(rowOf(spec.key)).toContain(`| \`${spec.env}\` |`);
    });

    it("gives each setting's default as the code has it, and marks the secret and the required ones", () => {
        const defaults: Record<string, unknown> = { ...TRANSPORT_DEFAULTS, admin: DEFAULT_ADMIN };
        for (const spec of [...SETTINGS, ...TUNING]) {
            if (spec.key in defaults) expect(rowOf(spec.key), spec.key).toContain(`| \`${String(defaults[spec.key])}\` |`);
        }
        for (const spec of SETTINGS.filter((s) => s.secret)) expect(rowOf(spec.key)).toContain("**secret**");
        expect(rowOf("sdkAppId")).toContain("required");
        expect(rowOf("region")).toContain("required unless `endpoint` is set");
    });

    it("states each tuning value's range as config.ts enforces it", () => {
        const number = (n: number) => n.toLocaleString("en-US");
        for (const spec of TUNING) {
            const row = rowOf(spec.key);
            if (spec.kind === "boolean") expect(row).toContain("`true` or `false`");
            else expect(row, spec.key).toContain(`| ${number(spec.min!)}–${number(spec.max!)}`);
        }
    });
});

describe("the registry pages", () => {
    it("carry the Pulumi Registry's front matter: title, meta_desc and layout: package", () => {
        for (const markdown of [overview, installation]) {
            const meta = frontMatter(markdown);
            expect(meta.title).toMatch(/^Tencent Cloud Chat/);
            expect(meta.meta_desc!.length).toBeGreaterThan(40);
            expect(meta.layout).toBe("package");
        }
    });

    it("give one example per language in the overview, each a code block in its own choosable", () => {
        const languages = ["typescript", "python", "go", "csharp", "java", "yaml"];
        expect(overview).toContain(`{{< chooser language "${languages.join(",")}" >}}`);
        for (const language of languages) {
            const block = new RegExp(
                `\\{\\{% choosable language ${language} %\\}\\}\\n\\n\`\`\`${language}\\n[\\s\\S]+?\`\`\`\\n\\n\\{\\{% /choosable %\\}\\}`,
            );
            expect(overview, language).toMatch(block);
            expect(overview.match(block)![0], language).toMatch(/OfficialChannel/);
        }
    });
});
