/**
 * What a failed call says: the problem and the advice of each kind of failure, and the note a
 * transient one gets when the retry budget stops it. Pure text from the outcome and the
 * transport's settings; the transport (transport.ts) decides when a call has failed.
 */
import { TencentChatError } from "./errors";
import { HTTP_TOO_MANY_REQUESTS, ms, TLS_CERTIFICATE_CODE, type Failure } from "./failures";
import { MAX_RESPONSE_BYTES } from "./pools";
import { READ_COMMANDS } from "../tencent/wire";

/** The transport's settings the texts name. */
export interface TextContext {
    /** The API's origin (scheme, host, port): where the call went. */
    origin: string;
    /** Redacted from every message. */
    secretKey: string;
    retryBudgetMs: number;
    requestTimeoutMs: number;
}

/** A failure without a Tencent code, in words: what went wrong and what to do. */
interface Problem {
    problem: string;
    advice: string;
}

/** Why a call stopped retrying a transient failure; the last sentence of its error. */
export type StopReason =
    /** The budget ran out while the last attempt was in flight (it was cut at the budget's end). */
    | { kind: "spent" }
    /** The budget had `leftMs`, less than the `needMs` the next attempt needs (see RetryClock.needMs). */
    | { kind: "too-little"; leftMs: number; needMs: number; afterTimeout: boolean }
    /** The server asked (Retry-After) for a longer wait than the budget had left. */
    | { kind: "retry-after"; leftMs: number; waitMs: number };

/** The error a call ends with after `attempts`, `outcome` its last failure. */
export function failureError(
    context: TextContext,
    command: string,
    outcome: Failure,
    attempts: number,
    ambiguous: boolean,
): TencentChatError {
    const common = { api: command, attempts, ambiguous, secrets: [context.secretKey] };
    switch (outcome.kind) {
        case "code":
            return new TencentChatError({ ...common, code: outcome.code, tencentMessage: outcome.info });
        case "network":
            return new TencentChatError({ ...common, ...networkText(context, outcome, ambiguous), cause: outcome.cause });
        case "deadline":
            return new TencentChatError({ ...common, ...deadlineText(context, outcome, ambiguous) });
        case "http":
            return new TencentChatError({ ...common, httpStatus: outcome.status, ...httpText(context, outcome.status) });
        case "oversized":
            return new TencentChatError({ ...common, httpStatus: outcome.status, ...oversizedText(context, command) });
        case "protocol":
            return new TencentChatError({
                ...common,
                httpStatus: outcome.status,
                problem: outcome.problem,
                advice: "The API answered in an unexpected format; this is a bug in pulumi-tencent-chat or an API change, please report it.",
            });
    }
}

/** What a network failure was and what to do; says whether the request can have reached Tencent. */
function networkText(context: TextContext, outcome: Extract<Failure, { kind: "network" }>, ambiguous: boolean): Problem {
    const problem = `network error (${outcome.code ?? outcome.cause.name}: ${outcome.cause.message})`;
    const reached = ambiguous
        ? " The request may have reached Tencent before the connection failed."
        : " The request never reached Tencent: the connection failed before it was sent.";
    if (outcome.code !== undefined && TLS_CERTIFICATE_CODE.test(outcome.code)) {
        const advice =
            `The TLS certificate of ${context.origin} could not be verified: check tencent-chat:endpoint / tencent-chat:region, ` +
            "and, when a proxy on this network intercepts TLS, give Node its CA (NODE_EXTRA_CA_CERTS).";
        return { problem, advice: advice + reached };
    }
    return { problem, advice: `Check connectivity to ${context.origin}.${reached}` };
}

function deadlineText(context: TextContext, outcome: Extract<Failure, { kind: "deadline" }>, ambiguous: boolean): Problem {
    const { deadlineMs, clampedByBudget, headers } = outcome;
    const within = clampedByBudget
        ? `the ${ms(deadlineMs)} left of the ${ms(context.retryBudgetMs)} retry budget`
        : `the ${ms(deadlineMs)} request deadline`;
    const progress = headers
        ? "the response had started but its body was still arriving"
        : outcome.sent
          ? "no response had started"
          : "the connection was still being set up; the request was not sent";
    return {
        problem: `no complete response from ${context.origin} within ${within} (${progress})`,
        advice:
            `On a slow link raise tencent-chat:requestTimeoutMs (TENCENT_CHAT_REQUEST_TIMEOUT_MS; now ${context.requestTimeoutMs} ms)` +
            `${clampedByBudget ? " and tencent-chat:retryBudgetMs (TENCENT_CHAT_RETRY_BUDGET_MS)" : ""}.` +
            `${ambiguous ? " The request may have reached Tencent before it was abandoned." : ""}`,
    };
}

function httpText(context: TextContext, status: number): Problem {
    if (status === HTTP_TOO_MANY_REQUESTS) {
        return {
            problem: `HTTP 429 (too many requests) from ${context.origin}: the API is limiting this app's request rate`,
            advice:
                "Tencent refused the call before processing it. Lower `pulumi up --parallel`, or tencent-chat:callsPerSecond " +
                "(TENCENT_CHAT_CALLS_PER_SECOND) when other programs call the same app, and try again later.",
        };
    }
    return {
        problem: `HTTP ${status} from ${context.origin}`,
        advice:
            status >= 500 ? "Tencent's gateway failed; try again later." : "Check tencent-chat:endpoint / tencent-chat:region.",
    };
}

function oversizedText(context: TextContext, command: string): Problem {
    const limit = MAX_RESPONSE_BYTES.toLocaleString("en-US");
    const unknown = READ_COMMANDS.has(command)
        ? ""
        : " The server answered, so whether it applied the call is unknown: read the channel back (`pulumi refresh`) before running it again.";
    return {
        problem: `the server at ${context.origin} sent more than ${limit} bytes in answer (Tencent's largest answers are about 1 MB), so the client stopped reading`,
        advice: `Check that tencent-chat:endpoint / tencent-chat:region reaches Tencent's REST API, not another service or a proxy.${unknown}`,
    };
}

/** `error` (a transient failure) with a note saying why it was not retried (again). */
export function outOfBudget(context: TextContext, error: TencentChatError, stop: StopReason): TencentChatError {
    const { retryBudgetMs, requestTimeoutMs } = context;
    // A budget of 0 is a choice not to retry: say so, since the failure itself was transient.
    if (retryBudgetMs === 0)
        return error.withNote("Not retried: tencent-chat:retryBudgetMs (TENCENT_CHAT_RETRY_BUDGET_MS) is 0.");
    const budget = `the ${ms(retryBudgetMs)} retry budget`;
    let why: string;
    if (stop.kind === "spent") why = `The ${ms(retryBudgetMs)} retry budget ran out during attempt ${error.attempts}`;
    else if (stop.kind === "retry-after")
        why = `Stopped retrying: Tencent asked to wait ${ms(stop.waitMs)} (Retry-After), more than the ${ms(Math.max(0, stop.leftMs))} left of ${budget}`;
    else {
        const need = stop.afterTimeout
            ? `a retry after a timeout needs the full ${ms(requestTimeoutMs)} request deadline`
            : `the last attempt took ${ms(stop.needMs)}`;
        why = `Stopped retrying with ${ms(Math.max(0, stop.leftMs))} of ${budget} left, too little for another attempt (${need})`;
    }
    return error.withNote(`${why}; raise tencent-chat:retryBudgetMs (TENCENT_CHAT_RETRY_BUDGET_MS) to keep trying longer.`);
}
