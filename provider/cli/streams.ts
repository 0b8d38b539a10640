/**
 * What `tencent-chat` does when it cannot write its output: `tencent-chat … | head -1` closes the
 * pipe early (EPIPE), `> /dev/full` or a full disk refuses the bytes (ENOSPC). Node reports both as
 * an unhandled 'error' event with a stack trace; a command-line tool ends quietly for the first,
 * as any Unix tool killed by SIGPIPE does, and with one line on stderr for the second.
 */

/** 128 + SIGPIPE (13): the status a shell shows for a program that stopped at a closed pipe. */
export const EXIT_BROKEN_PIPE = 141;

/** How the process ends after a write to `stream` failed: the status, and the line for stderr (if any). */
export interface WriteFailureExit {
    status: number;
    /** One line for stderr, or undefined: nothing to say (a closed pipe), or stderr itself failed. */
    line: string | undefined;
}

const MEANING: Record<string, string> = {
    ENOSPC: "no space left on device",
    EDQUOT: "disk quota exceeded",
    EFBIG: "file too large",
    EIO: "input/output error",
    EBADF: "the stream is not open",
};

/**
 * Pure: the exit for a failed write of `error` to `stream`. A closed reader (EPIPE, or the stream
 * destroyed after one) is not an error of ours; anything else loses output the user asked for, so
 * it is said once, on stderr, and the status is 1.
 */
export function writeFailureExit(stream: "stdout" | "stderr", error: unknown): WriteFailureExit {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "EPIPE") return { status: EXIT_BROKEN_PIPE, line: undefined };
    const name = typeof code === "string" ? code : "unknown error";
    const meaning = MEANING[name];
    const what = meaning === undefined ? name : `${meaning} (${name})`;
    return {
        status: 1,
        // Nothing can be printed about stderr on stderr.
        line: stream === "stderr" ? undefined : `tencent-chat: cannot write to stdout: ${what}; the output is incomplete.\n`,
    };
}

/**
 * Ends the process as {@link writeFailureExit} says on the first failed write to stdout or stderr.
 * Later errors of the same streams (writes after the first failure) are ignored: the first one
 * is the cause. With `keepRunning` (a server: `tencent-chat emulator | head -3`), output that cannot
 * be written is dropped and the process goes on, so its clients and its state file are not lost.
 */
export function exitOnWriteFailure(proc: NodeJS.Process = process, keepRunning = false): void {
    let ending = false;
    const onError = (stream: "stdout" | "stderr") => (error: unknown) => {
        if (ending || keepRunning) return;
        ending = true;
        const { status, line } = writeFailureExit(stream, error);
        if (line !== undefined) {
            try {
                proc.stderr.write(line);
            } catch {
                // stderr is gone too: the status still tells.
            }
        }
        proc.exit(status);
    };
    proc.stdout.on("error", onError("stdout"));
    proc.stderr.on("error", onError("stderr"));
}
