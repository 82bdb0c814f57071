import { RolesAnywhereError } from "../errors";
import { ALGORITHM_ECDSA, ALGORITHM_MLDSA, ALGORITHM_RSA } from "../protocol/constants";
import type { CertificateInfo } from "../certificate/certificate";
import { bytesEqual } from "../encoding/der";
import type { RequestSigner } from "./signer";
import { subjectPublicKeyBytes } from "../certificate/spki";

/**
 * The digests a key can sign with: SHA-256 for CreateSession, and those `sign-string --digest` offers.
 *
 * @internal
 */
export type DigestName = "SHA-256" | "SHA-384" | "SHA-512";

/**
 * A private key that signs with a chosen digest (RSASSA-PKCS1-v1_5, or ECDSA returning DER;
 * ML-DSA ignores the digest), with its public key.
 *
 * @internal
 */
export interface DigestSigner {
  readonly type: "RSA" | "EC" | "ML-DSA";
  /** DER SubjectPublicKeyInfo of the key. */
  readonly spki: Uint8Array;
  sign(data: Uint8Array, digest: DigestName): Promise<Uint8Array>;
}

/**
 * The CreateSession signer of a {@link DigestSigner}: SHA-256, the algorithm its key type uses.
 *
 * @internal
 */
export const asRequestSigner = (signer: DigestSigner): RequestSigner => ({
  algorithm: signer.type === "RSA" ? ALGORITHM_RSA : signer.type === "EC" ? ALGORITHM_ECDSA : ALGORITHM_MLDSA,
  sign: (data) => signer.sign(data, "SHA-256"),
});

/**
 * Checks that the signer's public key is the certificate's (no signature needed).
 *
 * @throws RolesAnywhereError `ERR_KEY_MISMATCH` naming `what` (e.g. "The TPM key").
 * @internal
 */
export const assertSignerMatches = (signer: DigestSigner, certificate: CertificateInfo, what: string): void => {
  const mine = subjectPublicKeyBytes(signer.spki);
  const theirs = subjectPublicKeyBytes(certificate.publicKey.spki);
  if (signer.type !== certificate.publicKey.type || !mine || !theirs || !bytesEqual(mine, theirs)) {
    throw new RolesAnywhereError(
      "ERR_KEY_MISMATCH",
      `${what} does not belong to the certificate (serial ${certificate.serialHex}): the public keys differ (the key is ${signer.type}, the certificate's ${certificate.publicKey.type}). Pass the certificate issued for this key.`,
    );
  }
};
