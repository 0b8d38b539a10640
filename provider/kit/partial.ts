/**
 * A resource that exists on Tencent although a later step of its create failed. Both resources
 * report it the same way, so the mechanism is written once here; each adapter tells its engine.
 */

/**
 * The resource exists on Tencent but a later step failed. It carries `id`, `properties` and
 * `reasons`, which each adapter hands its engine as a resource that exists but did not finish
 * (ErrorResourceInitFailed), so the engine keeps the resource in state and the next `pulumi up`
 * continues from there instead of losing it. Subclasses give the message (what exists, what did not finish).
 */
export abstract class PartiallyCreatedError<P extends object> extends Error {
    /** The cause's message, as the engine shows it under the resource. */
    readonly reasons: string[];
    /** What the engine records as the outputs: the resource's state as far as it is known. */
    readonly properties: P;

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
