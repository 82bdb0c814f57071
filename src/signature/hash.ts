import { sha256HexJs } from "./sha256";

interface NativeHash {
  update(data: string | Uint8Array): NativeHash;
  digest(encoding: "hex"): string;
}

/**
 * Node's own SHA-256 when the runtime offers it synchronously (`process.getBuiltinModule`,
 * Node ≥ 20.16, Bun, Deno): a canonical request hashes about 8× faster than in JavaScript,
 * which is most of what building a request costs. Elsewhere the JavaScript implementation does it.
 * Feature detection, not an import: the core stays free of Node imports. Looked up on first use,
 * so importing this module loads nothing.
 */
let native: (() => NativeHash) | null | undefined;
const nativeSha256 = (): (() => NativeHash) | null => {
  if (native !== undefined) return native;
  native = null;
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof getBuiltinModule !== "function") return native;
  try {
    const crypto = getBuiltinModule("node:crypto") as { createHash?: (algorithm: string) => NativeHash } | undefined;
    if (typeof crypto?.createHash === "function") native = () => crypto.createHash!("sha256");
  } catch {
    // no native hash: JavaScript it is
  }
  return native;
};

/**
 * Lowercase hex SHA-256 of a UTF-8 string or of bytes.
 *
 * @public
 */
export const sha256Hex = (data: string | Uint8Array): string => {
  const create = nativeSha256();
  return create ? create().update(data).digest("hex") : sha256HexJs(data);
};

/**
 * The pure-JavaScript implementation, exported for tests that compare the two.
 *
 * @internal
 */
export const sha256HexPortable = sha256HexJs;
