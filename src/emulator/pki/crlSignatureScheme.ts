import { ML_DSA_OIDS, SIGNATURE_HASHES } from "../../encoding/oids";
import type { ParsedCrl } from "./parseCrl";
import { RSASSA_PSS_OID, parsePssParams } from "./pssParams";

/**
 * How a CRL's signature is verified:
 * - `digest`: RSA PKCS#1 v1.5, ECDSA or DSA with the node:crypto digest `algorithm`
 *   (`null` for Ed25519, which takes none);
 * - `pss`: RSASSA-PSS with `hash` (also the MGF1 hash) and `saltLength`;
 * - `ml-dsa`: pure ML-DSA, checked through `MlDsaChecks`.
 * @internal
 */
export type CrlSignatureScheme =
  | { readonly kind: "digest"; readonly algorithm: string | null }
  | { readonly kind: "pss"; readonly hash: string; readonly saltLength: number }
  | { readonly kind: "ml-dsa" };

/**
 * The verification scheme of a CRL's `signatureAlgorithm`, or `{ error }` when the emulator
 * cannot verify it (MD5, an unknown OID, RSASSA-PSS parameters node:crypto cannot express).
 * @internal
 */
export function crlSignatureScheme(crl: ParsedCrl): CrlSignatureScheme | { error: string } {
  const oid = crl.signatureAlgorithmOid;
  if (oid === RSASSA_PSS_OID) {
    const params = parsePssParams(crl.signatureAlgorithmParams);
    return "error" in params ? params : { kind: "pss", hash: params.hash, saltLength: params.saltLength };
  }
  if (ML_DSA_OIDS[oid] !== undefined) return { kind: "ml-dsa" };
  const hash = SIGNATURE_HASHES[oid];
  if (hash === "Ed25519") return { kind: "digest", algorithm: null };
  if (hash?.startsWith("SHA-")) return { kind: "digest", algorithm: hash.replace("-", "").toLowerCase() };
  return {
    error: `signature algorithm ${oid}${hash ? ` (${hash})` : ""} is not supported; sign the CRL with SHA-1 or SHA-2 (RSA PKCS#1 v1.5, RSASSA-PSS, ECDSA), Ed25519 or ML-DSA`,
  };
}
