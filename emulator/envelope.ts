/**
 * The response envelope every Tencent Chat REST call answers with, and the error texts the
 * emulator puts in `ErrorInfo`.
 */
import { describeCode, TencentCode, type TencentCodeName } from "../provider/tencent/codes";

/**
 * Tencent's English texts, by the code's name in the api table (provider/api/codes.ts): the codes
 * a handler can fail with. The API-specific ones The API-specific ones (6017 … 131000) are copied from the seed pages
 * (the "official channel" wording of the 2025 pages). The seeds carry no text for the common
 * 60000–79999 codes, so those paraphrase the common error-code table of the API doc (§1.5).
 */
export const ERROR_TEXTS = {
    INVALID_PARAMETER: "Invalid request parameter. Please modify and retry.",
    INTERNAL_ERROR: "Internal server error. Please try again.",
    INVALID_PACKET: "Invalid request packet. Please modify and retry.",
    INTERNAL_ERROR_20005: "Internal server error. Please try again.",
    PERMISSION_DENIED: "Insufficient operation permissions. Please check the request parameters based on the error message.",
    CHANNEL_NOT_FOUND: "The official channel user does not exist, or once existed but has now been terminated.",
    INVALID_CHANNEL_ID: "Incorrect official channel user ID. Please modify and retry.",
    CHANNEL_ID_IN_USE: "The official channel user ID is already in use. Please modify and retry.",
    CHANNEL_QUOTA_REACHED:
        "The number of created official channels exceeds the limit. Please dissolve some official channels or upgrade the service.",
    SERVICE_NOT_ENABLED: "This AppId has not been enabled with official channel service. Please enable it and retry.",
    HTTP_PARSE_ERROR: "HTTP parse error. Please check the URL format.",
    BODY_NOT_JSON: "Failed to parse the JSON of the request body. Please check the JSON format.",
    BAD_ACCOUNT_OR_SIG: "Invalid account or signature in the request.",
    INVALID_SDKAPPID: "The SDKAppID is invalid.",
    RATE_LIMITED: "The REST API call frequency exceeds the limit. Please reduce the request rate.",
    REQUEST_TIMEOUT: "The service request timed out or the HTTP request format is incorrect. Please try again.",
    WRONG_URL: "Request resource error. Please check the request URL.",
    ADMIN_REQUIRED: "The request must be initiated by an app admin.",
    APP_RATE_LIMITED: "The call frequency of this SDKAppID exceeds the limit. Please reduce the request rate.",
    SDKAPPID_MISSING: "The SDKAppID is missing from the request URL.",
    RESPONSE_PARSE_ERROR: "Failed to parse the JSON of the HTTP response. Please try again.",
    ACCOUNT_EXCHANGE_TIMEOUT: "Account exchange timed out. Please try again.",
    ACCOUNT_NOT_STRING: "An account field in the request body has the wrong type. Accounts must be strings.",
    TOO_FREQUENT: "Requests are too frequent. Please try again later.",
    TOO_FREQUENT_60019: "Requests are too frequent. Please try again later.",
    USERSIG_EXPIRED: "The UserSig has expired. Please generate a new UserSig.",
    USERSIG_UNPARSABLE: "The UserSig is invalid and could not be parsed. Please generate a new UserSig.",
    USERSIG_VERIFY_FAILED: "UserSig verification failed. Check that the key used belongs to this SDKAppID.",
    USERSIG_IDENTIFIER_MISMATCH: "The identifier in the request URL does not match the UserID in the UserSig.",
    USERSIG_SDKAPPID_MISMATCH: "The SDKAppID in the request URL does not match the SDKAppID in the UserSig.",
    SDKAPPID_NOT_FOUND: "The SDKAppID was not found. Check that it matches the data center of the host.",
    ACCOUNT_NOT_IMPORTED: "The UserID has not been imported into Chat. Please import it first.",
} as const satisfies Partial<Record<TencentCodeName, string>>;

/** A code the emulator's handlers can answer with: one with a Tencent text in {@link ERROR_TEXTS}. */
export type EmulatedCode = (typeof TencentCode)[keyof typeof ERROR_TEXTS];

/**
 * The `ErrorInfo` for `code`: Tencent's text, then `detail` (the emulator's own explanation of
 * this request's fault). A code without a text (e.g. one injected as a fault) gets "Error <code>.".
 */
export function errorText(code: number, detail?: string): string {
    const name = describeCode(code).name;
    const base = Object.hasOwn(ERROR_TEXTS, name) ? ERROR_TEXTS[name as keyof typeof ERROR_TEXTS] : `Error ${code}.`;
    return detail ? `${base} ${detail}` : base;
}

/** A failure a handler reports; the server turns it into a FAIL envelope. */
export class ApiError extends Error {
    constructor(
        readonly code: EmulatedCode,
        readonly detail?: string,
    ) {
        super(errorText(code, detail));
        this.name = "ApiError";
    }
}

/** One response body: Tencent's three envelope fields, then the command's payload. */
export type Envelope = { ActionStatus: "OK" | "FAIL"; ErrorInfo: string; ErrorCode: number } & Record<string, unknown>;

/** Key order follows the seed samples: ActionStatus, ErrorInfo, ErrorCode, then the payload. */
export function okEnvelope(fields: Record<string, unknown> = {}): Envelope {
    return { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, ...fields };
}

/** A FAIL envelope for `code` with {@link errorText}'s ErrorInfo. */
export function failEnvelope(code: number, detail?: string): Envelope {
    return { ActionStatus: "FAIL", ErrorInfo: errorText(code, detail), ErrorCode: code };
}
