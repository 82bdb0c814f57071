import { RolesAnywhereError } from "../errors";
import { TAG, isContext, isUniversal, parseDer } from "../encoding/der";

/** ML-DSA parameter sets (FIPS 204). @internal */
export type MlDsaParameterSet = "ML-DSA-44" | "ML-DSA-65" | "ML-DSA-87";

/** Expanded private key sizes in bytes (FIPS 204, table 2). @internal */
export const ML_DSA_EXPANDED_KEY_BYTES: Readonly<Record<MlDsaParameterSet, number>> = {
  "ML-DSA-44": 2560,
  "ML-DSA-65": 4032,
  "ML-DSA-87": 4896,
};

/**
 * An ML-DSA private key: the 32-byte seed ξ, the expanded key, or both.
 *
 * @internal
 */
export interface MlDsaPrivateKey {
  readonly parameterSet: MlDsaParameterSet;
  readonly seed?: Uint8Array;
  readonly expandedKey?: Uint8Array;
}

const invalid = (parameterSet: string, detail: string): RolesAnywhereError =>
  new RolesAnywhereError(
    "ERR_INVALID_PRIVATE_KEY",
    `The ${parameterSet} private key could not be read: ${detail}. Pass a PKCS#8 key in the seed, expanded or both form (RFC 9881), e.g. from "openssl genpkey -algorithm ${parameterSet}".`,
  );

/**
 * Reads the `privateKey` octets of an ML-DSA PKCS#8 key: the RFC 9881 CHOICE
 * (`seed [0] IMPLICIT OCTET STRING`, `expandedKey OCTET STRING`, or
 * `both SEQUENCE { seed, expandedKey }`), or the bare seed / expanded bytes of
 * early drafts.
 *
 * @internal
 */
export const readMlDsaPrivateKey = (parameterSet: MlDsaParameterSet, octets: Uint8Array): MlDsaPrivateKey => {
  const expandedBytes = ML_DSA_EXPANDED_KEY_BYTES[parameterSet];
  const checkSeed = (seed: Uint8Array): Uint8Array => {
    if (seed.length !== 32) throw invalid(parameterSet, `the seed is ${seed.length} bytes, not 32`);
    return seed.slice();
  };
  const checkExpanded = (key: Uint8Array): Uint8Array => {
    if (key.length !== expandedBytes) throw invalid(parameterSet, `the expanded key is ${key.length} bytes, not ${expandedBytes}`);
    return key.slice();
  };
  const node = parseDer(octets);
  const universal = node !== undefined && node.tagClass === 0 ? node.tagNumber : undefined;
  if (node && isContext(node, 0) && !node.constructed) return { parameterSet, seed: checkSeed(node.content) };
  if (node && universal === TAG.OCTET_STRING) return { parameterSet, expandedKey: checkExpanded(node.content) };
  if (node && universal === TAG.SEQUENCE) {
    const [seed, expanded] = node.children;
    if (!isUniversal(seed, TAG.OCTET_STRING) || !isUniversal(expanded, TAG.OCTET_STRING))
      throw invalid(parameterSet, "the seed-and-key SEQUENCE is malformed");
    return { parameterSet, seed: checkSeed(seed.content), expandedKey: checkExpanded(expanded.content) };
  }
  if (octets.length === 32) return { parameterSet, seed: octets.slice() };
  if (octets.length === expandedBytes) return { parameterSet, expandedKey: octets.slice() };
  throw invalid(parameterSet, "the key is neither a seed, an expanded key nor both");
};
