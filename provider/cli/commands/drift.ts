import { boundedList, shownPath } from "../../tencent/display";
import { loadManifest } from "../../manifest/load";
import { ManifestError, formatProblem } from "../../manifest/problems";
import { EXIT, clientFromEnv, lookups, parseCommandArgs, type Command } from "../command";
import { COMPARED_FIELDS, MAX_SUBSCRIBERS_NOTE, compareWithLive, renderDrift } from "../drift-report";

/**
 * `tencent-chat drift <manifest>`: reads every declared channel from Tencent (settings from the
 * TENCENT_CHAT_* variables) and prints each differing field; exit 0 in sync, 2 drift, 1 error.
 * The manifest is validated first, so no API call is made for a bad one.
 */
export const drift: Command = {
    name: "drift",
    summary: "compare a channel manifest with the live channels on Tencent",
    help: `Usage: tencent-chat drift <manifest>

Reads every channel the manifest declares (batched, at most 50 IDs per call) and prints
  <channelId> <field>: manifest=<value> live=<value>   for each field that differs
  <channelId>: missing on Tencent: <reason>             for each channel that does not exist
Compared: ${COMPARED_FIELDS.join(", ")}. ${MAX_SUBSCRIBERS_NOTE}
Channels that exist on Tencent but are not in the manifest are not reported.

Settings come from TENCENT_CHAT_SDKAPPID, TENCENT_CHAT_SECRET_KEY, TENCENT_CHAT_ADMIN (default
administrator), and TENCENT_CHAT_REGION or TENCENT_CHAT_ENDPOINT (one is required: there is no
default data center). Values from Tencent are printed with control characters escaped.

Exit status: 0 in sync, 2 drift, 1 error (bad manifest, missing settings, API failure).
`,
    async run(argv, io) {
        const { positionals } = parseCommandArgs(argv, {}, ["manifest"]);
        const file = positionals[0]!;
        const shown = shownPath(file);
        let manifest;
        try {
            manifest = loadManifest(file);
        } catch (error) {
            if (!(error instanceof ManifestError)) throw error;
            for (const line of boundedList(error.problems, formatProblem, "problem")) io.err(`${line}\n`);
            io.err(`${shown} is not a valid manifest; fix it first (tencent-chat validate ${shown}).\n`);
            return EXIT.error;
        }
        const client = clientFromEnv(io.env);
        const { getOfficialChannels } = lookups();
        const live = await getOfficialChannels(
            manifest.channels.map((c) => c.channelId),
            { client },
        );
        const differences = compareWithLive(manifest.channels, live);
        const total = manifest.channels.length;
        const channels = `${total} channel${total === 1 ? "" : "s"} of ${shown}`;
        const tencent = `Tencent (${client.settings.baseUrl})`;
        if (differences.length === 0) {
            io.out(`In sync: all ${channels} match ${tencent}.\n`);
        } else {
            for (const line of renderDrift(differences)) io.out(`${line}\n`);
            io.out(`Drift: ${differences.length} of ${channels} differ from ${tencent}.\n`);
        }
        io.out(`Note: ${MAX_SUBSCRIBERS_NOTE}\n`);
        return differences.length === 0 ? EXIT.ok : EXIT.drift;
    },
};
