import { manifestJsonSchema } from "../../manifest/json-schema";
import { EXIT, parseCommandArgs, type Command } from "../command";

/**
 * `tencent-chat schema`: prints the channel manifest's JSON Schema to stdout, for editors and CI
 * linters. Offline; takes no arguments.
 */
export const schema: Command = {
    name: "schema",
    summary: "print the channel manifest's JSON Schema (for editors and CI linters)",
    help: `Usage: tencent-chat schema

Prints the JSON Schema of channel manifests. Editors use it for completion and inline errors:
  tencent-chat schema > channel-manifest.schema.json
and in YAML: # yaml-language-server: $schema=./channel-manifest.schema.json
JSON Schema counts characters where Tencent counts UTF-8 bytes: \`tencent-chat validate\` is the authority.
`,
    async run(argv, io) {
        parseCommandArgs(argv, {}, []);
        io.out(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
        return EXIT.ok;
    },
};
