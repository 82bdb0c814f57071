import { RolesAnywhereError } from "../../errors";
import { concatBytes, encodeOid, encodeTlv, encodeUnsignedInteger } from "../../encoding/der";
import { OID } from "../../encoding/oids";

/**
 * The public part of a TPM key, as a SubjectPublicKeyInfo the rest of the package understands.
 *
 * @internal
 */
export interface TpmPublicKey {
  readonly type: "RSA" | "EC";
  /** For EC keys. */
  readonly namedCurve?: "P-256" | "P-384" | "P-521";
  /** DER SubjectPublicKeyInfo. */
  readonly spki: Uint8Array;
}

const ALG_RSA = 0x0001;
const ALG_ECC = 0x0023;
const ALG_NULL = 0x0010;
const ALG_ECDAA = 0x001a;
const TPM_CURVES: Readonly<Record<number, { name: "P-256" | "P-384" | "P-521"; oid: string; size: number }>> = {
  0x0003: { name: "P-256", oid: OID.p256, size: 32 },
  0x0004: { name: "P-384", oid: OID.p384, size: 48 },
  0x0005: { name: "P-521", oid: OID.p521, size: 66 },
};

const malformed = (detail: string): RolesAnywhereError =>
  new RolesAnywhereError(
    "ERR_INVALID_PRIVATE_KEY",
    `The TPM key's public part is malformed: ${detail}. Check that the TSS2 key file is complete.`,
  );

/** A big-endian reader over TPM marshalled structures; every read is bounds-checked. */
const reader = (bytes: Uint8Array) => {
  let at = 0;
  const take = (n: number): Uint8Array => {
    if (at + n > bytes.length) throw malformed("it ends early");
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  const u16 = (): number => {
    const b = take(2);
    return (b[0]! << 8) | b[1]!;
  };
  return { take, u16, u32: () => u16() * 65536 + u16(), sized: () => take(u16()), done: () => at === bytes.length };
};

/** A symmetric definition or scheme: an algorithm id, with details unless it is TPM_ALG_NULL. */
const skipScheme = (r: ReturnType<typeof reader>, detailBytes: (algorithm: number) => number): number => {
  const algorithm = r.u16();
  if (algorithm !== ALG_NULL) r.take(detailBytes(algorithm));
  return algorithm;
};

const padTo = (bytes: Uint8Array, size: number): Uint8Array => {
  if (bytes.length > size) throw malformed("an EC coordinate is longer than the curve");
  return concatBytes(new Uint8Array(size - bytes.length), bytes);
};

const bitString = (content: Uint8Array): Uint8Array => encodeTlv(0x03, concatBytes(Uint8Array.of(0), content));

/**
 * Reads a TPMT_PUBLIC (TPM 2.0 Part 2, §12.2.4: type, nameAlg, objectAttributes, authPolicy,
 * parameters, unique) of an RSA or ECC key into a SubjectPublicKeyInfo. Pure.
 *
 * @throws RolesAnywhereError `ERR_INVALID_PRIVATE_KEY` when malformed, `ERR_UNSUPPORTED_KEY` for other key types or curves.
 * @internal
 */
export const readTpmPublic = (tpmtPublic: Uint8Array): TpmPublicKey => {
  const r = reader(tpmtPublic);
  const type = r.u16();
  r.u16(); // nameAlg
  r.u32(); // objectAttributes
  r.sized(); // authPolicy
  if (type === ALG_RSA) {
    skipScheme(r, () => 4); // symmetric: keyBits, mode
    skipScheme(r, () => 2); // scheme: hashAlg
    r.u16(); // keyBits
    const exponent = r.u32() || 65537;
    const modulus = r.sized();
    if (!r.done() || modulus.length === 0) throw malformed("the RSA key has trailing or missing bytes");
    const e = Uint8Array.of(exponent >>> 24, (exponent >>> 16) & 0xff, (exponent >>> 8) & 0xff, exponent & 0xff);
    const key = encodeTlv(0x30, concatBytes(encodeUnsignedInteger(modulus), encodeUnsignedInteger(e)));
    const algorithm = encodeTlv(0x30, concatBytes(encodeOid(OID.rsaEncryption), Uint8Array.of(0x05, 0x00)));
    return { type: "RSA", spki: encodeTlv(0x30, concatBytes(algorithm, bitString(key))) };
  }
  if (type === ALG_ECC) {
    skipScheme(r, () => 4); // symmetric
    skipScheme(r, (algorithm) => (algorithm === ALG_ECDAA ? 4 : 2)); // scheme: hashAlg (+ count for ECDAA)
    const curveId = r.u16();
    skipScheme(r, () => 2); // kdf: hashAlg
    const x = r.sized();
    const y = r.sized();
    if (!r.done()) throw malformed("the EC key has trailing bytes");
    const curve = TPM_CURVES[curveId];
    if (!curve) {
      throw new RolesAnywhereError(
        "ERR_UNSUPPORTED_KEY",
        `The TPM key is on TPM curve 0x${curveId.toString(16).padStart(4, "0")}. Use a NIST P-256, P-384 or P-521 key.`,
      );
    }
    const point = concatBytes(Uint8Array.of(0x04), padTo(x, curve.size), padTo(y, curve.size));
    const algorithm = encodeTlv(0x30, concatBytes(encodeOid(OID.ecPublicKey), encodeOid(curve.oid)));
    return { type: "EC", namedCurve: curve.name, spki: encodeTlv(0x30, concatBytes(algorithm, bitString(point))) };
  }
  throw new RolesAnywhereError(
    "ERR_UNSUPPORTED_KEY",
    `The TPM key is of TPM algorithm 0x${type.toString(16).padStart(4, "0")}, not RSA or ECC. Create an RSA or EC signing key.`,
  );
};
