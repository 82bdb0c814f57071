import { Sha256 } from "@aws-crypto/sha256-js";
import { type NativeHash, nativeSha256Of } from "../runtime/defaults";

const encoder = new TextEncoder();

/**
 * Node's own SHA-256 when the runtime offers it synchronously: a canonical request hashes about
 * 8× faster than in JavaScript, which is most of what building a request costs. Elsewhere
 * `@aws-crypto/sha256-js` does it. The runtime module decides (feature detection, no import),
 * on first use: loading this module does not load `node:crypto`.
 */
let nativeSha256: (() => NativeHash) | undefined | null = null;
const nativeHash = (): (() => NativeHash) | undefined =>
  nativeSha256 === null ? (nativeSha256 = nativeSha256Of(globalThis)) : nativeSha256;

const jsSha256Hex = (data: string | Uint8Array): string => {
  const hash = new Sha256();
  hash.update(typeof data === "string" ? encoder.encode(data) : data);
  let out = "";
  for (const byte of hash.digestSync()) out += byte.toString(16).padStart(2, "0");
  return out;
};

/**
 * Lowercase hex SHA-256 of a UTF-8 string or of bytes.
 *
 * @public
 */
export const sha256Hex = (data: string | Uint8Array): string => {
  const native = nativeHash();
  return native ? native().update(data).digest("hex") : jsSha256Hex(data);
};

/**
 * The pure-JavaScript implementation (`@aws-crypto/sha256-js`), exported for tests that compare
 * the two and for the CLI's cache lookup, which then never loads `node:crypto`.
 *
 * @internal
 */
export const sha256HexPortable = jsSha256Hex;
