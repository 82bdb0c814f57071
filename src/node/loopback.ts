import { isIP } from "node:net";

/**
 * The host part of a `Host` header value (`[::1]:9911` → `::1`), or undefined when it is
 * malformed.
 * @internal
 */
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

/** True for the wildcard addresses `0.0.0.0` and `::`. @internal */
export const isWildcard = (address: string): boolean => address === "0.0.0.0" || address === "::";

/**
 * Whether a `Host` header names a server bound to `boundAddress` in a way a DNS rebinding cannot
 * forge: `localhost`, a loopback address, the bound address itself, or (bound to a wildcard) any
 * IP address. Host names other than `localhost` are refused: after a DNS rebinding, a web page's
 * requests arrive with the attacker's host name.
 * @internal
 */
export function isTrustedHost(hostHeader: string | undefined, boundAddress: string): boolean {
  const host = hostHeader === undefined ? undefined : hostOf(hostHeader);
  const bound = boundAddress.toLowerCase();
  return host !== undefined && (isLoopback(host) || host === bound || (isWildcard(bound) && isIP(host) !== 0));
}
