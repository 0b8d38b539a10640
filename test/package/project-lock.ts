/**
 * A package-lock.json for a throwaway user project, cut from the lock of the tree the tests ran in.
 *
 * `npm install --offline` needs every dependency's registry metadata in the npm cache, which a
 * fresh machine that only ran `npm ci` does not have; `npm ci --offline` with a lock needs only the
 * tarballs, which that `npm ci` cached. Taking the entries from `node_modules/.package-lock.json`
 * (npm's record of what is really installed) also gives the project the very versions the suite
 * runs on — the oldest `@pulumi/pulumi` of the peer range in the floor run of `.ci/run`.
 */

export interface LockEntry {
    version?: string;
    resolved?: string;
    integrity?: string;
    link?: boolean;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    [key: string]: unknown;
}

export interface Lockfile {
    name: string;
    lockfileVersion: 3;
    requires: true;
    packages: Record<string, LockEntry>;
}

/** Node's lookup from the package at `from` ("" for the project): nearest `node_modules/<name>` upwards. */
export function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
    let base = from;
    for (;;) {
        const candidate = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
        if (packages[candidate] !== undefined) return candidate;
        if (base === "") return undefined;
        const cut = base.lastIndexOf("/node_modules/");
        base = cut < 0 ? "" : base.slice(0, cut);
    }
}

/** Copies `roots` (resolved from the top) and everything they need from `source`, keeping each entry's path. */
export function closureOf(source: Record<string, LockEntry>, roots: readonly string[]): Record<string, LockEntry> {
    const picked: Record<string, LockEntry> = {};
    const pending: { from: string; name: string; optional: boolean }[] = roots.map((name) => ({
        from: "",
        name,
        optional: false,
    }));
    while (pending.length > 0) {
        const { from, name, optional } = pending.pop()!;
        const at = resolveInLock(source, from, name);
        if (at === undefined) {
            if (optional) continue;
            throw new Error(`the installed tree has no ${name} (needed by ${from || "the project"})`);
        }
        if (picked[at] !== undefined) continue;
        const entry = source[at]!;
        if (entry.link) throw new Error(`${at} is a link in the installed tree; a packed project cannot use it`);
        // Flags describe the source project's dependency kinds, not this one's.
        const { dev: _dev, peer: _peer, devOptional: _devOptional, extraneous: _extraneous, ...kept } = entry;
        picked[at] =
            kept.resolved === undefined && kept.integrity !== undefined ? { ...kept, resolved: registryTarball(at, kept) } : kept;
        for (const dep of Object.keys(entry.dependencies ?? {})) pending.push({ from: at, name: dep, optional: false });
        for (const dep of Object.keys(entry.optionalDependencies ?? {})) pending.push({ from: at, name: dep, optional: true });
        // npm installs required peers; an optional one (e.g. @pulumi/pulumi's typescript and
        // ts-node) only when something else brings it, and then that something lists it itself.
        for (const dep of Object.keys(entry.peerDependencies ?? {})) {
            if (entry.peerDependenciesMeta?.[dep]?.optional !== true) pending.push({ from: at, name: dep, optional: false });
        }
    }
    return picked;
}

/**
 * `npm install` (unlike `npm ci`) records registry packages in the hidden lock with an integrity
 * but no `resolved`; `npm ci` would then ask the registry where the tarball is, which `--offline`
 * forbids. The registry's tarball URL is fixed by name and version; the cache finds the tarball by
 * its integrity.
 */
export function registryTarball(at: string, entry: LockEntry): string {
    const name = typeof entry.name === "string" ? entry.name : at.slice(at.lastIndexOf("node_modules/") + "node_modules/".length);
    return `https://registry.npmjs.org/${name}/-/${name.slice(name.lastIndexOf("/") + 1)}-${entry.version}.tgz`;
}

export interface ProjectLockInput {
    /** The `packages` of the installed tree's lock. */
    installed: Record<string, LockEntry>;
    /** The project's package.json (name, dependencies, devDependencies). */
    project: { name: string; dependencies: Record<string, string>; devDependencies?: Record<string, string> };
    /** Name of the packed package, its entry (version, resolved `file:` tarball, integrity, its dependencies). */
    packed: { name: string; entry: LockEntry };
}

/** The project's lock: its root, the packed package from the tarball, and the rest from the installed tree. */
export function projectLock(input: ProjectLockInput): Lockfile {
    const { installed, project, packed } = input;
    const needed = [
        ...Object.keys(project.dependencies),
        ...Object.keys(project.devDependencies ?? {}),
        ...Object.keys(packed.entry.dependencies ?? {}),
        ...Object.keys(packed.entry.peerDependencies ?? {}),
    ].filter((name) => name !== packed.name);
    return {
        name: project.name,
        lockfileVersion: 3,
        requires: true,
        packages: {
            "": {
                name: project.name,
                dependencies: project.dependencies,
                ...(project.devDependencies ? { devDependencies: project.devDependencies } : {}),
            },
            [`node_modules/${packed.name}`]: packed.entry,
            ...closureOf(installed, [...new Set(needed)]),
        },
    };
}
