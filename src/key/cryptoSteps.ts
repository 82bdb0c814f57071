import type { CertificateInfo } from "../certificate/certificate";
import { asBufferSource } from "../encoding/der";
import { RolesAnywhereError, type RolesAnywhereErrorCode } from "../errors";

/** Keeps an error's name and message only: never a key-bearing property. @internal */
export const sanitizeError = (error: unknown): Error => {
  const cleaned = new Error(error instanceof Error ? error.message : String(error));
  cleaned.name = error instanceof Error ? error.name : "Error";
  return cleaned;
};

/**
 * Runs one WebCrypto (or other crypto library) step. A `RolesAnywhereError` passes through; any
 * other failure (a `DOMException` such as `DataError: Invalid keyData`, a `TypeError`, …) becomes a
 * `RolesAnywhereError` with `code` and `message`, the original's name and message appended and
 * kept (sanitized) as `cause`.
 * @internal
 */
export const cryptoStep = async <T>(code: RolesAnywhereErrorCode, message: string, work: () => Promise<T> | T): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RolesAnywhereError) throw error;
    const cause = sanitizeError(error);
    throw new RolesAnywhereError(code, `${message} (${cause.name}: ${cause.message})`, { cause });
  }
};

/** WebCrypto import parameters for a certificate's RSA (PKCS#1 v1.5, SHA-256) or EC key. @internal */
export const importAlgorithm = (certificate: CertificateInfo): RsaHashedImportParams | EcKeyImportParams =>
  certificate.publicKey.type === "RSA"
    ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }
    : { name: "ECDSA", namedCurve: certificate.publicKey.namedCurve! };

/**
 * Runs `work` on the certificate's public key: a key the crypto library refuses (an EC point that
 * is not on the curve, a malformed RSA key) is `ERR_INVALID_CERTIFICATE`.
 * @internal
 */
export const certificateKeyStep = <T>(certificate: CertificateInfo, work: () => Promise<T> | T): Promise<T> =>
  cryptoStep(
    "ERR_INVALID_CERTIFICATE",
    `The certificate's ${certificate.publicKey.namedCurve ?? certificate.publicKey.type} public key is malformed (for EC, the point may not be on the curve); check that the certificate file is intact`,
    work,
  );

/**
 * Runs `work` on the private key: a failure is `ERR_INVALID_PRIVATE_KEY`, saying what could not be
 * done (`imported`, `read`, `used to sign`).
 * @internal
 */
export const privateKeyStep = <T>(what: string, work: () => Promise<T> | T): Promise<T> =>
  cryptoStep("ERR_INVALID_PRIVATE_KEY", `The private key could not be ${what}; check that the key file is complete`, work);

/**
 * Imports a certificate's public key into WebCrypto (see {@link certificateKeyStep}).
 * @internal
 */
export const importCertificateKey = (subtle: SubtleCrypto, certificate: CertificateInfo, extractable: boolean): Promise<CryptoKey> =>
  certificateKeyStep(certificate, () =>
    subtle.importKey("spki", asBufferSource(certificate.publicKey.spki), importAlgorithm(certificate), extractable, ["verify"]),
  );
