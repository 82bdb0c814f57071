// A Roles Anywhere `Signer` whose private key never leaves a KMS-like service.
//
// `kms` is anything with the asymmetric-signing shape of AWS KMS: the SDK's aggregated client
// (`new KMS({ region })` from "@aws-sdk/client-kms") works as is, and so does the in-process
// stand-in in ./local-kms.mjs. Only two calls are used:
//   getPublicKey({ KeyId })                                   -> { KeySpec, SigningAlgorithms }
//   sign({ KeyId, Message, MessageType, SigningAlgorithm })   -> { Signature }  (ECDSA: DER)

/**
 * The Roles Anywhere algorithm and the KMS signing algorithm for a KMS key spec.
 * @param {string} keySpec e.g. "ECC_NIST_P256", "RSA_2048"
 */
export function algorithmsFor(keySpec) {
  if (/^ECC_NIST_P(256|384|521)$/.test(keySpec)) return { algorithm: "AWS4-X509-ECDSA-SHA256", signingAlgorithm: "ECDSA_SHA_256" };
  if (/^RSA_(2048|3072|4096)$/.test(keySpec)) return { algorithm: "AWS4-X509-RSA-SHA256", signingAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256" };
  // KMS signs a RAW message with pure ML-DSA (empty context), exactly what AWS4-X509-MLDSA needs.
  if (/^ML_DSA_(44|65|87)$/.test(keySpec)) return { algorithm: "AWS4-X509-MLDSA", signingAlgorithm: "ML_DSA_SHAKE_256" };
  throw new Error(
    `KMS key spec ${keySpec} cannot sign for Roles Anywhere: use ECC_NIST_P256/P384/P521, RSA_2048/3072/4096 or ML_DSA_44/65/87.`,
  );
}

/**
 * Builds a `Signer` for `fromRolesAnywhere({ privateKey: signer, certificate })`.
 *
 * Roles Anywhere signs with SHA-256 whatever the curve, so every EC key uses the KMS
 * algorithm `ECDSA_SHA_256` (RSA: `RSASSA_PKCS1_V1_5_SHA_256`): KMS hashes the RAW message
 * with SHA-256 and returns an ECDSA signature in DER, exactly what the provider sends.
 * ML-DSA keys use `ML_DSA_SHAKE_256` on the RAW message (pure ML-DSA).
 * The string to sign is a few hundred bytes, well under KMS's 4096-byte RAW limit.
 *
 * @param {{ kms: { sign(input: object): Promise<{ Signature?: Uint8Array }>, getPublicKey(input: object): Promise<{ KeySpec?: string }> },
 *           keyId: string, keySpec?: string }} options  `keySpec` skips the GetPublicKey call.
 * @returns {Promise<import("credential-provider-roles-anywhere").Signer>}
 */
export async function createKmsSigner({ kms, keyId, keySpec }) {
  const spec = keySpec ?? (await kms.getPublicKey({ KeyId: keyId })).KeySpec;
  const { algorithm, signingAlgorithm } = algorithmsFor(spec ?? "(unknown)");
  return {
    algorithm,
    signatureFormat: "der",
    async sign(data) {
      const { Signature } = await kms.sign({ KeyId: keyId, Message: data, MessageType: "RAW", SigningAlgorithm: signingAlgorithm });
      if (!Signature) throw new Error(`KMS returned no signature for key ${keyId}.`);
      return Signature;
    },
  };
}
