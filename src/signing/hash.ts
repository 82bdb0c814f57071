import { Sha256 } from "@aws-crypto/sha256-js";

const encoder = new TextEncoder();

/**
 * Lowercase hex SHA-256 of a UTF-8 string or of bytes.
 *
 * @public
 */
export const sha256Hex = (data: string | Uint8Array): string => {
  const hash = new Sha256();
  hash.update(typeof data === "string" ? encoder.encode(data) : data);
  let out = "";
  for (const byte of hash.digestSync()) out += byte.toString(16).padStart(2, "0");
  return out;
};
