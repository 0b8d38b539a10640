/**
 * Manifests loadManifest must reject, each with the exact place and field of every problem. The
 * YAML is written one line per argument of `lines(...)`, so argument N is line N.
 */
import { describe, expect, it } from "vitest";
import { checkChannelInputs } from "../../provider/channel/inputs";
import { formatProblem } from "../../provider/manifest/problems";
import { lines, rejection, yamlRejection } from "./helpers";

const CJK_51 = "工".repeat(51); // 153 bytes
const EMOJI_101 = "😀".repeat(101); // 404 bytes

const at = (line: number, column: number, path: string, message: string | RegExp) => ({
    file: "channels.yaml",
    line,
    column,
    path,
    message: typeof message === "string" ? message : expect.stringMatching(message),
});

/** A valid manifest of one channel with `field: value` added on line 6 (value column 7 + field length). */
const withField = (field: string, value: string) =>
    lines(
        "defaults:",
        "  owner: ops",
        "channels:",
        '  - channelId: "@TOA#_news"',
        "    name: Company News",
        `    ${field}: ${value}`,
    );

/** A valid manifest whose only channel has this ID, on line 4 column 16. */
const withId = (id: string) =>
    lines("defaults:", "  owner: ops", "channels:", `  - channelId: ${JSON.stringify(id)}`, "    name: News");

