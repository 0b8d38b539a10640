/**
 * The Pulumi engine's step logic for dynamic resources, reduced to what a stack of them needs:
 * preview, up, refresh and destroy, issuing the same RPC sequences, in the same order, with the
 * same failure semantics as the engine, against a real provider process: the dynamic-provider host
 * or the plugin (see EngineHost).
 *
 * Every rule cites the engine source it follows: pulumi/pulumi at commit 1b5949891b,
 * pkg/resource/deploy/{step_generator,step,step_executor,deployment,deployment_executor}.go
 * (abbreviated sg.go, step.go, se.go, deployment.go, de.go below). A simulation that differs from the
 * engine lets tests pass that a real `pulumi up` would fail, so change a rule only with its source.
 *
 * It is not a Pulumi replacement: no program, no plugins, no checkpoint format, no targets, no
 * aliases, no imports, no component resources. It exists so the provider can be exercised at the
 * engine boundary where the Pulumi CLI cannot be installed.
 */
import { HostCallError, type EngineHost, type Props } from "./host";

/** The value the engine sends for an input not known yet (a computed value). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The resource options the engine acts on for a custom resource (what RegisterResource carries). */
export interface ResourceOptions {
    /** Blocks delete and replace (sg.go:1957, step.go:647). */
    protect?: boolean;
    /** Delete removes the resource from the state without calling the provider (step.go:661). */
    retainOnDelete?: boolean;
    /** Top-level input names reset to their old values before Check (sg.go:1267, processIgnoreChanges). */
    ignoreChanges?: string[];
    /** Overrides the provider's choice when set (sg.go:2043–2046). */
    deleteBeforeReplace?: boolean;
}

export interface DeclaredResource {
    /** Type token, e.g. pulumi-nodejs:dynamic/tencent-chat:OfficialChannel */
    type: string;
    name: string;
    /** Program inputs, including `__provider`. */
    inputs: Props;
    options?: ResourceOptions;
    /** URNs (Engine.urn) of the resources this one depends on (outputs used or dependsOn). */
    dependencies?: string[];
    /** Input name → URNs whose outputs flow into it; lets a delete-before-replace find dependents to replace. */
    propertyDependencies?: Record<string, string[]>;
}

export interface StateEntry {
    urn: string;
    type: string;
    id: string;
    inputs: Props;
    outputs: Props;
    protect?: boolean;
    retainOnDelete?: boolean;
    ignoreChanges?: string[];
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    /** Reasons of a partial failure (ErrorResourceInitFailed); the next up updates the resource (sg.go:2182–2195). */
    initErrors?: string[];
    /** Deleted for a delete-before-replace whose create has not happened yet (step.go:781–785). */
    pendingReplacement?: boolean;
}

/** Stack configuration the provider is configured with: namespaced keys, and which of them are secret. */
export interface ProviderConfig {
    values: Record<string, string>;
    secretKeys?: readonly string[];
}

export type StepKind =
    | "create"
    | "update"
    | "replace"
    /** The old resource of a replacement deleted: first (delete-before-replace) or after the creates (default). */
    | "delete-replaced"
    | "delete"
    | "same"
    | "refresh"
    | "drop";

export interface FieldChange {
    field: string;
    from: unknown;
    to: unknown;
}

export interface Step {
    kind: StepKind;
    urn: string;
    name: string;
    id?: string;
    /** For a replace: the ID of the resource it replaces. */
    oldId?: string;
    /** Field-level changes (inputs for up/preview; for refresh the inverted diff's fields, old → live). */
    changes: FieldChange[];
    /** For replaces: whether the old resource was deleted first. */
    deleteBeforeReplace?: boolean;
    /** The resource was deleted from the state only (retainOnDelete): the provider was not called. */
    retained?: boolean;
    error?: string;
    /** Duration of the provider calls for this step, ms. */
    ms: number;
}

/** One provider RPC as the engine issued it, for tests and reports of call sequences. */
export interface ProviderCall {
    method: "check" | "diff" | "create" | "read" | "update" | "delete";
    urn: string;
    /** The resource ID the call acted on (for create: the ID it returned). */
    id?: string;
    /** check: whether the old inputs were passed. */
    withOlds?: boolean;
    /** Whether the call failed. */
    failed?: boolean;
}

