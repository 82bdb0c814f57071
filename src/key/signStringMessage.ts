import { sha256Hex } from "../signature/hash";
import { concatBytes } from "../encoding/der";
import type { DigestSigner } from "./digestSigner";
import { subjectPublicKeyBytes } from "../certificate/spki";

/** The fixed text aws_signing_helper's `sign-string` signs, followed by its format version. @internal */
export const SIGN_STRING_TEXT = "AWS Roles Anywhere Credential Helper Signing Test";
/** The version of that format (`SIGN_STRING_TEST_VERSION` in aws_signing_helper). @internal */
export const SIGN_STRING_VERSION = 1;

const hexToBytes = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));

/**
 * The bytes `sign-string` signs, as aws_signing_helper builds them:
 * `"AWS Roles Anywhere Credential Helper Signing Test" ‖ "1" ‖ SHA-256("IAM RA" ‖ public key)`,
 * the digest as raw bytes and the public key being the uncompressed EC point or the PKCS#1
 * `RSAPublicKey` DER. For other keys (ML-DSA) the digest part is empty, as there. Pure.
 *
 * @internal
 */
export const signStringMessage = (key: Pick<DigestSigner, "type" | "spki">): Uint8Array => {
  const head = new TextEncoder().encode(`${SIGN_STRING_TEXT}${SIGN_STRING_VERSION}`);
  const publicKey = key.type === "RSA" || key.type === "EC" ? subjectPublicKeyBytes(key.spki) : undefined;
  if (!publicKey) return head;
  return concatBytes(head, hexToBytes(sha256Hex(concatBytes(new TextEncoder().encode("IAM RA"), publicKey))));
};
