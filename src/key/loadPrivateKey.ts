import { RolesAnywhereError } from "../errors";
import { type Pkcs8Key, derToPkcs8, findKeyBlock } from "./privateKey";
import { isEncryptedPrivateKeyInfo, isLegacyEncryptedPem } from "./encryptionDetect";
import { missingPassphrase, wrongPassphrase } from "./passphraseErrors";

/**
 * Options of {@link loadPrivateKey}.
 *
 * @internal
 */
export interface LoadPrivateKeyOptions {
  /** Passphrase of an encrypted key. */
  readonly passphrase?: string;
  /** Curve of a SEC1 key that omits its parameters (from the certificate). */
  readonly curveHint?: string;
  readonly subtle?: SubtleCrypto;
  /** Stops a long key derivation (see `KdfControl`). */
  readonly signal?: AbortSignal;
}

/** Parses decrypted bytes; anything that is not a key means the passphrase was wrong. */
const parseDecrypted = (plain: Uint8Array, curveHint: string | undefined): Pkcs8Key => {
  try {
    const key = derToPkcs8(plain, curveHint);
    // derToPkcs8 may return a view of `plain`: copy so that we can wipe it.
    return { ...key, pkcs8: key.pkcs8.slice() };
  } catch (error) {
    if (error instanceof RolesAnywhereError && error.code === "ERR_UNSUPPORTED_KEY") throw error;
    throw wrongPassphrase("private key");
  } finally {
    plain.fill(0);
  }
};

/**
 * Decrypts an `EncryptedPrivateKeyInfo` with the passphrase, or, when none was
 * given, with the empty password (OpenSSL lets keys be encrypted with one; the
 * official helper treats "no password" and "empty password" alike).
 */
const decryptPkcs8 = async (der: Uint8Array, options: LoadPrivateKeyOptions): Promise<Pkcs8Key> => {
  // The decryption code (PBES2, PKCS#12 PBE, RC2, …) and WebCrypto are loaded only for encrypted keys.
  const { decryptEncryptedPrivateKeyInfo } = await import("./encrypted/encryptedPrivateKeyInfo");
  const subtle = options.subtle ?? globalThis.crypto.subtle;
  const control = options.signal ? { signal: options.signal } : {};
  if (options.passphrase !== undefined)
    return parseDecrypted(await decryptEncryptedPrivateKeyInfo(der, options.passphrase, subtle, control), options.curveHint);
  try {
    return parseDecrypted(await decryptEncryptedPrivateKeyInfo(der, "", subtle, control), options.curveHint);
  } catch (error) {
    if (error instanceof RolesAnywhereError && error.code === "ERR_BAD_PASSPHRASE") throw missingPassphrase("private key");
    throw error;
  }
};

/**
 * Reads a private key from PEM text or DER bytes into PKCS#8, decrypting it when
 * it is encrypted: `ENCRYPTED PRIVATE KEY` (PBES2 or PKCS#12 PBE, PEM or DER) or
 * legacy OpenSSL PEM encryption (`Proc-Type: 4,ENCRYPTED`, Node only).
 *
 * @throws RolesAnywhereError `ERR_BAD_PASSPHRASE` when the passphrase is missing or wrong.
 * @internal
 */
export const loadPrivateKey = async (input: string | Uint8Array, options: LoadPrivateKeyOptions = {}): Promise<Pkcs8Key> => {
  if (typeof input !== "string") {
    if (!isEncryptedPrivateKeyInfo(input)) return derToPkcs8(input, options.curveHint);
    return decryptPkcs8(input, options);
  }
  const block = findKeyBlock(input);
  if (block.label === "ENCRYPTED PRIVATE KEY") return decryptPkcs8(block.der, options);
  if (isLegacyEncryptedPem(block)) {
    const { decryptLegacyPem } = await import("./legacyPem");
    return parseDecrypted(await decryptLegacyPem(block, options.passphrase), options.curveHint);
  }
  return derToPkcs8(block.der, options.curveHint);
};