export interface EngineOptions {
    stack?: string;
    project: string;
    /** Steps in flight at once, like `pulumi up --parallel`. @default 64 */
    parallel?: number;
    /** `pulumi up --continue-on-error`: a failed step does not cancel the others (se.go:435–461). */
    continueOnError?: boolean;
    /** The configuration `host` was configured with; saved in the state by each up. */
    config?: ProviderConfig;
    /** Starts a host configured with `config`: refresh and destroy use the configuration saved in the state. */
    startHost?: (config: ProviderConfig) => Promise<EngineHost>;
}

export interface RefreshOptions {
    /** `--run-program`: the provider gets the current configuration instead of the state's. */
    runProgram?: boolean;
}

/** Internal keys (`__provider`, `__urn`) are never shown, as the CLI's display skips them (resource.IsInternalPropertyKey). */
const isHidden = (key: string) => key.startsWith("__");

export function fieldChanges(before: Props, after: Props, keys?: readonly string[]): FieldChange[] {
    const names = keys ?? [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !isHidden(k));
    return names
        .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
        .map((field) => ({ field, from: before[field], to: after[field] }));
}

/**
 * An error raised while generating steps (check failures, refused replacements): the engine bails
 * out of the whole deployment, --continue-on-error or not (sg.go:1476–1477, :1971, :2120; de.go:283–289).
 */
class BailError extends Error {}

function messageOf(error: unknown): string {
    if (error instanceof HostCallError) return error.details;
    return error instanceof Error ? error.message : String(error);
}

