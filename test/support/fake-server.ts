/**
 * A tiny HTTP server on 127.0.0.1 that answers every Tencent command as a test says — the broken or
 * lying server the emulator will not be. It records each request (command and JSON body), so a test
 * can assert how many calls an operation made before it stopped.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the server received. */
export interface FakeRequest {
    /** The path's last segment, e.g. "get_subscribed_official_account_list". */
    command: string;
    body: Record<string, unknown>;
}

/** What a test answers for a request: the JSON value to send with HTTP 200. */
export type FakeAnswer = (request: FakeRequest) => unknown;

/** A running fake server. */
export interface FakeServer {
    url: string;
    requests: FakeRequest[];
    /** Replaces the answer for the following requests (and clears `requests`). */
    answer(handler: FakeAnswer): void;
    /** Requests of `command` so far. */
    count(command: string): number;
    stop(): Promise<void>;
}

/** An envelope that says OK, with `fields` beside it. */
export const ok = (fields: Record<string, unknown> = {}) => ({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", ...fields });

/** Starts a fake server that answers with `handler` (an OK envelope until told otherwise). */
export async function startFakeServer(handler: FakeAnswer = () => ok()): Promise<FakeServer> {
    let current = handler;
    const requests: FakeRequest[] = [];
    const server: Server = createServer((req, res) => {
        let text = "";
        req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        req.on("end", () => {
            const command = (req.url ?? "").split("?")[0]!.split("/").pop() ?? "";
            const request = { command, body: JSON.parse(text || "{}") as Record<string, unknown> };
            requests.push(request);
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify(current(request)));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        answer(next) {
            current = next;
            requests.length = 0;
        },
        count: (command) => requests.filter((r) => r.command === command).length,
        async stop() {
            server.closeAllConnections();
            await new Promise((resolve) => server.close(resolve));
        },
    };
}
