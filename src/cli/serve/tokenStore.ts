import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * IMDSv2 session tokens.
 * @internal
 */
export interface TokenStore {
  issue(ttlSeconds: number): string;
  /** "valid", "missing" (no token sent) or "invalid" (forged, damaged or expired). */
  check(token: string | undefined): "valid" | "missing" | "invalid";
}

const EXPIRY_BYTES = 8;
const NONCE_BYTES = 35;
const MAC_BYTES = 32;
/** 75 bytes: 100 base64 characters, as EC2 and aws_signing_helper hand out. */
const TOKEN_BYTES = EXPIRY_BYTES + NONCE_BYTES + MAC_BYTES;
const TOKEN_TEXT = /^[A-Za-z0-9+/]{100}$/;

/**
 * Stateless IMDSv2 tokens: a token is its expiry time, a random nonce and an HMAC-SHA256 of both
 * under a key drawn once per process (`key`, injectable for tests). Nothing is stored, so any
 * number of clients can hold valid tokens at once and none can evict another's; a token is valid
 * until its expiry (by `now`) when its MAC verifies (compared in constant time). Tokens do not
 * survive a restart, as on EC2.
 * @internal
 */
export function createTokenStore(options: { now?: () => number; key?: Uint8Array } = {}): TokenStore {
  const now = options.now ?? Date.now;
  const key = options.key ?? randomBytes(32);
  const mac = (payload: Uint8Array): Buffer => createHmac("sha256", key).update(payload).digest();
  return {
    issue(ttlSeconds) {
      const token = Buffer.alloc(TOKEN_BYTES);
      token.writeBigUInt64BE(BigInt(Math.floor(now() + ttlSeconds * 1000)), 0);
      randomBytes(NONCE_BYTES).copy(token, EXPIRY_BYTES);
      mac(token.subarray(0, EXPIRY_BYTES + NONCE_BYTES)).copy(token, EXPIRY_BYTES + NONCE_BYTES);
      return token.toString("base64");
    },
    check(token) {
      if (token === undefined || token === "") return "missing";
      if (!TOKEN_TEXT.test(token)) return "invalid";
      const bytes = Buffer.from(token, "base64");
      const payload = bytes.subarray(0, EXPIRY_BYTES + NONCE_BYTES);
      if (!timingSafeEqual(mac(payload), bytes.subarray(EXPIRY_BYTES + NONCE_BYTES))) return "invalid";
      return Number(bytes.readBigUInt64BE(0)) > now() ? "valid" : "invalid";
    },
  };
}
