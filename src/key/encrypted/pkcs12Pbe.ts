import { type DerNode, TAG, isUniversal } from "../../encoding/der";
import { smallInteger } from "./asn1Values";
import { MAX_PKCS12_KDF_ITERATIONS, PBE_OID } from "./encryptionOids";
import { malformedEncryption, unsupportedEncryption, wrongPassphrase } from "../passphraseErrors";
import { decryptCbc } from "./pbes2";
import { KDF_ID, type KdfControl, bmpPassword, pkcs12Kdf } from "./pkcs12Kdf";
import { rc2CbcDecrypt } from "./rc2";

interface LegacyScheme {
  readonly cipher: "3DES" | "RC2";
  readonly keyBytes: number;
  readonly effectiveBits?: number;
}

const SCHEMES: Readonly<Record<string, LegacyScheme>> = {
  [PBE_OID.pbeSha1TripleDes3Key]: { cipher: "3DES", keyBytes: 24 },
  [PBE_OID.pbeSha1TripleDes2Key]: { cipher: "3DES", keyBytes: 16 },
  [PBE_OID.pbeSha1Rc2_128]: { cipher: "RC2", keyBytes: 16, effectiveBits: 128 },
  [PBE_OID.pbeSha1Rc2_40]: { cipher: "RC2", keyBytes: 5, effectiveBits: 40 },
};

/**
 * True when `oid` is one of PKCS#12's `pbeWithSHAAnd…` schemes.
 *
 * @internal
 */
export const isPkcs12Pbe = (oid: string): boolean => oid.startsWith("1.2.840.113549.1.12.1.");

/**
 * Decrypts data protected by a PKCS#12 `pbeWithSHAAnd…` scheme (RFC 7292,
 * appendix C): 3-key or 2-key 3DES-CBC, or 40/128-bit RC2-CBC, keyed by the
 * PKCS#12 KDF with SHA-1 over the BMPString password.
 *
 * @internal
 */
export const decryptPkcs12Pbe = async (
  oid: string,
  params: DerNode | undefined,
  data: Uint8Array,
  passphrase: string | undefined,
  what: string,
  subtle: SubtleCrypto,
  control: KdfControl = {},
): Promise<Uint8Array> => {
  const scheme = SCHEMES[oid];
  if (!scheme) throw unsupportedEncryption(`The ${what} is encrypted with the PKCS#12 scheme OID ${oid} (RC4), which is not supported`);
  if (!isUniversal(params, TAG.SEQUENCE)) throw malformedEncryption(what, "the PBE parameters are missing");
  const [salt, count] = params.children;
  const iterations = smallInteger(count);
  if (!isUniversal(salt, TAG.OCTET_STRING) || iterations === undefined || iterations < 1)
    throw malformedEncryption(what, "the PBE salt or iteration count is malformed");
  if (iterations > MAX_PKCS12_KDF_ITERATIONS) {
    throw unsupportedEncryption(`The ${what} asks for ${iterations} iterations, more than the ${MAX_PKCS12_KDF_ITERATIONS} allowed`);
  }
  const password = bmpPassword(passphrase);
  let key: Uint8Array;
  let iv: Uint8Array;
  try {
    key = await pkcs12Kdf("SHA-1", password, salt.content, iterations, KDF_ID.key, scheme.keyBytes, subtle, control);
    iv = await pkcs12Kdf("SHA-1", password, salt.content, iterations, KDF_ID.iv, 8, subtle, control);
  } finally {
    password.fill(0);
  }
  try {
    if (scheme.cipher === "RC2") {
      const plain = rc2CbcDecrypt(key, scheme.effectiveBits!, iv, data);
      if (!plain) throw wrongPassphrase(what);
      return plain;
    }
    const fullKey = scheme.keyBytes === 24 ? key : Uint8Array.from([...key, ...key.subarray(0, 8)]);
    return await decryptCbc("3DES", fullKey, iv, data, what, subtle);
  } finally {
    key.fill(0);
  }
};
