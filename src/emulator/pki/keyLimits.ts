import type { CertificateInfo } from "../../certificate/certificate";
import { TAG, decodeInteger, isUniversal, parseDer } from "../../encoding/der";

/**
 * Smallest and largest RSA moduli the emulator verifies with, in bits. AWS does not publish the
 * sizes Roles Anywhere accepts; 2048 is the smallest RSA key AWS Private CA issues, the smallest
 * NIST SP 800-131A allows for signatures, and the smallest this package's client signs with, so
 * an RSA-1024 leaf or CA is refused (docs/security.md).
 * @internal
 */
export const RSA_MODULUS_BITS = { min: 2048, max: 16_384 } as const;

/** Largest RSA public exponent the emulator verifies with (2^32; real keys use 65537). @internal */
export const MAX_RSA_PUBLIC_EXPONENT = 2n ** 32n;

const EC_CURVES: ReadonlySet<string> = new Set(["P-256", "P-384", "P-521"]);

/** The public exponent of an RSA SubjectPublicKeyInfo, or undefined when it cannot be read. */
const rsaPublicExponent = (spki: Uint8Array): bigint | undefined => {
  const key = parseDer(spki)?.children[1];
  if (!isUniversal(key, TAG.BIT_STRING)) return undefined;
  const exponent = parseDer(key.content.subarray(1))?.children[1];
  return isUniversal(exponent, TAG.INTEGER) && exponent.content.length > 0 ? decodeInteger(exponent.content) : undefined;
};

/**
 * Why the emulator will not verify a signature with `info`'s public key, if it will not: a
 * signature check costs what the key makes it cost, and a certificate from a request is chosen by
 * whoever sent it. RSA needs a modulus of {@link RSA_MODULUS_BITS} and an odd public exponent from
 * 3 to {@link MAX_RSA_PUBLIC_EXPONENT} (a 3000-bit exponent makes one check take seconds); EC
 * needs P-256, P-384 or P-521; Ed25519, Ed448 and ML-DSA cost a fixed amount. DSA and unknown
 * key types are refused.
 * @internal
 */
export function publicKeyProblem(info: CertificateInfo): string | undefined {
  const key = info.publicKey;
  if (key.type === "RSA") {
    const bits = key.modulusBits ?? 0;
    if (bits < RSA_MODULUS_BITS.min || bits > RSA_MODULUS_BITS.max) {
      return `its RSA key has a ${bits}-bit modulus (supported: ${RSA_MODULUS_BITS.min}–${RSA_MODULUS_BITS.max} bits)`;
    }
    const exponent = rsaPublicExponent(key.spki);
    if (exponent === undefined || exponent < 3n || exponent % 2n === 0n || exponent > MAX_RSA_PUBLIC_EXPONENT) {
      const size =
        exponent === undefined
          ? "an unreadable"
          : exponent > MAX_RSA_PUBLIC_EXPONENT
            ? `a ${exponent.toString(2).length}-bit`
            : `the ${exponent}`;
      return `its RSA key has ${size} public exponent (supported: odd, 3 to 2^32)`;
    }
    return undefined;
  }
  if (key.type === "EC")
    return EC_CURVES.has(key.namedCurve ?? "")
      ? undefined
      : `its EC key is on ${key.namedCurve ?? "an unknown curve"} (supported: P-256, P-384, P-521)`;
  if (key.type === "Ed25519" || key.type === "Ed448" || key.type === "ML-DSA") return undefined;
  return `its ${key.type === "unknown" ? `key type (OID ${key.oid})` : `${key.type} key`} is not supported`;
}
