import { Sha256 } from "@aws-crypto/sha256-js";

const encoder = new TextEncoder();

interface NativeHash {
  update(data: string | Uint8Array): NativeHash;
  digest(encoding: "hex"): string;
}

/**
 * Node's own SHA-256 when the runtime offers it synchronously (`process.getBuiltinModule`,
 * Node ≥ 20.16, Bun, Deno): a canonical request hashes about 8× faster than in JavaScript,
 * which is most of what building a request costs. Elsewhere `@aws-crypto/sha256-js` does it.
 * Feature detection, not an import: the core stays free of Node imports.
 */
const nativeSha256 = ((): (() => NativeHash) | undefined => {
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof getBuiltinModule !== "function") return undefined;
  try {
    const crypto = getBuiltinModule("node:crypto") as { createHash?: (algorithm: string) => NativeHash } | undefined;
    return typeof crypto?.createHash === "function" ? () => crypto.createHash!("sha256") : undefined;
  } catch {
    return undefined;
  }
})();

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
export const sha256Hex = (data: string | Uint8Array): string => (nativeSha256 ? nativeSha256().update(data).digest("hex") : jsSha256Hex(data));

/**
 * The pure-JavaScript implementation, exported for tests that compare the two.
 *
 * @internal
 */
export const sha256HexPortable = jsSha256Hex;
