import { TAG, isUniversal, parseDer } from "../encoding/der";

/**
 * The subjectPublicKey of a DER SubjectPublicKeyInfo, without the BIT STRING's unused-bits byte:
 * the EC point, the PKCS#1 `RSAPublicKey` DER, or the raw ML-DSA key. Pure.
 *
 * @internal
 */
export const subjectPublicKeyBytes = (spki: Uint8Array): Uint8Array | undefined => {
  const key = parseDer(spki)?.children[1];
  return isUniversal(key, TAG.BIT_STRING) ? key.content.subarray(1) : undefined;
};
