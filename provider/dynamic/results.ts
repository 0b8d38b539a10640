/**
 * The dynamic-provider host's side of the core's answers: its result shapes, and the `__provider`
 * that partial-failure properties must carry. Both resources' implementations translate here.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CheckResult } from "../kit/inputs";
import type { Created, DiffDecision, Props, ReadOutcome } from "../kit/outcomes";
import { PartiallyCreatedError } from "../kit/partial";
import { resourceUrnOf } from "../kit/internal-inputs";

/** The host shows a provider's stderr as the resource's diagnostics. */
export const warn = (line: string): void => console.warn(`warning: ${line}`);

/** The resource's URN as the resource class put it into the inputs or the state (the host passes none). */
export const identityOf = (props: Props | undefined): string | undefined => resourceUrnOf(props ?? {});

/** A check's answer as the host expects it. */
export const checked = (result: CheckResult): pulumi.dynamic.CheckResult => result;

/** A diff decision as the host expects it. */
export function diffed({ changes, replaces, deleteBeforeReplace }: DiffDecision): pulumi.dynamic.DiffResult {
    return { changes, replaces: [...replaces], deleteBeforeReplace };
}

/** A read outcome as the host expects it: no id when the resource is gone (refresh drops it). */
export function readBack(outcome: ReadOutcome<object>): pulumi.dynamic.ReadResult {
    return outcome === undefined ? {} : { id: outcome.id, props: outcome.state, inputs: outcome.inputs };
}

/**
 * Runs a create or update, re-attaching `__provider` to a partial failure's properties: the host
 * does not, and the engine stores them as the outputs, so without it the later delete or refresh
 * could not run.
 */
export async function keepingProvider<T>(inputs: Props, work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        if (error instanceof PartiallyCreatedError) Object.assign(error.properties, { __provider: inputs.__provider });
        throw error;
    }
}

/** A create's answer as the host expects it. */
export async function created(inputs: Props, work: () => Promise<Created<object>>): Promise<pulumi.dynamic.CreateResult> {
    const { id, state } = await keepingProvider(inputs, work);
    return { id, outs: state };
}
