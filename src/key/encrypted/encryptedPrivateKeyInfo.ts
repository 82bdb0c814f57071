import { TAG, isUniversal, parseDer } from "../../encoding/der";
import { algorithmIdentifier } from "./asn1Values";
import { PBE_OID } from "./encryptionOids";
import { malformedEncryption, missingPassphrase, unsupportedEncryption } from "../passphraseErrors";
import { decryptPbes2 } from "./pbes2";
import type { KdfControl } from "./pkcs12Kdf";
import { decryptPkcs12Pbe, isPkcs12Pbe } from "./pkcs12Pbe";

/**
 * Decrypts data under an AlgorithmIdentifier of PBES2 or a PKCS#12 PBE scheme
 * (the `EncryptedPrivateKeyInfo` and PKCS#12 `EncryptedData` cases). An
 * `undefined` passphrase is PKCS#12's absent password (no bytes); `""` is the empty
 * password (for the PKCS#12 KDF, a lone BMPString terminator).
 *
 * @internal
 */
export const decryptWithPassword = async (
  algorithmNode: Parameters<typeof algorithmIdentifier>[0],
  data: Uint8Array,
  passphrase: string | undefined,
  what: string,
  subtle: SubtleCrypto,
  control: KdfControl = {},
): Promise<Uint8Array> => {
  const algorithm = algorithmIdentifier(algorithmNode);
  if (!algorithm) throw malformedEncryption(what, "the encryption algorithm is not an AlgorithmIdentifier");
  if (algorithm.oid === PBE_OID.pbes2) {
    const password = new TextEncoder().encode(passphrase ?? "");
    try {
      return await decryptPbes2(algorithm.params, data, password, what, subtle);
    } finally {
      password.fill(0);
    }
  }
  if (isPkcs12Pbe(algorithm.oid)) return decryptPkcs12Pbe(algorithm.oid, algorithm.params, data, passphrase, what, subtle, control);
  throw unsupportedEncryption(
    `The ${what} is encrypted with the scheme OID ${algorithm.oid} (PKCS#5 v1.5 DES/RC2 or another), which is not supported`,
  );
};

export { isEncryptedPrivateKeyInfo } from "../encryptionDetect";

/**
 * Decrypts an `EncryptedPrivateKeyInfo` (RFC 5958) into the DER of the inner
 * PKCS#8 `PrivateKeyInfo` (not yet checked to be one).
 *
 * @internal
 */
export const decryptEncryptedPrivateKeyInfo = async (
  der: Uint8Array,
  passphrase: string | undefined,
  subtle: SubtleCrypto,
  control: KdfControl = {},
): Promise<Uint8Array> => {
  const node = parseDer(der);
  if (!isUniversal(node, TAG.SEQUENCE) || !isUniversal(node.children[1], TAG.OCTET_STRING)) {
    throw malformedEncryption("private key", "it is not an EncryptedPrivateKeyInfo");
  }
  if (passphrase === undefined) throw missingPassphrase("private key");
  return decryptWithPassword(node.children[0], node.children[1].content, passphrase, "private key", subtle, control);
};
