/**
 * The plugin's warnings reach the user through the engine's Log service (a plugin's stderr shows
 * only in verbose logs), attached to the resource; with no engine to reach they go to stderr.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import { describe, expect, it, vi } from "vitest";
import { engineAddressOf, warningSink } from "../../provider/plugin/engine-log";

describe("the plugin's warnings", () => {
    it("finds the engine's address after the engine's flags, and after run-plugin's plugin directory", () => {
        expect(engineAddressOf(["--logtostderr", "-v=9", "127.0.0.1:40123"])).toBe("127.0.0.1:40123");
        expect(engineAddressOf(["/home/u/node_modules/pulumi-tencent-chat/plugin", "127.0.0.1:40123"])).toBe("127.0.0.1:40123");
        expect(engineAddressOf([])).toBeUndefined();
    });

    it("are sent to the engine as WARNING log entries about their resource", async () => {
        const received: Array<{ severity: number; message: string; urn: string }> = [];
        const server = new grpc.Server();
        server.addService(enginerpc.EngineService, {
            log: (call: { request: engineproto.LogRequest }, done: (e: null, r: unknown) => void) => {
                received.push({
                    severity: call.request.getSeverity(),
                    message: call.request.getMessage(),
                    urn: call.request.getUrn(),
                });
                done(null, new Empty());
            },
        } as unknown as grpc.UntypedServiceImplementation);
        const port = await new Promise<number>((resolve, reject) =>
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
        );
        const stderr = vi.spyOn(process.stderr, "write");
        try {
            await warningSink(`127.0.0.1:${port}`)(
                "The channel now at @TOA#_h1 is not the one this stack manages",
                "urn:pulumi:dev::p::t::h1",
            );
            expect(received).toEqual([
                {
                    severity: 2,
                    message: "The channel now at @TOA#_h1 is not the one this stack manages",
                    urn: "urn:pulumi:dev::p::t::h1",
                },
            ]);
            expect(stderr).not.toHaveBeenCalled();
        } finally {
            stderr.mockRestore();
            server.forceShutdown();
        }
    });

    it("go to stderr when no engine answers", async () => {
        const lines: string[] = [];
        const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => lines.push(String(chunk)) > 0);
        try {
            await warningSink("127.0.0.1:1")("nobody listens");
            await warningSink(undefined)("no engine at all");
        } finally {
            stderr.mockRestore();
        }
        expect(lines).toEqual(["warning: nobody listens\n", "warning: no engine at all\n"]);
    });
});
