import { clip } from "../../tencent/display";
import { LISTING_BUDGET_MS, MAX_SUBSCRIBED_PAGES } from "../../api/subscribed-list";
import { MAX_PAGE_SIZE } from "../../tencent/wire";
import type { SubscribedChannel } from "../../api/types";
import { EXIT, UsageError, clientFromEnv, lookups, parseCommandArgs, show, terminalJson, type Command } from "../command";

/**
 * `tencent-chat subscribed <userId> [--json]`: every official channel the user follows (all pages),
 * as a table or as JSON. Settings from the TENCENT_CHAT_* variables; exit 0 (also for none), 1 error.
 */
export const subscribed: Command = {
    name: "subscribed",
    summary: "list the official channels a user follows",
    help: `Usage: tencent-chat subscribed <userId> [--json]

Lists every official channel <userId> follows (all pages): channel ID, name, when the user
subscribed (UTC) and the user's own customString on that channel.

Options:
  --json   print the full list as JSON (channel fields plus self.subscribeTime/customString)

A server that never ends the list is stopped, with what was read and why: after a page that does
not advance, past the TotalCount it reported, after ${MAX_SUBSCRIBED_PAGES} pages (${(MAX_SUBSCRIBED_PAGES * MAX_PAGE_SIZE).toLocaleString("en-US")} channels)
or after ${LISTING_BUDGET_MS / 60_000} minutes.

In the table, control characters in names and strings from Tencent are shown escaped (\x1b, \n)
and long values are cut with their size noted; --json prints them in full, as JSON escapes.

Settings come from the TENCENT_CHAT_* environment variables (see tencent-chat drift --help).
Exit status: 0 listed (also when the user follows nothing), 1 error.
`,
    async run(argv, io) {
        const { values, positionals } = parseCommandArgs(argv, { json: { type: "boolean" } }, ["userId"]);
        const userId = positionals[0]!;
        if (userId === "") throw new UsageError("<userId> must not be empty");
        const { getSubscribedChannels } = lookups();
        const channels = await getSubscribedChannels(userId, { client: clientFromEnv(io.env) });
        if (values.json === true) io.out(`${terminalJson(channels)}\n`);
        else io.out(renderTable(userId, channels));
        return EXIT.ok;
    },
};

function when(seconds: number | undefined): string {
    return seconds ? new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z") : "-";
}

/**
 * The `subscribed` table: channel ID, name, subscribe time (UTC, second precision, "-" when Tencent
 * gives none) and custom string, columns padded, then a count line. Every cell from Tencent is
 * escaped and long custom strings are cut with their size noted, so the text is safe for a terminal.
 */
export function renderTable(userId: string, channels: readonly SubscribedChannel[]): string {
    const user = show(userId);
    if (channels.length === 0) return `${user} follows no official channels.\n`;
    // Every cell from Tencent is escaped: a name must not colour the terminal or forge a row.
    const rows = [
        ["CHANNEL", "NAME", "SUBSCRIBED (UTC)", "CUSTOM STRING"],
        ...channels.map((c) => [
            clip(c.channelId),
            clip(c.name ?? ""),
            when(c.self.subscribeTime),
            c.self.customString ? show(c.self.customString) : "",
        ]),
    ];
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
    const lines = rows.map((row) =>
        row
            .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
            .join("  ")
            .trimEnd(),
    );
    const count = channels.length;
    return `${lines.join("\n")}\n${user} follows ${count} channel${count === 1 ? "" : "s"}.\n`;
}
