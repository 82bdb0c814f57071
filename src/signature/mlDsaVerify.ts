import type { CertificateInfo } from "../certificate/certificate";
import { TAG, isUniversal, parseDer } from "../encoding/der";

/**
 * Verifies a pure ML-DSA (FIPS 204, empty context) signature — what
 * `AWS4-X509-MLDSA` sends — with the public key of an ML-DSA-44/65/87
 * certificate. Loads `@noble/post-quantum` lazily. Returns `false` for a wrong
 * signature, a non-ML-DSA certificate or a malformed key; never throws for bad input.
 *
 * @internal
 */
export const verifyMlDsaSignature = async (certificate: CertificateInfo, message: Uint8Array, signature: Uint8Array): Promise<boolean> => {
  const set = certificate.publicKey.type === "ML-DSA" ? certificate.publicKey.namedCurve : undefined;
  if (set !== "ML-DSA-44" && set !== "ML-DSA-65" && set !== "ML-DSA-87") return false;
  const key = parseDer(certificate.publicKey.spki)?.children[1];
  if (!isUniversal(key, TAG.BIT_STRING)) return false;
  const { ml_dsa44, ml_dsa65, ml_dsa87 } = await import("@noble/post-quantum/ml-dsa.js");
  const scheme = set === "ML-DSA-44" ? ml_dsa44 : set === "ML-DSA-65" ? ml_dsa65 : ml_dsa87;
  try {
    return scheme.verify(signature, message, key.content.subarray(1));
  } catch {
    return false;
  }
};
