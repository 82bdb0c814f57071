import { RolesAnywhereError } from "../errors";
import type { CertificateInfo } from "./certificate";
import {
  type CertificateChainInput,
  type CertificateInput,
  assertUsableLeaf,
  normalizeChain,
  readCertificateInput,
  readChainInput,
} from "./certificateInput";
import { type PrivateKeyInput, createRequestSigner } from "./keyImport";
import type { RequestSigner } from "./signer";

/**
 * Certificate, key and chain as given by the user (values, not file paths).
 *
 * @public
 */
export interface SigningIdentityInput {
  readonly certificate: CertificateInput;
  /** Omit when `certificate` is a PEM that also holds the key. */
  readonly privateKey?: PrivateKeyInput;
  readonly certificateChain?: CertificateChainInput;
  /** Passphrase of an encrypted private key. */
  readonly passphrase?: string;
}

/**
 * Everything needed to sign a CreateSession request.
 *
 * @public
 */
export interface SigningIdentity {
  readonly certificate: CertificateInfo;
  /** DER intermediates for `X-Amz-X509-Chain` (never the leaf, at most five). */
  readonly chain: readonly Uint8Array[];
  readonly signer: RequestSigner;
}

/**
 * Parses and checks a certificate, its chain and its private key: the certificate
 * must be valid at `now`, of a supported key type, and the key must match it.
 *
 * @public
 */
export const loadSigningIdentity = async (input: SigningIdentityInput, now: Date, subtle?: SubtleCrypto): Promise<SigningIdentity> => {
  const { leaf, rest } = readCertificateInput(input.certificate);
  assertUsableLeaf(leaf, now);
  const chain = normalizeChain(leaf, [...rest, ...readChainInput(input.certificateChain)]);
  const privateKey = input.privateKey ?? (typeof input.certificate === "string" && input.certificate.includes("PRIVATE KEY-----") ? input.certificate : undefined);
  if (privateKey === undefined) {
    throw new RolesAnywhereError(
      "ERR_INVALID_OPTION",
      "No private key was given. Pass privateKey (PEM, DER, CryptoKey or Signer) or privateKeyFile, or a certificate PEM that also contains the key.",
    );
  }
  return { certificate: leaf, chain, signer: await createRequestSigner(privateKey, leaf, subtle, input.passphrase) };
};
