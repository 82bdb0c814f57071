import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import type { Handler } from "./handlers";

/** Why a request is refused before it reaches the credentials handler. @internal */
export interface RequestRefusal {
  readonly status: 400 | 403;
  readonly message: string;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
};

/** The host part of a `Host` header value (`[::1]:9911` → `::1`), or undefined when it is malformed. */
export function hostOf(value: string): string | undefined {
  const text = value.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) return isIP(bracketed[1]!) === 6 ? bracketed[1] : undefined;
  const plain = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(text);
  return plain?.[1]?.replace(/\.$/, "");
}

/** True for `localhost`, 127.0.0.0/8 and ::1 (also as an IPv4-mapped address). @internal */
export const isLoopback = (host: string): boolean => {
  const plain = host.toLowerCase().replace(/^::ffff:(?=\d+\.)/, "");
  return plain === "localhost" || plain === "::1" || (isIP(plain) === 4 && plain.startsWith("127."));
};
const isWildcard = (address: string): boolean => address === "0.0.0.0" || address === "::";

/**
 * What `serve` refuses before answering (DNS rebinding and proxies):
 *
 * - a `Host` that is not `localhost`, a loopback address, or the address the server is bound to
 *   (403): after a DNS rebinding, a web page's requests reach the server with the attacker's host
 *   name in `Host`. When bound to a wildcard address (`0.0.0.0`, `::`), any IP address is taken
 *   (an IP address cannot be rebound; host names still are refused). A missing `Host` is refused too.
 * - a request with `Origin` (403): browsers send it, SDKs and the AWS CLI never do.
 * - a request with `Forwarded` (RFC 7239) or `X-Forwarded-For` (400): it came through a proxy, as
 *   EC2's IMDSv2 refuses.
 * @internal
 */
export function requestRefusal(headers: IncomingHttpHeaders, boundAddress: string): RequestRefusal | undefined {
  if (header(headers, "forwarded") !== undefined || header(headers, "x-forwarded-for") !== undefined) {
    return { status: 400, message: "forwarded requests are not allowed" };
  }
  if (header(headers, "origin") !== undefined)
    return { status: 403, message: "requests from web pages (with an Origin header) are not allowed" };
  const hostHeader = header(headers, "host");
  const host = hostHeader === undefined ? undefined : hostOf(hostHeader);
  const bound = boundAddress.toLowerCase();
  const allowed = host !== undefined && (isLoopback(host) || host === bound || (isWildcard(bound) && isIP(host) !== 0));
  return allowed ? undefined : { status: 403, message: "the Host header must name this server by a loopback name or its IP address" };
}

/** Wraps `handler` so that requests {@link requestRefusal} names are answered with its status. @internal */
export function guardRequests(handler: Handler, boundAddress: string): Handler {
  return (req: IncomingMessage, res: ServerResponse) => {
    const refusal = requestRefusal(req.headers, boundAddress);
    if (!refusal) return handler(req, res);
    res.writeHead(refusal.status, {
      "Content-Type": "text/plain",
      "Content-Length": Buffer.byteLength(refusal.message),
      "Cache-Control": "no-store",
    });
    res.end(refusal.message);
  };
}
