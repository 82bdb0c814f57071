import { randomBytes } from "node:crypto";

/**
 * IMDSv2 session tokens: at most `max` live tokens (the earliest-expiring one is evicted), expired
 * ones swept on every call, so no timer is needed.
 * @internal
 */
export interface TokenStore {
  issue(ttlSeconds: number): string;
  /** "valid", "missing" (no token sent) or "invalid" (unknown or expired). */
  check(token: string | undefined): "valid" | "missing" | "invalid";
  readonly size: number;
}

/** @internal */
export function createTokenStore(options: { now?: () => number; max?: number } = {}): TokenStore {
  const now = options.now ?? Date.now;
  const max = options.max ?? 256;
  const tokens = new Map<string, number>();
  const sweep = () => {
    const t = now();
    for (const [token, expires] of tokens) if (expires <= t) tokens.delete(token);
  };
  return {
    issue(ttlSeconds) {
      sweep();
      while (tokens.size >= max) {
        let earliest: string | undefined;
        let earliestAt = Infinity;
        for (const [token, expires] of tokens) {
          if (expires < earliestAt) {
            earliest = token;
            earliestAt = expires;
          }
        }
        tokens.delete(earliest as string);
      }
      const token = randomBytes(75).toString("base64"); // 100 characters, as EC2 and aws_signing_helper
      tokens.set(token, now() + ttlSeconds * 1000);
      return token;
    },
    check(token) {
      sweep();
      if (token === undefined || token === "") return "missing";
      return tokens.has(token) ? "valid" : "invalid";
    },
    get size() {
      sweep();
      return tokens.size;
    },
  };
}
