/** The files of the README's quickstart, taken from the README itself so the test compiles what users copy. */

/** The code block right after `<!-- quickstart: <file> -->` in the README. */
export function quickstartFile(readme: string, file: string): string {
    const marker = `<!-- quickstart: ${file} -->`;
    const at = readme.indexOf(marker);
    if (at < 0) throw new Error(`README.md has no ${marker} marker`);
    const block = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at + marker.length));
    if (block === null) throw new Error(`README.md has no code block after ${marker}`);
    return block[1]!;
}

/**
 * The tsconfig `pulumi new typescript` wrote from April 2024 to March 2026 (pulumi/templates
 * a3029400, `typescript/tsconfig.json`), byte for byte in its options: CommonJS with the classic
 * `node` (node10) resolution, which ignores `exports` — what most existing Pulumi projects have.
 * No `skipLibCheck` and no `esModuleInterop`: every declaration file the package's types reach is
 * checked with these options (test/package/declarations.test.ts keeps other libraries' out).
 */
export const CLASSIC_TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

/**
 * The tsconfig `pulumi new typescript` writes since March 2026 (pulumi/templates 81e65225,
 * "Use moduleResolution: nodenext"): the classic one with `nodenext` module and resolution. The
 * README's quickstart shows exactly this file.
 */
export const TEMPLATE_TSCONFIG = {
    compilerOptions: { ...CLASSIC_TSCONFIG.compilerOptions, module: "nodenext", moduleResolution: "nodenext" },
    files: ["index.ts"],
};

/** `bundler` resolution, as Vite/esbuild-style setups and `module: preserve` use it. */
export const BUNDLER_TSCONFIG = {
    compilerOptions: {
        strict: true,
        noEmit: true,
        module: "preserve",
        moduleResolution: "bundler",
        target: "es2022",
        types: ["node"],
    },
    files: ["index.ts", "subpaths.ts"],
};

/** Every subpath the package exports with types, used as a program would, for the type checks. */
export const SUBPATHS_PROGRAM = `import { OfficialChannel, OfficialChannelSet, ChannelSubscription, getOfficialChannels } from "pulumi-tencent-chat";
import { startEmulator, type EmulatorHandle } from "pulumi-tencent-chat/emulator";
import * as channelHost from "pulumi-tencent-chat/host/channel";
import * as subscriptionHost from "pulumi-tencent-chat/host/sub";
import * as plugin from "pulumi-tencent-chat/plugin-sdk";

export const classes = [OfficialChannel, OfficialChannelSet, ChannelSubscription, getOfficialChannels];
export const hostFunctions: Function[] = [channelHost.check, channelHost.create, subscriptionHost.check, subscriptionHost.delete];
export function pluginChannel(provider: plugin.Provider): plugin.OfficialChannel {
    return new plugin.OfficialChannel("news", { channelId: "@TOA#_news", owner: "ops", name: "News" }, { provider });
}
export async function emulatorUrl(): Promise<string> {
    const emulator: EmulatorHandle = await startEmulator({ users: ["ops"] });
    await emulator.stop();
    return emulator.url;
}
`;

/** Every export of package.json, required and imported at run time from the project. */
export const RESOLVE_SCRIPT = `const subpaths = ["pulumi-tencent-chat", "pulumi-tencent-chat/host/channel", "pulumi-tencent-chat/host/sub",
    "pulumi-tencent-chat/emulator", "pulumi-tencent-chat/plugin-sdk", "pulumi-tencent-chat/schema/channel-manifest.schema.json",
    "pulumi-tencent-chat/package.json"];
(async () => {
    const out = {};
    for (const id of subpaths) {
        const required = require(id);
        const imported = await import(id, id.endsWith(".json") ? { with: { type: "json" } } : undefined);
        out[id] = { path: require.resolve(id), keys: Object.keys(required).length, imported: Object.keys(imported).length };
    }
    process.stdout.write(JSON.stringify(out));
})().catch((error) => { console.error(error); process.exit(1); });
`;
