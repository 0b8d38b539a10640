import { EXIT, UsageError, type Command } from "../command";

export const emulator: Command = {
    name: "emulator",
    summary: "run the local Tencent Chat emulator (same as npm run emulator)",
    get help() {
        return emulatorCli().HELP.replace(/^Usage: .*$/m, "Usage: tencent-chat emulator [options]");
    },
    async run(argv, io) {
        // Loaded only for this command: the emulator server is not needed by the others.
        const cli = emulatorCli();
        let parsed: ReturnType<typeof cli.parseCliArgs>;
        try {
            parsed = cli.parseCliArgs(argv);
        } catch (error) {
            throw new UsageError((error as Error).message);
        }
        const { startEmulator } = require("../../../emulator/index") as typeof import("../../../emulator/index");
        const handle = await startEmulator(parsed.options);
        io.out(`${cli.describe(handle, parsed.options)}\n`);
        // Runs until a signal, like dist/emulator/cli.js; the state file is written on the way out.
        await new Promise<void>((resolve) => {
            const stop = (signal: string) => {
                io.out(`\n${signal}: stopping${parsed.options.statePath ? ` and saving ${parsed.options.statePath}` : ""}…\n`);
                resolve();
            };
            process.once("SIGINT", () => stop("SIGINT"));
            process.once("SIGTERM", () => stop("SIGTERM"));
        });
        await handle.stop();
        return EXIT.ok;
    },
};

function emulatorCli(): typeof import("../../../emulator/cli") {
    return require("../../../emulator/cli") as typeof import("../../../emulator/cli");
}