describe("loadManifest rejects", () => {
    it("a tab used as indentation, a YAML syntax error, at its position", () => {
        const error = yamlRejection(
            lines("defaults:", "  owner: ops", "channels:", '\t- channelId: "@TOA#_news"', "    name: News"),
        );
        expect(error.problems).toEqual([
            at(4, 1, "", "YAML syntax error: Tabs are not allowed as indentation"),
            // Every error the parser finds is reported, including ones that follow from the first.
            at(5, 1, "", "YAML syntax error: All mapping items must start at the same column"),
        ]);
        expect(error.message).toContain("channels.yaml:4:1: YAML syntax error: Tabs are not allowed as indentation");
    });

    it("a key given twice in one entry, a YAML syntax error, at the second", () => {
        const error = yamlRejection(
            lines("defaults:", "  owner: ops", "channels:", '  - channelId: "@TOA#_news"', "    name: News", "    name: Again"),
        );
        expect(error.problems).toEqual([at(6, 5, "", "YAML syntax error: Map keys must be unique")]);
    });

    it("a misspelt key, suggesting the field it resembles (and not also calling `name` missing)", () => {
        const error = yamlRejection(
            lines("defaults:", "  owner: ops", "channels:", '  - channelId: "@TOA#_news"', "    nmae: Company News"),
        );
        expect(error.problems).toEqual([at(5, 5, "channels[0].nmae", "unknown key; did you mean `name`?")]);
        expect(error.message).toContain("channels.yaml:5:5: channels[0].nmae: unknown key; did you mean `name`?");
    });

    it("unknown top-level keys, with a suggestion when one is close", () => {
        const error = yamlRejection(
            lines("defaults:", "  owner: ops", "chanels:", '  - channelId: "@TOA#_news"', "    name: News", "version: 2"),
        );
        expect(error.problems).toEqual([
            at(3, 1, "chanels", "unknown key; did you mean `channels`?"),
            at(6, 1, "version", "unknown key; expected one of `$schema`, `defaults`, `channels`"),
        ]);
    });

    it("a value of the wrong type (maxSubscribers: lots)", () => {
        const error = yamlRejection(withField("maxSubscribers", "lots"));
        expect(error.problems).toEqual([
            at(6, 21, "channels[0].maxSubscribers", 'must be a whole number of at least 1 (got string "lots")'),
        ]);
    });

    it("`yes` for a flag: YAML 1.2 reads it as a string", () => {
        const error = yamlRejection(withField("adopt", "yes"));
        expect(error.problems).toEqual([at(6, 12, "channels[0].adopt", 'must be true or false (got string "yes")')]);
    });

    it("an entry without a name, at the entry", () => {
        const error = yamlRejection(
            lines(
                "defaults:",
                "  owner: ops",
                "channels:",
                '  - channelId: "@TOA#_news"',
                "    name: News",
                '  - channelId: "@TOA#_alerts"',
                "    introduction: no name here",
            ),
        );
        expect(error.problems).toEqual([at(6, 5, "channels[1].name", "is required (set it here or in `defaults`)")]);
    });

    it("an entry without an owner when defaults has none either", () => {
        const error = yamlRejection(lines("channels:", '  - channelId: "@TOA#_news"', "    name: News"));
        expect(error.problems).toEqual([at(2, 5, "channels[0].owner", "is required (set it here or in `defaults`)")]);
    });

    it("an entry without a channelId, which manifests require", () => {
        const error = yamlRejection(lines("defaults:", "  owner: ops", "channels:", "  - name: News"));
        expect(error.problems).toEqual([
            at(4, 5, "channels[0].channelId", "is required in a manifest: logical names derive from it"),
        ]);
    });

    it("a duplicate channel ID, at the second occurrence, naming the line of the first", () => {
        const error = yamlRejection(
            lines(
                "defaults:",
                "  owner: ops",
                "channels:",
                '  - channelId: "@TOA#_news"',
                "    name: News",
                '  - channelId: "@TOA#_alerts"',
                "    name: Alerts",
                '  - channelId: "@TOA#_news"',
                "    name: More news",
            ),
        );
        expect(error.problems).toEqual([
            at(8, 16, "channels[2].channelId", 'duplicate channel ID "@TOA#_news"; first declared at line 4 (channels[0])'),
        ]);
    });

    it("a CJK name over 150 bytes, giving the limit and the size", () => {
        const error = yamlRejection(
            lines("defaults:", "  owner: ops", "channels:", '  - channelId: "@TOA#_news"', `    name: ${CJK_51}`),
        );
        expect(error.problems).toEqual([
            at(5, 11, "channels[0].name", "must be at most 150 bytes in UTF-8; got 153 bytes (51 characters)"),
        ]);
    });

    it("an emoji introduction over 400 bytes", () => {
        const error = yamlRejection(withField("introduction", EMOJI_101));
        expect(error.problems).toEqual([
            at(6, 19, "channels[0].introduction", "must be at most 400 bytes in UTF-8; got 404 bytes (101 characters)"),
        ]);
    });

    it("a customString over 3000 bytes", () => {
        const error = yamlRejection(withField("customString", "x".repeat(3001)));
        expect(error.problems).toEqual([
            at(6, 19, "channels[0].customString", "must be at most 3000 bytes in UTF-8; got 3001 bytes"),
        ]);
    });

    it.each([
        ["without the @TOA#_ prefix", "news", /^"news" must start with "@TOA#_"/],
        ["with the reserved @TOA#_@TOA# prefix", "@TOA#_@TOA#news", /must not start with "@TOA#_@TOA#", which is reserved/],
        ["with non-ASCII characters", "@TOA#_新闻", /must contain only printable ASCII characters/],
        ["over 48 bytes", `@TOA#_${"a".repeat(43)}`, /must be at most 48 bytes \(got 49\)/],
    ])("a channel ID %s", (_, id, message) => {
        const error = yamlRejection(withId(id));
        expect(error.problems).toEqual([at(4, 16, "channels[0].channelId", message)]);
    });

    it("`channels` that is a mapping rather than a list", () => {
        const error = yamlRejection(lines("defaults:", "  owner: ops", "channels:", '  channelId: "@TOA#_news"', "  name: News"));
        expect(error.problems).toEqual([at(4, 3, "channels", "must be a list of channel entries (got a mapping)")]);
    });

    it("an empty `channels` list", () => {
        const error = yamlRejection(lines("defaults:", "  owner: ops", "channels: []"));
        expect(error.problems).toEqual([at(3, 11, "channels", "must list at least one channel")]);
    });

    it("`channels:` with nothing after it", () => {
        const error = yamlRejection(lines("defaults:", "  owner: ops", "channels:"));
        expect(error.problems).toEqual([at(3, 1, "channels", "must be a list of channel entries (got nothing)")]);
    });

    it("a manifest without `channels`", () => {
        const error = yamlRejection(lines("defaults:", "  owner: ops"));
        expect(error.problems).toEqual([at(1, 1, "", "`channels` is required: a list of channel entries")]);
    });

    it("an empty file", () => {
        const error = yamlRejection("# nothing yet\n");
        expect(error.problems).toEqual([at(1, 1, "", "the manifest is empty; it needs a `channels:` list")]);
    });

    it("a bad default once, at the default, not once per entry that inherits it", () => {
        const error = yamlRejection(
            lines(
                "defaults:",
                "  owner: ops",
                "  maxSubscribers: 0",
                "channels:",
                '  - channelId: "@TOA#_news"',
                "    name: News",
                '  - channelId: "@TOA#_alerts"',
                "    name: Alerts",
            ),
        );
        expect(error.problems).toEqual([at(3, 19, "defaults.maxSubscribers", "must be a whole number of at least 1 (got 0)")]);
    });

    it("a channelId in defaults", () => {
        const error = yamlRejection(
            lines(
                "defaults:",
                "  owner: ops",
                '  channelId: "@TOA#_x"',
                "channels:",
                '  - channelId: "@TOA#_news"',
                "    name: News",
            ),
        );
        expect(error.problems).toEqual([
            at(3, 3, "defaults.channelId", "cannot be set in `defaults`: every channel needs its own ID"),
        ]);
    });

    it("several problems at once, all reported in file order", () => {
        const error = yamlRejection(
            lines(
                "defaults:",
                "  owner: ops",
                '  channelId: "@TOA#_shared"',
                "channels:",
                '  - channelId: "@TOA#_news"',
                "    nmae: News",
                '  - channelId: "news"',
                `    name: ${CJK_51}`,
                "    maxSubscribers: -5",
                '  - channelId: "@TOA#_news"',
                "    name: Duplicate",
                "  - just a string",
            ),
        );
        expect(error.problems).toEqual([
            at(3, 3, "defaults.channelId", /^cannot be set in `defaults`/),
            at(6, 5, "channels[0].nmae", "unknown key; did you mean `name`?"),
            at(7, 16, "channels[1].channelId", /must start with "@TOA#_"/),
            at(8, 11, "channels[1].name", /got 153 bytes/),
            at(9, 21, "channels[1].maxSubscribers", "must be a whole number of at least 1 (got -5)"),
            at(10, 16, "channels[2].channelId", 'duplicate channel ID "@TOA#_news"; first declared at line 5 (channels[0])'),
            at(12, 5, "channels[3]", 'must be a mapping of channel fields (got string "just a string")'),
        ]);
        expect(error.message.split("\n")).toEqual([
            "Channel manifest channels.yaml has 7 problems:",
            ...error.problems.map((p) => `  ${formatProblem(p)}`),
        ]);
    });

    it("a JSON manifest's problems, with JSON positions", () => {
        const json = lines(
            "{",
            '  "defaults": { "owner": "ops" },',
            '  "channels": [',
            '    { "channelId": "@TOA#_news", "nmae": "News" }',
            "  ]",
            "}",
        );
        const error = yamlRejection(json, "json");
        expect(error.problems).toEqual([
            { ...at(4, 34, "channels[0].nmae", "unknown key; did you mean `name`?"), file: "channels.json" },
        ]);
    });

    it("a file that does not exist, saying so", () => {
        const error = rejection("/nonexistent/channels.yaml");
        expect(error.problems).toEqual([
            {
                file: "/nonexistent/channels.yaml",
                line: 0,
                column: 0,
                path: "",
                message: expect.stringMatching(/^cannot read the manifest: no such file \(ENOENT\)$/),
            },
        ]);
    });

    it("manifest data passed as an object, with paths but no positions", () => {
        const error = rejection({
            channels: [
                { channelId: "@TOA#_news", name: "News" },
                { channelId: "@TOA#_news", owner: "ops", name: "Again" },
            ],
        });
        expect(error.problems).toEqual([
            {
                file: "<object>",
                line: 0,
                column: 0,
                path: "channels[0].owner",
                message: "is required (set it here or in `defaults`)",
            },
            {
                file: "<object>",
                line: 0,
                column: 0,
                path: "channels[1].channelId",
                message: 'duplicate channel ID "@TOA#_news"; first declared at channels[0]',
            },
        ]);
        expect(error.message).toContain("<object>: channels[1].channelId: duplicate channel ID");
    });

    it("manifest data without positions lists problems in document order: top level, defaults, then entry by entry", () => {
        const error = rejection({
            chanels: [],
            defaults: { channelId: "@TOA#_x", name: "" },
            channels: [
                { channelId: "@TOA#_a", nmae: "A" },
                "not an entry",
                { channelId: "@TOA#_a", owner: "ops", name: "Again" },
            ],
        });
        expect(error.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
            "chanels: unknown key; did you mean `channels`?",
            "defaults.channelId: cannot be set in `defaults`: every channel needs its own ID",
            expect.stringMatching(/^defaults\.name: /),
            "channels[0].nmae: unknown key; did you mean `name`?",
            "channels[0].owner: is required (set it here or in `defaults`)",
            'channels[1]: must be a mapping of channel fields (got string "not an entry")',
            'channels[2].channelId: duplicate channel ID "@TOA#_a"; first declared at channels[0]',
        ]);
    });

    it("an alias bomb, as a problem with the file rather than a crash", () => {
        const bomb = lines(
            "a: &a [x, x, x, x, x, x, x, x, x, x]",
            "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
            "channels: [*c, *c]",
        );
        const error = yamlRejection(bomb);
        expect(error.problems).toEqual([
            expect.objectContaining({ line: 1, column: 1, message: expect.stringMatching(/^YAML error: Excessive alias count/) }),
        ]);
    });
});

describe("field rules are check's own", () => {
    it.each([
        ["name", CJK_51],
        ["introduction", EMOJI_101],
        ["maxSubscribers", 0],
        ["channelId", "@TOA#_@TOA#x"],
        ["owner", "o".repeat(33)],
    ])("reports %s exactly as `pulumi preview` would", (field, value) => {
        const entry = { channelId: "@TOA#_news", owner: "ops", name: "News", [field]: value };
        const fromCheck = checkChannelInputs({}, entry).failures.map((f) => `${f.property}: ${f.reason}`);
        const fromManifest = rejection({ channels: [entry] }).problems.map(
            (p) => `${p.path.replace("channels[0].", "")}: ${p.message}`,
        );
        expect(fromManifest).toEqual(fromCheck);
    });
});
