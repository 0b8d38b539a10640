// `node scripts/parallel.mjs "<command>" "<command>" …`: runs npm test's static checks side by side
// (two cores: tsc, prettier and eslint one after the other took 30 s, each mostly on one core).
// Each command's output is printed whole when it ends, so reports never interleave; the exit status
// is the first failure's, after all have ended. Plain JavaScript: it runs before tsc has compiled.
import { spawn } from "node:child_process";

const commands = process.argv.slice(2);
const results = await Promise.all(
    commands.map(
        (command) =>
            new Promise((resolve) => {
                const child = spawn(command, { shell: true, stdio: ["ignore", "pipe", "pipe"] });
                const output = [];
                child.stdout.on("data", (chunk) => output.push(chunk));
                child.stderr.on("data", (chunk) => output.push(chunk));
                child.on("close", (code, signal) => {
                    process.stdout.write(Buffer.concat(output));
                    if (code !== 0) process.stderr.write(`\`${command}\` failed (${signal ?? `exit ${code}`})\n`);
                    resolve(code ?? 1);
                });
            }),
    ),
);
process.exitCode = results.find((code) => code !== 0) ?? 0;
