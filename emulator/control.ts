/**
 * `/__emulator/*`: the test/ops surface for other processes (CLI, demo, benchmark). It is not part
 * of Tencent's API, so it is not rate limited, not delayed, and needs no UserSig; that is only
 * acceptable because the emulator listens on loopback unless told otherwise, and because the guard
 * (guard.ts) refuses web pages (a foreign Origin, a non-loopback Host, a non-JSON POST) first.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { echo } from "../provider/tencent/display";
import { type FaultInjector, parseRandomPolicy, parseScript } from "./faults";
import { userIdProblem } from "./fields";
import type { EmulatorStats } from "./stats";
import type { ChannelSnapshot } from "./store";

/** Path prefix of the control endpoints; no API path starts with it. */
export const CONTROL_PREFIX = "/__emulator/";

/** What the control endpoints act on: the running emulator's statistics, store and fault injector. */
export interface ControlTarget {
    stats(): EmulatorStats;
    resetStats(): void;
    channels(): ChannelSnapshot[];
    importUsers(ids: string[]): void;
    faults: FaultInjector;
}

/** Answers with `value` as JSON and the given status (control answers and the guard's refusals). */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
    const text = JSON.stringify(value);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
}

function parseObject(text: string): Record<string, unknown> {
    const value: unknown = text.trim() === "" ? {} : JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("body must be a JSON object");
    return value as Record<string, unknown>;
}

/** Applies `{ clear?, script?, random? }`: clear first, then append the script, then set (or, with null, remove) the random policy. */
function applyFaults(target: ControlTarget, body: Record<string, unknown>): void {
    // Validate everything before changing anything, so a bad request leaves the faults as they were.
    const script = body.script === undefined ? undefined : parseScript(body.script);
    const random = body.random === undefined || body.random === null ? body.random : parseRandomPolicy(body.random);
    if (body.clear === true) target.faults.clear();
    if (script) target.faults.script(script);
    if (random !== undefined) target.faults.random(random as Parameters<FaultInjector["random"]>[0]);
}

/**
 * Answers one `/__emulator/*` request with JSON: 200 on success, 400 with `error` for a bad body,
 * 404 listing the endpoints for an unknown one. Never throws.
 */
export function handleControl(
    target: ControlTarget,
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    body: string,
): void {
    const action = `${req.method} ${pathname.slice(CONTROL_PREFIX.length)}`;
    try {
        switch (action) {
            case "GET health":
                return sendJson(res, 200, { ok: true });
            case "GET stats":
                return sendJson(res, 200, target.stats());
            case "POST reset-stats":
                target.resetStats();
                return sendJson(res, 200, { ok: true });
            case "GET channels":
                return sendJson(res, 200, target.channels());
            case "POST faults":
                applyFaults(target, parseObject(body));
                return sendJson(res, 200, { ok: true, pendingScripted: target.faults.pending() });
            case "POST import-users": {
                const users = parseObject(body).users;
                if (!Array.isArray(users) || !users.every((u) => typeof u === "string" && u !== "")) {
                    throw new Error("users must be an array of non-empty strings");
                }
                // account_import's rule: the state file holds imported users to it when it is loaded again.
                users.forEach((user: string, i) => {
                    const problem = userIdProblem(user);
                    if (problem) throw new Error(`users[${i}] ${echo(user)} ${problem}`);
                });
                target.importUsers(users as string[]);
                return sendJson(res, 200, { ok: true });
            }
            default:
                return sendJson(res, 404, {
                    error: `unknown control endpoint ${action}`,
                    endpoints: [
                        "GET health",
                        "GET stats",
                        "POST reset-stats",
                        "GET channels",
                        "POST faults",
                        "POST import-users",
                    ],
                });
        }
    } catch (error) {
        sendJson(res, 400, { error: (error as Error).message });
    }
}
