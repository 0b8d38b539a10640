import { describe, expect, it } from "vitest";
import { goProgramEnv } from "../../scripts/pulumi-cli/go-program";

// The SDK's generated protobuf module has no typings, hence require.
const langproto = require("@pulumi/pulumi/proto/language_pb");

/** A RunRequest as the engine sends it over --client (the engine's address is the first argument). */
function runRequest(dryRun: boolean) {
    const request = new langproto.RunRequest();
    request.setProject("chat-go");
    request.setStack("dev");
    request.setOrganization("organization");
    request.setMonitorAddress("127.0.0.1:40001");
    request.setArgsList(["127.0.0.1:40002"]);
    request.setDryrun(dryRun);
    request.setParallel(16);
    request.getConfigMap().set("chat-go:stagingEndpoint", "http://127.0.0.1:8080");
    request.getConfigMap().set("chat-go:stagingSecretKey", "s3cret");
    request.setConfigsecretkeysList(["chat-go:stagingSecretKey"]);
    const info = new langproto.ProgramInfo();
    info.setRootDirectory("/tmp/project");
    request.setInfo(info);
    return request;
}

describe("the Go program runner", () => {
    it("gives the program the PULUMI_* environment the Go SDK reads, from the engine's RunRequest", () => {
        expect(goProgramEnv(runRequest(true))).toEqual({
            PULUMI_ORGANIZATION: "organization",
            PULUMI_PROJECT: "chat-go",
            PULUMI_ROOT_DIRECTORY: "/tmp/project",
            PULUMI_STACK: "dev",
            PULUMI_CONFIG: JSON.stringify({
                "chat-go:stagingEndpoint": "http://127.0.0.1:8080",
                "chat-go:stagingSecretKey": "s3cret",
            }),
            PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["chat-go:stagingSecretKey"]),
            PULUMI_DRY_RUN: "true",
            PULUMI_PARALLEL: "16",
            PULUMI_MONITOR: "127.0.0.1:40001",
            PULUMI_ENGINE: "127.0.0.1:40002",
        });
        expect(goProgramEnv(runRequest(false)).PULUMI_DRY_RUN).toBe("false");
    });

    it("leaves out what the engine did not send, as pulumi-language-go does", () => {
        const request = new langproto.RunRequest();
        request.setProject("chat-go");
        expect(Object.keys(goProgramEnv(request)).sort()).toEqual([
            "PULUMI_CONFIG_SECRET_KEYS",
            "PULUMI_DRY_RUN",
            "PULUMI_PARALLEL",
            "PULUMI_PROJECT",
        ]);
    });
});
