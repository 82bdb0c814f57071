import { RolesAnywhereError } from "../errors";
import { ALGORITHM_ECDSA, ALGORITHM_MLDSA, ALGORITHM_RSA, type X509SigningAlgorithm } from "../protocol/constants";
import { ecdsaRawToDer } from "../encoding/ecdsaSignature";
import { asBufferSource } from "../encoding/der";
import { cryptoStep } from "./cryptoSteps";

/**
 * A key that lives somewhere else (an HSM, a cloud KMS, a TPM, another process).
 *
 * Contract:
 * - `algorithm` is `"AWS4-X509-RSA-SHA256"` for an RSA key, `"AWS4-X509-ECDSA-SHA256"`
 *   for an EC key of any curve, or `"AWS4-X509-MLDSA"` for an ML-DSA-44/65/87 key, and
 *   must match the certificate's public key.
 * - `sign(data)` receives the exact bytes to sign (the UTF-8 string to sign) and signs
 *   them **with SHA-256 hashing included**: RSASSA-PKCS1-v1_5 with SHA-256, or ECDSA
 *   with SHA-256. Do not hash the data yourself first unless your key API expects a
 *   digest (then hash it with SHA-256 once).
 * - ML-DSA signs the data itself (pure ML-DSA, empty context; no pre-hash).
 * - For RSA it returns the signature bytes (as long as the modulus). For ECDSA it
 *   returns the DER `SEQUENCE { r, s }` by default; a signer whose API returns raw
 *   `r || s` (WebCrypto, PKCS#11, most KMS "P1363" modes) sets
 *   `signatureFormat: "raw"` and the provider converts it.
 * - It may be sync or async, and is called once per CreateSession attempt.
 *
 * @example
 * ```ts
 * const signer: Signer = {
 *   algorithm: "AWS4-X509-ECDSA-SHA256",
 *   signatureFormat: "der",
 *   sign: async (data) => kms.sign({ KeyId, Message: data, MessageType: "RAW", SigningAlgorithm: "ECDSA_SHA_256" }).then((r) => r.Signature!),
 * };
 * ```
 * @public
 */
export interface Signer {
  readonly algorithm: X509SigningAlgorithm;
  /** Format of ECDSA signatures returned by `sign`; ignored for RSA. Default `"der"`. */
  readonly signatureFormat?: "der" | "raw";
  sign(data: Uint8Array): Promise<Uint8Array> | Uint8Array;
}

/**
 * The signer the request builder uses: always returns final signature bytes
 * (DER for ECDSA). A `SigningIdentity` holds one.
 *
 * @public
 */
export interface RequestSigner {
  readonly algorithm: X509SigningAlgorithm;
  sign(data: Uint8Array): Promise<Uint8Array>;
  /**
   * True for a custom {@link Signer}: nothing could check that its key belongs to the
   * certificate. Every other key is checked before it signs anything.
   */
  readonly keyUnchecked?: boolean;
}

/**
 * Wraps a WebCrypto private key (RSASSA-PKCS1-v1_5/SHA-256 or ECDSA) as a
 * {@link RequestSigner}, converting WebCrypto's raw ECDSA output to DER.
 *
 * @internal
 */
export const createCryptoKeySigner = (key: CryptoKey, subtle: SubtleCrypto = globalThis.crypto.subtle): RequestSigner => {
  const sign = (params: AlgorithmIdentifier | EcdsaParams, data: Uint8Array) =>
    cryptoStep(
      "ERR_SIGNER",
      "Signing with the private key failed",
      async () => new Uint8Array(await subtle.sign(params, key, asBufferSource(data))),
    );
  if (key.algorithm.name === "ECDSA") {
    return { algorithm: ALGORITHM_ECDSA, sign: async (data) => ecdsaRawToDer(await sign({ name: "ECDSA", hash: "SHA-256" }, data)) };
  }
  return { algorithm: ALGORITHM_RSA, sign: (data) => sign({ name: "RSASSA-PKCS1-v1_5" }, data) };
};

/**
 * Wraps a user's {@link Signer} as a {@link RequestSigner}.
 *
 * @internal
 */
export const fromCustomSigner = (signer: Signer): RequestSigner => ({
  algorithm: signer.algorithm,
  keyUnchecked: true,
  sign: async (data) => {
    let signature: unknown;
    try {
      signature = await signer.sign(data);
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const cause = new Error(error instanceof Error ? error.message : String(error));
      throw new RolesAnywhereError("ERR_SIGNER", `The custom signer failed (${reason}). Check the key service or device the Signer uses.`, {
        cause,
      });
    }
    const bytes = signature instanceof Uint8Array ? signature : signature instanceof ArrayBuffer ? new Uint8Array(signature) : undefined;
    if (!bytes || bytes.length === 0) {
      throw new RolesAnywhereError(
        "ERR_SIGNER",
        `The custom signer returned ${bytes ? "an empty signature" : `a ${signature === null ? "null" : typeof signature}`}; sign(data) must resolve to the signature bytes (Uint8Array or ArrayBuffer).`,
      );
    }
    return signer.algorithm === ALGORITHM_ECDSA && signer.signatureFormat === "raw" ? ecdsaRawToDer(bytes) : bytes;
  },
});

/**
 * True when `value` has the shape of a {@link Signer}.
 *
 * @internal
 */
export const isSigner = (value: unknown): value is Signer =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Signer).sign === "function" &&
  typeof (value as Signer).algorithm === "string";
