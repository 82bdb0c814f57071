import { TAG, isUniversal, parseDer } from "../encoding/der";
import type { PemBlock } from "../encoding/pem";

/**
 * True when DER bytes are an `EncryptedPrivateKeyInfo`: SEQUENCE { AlgorithmIdentifier,
 * OCTET STRING }. Cheap, and kept apart from the decryption code so that the core loads
 * that code only when an encrypted key is actually given.
 *
 * @internal
 */
export const isEncryptedPrivateKeyInfo = (der: Uint8Array): boolean => {
  const node = parseDer(der);
  return (
    isUniversal(node, TAG.SEQUENCE) &&
    node.children.length === 2 &&
    isUniversal(node.children[0], TAG.SEQUENCE) &&
    isUniversal(node.children[1], TAG.OCTET_STRING)
  );
};

/**
 * True when a PEM block uses legacy OpenSSL encryption (`Proc-Type: 4,ENCRYPTED`).
 *
 * @internal
 */
export const isLegacyEncryptedPem = (block: PemBlock): boolean => /ENCRYPTED/i.test(block.headers["Proc-Type"] ?? "");
