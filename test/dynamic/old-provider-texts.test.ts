/**
 * State written by earlier versions keeps working through today's layout: every `__provider` text
 * the upgrade fixtures hold (test/fixtures/upgrade/<release>/*.stack.json), and the by-reference
 * forms the serializer writes for an installed package (`host/channel`, `host/sub` and the `dist/…`
 * paths the exports map also resolves), are loaded the way Pulumi's dynamic-provider host loads
 * them (require-from-string, resolving from the program's directory) and driven through check,
 * diff and read. Each reaches the facade by package name, the implementation in provider/dynamic/
 * and the core, against an emulator holding the state the fixture describes.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelPartiallyCreatedError } from "../../provider/channel/operations";
import { keepingProvider } from "../../provider/dynamic/results";
import { emulatorModule, repoRoot } from "../support/dist";

const requireFromString = createRequire(path.join(repoRoot, "node_modules/@pulumi/pulumi/package.json"))(
    "require-from-string",
) as (code: string) => { handler: () => Provider };

type Props = Record<string, unknown>;
interface Provider {
    configure(request: unknown): Promise<void>;
    check(olds: Props, news: Props): Promise<{ inputs?: Props; failures?: unknown[] }>;
    diff(id: string, olds: Props, news: Props): Promise<{ changes?: boolean }>;
    read(id: string, props: Props): Promise<{ id?: string; props?: Props }>;
}
interface StateResource {
    type: string;
    id?: string;
    inputs?: Props;
    outputs?: Props;
}

const METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];
const FIXTURES = path.join(repoRoot, "test/fixtures/upgrade");
const CHANNEL = "pulumi-nodejs:dynamic/tencent-chat:OfficialChannel";

/** Every dynamic resource of every release's stack export, with the emulator state recorded beside it. */
const recorded = readdirSync(FIXTURES).flatMap((release) =>
    readdirSync(path.join(FIXTURES, release))
        .filter((file) => file.endsWith(".stack.json"))
        .flatMap((file) => {
            const exported = JSON.parse(readFileSync(path.join(FIXTURES, release, file), "utf8"));
            const resources = exported.deployment.resources as StateResource[];
            return resources
                .filter((r) => typeof r.inputs?.__provider === "string")
                .map((r) => ({
                    release,
                    file,
                    emulatorState: path.join(FIXTURES, release, file.replace(".stack.json", ".emulator.json")),
                    ...r,
                }));
        }),
);

/** The serializer's by-reference form: the module itself, required by package name. */
const byReference = (subpath: string) => `exports.handler = () => require(${JSON.stringify(subpath)});\n`;

/** The dynamic-provider host's own way in: the text as a module, resolved from the working directory. */
function load(text: string): Provider {
    const cwd = process.cwd();
    process.chdir(repoRoot);
    try {
        return requireFromString(text).handler();
    } finally {
        process.chdir(cwd);
    }
}

let emulator: Awaited<ReturnType<typeof emulatorModule.startEmulator>>;
let scratch: string;

beforeAll(async () => {
    expect(recorded.length).toBeGreaterThan(0);
    scratch = mkdtempSync(path.join(tmpdir(), "old-provider-texts-"));
    const statePath = path.join(scratch, "emulator.json");
    copyFileSync(recorded[0]!.emulatorState, statePath);
    emulator = await emulatorModule.startEmulator({ users: ["ops", "u1"], statePath });
});
afterAll(async () => {
    await emulator?.stop();
    rmSync(scratch, { recursive: true, force: true });
});

async function configured(provider: Provider): Promise<Provider> {
    const values: Record<string, string> = {
        "tencent-chat:sdkAppId": String(emulator.settings.sdkAppId),
        "tencent-chat:secretKey": emulator.settings.secretKey,
        "tencent-chat:endpoint": emulator.url,
    };
    await provider.configure({ config: { get: (key: string) => values[key], rawConfig: values } });
    return provider;
}

describe("__provider texts written by earlier versions", () => {
    it("holds at least one recorded text of each form the fixtures carry", () => {
        expect(new Set(recorded.map((r) => r.type))).toContain(CHANNEL);
    });

    for (const resource of recorded) {
        it(`${resource.release} ${resource.file} ${resource.id}: loads, checks, diffs without change and reads back`, async () => {
            const provider = await configured(load(String(resource.inputs!.__provider)));
            expect(METHODS.filter((m) => typeof (provider as unknown as Props)[m] === "function")).toEqual(METHODS);
            const { __provider: _inputProvider, ...inputs } = resource.inputs!;
            const { __provider: _outputProvider, ...outputs } = resource.outputs!;
            // What the program sends: an auto-named channel's ID comes from the old inputs, not the program.
            const { channelId: _channelId, ...named } = inputs;
            const checked = await provider.check(inputs, typeof inputs.nameHint === "string" ? named : inputs);
            expect(checked.failures ?? []).toEqual([]);
            expect(checked.inputs).toEqual(inputs);
            expect((await provider.diff(resource.id!, outputs, checked.inputs!)).changes).toBe(false);
            const read = await provider.read(resource.id!, outputs);
            expect(read.id).toBe(resource.id);
            expect(read.props).toEqual(outputs);
        });
    }
});

describe("the facade paths an installed package's state requires", () => {
    const channel = { channelId: "@TOA#_news", owner: "ops", name: "Company News" };
    const subscription = { channelId: "@TOA#_news", userId: "u1" };
    for (const [subpath, declared] of [
        ["pulumi-tencent-chat/host/channel", channel],
        ["pulumi-tencent-chat/dist/provider/host/channel.js", channel],
        ["pulumi-tencent-chat/host/sub", subscription],
        ["pulumi-tencent-chat/dist/provider/host/subscription.js", subscription],
    ] as const) {
        it(`${subpath}: the seven methods, check filling defaults and a diff of the same inputs planning nothing`, async () => {
            const provider = await configured(load(byReference(subpath)));
            expect(METHODS.filter((m) => typeof (provider as unknown as Props)[m] === "function")).toEqual(METHODS);
            const checked = await provider.check({}, { ...declared });
            expect(checked.failures).toEqual([]);
            expect(checked.inputs).toMatchObject({ ...declared, adopt: false });
            const id = "userId" in declared ? `${declared.channelId}/${declared.userId}` : declared.channelId;
            expect((await provider.diff(id, checked.inputs!, checked.inputs!)).changes).toBe(false);
        });
    }
});

describe("a partial create through the dynamic provider", () => {
    it("carries the inputs' __provider in its properties (the host does not add it, and delete and refresh need it)", async () => {
        const state = { channelId: "@TOA#_p", owner: "ops", name: "P" } as never;
        const error = await keepingProvider({ __provider: "exports.handler = …" }, async () => {
            throw new ChannelPartiallyCreatedError("@TOA#_p", state, new Error("read back failed"));
        }).catch((e: unknown) => e);
        expect(error).toMatchObject({ id: "@TOA#_p", properties: { channelId: "@TOA#_p", __provider: "exports.handler = …" } });
        const other = new Error("not partial");
        await expect(keepingProvider({ __provider: "x" }, async () => Promise.reject(other))).rejects.toBe(other);
    });
});
