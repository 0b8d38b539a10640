/** Public surface of the Tencent Chat REST client layer. */
export { createChatClient, DEFAULT_ADMIN } from "./client";
export { genUserSig, decodeUserSig, verifyUserSig, UserSigCache, userSigCache } from "./usersig";
export type { UserSigParams, UserSigDocument } from "./usersig";
export { TencentChatError, hasCode, redact } from "./errors";
export { TencentCode, describeCode, ERROR_CODES, TRANSIENT_CODES } from "../tencent/codes";
export type { TencentCodeName, ErrorCodeInfo, Recovery } from "../tencent/codes";
export { resolveBaseUrl, isLoopbackHost } from "./endpoint";
export { closeAllPools, TRANSPORT_DEFAULTS } from "./transport";
export { DEFAULT_CALLS_PER_SECOND } from "./ratelimit";
export type * from "./types";
export * from "../tencent/wire";
