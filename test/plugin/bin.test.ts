/** The `pulumi-resource-tencent-chat` executable (for PATH installs): same server, port on the first line. */
import { spawn } from "node:child_process";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { repoRoot } from "../support/dist";

it("pulumi-resource-tencent-chat <engine address> prints its port and serves the provider", async () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    const bin = path.join(repoRoot, pkg.bin["pulumi-resource-tencent-chat"]);
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node")).toBe(true);
    const child = spawn(process.execPath, [bin, "127.0.0.1:1"], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
    try {
        const port = await new Promise<number>((resolve, reject) => {
            let text = "";
            child.stdout.on("data", (chunk: Buffer) => {
                text += chunk;
                if (text.includes("\n")) resolve(Number(text.split("\n")[0]));
            });
            child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
        });
        const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const version = await new Promise<string>((resolve, reject) =>
            client.getPluginInfo(new Empty(), (error: grpc.ServiceError | null, info: PluginInfo) =>
                error ? reject(error) : resolve(info.getVersion()),
            ),
        );
        client.close();
        expect(version).toBe(pkg.version);
    } finally {
        child.kill("SIGTERM");
    }
});
