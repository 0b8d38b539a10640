/**
 * The Pulumi engine's step logic for dynamic resources, reduced to what a stack of them needs:
 * preview, up, refresh and destroy, issuing the same RPC sequences the engine does
 * (pkg/resource/deploy step_generator.go / step.go) against a real ProviderHost.
 *
 * It is not a Pulumi replacement: no program, no plugins, no checkpoint format. It exists so the
 * provider can be exercised at the engine boundary where the Pulumi CLI cannot be installed.
 */
import { HostCallError, type ProviderHost, type Props } from "./host";

export interface DeclaredResource {
    /** Type token, e.g. pulumi-nodejs:dynamic/tencent-chat:OfficialChannel */
    type: string;
    name: string;
    /** Program inputs, including `__provider`. */
    inputs: Props;
}

export interface StateEntry {
    urn: string;
    type: string;
    id: string;
    inputs: Props;
    outputs: Props;
}

export type StepKind = "create" | "update" | "replace" | "delete" | "same" | "refresh" | "drop";

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
    /** Field-level changes (inputs for up/preview, outputs for refresh). */
    changes: FieldChange[];
    /** For replaces: whether the old resource was deleted first. */
    deleteBeforeReplace?: boolean;
    error?: string;
    /** Duration of the provider calls for this step, ms. */
    ms: number;
}

export interface EngineOptions {
    stack?: string;
    project: string;
    /** Steps in flight at once, like `pulumi up --parallel`. @default 64 */
    parallel?: number;
}

const HIDDEN = new Set(["__provider"]);

export function fieldChanges(before: Props, after: Props, keys?: readonly string[]): FieldChange[] {
    const names = keys ?? [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !HIDDEN.has(k));
    return names
        .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
        .map((field) => ({ field, from: before[field], to: after[field] }));
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await fn(items[index]!);
        }
    });
    await Promise.all(workers);
    return results;
}

function messageOf(error: unknown): string {
    if (error instanceof HostCallError) return error.details;
    return error instanceof Error ? error.message : String(error);
}

export class Engine {
    readonly state = new Map<string, StateEntry>();
    private readonly stack: string;
    private readonly parallel: number;

    constructor(
        private readonly host: ProviderHost,
        private readonly options: EngineOptions,
    ) {
        this.stack = options.stack ?? "dev";
        this.parallel = options.parallel ?? 64;
    }

    urn(type: string, name: string): string {
        return `urn:pulumi:${this.stack}::${this.options.project}::${type}::${name}`;
    }

    /** check, then diff for existing resources; never create or update (supportsPreview is false). */
    async preview(resources: readonly DeclaredResource[]): Promise<Step[]> {
        return this.plan(resources, false);
    }

    async up(resources: readonly DeclaredResource[]): Promise<Step[]> {
        return this.plan(resources, true);
    }

    private async plan(resources: readonly DeclaredResource[], apply: boolean): Promise<Step[]> {
        const declared = new Set(resources.map((r) => this.urn(r.type, r.name)));
        const steps = await mapLimit(resources, this.parallel, (resource) => this.step(resource, apply));
        const gone = [...this.state.values()].filter((entry) => !declared.has(entry.urn));
        const deletes = await mapLimit(gone, this.parallel, async (entry) => {
            const started = Date.now();
            const step: Step = { kind: "delete", urn: entry.urn, name: nameOf(entry.urn), id: entry.id, changes: [], ms: 0 };
            if (apply) {
                try {
                    await this.host.delete(entry.urn, entry.id, entry.outputs, entry.inputs);
                    this.state.delete(entry.urn);
                } catch (error) {
                    step.error = messageOf(error);
                }
            }
            step.ms = Date.now() - started;
            return step;
        });
        return [...steps, ...deletes];
    }

    private async step(resource: DeclaredResource, apply: boolean): Promise<Step> {
        const urn = this.urn(resource.type, resource.name);
        const old = this.state.get(urn);
        const started = Date.now();
        const step: Step = { kind: "create", urn, name: resource.name, changes: [], ms: 0 };
        try {
            const checked = await this.host.check(urn, old?.inputs ?? {}, resource.inputs);
            if (checked.failures.length > 0) {
                throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
            }
            const news = checked.inputs;
            if (!old) {
                step.changes = fieldChanges({}, news);
                if (apply) await this.create(urn, resource.type, news, step);
                return step;
            }
            step.id = old.id;
            const diff = await this.host.diff(urn, old.id, old.outputs, old.inputs, news);
            step.changes = fieldChanges(old.inputs, news);
            if (diff.changes === "DIFF_NONE") {
                step.kind = "same";
                // A Same step records the new inputs but keeps the old outputs (step.go SameStep).
                if (apply) this.state.set(urn, { ...old, inputs: news });
                return step;
            }
            if (diff.replaces.length > 0) {
                step.kind = "replace";
                step.deleteBeforeReplace = diff.deleteBeforeReplace;
                if (!apply) return step;
                if (diff.deleteBeforeReplace) {
                    await this.host.delete(urn, old.id, old.outputs, old.inputs);
                    this.state.delete(urn);
                    await this.create(urn, resource.type, news, step);
                } else {
                    await this.create(urn, resource.type, news, step);
                    await this.host.delete(urn, old.id, old.outputs, old.inputs);
                }
                return step;
            }
            step.kind = "update";
            if (apply) {
                const outputs = await this.host.update(urn, old.id, old.outputs, old.inputs, news);
                this.state.set(urn, { ...old, inputs: news, outputs });
            }
            return step;
        } catch (error) {
            step.error = messageOf(error);
            return step;
        } finally {
            step.ms = Date.now() - started;
        }
    }

    private async create(urn: string, type: string, inputs: Props, step: Step): Promise<void> {
        try {
            const created = await this.host.create(urn, inputs);
            step.id = created.id;
            this.state.set(urn, { urn, type, id: created.id, inputs, outputs: created.outs });
        } catch (error) {
            // A partial failure still records the resource, as the engine does.
            if (error instanceof HostCallError && error.initFailed) {
                step.id = error.initFailed.id;
                this.state.set(urn, { urn, type, id: error.initFailed.id, inputs, outputs: error.initFailed.properties });
            }
            throw error;
        }
    }

    /** Read every resource; record new outputs and inputs, drop the ones that are gone. */
    async refresh(): Promise<Step[]> {
        const entries = [...this.state.values()];
        return mapLimit(entries, this.parallel, async (entry) => {
            const started = Date.now();
            const step: Step = { kind: "refresh", urn: entry.urn, name: nameOf(entry.urn), id: entry.id, changes: [], ms: 0 };
            try {
                const read = await this.host.read(entry.urn, entry.id, entry.outputs, entry.inputs);
                if (!read.id) {
                    step.kind = "drop";
                    this.state.delete(entry.urn);
                } else {
                    step.changes = fieldChanges(entry.outputs, read.props);
                    this.state.set(entry.urn, { ...entry, id: read.id, outputs: read.props, inputs: read.inputs ?? entry.inputs });
                }
            } catch (error) {
                step.error = messageOf(error);
            }
            step.ms = Date.now() - started;
            return step;
        });
    }

    async destroy(): Promise<Step[]> {
        return this.plan([], true);
    }
}

function nameOf(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}
