/**
 * program.ts hands the engine what RegisterResource carries: resource options and dependencies,
 * which the mocks' newResource callback does not see.
 */
import path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { CHANNEL_TYPE, repoRoot } from "../support/dist";
import { SUBSCRIPTION_TYPE } from "./fixture";

const requireDist = createRequire(path.join(repoRoot, "package.json"));
const { declaredResources } = requireDist("./dist/scripts/engine/program.js") as typeof import("../../scripts/engine/program");

describe("a program's options and dependencies", () => {
    it("carries protect, retainOnDelete, ignoreChanges, deleteBeforeReplace and the channel a subscription depends on", async () => {
        const dir = path.join(repoRoot, "test/engine/fixtures/program");
        const resources = await declaredResources(path.join(dir, "index.js"), { project: "options", cwd: dir });
        const hubUrn = `urn:pulumi:dev::options::${CHANNEL_TYPE}::hub`;
        expect(resources.map((r) => [r.type, r.name])).toEqual([
            [CHANNEL_TYPE, "hub"],
            [SUBSCRIPTION_TYPE, "hub-u1"],
        ]);
        expect(resources[0]!.options).toEqual({
            protect: true,
            retainOnDelete: true,
            ignoreChanges: ["introduction"],
            deleteBeforeReplace: false,
        });
        expect(resources[0]!.dependencies).toBeUndefined();
        expect(resources[1]!.options).toEqual({ deleteBeforeReplace: true });
        expect(resources[1]!.dependencies).toEqual([hubUrn]);
        expect(resources[1]!.propertyDependencies).toEqual({ channelId: [hubUrn] });
    });

    it("sees the protect option examples/typescript-program sets from config", async () => {
        const dir = path.join(repoRoot, "examples/typescript-program");
        const resources = await declaredResources(path.join(repoRoot, "dist/examples/typescript-program/index.js"), {
            project: "example-typescript-program",
            cwd: dir,
            config: { "example-typescript-program:protect": "true" },
        });
        expect(resources.find((r) => r.name === "support")!.options).toEqual({ protect: true });
        expect(resources.find((r) => r.name === "news")!.options).toBeUndefined();
    });
});
