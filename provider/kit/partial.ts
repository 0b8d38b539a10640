/**
 * A resource that exists on Tencent although a later step of its create failed. Both resources
 * report it the same way, so the mechanism (and the `__provider` re-attach) is written once here.
 */

/**
 * The resource exists on Tencent but a later step failed. Carrying `id`, `properties` and `reasons`
 * makes the dynamic-provider host report ErrorResourceInitFailed, so the engine keeps the resource
 * in state and the next `pulumi up` continues from there instead of losing it. Subclasses give the
 * message (what exists, what did not finish).
 */
export abstract class PartiallyCreatedError<P extends object> extends Error {
    /** The cause's message, as the engine shows it under the resource. */
    readonly reasons: string[];
    /** What the engine records as the outputs; `__provider` is filled in by {@link reattachProvider}. */
    readonly properties: P & { __provider?: unknown };

    /** `message` turns the cause's text into the whole message. */
    protected constructor(
        readonly id: string,
        properties: P,
        cause: unknown,
        message: (reason: string) => string,
    ) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        super(message(reason));
        this.properties = properties;
        this.reasons = [reason];
    }
}

/**
 * The host does not re-attach `__provider` to partial-failure properties, and the engine stores
 * them as the outputs: without it, the later delete or refresh could not run. Copies the inputs'
 * `__provider` onto `error` when it is a {@link PartiallyCreatedError}; returns whether it was one.
 */
export function reattachProvider(error: unknown, inputs: Record<string, unknown>): error is PartiallyCreatedError<object> {
    if (!(error instanceof PartiallyCreatedError)) return false;
    error.properties.__provider = inputs.__provider;
    return true;
}