function nameOf(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

const configKey = (config: ProviderConfig) =>
    JSON.stringify([Object.entries(config.values).sort(), [...(config.secretKeys ?? [])].sort()]);

/** Runs `fn` with at most `limit` calls in flight. */
class Limiter {
    private active = 0;
    private readonly waiting: (() => void)[] = [];
    constructor(private readonly limit: number) {}
    async run<T>(fn: () => Promise<T>): Promise<T> {
        if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
        this.active++;
        try {
            return await fn();
        } finally {
            this.active--;
            this.waiting.shift()?.();
        }
    }
}

/** One deployment (one `pulumi up/preview/destroy`): cancellation and the steps it produced. */
interface Deployment {
    apply: boolean;
    host: EngineHost;
    steps: Step[];
    failed: boolean;
    /** se.go:435–461: the first failed step cancels the rest unless --continue-on-error. */
    cancelled: boolean;
    /** URNs deleted earlier in this deployment (sg.deletes): registering one again recreates it (sg.go:1495–1505). */
    deleted: Set<string>;
    /** The order each resource step sorts by: its place in the program. */
    order: Map<Step, number>;
    /**
     * The step generator: the executor handles one event at a time (deployment_executor.go:305 in
     * v3.276.0), and the step generator calls Check, and Diff in place unless PULUMI_PARALLEL_DIFF
     * is set (step_generator.go:3079), so a deployment's checks and diffs never overlap one another,
     * whatever --parallel says. Steps' own calls
     * (create, update, delete, and refresh's read and diff, step.go) run on the --parallel workers.
     */
    generator: Limiter;
}

export class Engine {
    /** Live resources by URN, in the order they were registered (dependencies first). */
    readonly state = new Map<string, StateEntry>();
    /** Old resources of replacements still to be deleted (state entries with Delete=true); retried by each up. */
    readonly pendingDeletes: StateEntry[] = [];
    /** Every provider call, in order. */
    readonly calls: ProviderCall[] = [];
    /** The provider configuration saved in the state by the last up (the default provider's inputs). */
    savedConfig: ProviderConfig | undefined;
    private readonly stack: string;
    private readonly parallel: number;
    private config: ProviderConfig | undefined;
    private readonly hosts = new Map<string, Promise<EngineHost>>();
    private readonly started: Promise<EngineHost>[] = [];

    constructor(
        private host: EngineHost,
        private readonly options: EngineOptions,
    ) {
        this.stack = options.stack ?? "dev";
        this.parallel = options.parallel ?? 64;
        this.config = options.config;
        if (options.config) this.hosts.set(configKey(options.config), Promise.resolve(host));
    }

    urn(type: string, name: string): string {
        return `urn:pulumi:${this.stack}::${this.options.project}::${type}::${name}`;
    }

    /** `pulumi config set`: the next up (or preview, or --run-program) configures the provider with `config`. */
    async setConfig(config: ProviderConfig): Promise<void> {
        this.host = await this.hostFor(config);
        this.config = config;
    }

    /** Stops the hosts this engine started (not the one it was given). */
    async stop(): Promise<void> {
        const hosts = await Promise.allSettled(this.started);
        await Promise.all(hosts.map((h) => (h.status === "fulfilled" ? h.value.stop() : undefined)));
    }

    /** Check and Diff only: Create/Update/Delete are never sent to a dynamic provider in preview (provider_plugin.go:1430–1442, :1706). */
    async preview(resources: readonly DeclaredResource[]): Promise<Step[]> {
        return this.deploy(resources, false);
    }

    async up(resources: readonly DeclaredResource[]): Promise<Step[]> {
        // The default provider is registered (and its inputs, the stack config, saved) before any resource.
        if (this.config) this.savedConfig = this.config;
        return this.deploy(resources, true);
    }

    /** `pulumi destroy`; without runProgram the provider is configured from the state (deployment.go:712–741). */
    async destroy(options: RefreshOptions = {}): Promise<Step[]> {
        const deployment = this.newDeployment(true, await this.operationHost(options));
        await this.deleteAll(deployment, [...this.pendingDeletes, ...this.state.values()]);
        return deployment.steps;
    }

    private newDeployment(apply: boolean, host: EngineHost): Deployment {
        return {
            apply,
            host,
            steps: [],
            failed: false,
            cancelled: false,
            deleted: new Set(),
            order: new Map(),
            generator: new Limiter(1),
        };
    }

    /**
     * Refresh and destroy without --run-program load each resource's provider from the state
     * (sg.go:2306–2311 EnsureProvider(res.Provider) → deployment.go:712–741 SameProvider with the old
     * provider state): a configuration changed since the last up reaches them only after the next up.
     */
    private async operationHost(options: RefreshOptions): Promise<EngineHost> {
        if (options.runProgram || !this.savedConfig || !this.config) return this.host;
        return this.hostFor(this.savedConfig);
    }

    private hostFor(config: ProviderConfig): Promise<EngineHost> {
        const key = configKey(config);
        let host = this.hosts.get(key);
        if (!host) {
            if (!this.options.startHost) throw new Error("Engine: a different provider configuration needs options.startHost");
            host = this.options.startHost(config);
            this.hosts.set(key, host);
            this.started.push(host);
        }
        return host;
    }

    // ---- provider calls, logged -------------------------------------------------------------

    private async rpc<T>(call: ProviderCall, fn: () => Promise<T>, idOf?: (result: T) => string): Promise<T> {
        this.calls.push(call);
        try {
            const result = await fn();
            if (idOf) call.id = idOf(result);
            return result;
        } catch (error) {
            call.failed = true;
            if (error instanceof HostCallError && error.initFailed && call.method === "create") call.id = error.initFailed.id;
            throw error;
        }
    }

    private async check(d: Deployment, urn: string, olds: Props | undefined, news: Props): Promise<Props> {
        const checked = await d.generator.run(() =>
            this.rpc({ method: "check", urn, withOlds: olds !== undefined }, () => d.host.check(urn, olds ?? {}, news)),
        );
        if (checked.failures.length > 0)
            throw new BailError(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
        return checked.inputs;
    }

    /**
     * sg.go:2974–3008 diffResource: the provider's Diff gets the old inputs and outputs and the new
     * inputs (the dynamic host passes the old outputs as `olds`); DIFF_UNKNOWN falls back to comparing
     * the inputs, ignoring ignoreChanges.
     */
    private async diff(
        host: EngineHost,
        old: StateEntry,
        oldInputs: Props,
        oldOutputs: Props,
        news: Props,
        ignoreChanges: readonly string[] = [],
        generator?: Limiter,
    ) {
        const call = () =>
            this.rpc({ method: "diff", urn: old.urn, id: old.id }, () => host.diff(old.urn, old.id, oldOutputs, oldInputs, news));
        const diff = await (generator ? generator.run(call) : call());
        if (diff.changes === "DIFF_UNKNOWN") {
            const compared = { ...news };
            for (const key of ignoreChanges) if (key in oldInputs) compared[key] = oldInputs[key];
            const changed = fieldChanges(oldInputs, compared).length > 0;
            return { ...diff, changes: changed ? ("DIFF_SOME" as const) : ("DIFF_NONE" as const) };
        }
        return diff;
    }

    // ---- up / preview -----------------------------------------------------------------------

    private async deploy(resources: readonly DeclaredResource[], apply: boolean): Promise<Step[]> {
        const d = this.newDeployment(apply, this.host);
        const limiter = new Limiter(this.parallel);
        const declared = new Map(resources.map((r) => [this.urn(r.type, r.name), r]));
        // Steps are listed in dependency order (program order among independent resources).
        const index = new Map<string, number>();
        const rank = (urn: string, seen: Set<string>) => {
            if (index.has(urn) || seen.has(urn)) return;
            seen.add(urn);
            for (const dep of declared.get(urn)!.dependencies ?? []) if (declared.has(dep)) rank(dep, seen);
            index.set(urn, index.size);
        };
        for (const urn of declared.keys()) rank(urn, new Set());
        const done = new Map<string, Promise<boolean>>();
        // A resource registers only once its dependencies' steps are done: the SDK awaits their URNs and
        // outputs before RegisterResource (sdk/nodejs/runtime/resource.ts:1068–1076), and the engine answers
        // a registration only when its step completes (step.go:475 reg.Done). So creates and updates run in
        // dependency order, independent resources concurrently (up to --parallel).
        const register = (urn: string): Promise<boolean> => {
            let promise = done.get(urn);
            if (promise) return promise;
            const resource = declared.get(urn)!;
            promise = (async () => {
                const deps = (resource.dependencies ?? []).filter((dep) => dep !== urn && declared.has(dep));
                const ok = (await Promise.all(deps.map(register))).every(Boolean);
                // With --continue-on-error the program never registers a resource whose dependency failed.
                if (!ok || d.cancelled) return false;
                return limiter.run(async () => (d.cancelled ? false : this.step(d, urn, resource, index.get(urn)!)));
            })();
            done.set(urn, promise);
            return promise;
        };
        await Promise.all([...declared.keys()].map(register));
        // de.go:318–346: after a step error (without --continue-on-error) the cancelled deployment leaves
        // its main loop before performPostSteps: no deletes.
        if (d.cancelled) return [...d.steps].sort((a, b) => (d.order.get(a) ?? 0) - (d.order.get(b) ?? 0));

        // sg.go:2328–2430 GenerateDeletes: pending deletes from earlier runs, the old resources replaced in
        // this run, and every resource the program no longer declares, after all creates and updates.
        const gone = [...this.state.values()].filter((entry) => !declared.has(entry.urn));
        // Steps listed in program order whatever order the concurrent work finished in; deletes after.
        const order = (step: Step) => d.order.get(step) ?? Number.MAX_SAFE_INTEGER;
        const resourceSteps = [...d.steps].sort((a, b) => order(a) - order(b));
        d.steps.length = 0;
        await this.deleteAll(d, [...this.pendingDeletes, ...gone]);
        return [...resourceSteps, ...d.steps];
    }

    /** Fails the step; without --continue-on-error the deployment is cancelled (se.go:404–461). */
    private fail(d: Deployment, step: Step, error: unknown, { alwaysContinue = false } = {}): void {
        step.error = messageOf(error);
        d.failed = true;
        // se.go:447–449: a refused delete of a protected resource never cancels the deployment.
        if (error instanceof BailError || (!this.options.continueOnError && !alwaysContinue)) d.cancelled = true;
    }

    /** Generates and applies the steps for one registered resource; false when it failed. */
    private async step(d: Deployment, urn: string, resource: DeclaredResource, index: number): Promise<boolean> {
        const old = this.state.get(urn);
        const started = Date.now();
        const step: Step = { kind: "create", urn, name: resource.name, changes: [], ms: 0 };
        d.steps.push(step);
        d.order.set(step, index * 1000);
        try {
            await this.generate(d, urn, resource, old, step);
            return true;
        } catch (error) {
            this.fail(d, step, error);
            return false;
        } finally {
            step.ms = Date.now() - started;
        }
    }

    private async generate(
        d: Deployment,
        urn: string,
        resource: DeclaredResource,
        old: StateEntry | undefined,
        step: Step,
    ): Promise<void> {
        const options = resource.options ?? {};
        const record = (id: string, inputs: Props, outputs: Props, initErrors?: string[]): StateEntry => ({
            urn,
            type: resource.type,
            id,
            inputs,
            outputs,
            ...(options.protect ? { protect: true } : {}),
            ...(options.retainOnDelete ? { retainOnDelete: true } : {}),
            ...(options.ignoreChanges?.length ? { ignoreChanges: options.ignoreChanges } : {}),
            ...(resource.dependencies?.length ? { dependencies: resource.dependencies } : {}),
            ...(resource.propertyDependencies ? { propertyDependencies: resource.propertyDependencies } : {}),
            ...(initErrors?.length ? { initErrors } : {}),
        });

        // sg.go:1495–1505: registered again after a dependency's delete-before-replace deleted it in this
        // deployment: a replacement, checked without olds (sg.go:1325), created without a diff.
        if (old && d.deleted.has(urn)) {
            const news = await this.check(d, urn, undefined, resource.inputs);
            Object.assign(step, {
                kind: "replace",
                id: old.id,
                oldId: old.id,
                deleteBeforeReplace: true,
                changes: fieldChanges(old.inputs, news),
            });
            if (d.apply) await this.create(d, step, news, record);
            return;
        }

        // sg.go:1264–1268: ignored properties take their old values before Check.
        const inputs = { ...resource.inputs };
        if (old) for (const key of options.ignoreChanges ?? []) if (key in old.inputs) inputs[key] = old.inputs[key];

        // sg.go:1325–1340: Check gets the old inputs as olds, or no olds for a new resource.
        const news = await this.check(d, urn, old?.inputs, inputs);
        if (!old) {
            step.changes = fieldChanges({}, news);
            // Create is never sent to a dynamic provider in preview: the host declares no preview support
            // (pkg/resource/plugin/provider_plugin.go:1430–1442).
            if (d.apply) await this.create(d, step, news, record);
            return;
        }

        step.id = old.id;
        step.changes = fieldChanges(old.inputs, news);
        const diff = await this.diff(d.host, old, old.inputs, old.outputs, news, options.ignoreChanges, d.generator);
        const hasInitErrors = (old.initErrors?.length ?? 0) > 0; // sg.go:1943

        // sg.go:1950–1951: changes that need a replacement, or a delete-before-replace whose create is owed.
        if (diff.changes === "DIFF_SOME" || old.pendingReplacement) {
            if (diff.replaces.length > 0 || old.pendingReplacement)
                return this.replace(d, urn, resource, old, diff.deleteBeforeReplace, step, record);
            step.kind = "update";
            if (d.apply) await this.update(d, old, news, record);
            return;
        }
        // sg.go:2180–2195: unchanged but partially failed before: an update to finish initialization.
        if (hasInitErrors) {
            step.kind = "update";
            if (d.apply) await this.update(d, old, news, record);
            return;
        }
        // sg.go:1892–1912 / step.go:173 SameStep: new inputs (and options) recorded, old outputs kept.
        step.kind = "same";
        if (d.apply) this.state.set(urn, record(old.id, news, old.outputs));
    }

    private async replace(
        d: Deployment,
        urn: string,
        resource: DeclaredResource,
        old: StateEntry,
        providerWantsDbr: boolean,
        step: Step,
        record: (id: string, inputs: Props, outputs: Props, initErrors?: string[]) => StateEntry,
    ): Promise<void> {
        const options = resource.options ?? {};
        step.kind = "replace";
        step.oldId = old.id;
        // sg.go:1953–1972: a resource protected in the state and in the program is never replaced: an
        // up bails out; a preview reports the error and carries on, to show the diff that causes it.
        if (options.protect && old.protect) {
            const refusal =
                `unable to replace resource "${urn}"\nas it is currently marked for protection. To unprotect the resource, ` +
                "remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`";
            if (d.apply) throw new BailError(refusal);
            step.error = refusal;
            d.failed = true;
        }
        // sg.go:2003–2023: before a replacement the engine checks the program's inputs again WITHOUT olds
        // (and without ignoreChanges), so anything Check derived from the old inputs is derived afresh.
        const news = await this.check(d, urn, undefined, resource.inputs);
        step.changes = fieldChanges(old.inputs, news);
        // sg.go:2043–2046: the deleteBeforeReplace option, when set, overrides the provider's answer.
        const deleteBeforeReplace = options.deleteBeforeReplace ?? providerWantsDbr;
        step.deleteBeforeReplace = deleteBeforeReplace;

        if (!deleteBeforeReplace) {
            // sg.go:2159–2165: create the replacement first; step.go:467–473 marks the old one Delete=true,
            // and GenerateDeletes deletes it after all creates and updates (sg.go:2390–2423).
            if (!d.apply) return;
            await this.create(d, step, news, record, old);
            return;
        }

        // sg.go:2047–2157: delete first — dependents that would be replaced too (reverse dependency
        // order), then the old resource — then create.
        const dependents = await this.dependentReplacements(d, old);
        if (!d.apply) return;
        for (const dependent of [...dependents].reverse()) {
            // sg.go:2110–2121: a protected dependent stops the whole replacement.
            if (dependent.protect) {
                throw new BailError(
                    `unable to replace resource "${dependent.urn}" as part of replacing "${urn}" as it is currently marked for protection.`,
                );
            }
            await this.deleteReplaced(d, dependent, step);
        }
        // sg.go:2139–2147: no delete step when the old resource was already deleted (pending replacement).
        if (!old.pendingReplacement) await this.deleteReplaced(d, old, step);
        await this.create(d, step, news, record);
    }

    /**
     * sg.go:3268–3405 calculateDependentReplacements: walking the dependents of `root` in the state,
     * each input fed by a resource being replaced becomes unknown, and the dependent's provider Diff
     * decides whether it must be replaced (and so deleted before `root`).
     */
    private async dependentReplacements(d: Deployment, root: StateEntry): Promise<StateEntry[]> {
        const replaceSet = new Set([root.urn]);
        const found: StateEntry[] = [];
        const entries = [...this.state.values()];
        let grew = true;
        while (grew) {
            grew = false;
            for (const entry of entries) {
                if (replaceSet.has(entry.urn) || d.deleted.has(entry.urn)) continue;
                if (
                    ![...(entry.dependencies ?? []), ...Object.values(entry.propertyDependencies ?? {}).flat()].some((u) =>
                        replaceSet.has(u),
                    )
                )
                    continue;
                const inputsForDiff: Props = { ...entry.inputs };
                let fed = false;
                for (const [key, urns] of Object.entries(entry.propertyDependencies ?? {})) {
                    if (urns.some((u) => replaceSet.has(u)) && key in inputsForDiff) {
                        inputsForDiff[key] = UNKNOWN;
                        fed = true;
                    }
                }
                if (!fed) continue; // sg.go:3337–3341: a dependsOn edge alone cannot change its inputs
                const diff = await this.diff(
                    d.host,
                    entry,
                    entry.inputs,
                    entry.outputs,
                    inputsForDiff,
                    entry.ignoreChanges,
                    d.generator,
                );
                if (diff.replaces.length > 0) {
                    found.push(entry);
                    replaceSet.add(entry.urn);
                    grew = true;
                }
            }
        }
        return found;
    }

    private async create(
        d: Deployment,
        step: Step,
        inputs: Props,
        record: (id: string, inputs: Props, outputs: Props, initErrors?: string[]) => StateEntry,
        replacing?: StateEntry,
    ): Promise<void> {
        try {
            const created = await this.rpc(
                { method: "create", urn: step.urn },
                () => d.host.create(step.urn, inputs),
                (r) => r.id,
            );
            step.id = created.id;
            this.state.set(step.urn, record(created.id, inputs, created.outs));
        } catch (error) {
            // step.go:376–391: a partial failure still records the resource, with its init errors.
            if (error instanceof HostCallError && error.initFailed) {
                step.id = error.initFailed.id;
                this.state.set(
                    step.urn,
                    record(error.initFailed.id, inputs, error.initFailed.properties, error.initFailed.reasons),
                );
            } else {
                throw error;
            }
            if (replacing) this.condemn(d, replacing);
            throw error;
        }
        // step.go:467–473: only once the replacement exists is the old resource marked for deletion.
        if (replacing) this.condemn(d, replacing);
    }

    /** step.go:467–473: the old resource is marked Delete=true in the state, whatever happens next. */
    private condemn(d: Deployment, old: StateEntry): void {
        if (d.apply) this.pendingDeletes.push(old);
    }

    private async update(
        d: Deployment,
        old: StateEntry,
        news: Props,
        record: (id: string, inputs: Props, outputs: Props, initErrors?: string[]) => StateEntry,
    ): Promise<void> {
        try {
            const outputs = await this.rpc({ method: "update", urn: old.urn, id: old.id }, () =>
                d.host.update(old.urn, old.id, old.outputs, old.inputs, news),
            );
            this.state.set(old.urn, record(old.id, news, outputs));
        } catch (error) {
            // step.go:1030–1040 (UpdateStep): a partial failure records the new outputs and the init errors.
            if (error instanceof HostCallError && error.initFailed) {
                this.state.set(old.urn, record(old.id, news, error.initFailed.properties, error.initFailed.reasons));
            }
            throw error;
        }
    }

    /** A DeleteReplacementStep run before the create (delete-before-replace): the entry stays, pendingReplacement. */
    private async deleteReplaced(d: Deployment, entry: StateEntry, replacement: Step): Promise<void> {
        const step: Step = { kind: "delete-replaced", urn: entry.urn, name: nameOf(entry.urn), id: entry.id, changes: [], ms: 0 };
        d.steps.push(step);
        const before = [...d.order.values()].filter(
            (o) => o < d.order.get(replacement)! && o > d.order.get(replacement)! - 1000,
        ).length;
        d.order.set(step, d.order.get(replacement)! - 999 + before);
        const started = Date.now();
        try {
            // step.go:661: retainOnDelete skips the provider's Delete, replacements included.
            if (entry.retainOnDelete) step.retained = true;
            else
                await this.rpc({ method: "delete", urn: entry.urn, id: entry.id }, () =>
                    d.host.delete(entry.urn, entry.id, entry.outputs, entry.inputs),
                );
            d.deleted.add(entry.urn);
            // step.go:781–785: set only after the delete succeeded, so a failed delete is retried.
            this.state.set(entry.urn, { ...entry, pendingReplacement: true });
        } catch (error) {
            step.error = messageOf(error);
            throw error;
        } finally {
            step.ms = Date.now() - started;
        }
    }

    // ---- deletes ----------------------------------------------------------------------------

    /**
     * sg.go:2747–2795 ScheduleDeletes: deletes run in reverse dependency order, in rounds of
     * resources nothing left depends on; de.go:501–540 waits for each round before the next.
     */
    private async deleteAll(d: Deployment, entries: readonly StateEntry[]): Promise<void> {
        const limiter = new Limiter(this.parallel);
        let condemned = [...new Set(entries)];
        const dependsOn = (entry: StateEntry, urn: string) =>
            (entry.dependencies ?? []).includes(urn) ||
            Object.values(entry.propertyDependencies ?? {}).some((urns) => urns.includes(urn));
        while (condemned.length > 0 && !d.cancelled) {
            const round = condemned.filter(
                (e) => !condemned.some((other) => other !== e && other.urn !== e.urn && dependsOn(other, e.urn)),
            );
            const now = round.length > 0 ? round : condemned; // a cycle cannot happen in a real state; never spin
            await Promise.all(
                now.map((entry) => limiter.run(() => (d.cancelled ? Promise.resolve() : this.deleteOne(d, entry)))),
            );
            condemned = condemned.filter((e) => !now.includes(e));
        }
    }

    private async deleteOne(d: Deployment, entry: StateEntry): Promise<void> {
        const pending = this.pendingDeletes.includes(entry);
        const step: Step = {
            kind: pending ? "delete-replaced" : "delete",
            urn: entry.urn,
            name: nameOf(entry.urn),
            id: entry.id,
            changes: [],
            ms: 0,
        };
        d.steps.push(step);
        const started = Date.now();
        try {
            // step.go:647: a protected resource is never deleted (the replaced original was checked when replacing).
            if (!pending && entry.protect) {
                throw new Error(
                    `unable to delete resource "${entry.urn}"\nas it is currently marked for protection. To unprotect the resource, ` +
                        "either remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`, or use the command:\n" +
                        `\`pulumi state unprotect '${entry.urn}'\``,
                );
            }
            if (!d.apply) return; // step.go:651–658: nothing is deleted in preview
            // sg.go:2424–2432: a resource already deleted for its replacement is only removed from the state.
            if (entry.pendingReplacement) step.retained = true;
            else if (entry.retainOnDelete)
                step.retained = true; // step.go:661: dropped from the state only
            else
                await this.rpc({ method: "delete", urn: entry.urn, id: entry.id }, () =>
                    d.host.delete(entry.urn, entry.id, entry.outputs, entry.inputs),
                );
            if (pending) {
                this.removePending(entry);
            } else if (this.state.get(entry.urn) === entry) {
                this.state.delete(entry.urn);
            }
        } catch (error) {
            // A failed delete of a replaced resource stays pending (Delete=true) and is retried by the next
            // up (sg.go:2390–2423); se.go:447–449: a protect refusal never cancels the deployment.
            this.fail(d, step, error, { alwaysContinue: !pending && entry.protect === true });
        } finally {
            step.ms = Date.now() - started;
        }
    }

    private removePending(entry: StateEntry): void {
        const index = this.pendingDeletes.indexOf(entry);
        if (index >= 0) this.pendingDeletes.splice(index, 1);
    }

    // ---- refresh ----------------------------------------------------------------------------

    /**
     * step.go:1541–1730 RefreshStep: Read with the old outputs and inputs; an empty ID drops the
     * resource; returned inputs replace the stored ones; then Diff with olds = the refreshed outputs
     * and inputs, news = the OLD inputs, inverted to show the drift. A Diff error fails the refresh
     * step. Resources pending replacement are not read (step.go:1544–1557).
     */
    async refresh(options: RefreshOptions = {}): Promise<Step[]> {
        const host = await this.operationHost(options);
        const limiter = new Limiter(this.parallel);
        const entries = [...this.state.values(), ...this.pendingDeletes];
        // A failed refresh step cancels the ones not started yet, as any step does (se.go:404–461).
        let cancelled = false;
        const steps = await Promise.all(
            entries.map((entry) =>
                limiter.run(async () => {
                    if (cancelled) return undefined;
                    const step = await this.refreshOne(host, entry);
                    if (step?.error && !this.options.continueOnError) cancelled = true;
                    return step;
                }),
            ),
        );
        return steps.filter((s): s is Step => s !== undefined);
    }

    private async refreshOne(host: EngineHost, entry: StateEntry): Promise<Step | undefined> {
        if (entry.pendingReplacement) return undefined;
        const pending = this.pendingDeletes.includes(entry);
        const started = Date.now();
        const step: Step = { kind: "refresh", urn: entry.urn, name: nameOf(entry.urn), id: entry.id, changes: [], ms: 0 };
        try {
            let read;
            try {
                read = await this.rpc({ method: "read", urn: entry.urn, id: entry.id }, () =>
                    host.read(entry.urn, entry.id, entry.outputs, entry.inputs),
                );
            } catch (error) {
                // step.go:1593–1609: a partial failure on Read does not fail the refresh; its init errors are kept.
                if (!(error instanceof HostCallError && error.initFailed)) throw error;
                read = {
                    id: error.initFailed.id || entry.id,
                    props: error.initFailed.properties,
                    initErrors: error.initFailed.reasons,
                };
            }
            if (!read.id) {
                step.kind = "drop";
                if (pending) this.removePending(entry);
                else this.state.delete(entry.urn);
                return step;
            }
            const inputs = read.inputs ?? entry.inputs;
            const refreshed: StateEntry = { ...entry, id: read.id, outputs: read.props, inputs };
            delete refreshed.initErrors;
            if ("initErrors" in read && read.initErrors?.length) refreshed.initErrors = read.initErrors;
            // step.go:1680–1715: the diff an `up` of the unchanged program would see, inverted: fields
            // the provider reports changed, shown from the old state to what is live.
            const diff = await this.diff(host, refreshed, inputs, read.props, entry.inputs, entry.ignoreChanges);
            if (diff.changes === "DIFF_SOME") {
                // The dynamic host returns no per-field diff, so the fields shown are those whose value moved.
                const changed = fieldChanges(entry.outputs, read.props);
                step.changes = changed.length > 0 ? changed : fieldChanges(entry.inputs, inputs);
                if (step.changes.length === 0)
                    step.changes = [{ field: diff.replaces[0] ?? "(provider)", from: "(state)", to: "(live)" }];
            }
            if (pending) this.pendingDeletes.splice(this.pendingDeletes.indexOf(entry), 1, refreshed);
            else this.state.set(entry.urn, refreshed);
        } catch (error) {
            step.error = messageOf(error);
        } finally {
            step.ms = Date.now() - started;
        }
        return step;
    }
}
