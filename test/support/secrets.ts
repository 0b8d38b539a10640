/** What an issued UserSig looks like (base64url of zlib data, "eJ…"): a leak scan looks for it in any text. */
export const USERSIG_PATTERN = /eJ[A-Za-z0-9*\-_]{40,}/;
