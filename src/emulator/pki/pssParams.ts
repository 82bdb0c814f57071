import { TAG, decodeInteger, decodeOid, isContext, isUniversal, type DerNode } from "../../encoding/der";

/** OID of RSASSA-PSS (RFC 4055 §3.1). @internal */
export const RSASSA_PSS_OID = "1.2.840.113549.1.1.10";

const MGF1_OID = "1.2.840.113549.1.1.8";

/** node:crypto digest names by hash OID (RFC 4055 §2.1; SHA-224 included). */
const HASHES: Readonly<Record<string, string>> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.4": "sha224",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

/**
 * The RSASSA-PSS parameters node:crypto needs: the digest (also used for MGF1) and the salt length.
 * @internal
 */
export interface PssParams {
  /** node:crypto digest name, e.g. `sha256`. */
  readonly hash: string;
  readonly saltLength: number;
}

/** The hash of a `HashAlgorithm` (an AlgorithmIdentifier), or an error text. */
function hashOf(algorithm: DerNode | undefined, where: string): string | { error: string } {
  const oid = algorithm?.children[0];
  if (!isUniversal(algorithm, TAG.SEQUENCE) || !isUniversal(oid, TAG.OID)) return { error: `${where} is not an AlgorithmIdentifier` };
  const name = HASHES[decodeOid(oid.content)];
  return name ?? { error: `${where} ${decodeOid(oid.content)} is not SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512` };
}

/**
 * Reads `RSASSA-PSS-params` (RFC 4055 §3.1; explicit tags `[0]` hashAlgorithm, `[1]`
 * maskGenAlgorithm, `[2]` saltLength, `[3]` trailerField). Absent fields take RFC 4055's
 * defaults: SHA-1, MGF1 with SHA-1, salt length 20, trailer field 1 (so an empty SEQUENCE means
 * SHA-1 and salt 20). The parameters themselves MUST be present in a signature's
 * AlgorithmIdentifier (RFC 4055 §3.1; OpenSSL refuses such signatures too), so absent or NULL
 * parameters are an error. node:crypto uses the signature digest for MGF1 too, so an MGF1 hash
 * that differs from the digest is reported as unsupported (it cannot be verified here).
 * @param params the DER of the AlgorithmIdentifier's parameters, if any.
 * @returns the parameters, or `{ error }` saying what is wrong or unsupported.
 * @internal
 */
export function parsePssParams(params: DerNode | undefined): PssParams | { error: string } {
  if (params === undefined || (params.tagClass === 0 && params.tagNumber === TAG.NULL)) {
    return { error: "RSASSA-PSS parameters are missing; RFC 4055 §3.1 requires them in a signature's AlgorithmIdentifier" };
  }
  if (!isUniversal(params, TAG.SEQUENCE)) return { error: "RSASSA-PSS parameters are not a SEQUENCE" };
  let hash = "sha1";
  let mgfHash = "sha1";
  let saltLength = 20;
  for (const field of params.children) {
    const inner = field.children[0];
    if (isContext(field, 0)) {
      const h = hashOf(inner, "the PSS hashAlgorithm");
      if (typeof h !== "string") return h;
      hash = h;
    } else if (isContext(field, 1)) {
      const mgfOid = inner?.children[0];
      if (!isUniversal(inner, TAG.SEQUENCE) || !isUniversal(mgfOid, TAG.OID) || decodeOid(mgfOid.content) !== MGF1_OID) {
        return { error: "the PSS maskGenAlgorithm is not MGF1" };
      }
      const h = hashOf(inner.children[1], "the MGF1 hash");
      if (typeof h !== "string") return h;
      mgfHash = h;
    } else if (isContext(field, 2)) {
      if (!isUniversal(inner, TAG.INTEGER)) return { error: "the PSS saltLength is not an INTEGER" };
      const value = decodeInteger(inner.content);
      if (value < 0n || value > 1024n) return { error: `the PSS saltLength ${value} is out of range` };
      saltLength = Number(value);
    } else if (isContext(field, 3)) {
      if (!isUniversal(inner, TAG.INTEGER) || decodeInteger(inner.content) !== 1n) return { error: "the PSS trailerField is not 1" };
    } else {
      return { error: "RSASSA-PSS parameters hold an unknown field" };
    }
  }
  if (mgfHash !== hash)
    return { error: `MGF1 with ${mgfHash} under a ${hash} signature is not supported (node:crypto uses one hash for both)` };
  return { hash, saltLength };
}
