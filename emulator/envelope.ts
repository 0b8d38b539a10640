/**
 * The response envelope every Tencent Chat REST call answers with, and the error texts the
 * emulator puts in `ErrorInfo`.
 */

/**
 * Tencent's English texts. The API-specific ones (6017 … 131000) are copied from the seed pages
 * (the "official channel" wording of the 2025 pages). The seeds carry no text for the common
 * 60000–79999 codes, so those paraphrase the common error-code table of the API doc (§1.5).
 */
const ERROR_TEXTS: Readonly<Record<number, string>> = {
    6017: "Invalid request parameter. Please modify and retry.",
    10004: "Internal server error. Please try again.",
    20001: "Invalid request packet. Please modify and retry.",
    20005: "Internal server error. Please try again.",
    130002: "Insufficient operation permissions. Please check the request parameters based on the error message.",
    130004: "The official channel user does not exist, or once existed but has now been terminated.",
    130007: "Incorrect official channel user ID. Please modify and retry.",
    130008: "The official channel user ID is already in use. Please modify and retry.",
    130010: "The number of created official channels exceeds the limit. Please dissolve some official channels or upgrade the service.",
    131000: "This AppId has not been enabled with official channel service. Please enable it and retry.",
    60002: "HTTP parse error. Please check the URL format.",
    60003: "Failed to parse the JSON of the request body. Please check the JSON format.",
    60004: "Invalid account or signature in the request.",
    60006: "The SDKAppID is invalid.",
    60007: "The REST API call frequency exceeds the limit. Please reduce the request rate.",
    60008: "The service request timed out or the HTTP request format is incorrect. Please try again.",
    60009: "Request resource error. Please check the request URL.",
    60010: "The request must be initiated by an app admin.",
    60011: "The call frequency of this SDKAppID exceeds the limit. Please reduce the request rate.",
    60012: "The SDKAppID is missing from the request URL.",
    60013: "Failed to parse the JSON of the HTTP response. Please try again.",
    60014: "Account exchange timed out. Please try again.",
    60015: "An account field in the request body has the wrong type. Accounts must be strings.",
    60018: "Requests are too frequent. Please try again later.",
    60019: "Requests are too frequent. Please try again later.",
    70001: "The UserSig has expired. Please generate a new UserSig.",
    70003: "The UserSig is invalid and could not be parsed. Please generate a new UserSig.",
    70009: "UserSig verification failed. Check that the key used belongs to this SDKAppID.",
    70013: "The identifier in the request URL does not match the UserID in the UserSig.",
    70014: "The SDKAppID in the request URL does not match the SDKAppID in the UserSig.",
    70020: "The SDKAppID was not found. Check that it matches the data center of the host.",
    70107: "The UserID has not been imported into Chat. Please import it first.",
};

export function errorText(code: number, detail?: string): string {
    const base = ERROR_TEXTS[code] ?? `Error ${code}.`;
    return detail ? `${base} ${detail}` : base;
}

/** A failure a handler reports; the server turns it into a FAIL envelope. */
export class ApiError extends Error {
    constructor(
        readonly code: number,
        readonly detail?: string,
    ) {
        super(errorText(code, detail));
        this.name = "ApiError";
    }
}

export type Envelope = { ActionStatus: "OK" | "FAIL"; ErrorInfo: string; ErrorCode: number } & Record<string, unknown>;

/** Key order follows the seed samples: ActionStatus, ErrorInfo, ErrorCode, then the payload. */
export function okEnvelope(fields: Record<string, unknown> = {}): Envelope {
    return { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, ...fields };
}

export function failEnvelope(code: number, detail?: string): Envelope {
    return { ActionStatus: "FAIL", ErrorInfo: errorText(code, detail), ErrorCode: code };
}
