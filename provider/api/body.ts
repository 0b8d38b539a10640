/** Body parsing: what a complete response body says, as an Outcome (failures.ts). */
import type { z } from "zod";

import { envelopeSchema } from "./envelope";
import type { Outcome } from "./failures";

/**
 * What a complete answer below HTTP 500 says. A Tencent envelope counts whatever the status (its
 * ErrorCode is the real verdict); without one, a 200 is a protocol problem and any other status an
 * HTTP failure.
 */
export function outcomeOfBody(status: number, text: string): Outcome {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        return status === 200 ? { kind: "protocol", problem: "response body is not JSON", status } : { kind: "http", status };
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
        return status === 200
            ? { kind: "protocol", problem: `response has no Tencent envelope (${summarize(envelope.error)})`, status }
            : { kind: "http", status };
    }
    if (envelope.data.ErrorCode !== 0)
        return { kind: "code", code: envelope.data.ErrorCode, info: envelope.data.ErrorInfo ?? "" };
    if (status !== 200) return { kind: "http", status };
    return { kind: "ok", envelope: envelope.data, json };
}

/** The first three problems zod found, for a message about an unexpected response shape. */
export function summarize(error: z.ZodError): string {
    return error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".") || "<root>"}: ${issue.message}`)
        .join("; ");
}
