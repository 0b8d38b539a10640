import { EXIT, UsageError, type Command } from "../command";

/**
 * `tencent-chat emulator [options]`: runs the local Tencent Chat emulator until SIGINT/SIGTERM, with
 * the same options as `npm run emulator`. The emulator is loaded only for this command (to run it or show its help).
 */
export const emulator: Command = {
    name: "emulator",
    summary: "run the local Tencent Chat emulator (same as npm run emulator)",
    get help() {
        return emulatorCli().HELP.replace(/^Usage: .*$/m, "Usage: tencent-chat emulator [options]");
    },
    async run(argv, io) {
        // Loaded only for this command: the emulator server is not needed by the others.
        const cli = emulatorCli();
        let parsed: ReturnType<EmulatorCli["parseCliArgs"]>;
        try {
            parsed = cli.parseCliArgs(argv);
        } catch (error) {
            throw new UsageError((error as Error).message);
        }
        // Runs until a signal, like dist/emulator/cli.js; the state file is written on the way out.
        const handle = await cli.serveUntilSignal(parsed.options, (text) => io.out(`${text}\n`));
        await handle.stop();
        return EXIT.ok;
    },
};

/**
 * What this command uses of emulator/cli.ts. Declared here rather than imported so the package
 * (provider/) never refers up to the emulator; test/cli/emulator-export.test.ts holds the module to it.
 */
export interface EmulatorCli {
    HELP: string;
    parseCliArgs(argv: string[]): { help: boolean; options: object };
    serveUntilSignal(options: object, print: (text: string) => void): Promise<{ stop(): Promise<void> }>;
}

/** The emulator's CLI through the package's own export, as an installed package resolves it by name. */
function emulatorCli(): EmulatorCli {
    return require("pulumi-tencent-chat/emulator/cli") as EmulatorCli;
}
