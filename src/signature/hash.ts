import { nativeSha256Of } from "../runtime/defaults";
import { sha256HexJs } from "./sha256";

/**
 * Node's own SHA-256 when the runtime offers it synchronously: a canonical request hashes about
 * 8× faster than in JavaScript, which is most of what building a request costs. Elsewhere
 * the package's own JavaScript implementation does it. The runtime module decides (feature
 * detection, no import).
 */
const nativeSha256 = nativeSha256Of(globalThis);

/**
 * Lowercase hex SHA-256 of a UTF-8 string or of bytes.
 *
 * @public
 */
export const sha256Hex = (data: string | Uint8Array): string =>
  nativeSha256 ? nativeSha256().update(data).digest("hex") : sha256HexJs(data);

/**
 * The pure-JavaScript implementation, exported for tests that compare the two.
 *
 * @internal
 */
export const sha256HexPortable = sha256HexJs;
