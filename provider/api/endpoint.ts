/**
 * Which base URL a client talks to (§1.2): the region's HTTPS host, or an explicit endpoint such as
 * the emulator. Plain HTTP would put the UserSig on the wire in clear text, so it is only allowed
 * towards this machine.
 */
import { echo } from "../tencent/display";
import { REGION_HOSTS, type Region } from "../tencent/wire";

/** Whether `value` names a region of {@link REGION_HOSTS} (and so has a known REST host). */
export function isRegion(value: string): value is Region {
    return Object.prototype.hasOwnProperty.call(REGION_HOSTS, value);
}

/** True for 127.0.0.0/8, localhost and ::1, the hosts where plain http:// cannot leak anything. */
export function isLoopbackHost(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
    if (host === "localhost" || host.endsWith(".localhost")) return true;
    if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
    return v4 !== null && Number(v4[1]) === 127 && v4.slice(2).every((part) => Number(part) <= 255);
}

/** The base URL without a trailing slash; throws a plain Error that names the fix. */
export function resolveBaseUrl(settings: { region?: string; endpoint?: string }): string {
    if (settings.endpoint !== undefined && settings.endpoint !== "") {
        let url: URL;
        try {
            url = new URL(settings.endpoint);
        } catch {
            throw new Error(
                `tencent-chat:endpoint ${echo(withoutCredentials(settings.endpoint))} is not a valid URL; expected e.g. "https://adminapisgp.im.qcloud.com".`,
            );
        }
        if (url.username !== "" || url.password !== "") {
            // Tencent authenticates with the UserSig in the query; URL credentials would be dropped
            // silently, and a user who put a password there expects it to be used, or kept secret.
            throw new Error(
                `tencent-chat:endpoint must not contain a user name or password (got ${url.protocol}//<credentials>@${url.host}): ` +
                    'Tencent Chat authenticates with the UserSig generated from tencent-chat:secretKey, and credentials in the URL would be ignored. Remove the part before "@".',
            );
        }
        if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
            throw new Error(
                `tencent-chat:endpoint ${url.origin} uses plain http:// towards a non-loopback host; the UserSig would travel unencrypted. Use https://, or http:// only with 127.0.0.1, localhost or [::1].`,
            );
        }
        if (url.protocol !== "http:" && url.protocol !== "https:") {
            throw new Error(`tencent-chat:endpoint must be an https:// URL (got ${url.protocol}//).`);
        }
        if (url.search !== "" || url.hash !== "") {
            throw new Error("tencent-chat:endpoint must not contain a query string or fragment.");
        }
        return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
    }
    // No default data center: a forgotten region would send the app's calls (and its UserSig) to
    // Singapore, where they fail as "SDKAppID not found" at best. The caller must choose.
    const region = settings.region;
    if (region === undefined || region === "") {
        throw new Error(
            `tencent-chat:region is not set; set it to the SDKAppID's data center (one of ${Object.keys(REGION_HOSTS).join(", ")}), or set tencent-chat:endpoint.`,
        );
    }
    if (!isRegion(region)) {
        throw new Error(
            `Unknown tencent-chat:region ${JSON.stringify(region)}. Valid regions: ${Object.keys(REGION_HOSTS).join(", ")}.`,
        );
    }
    return `https://${REGION_HOSTS[region]}`;
}

/**
 * `text` with anything that could be URL credentials (between the scheme and the last "@") replaced,
 * for echoing an endpoint that did not parse: a password must not reach a message even then.
 */
export function withoutCredentials(text: string): string {
    const at = text.lastIndexOf("@");
    if (at < 0) return text;
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/*/.exec(text);
    const start = scheme !== null && scheme[0].length <= at ? scheme[0].length : 0;
    return `${text.slice(0, start)}<credentials>${text.slice(at)}`;
}
