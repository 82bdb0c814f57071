import { Sha256 } from "@aws-crypto/sha256-js";
import { nativeSha256Of } from "../runtime/defaults";

const encoder = new TextEncoder();

/**
 * Node's own SHA-256 when the runtime offers it synchronously: a canonical request hashes about
 * 8× faster than in JavaScript, which is most of what building a request costs. Elsewhere
 * `@aws-crypto/sha256-js` does it. The runtime module decides (feature detection, no import).
 */
const nativeSha256 = nativeSha256Of(globalThis);

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
export const sha256Hex = (data: string | Uint8Array): string =>
  nativeSha256 ? nativeSha256().update(data).digest("hex") : jsSha256Hex(data);

/**
 * The pure-JavaScript implementation, exported for tests that compare the two.
 *
 * @internal
 */
export const sha256HexPortable = jsSha256Hex;
