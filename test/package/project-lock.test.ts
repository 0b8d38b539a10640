/** Cutting a user project's lock from the installed tree's (project-lock.ts). */
import { describe, expect, it } from "vitest";
import { closureOf, projectLock, registryTarball, resolveInLock, type LockEntry } from "./project-lock";

const installed: Record<string, LockEntry> = {
    "": { name: "pulumi-tencent-chat" },
    "node_modules/@pulumi/pulumi": { version: "3.216.0", dev: true, dependencies: { semver: "^7", "@grpc/grpc-js": "^1" } },
    "node_modules/@pulumi/pulumi/node_modules/semver": { version: "7.6.0", dev: true },
    "node_modules/semver": { version: "6.3.1", dev: true },
    "node_modules/@grpc/grpc-js": {
        version: "1.14.7",
        dev: true,
        dependencies: { semver: "^6" },
        peerDependencies: { "not-installed": "*", vitest: "*", zod: "*" },
        peerDependenciesMeta: { "not-installed": { optional: true }, vitest: { optional: true } },
    },
    "node_modules/zod": { version: "4.6.7", integrity: "sha512-z" },
    "node_modules/vitest": { version: "4.1.12", dev: true },
    "node_modules/pulumi-tencent-chat": { resolved: "", link: true },
};

describe("resolveInLock: Node's lookup inside a lock", () => {
    it.each([
        ["", "semver", "node_modules/semver"],
        ["node_modules/@pulumi/pulumi", "semver", "node_modules/@pulumi/pulumi/node_modules/semver"],
        ["node_modules/@grpc/grpc-js", "semver", "node_modules/semver"],
        ["node_modules/@pulumi/pulumi/node_modules/semver", "zod", "node_modules/zod"],
        ["node_modules/@pulumi/pulumi", "missing", undefined],
    ])("from %j, %s resolves to %j", (from, name, expected) => {
        expect(resolveInLock(installed, from, name)).toBe(expected);
    });
});

describe("closureOf", () => {
    it("copies what the roots need at their paths (required peers too, optional ones not), without the source project's dev flags", () => {
        const picked = closureOf(installed, ["@pulumi/pulumi"]);
        expect(Object.keys(picked).sort()).toEqual([
            "node_modules/@grpc/grpc-js",
            "node_modules/@pulumi/pulumi",
            "node_modules/@pulumi/pulumi/node_modules/semver",
            "node_modules/semver",
            "node_modules/zod",
        ]);
        expect(Object.values(picked).some((entry) => "dev" in entry)).toBe(false);
    });

    it("gives a registry package that `npm install` recorded without `resolved` its registry tarball URL", () => {
        expect(closureOf(installed, ["zod"])["node_modules/zod"]!.resolved).toBe(
            "https://registry.npmjs.org/zod/-/zod-4.6.7.tgz",
        );
        expect(registryTarball("node_modules/a/node_modules/@grpc/grpc-js", { version: "1.14.7" })).toBe(
            "https://registry.npmjs.org/@grpc/grpc-js/-/grpc-js-1.14.7.tgz",
        );
        expect(registryTarball("node_modules/typescript-5", { name: "typescript", version: "5.9.3" })).toBe(
            "https://registry.npmjs.org/typescript/-/typescript-5.9.3.tgz",
        );
    });

    it("names a dependency the installed tree lacks", () => {
        expect(() => closureOf(installed, ["left-pad"])).toThrow("the installed tree has no left-pad (needed by the project)");
    });

    it("refuses a linked package: the project would point into this checkout", () => {
        expect(() => closureOf(installed, ["pulumi-tencent-chat"])).toThrow("is a link");
    });
});

describe("projectLock", () => {
    it("takes the packed package from its tarball and its dependencies and peers from the installed tree", () => {
        const lock = projectLock({
            installed,
            project: { name: "quickstart", dependencies: { "pulumi-tencent-chat": "file:../p.tgz" } },
            packed: {
                name: "pulumi-tencent-chat",
                entry: {
                    version: "0.1.0",
                    resolved: "file:../p.tgz",
                    dependencies: { zod: "^4" },
                    peerDependencies: { "@pulumi/pulumi": "^3.216.0" },
                },
            },
        });
        expect(lock.packages[""]).toEqual({ name: "quickstart", dependencies: { "pulumi-tencent-chat": "file:../p.tgz" } });
        expect(lock.packages["node_modules/pulumi-tencent-chat"]!.resolved).toBe("file:../p.tgz");
        expect(lock.packages["node_modules/@pulumi/pulumi"]!.version).toBe("3.216.0");
        expect(lock.packages["node_modules/zod"]!.version).toBe("4.6.7");
        expect(lock.packages["node_modules/vitest"]).toBeUndefined();
    });
});
