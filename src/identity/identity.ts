import { RolesAnywhereError } from "../errors";
import type { CertificateInfo } from "../certificate/certificate";
import { assertChainLinks } from "../certificate/chainLinks";
import { DEFAULT_PKCS11_MODULE } from "../key/pkcs11/pkcs11Defaults";
import { isPkcs11Uri } from "../key/pkcs11/pkcs11Uri";
import { isTpmKey } from "../key/tpm/tpmKeyRef";
import {
  type CertificateChainInput,
  type CertificateInput,
  assertUsableLeaf,
  normalizeChain,
  readCertificateInput,
  readChainInput,
} from "../certificate/certificateInput";
import { type PrivateKeyInput, createRequestSigner } from "../key/keyImport";
import type { RequestSigner } from "../key/signer";
import { wordedError } from "../errorWords";

/**
 * Certificate, key and chain as given by the user (values, not file paths).
 *
 * @public
 */
export interface SigningIdentityInput {
  /** Required unless `pkcs12` is given. */
  readonly certificate?: CertificateInput;
  /** Omit when `certificate` is a PEM that also holds the key, or with `pkcs12`. */
  readonly privateKey?: PrivateKeyInput;
  readonly certificateChain?: CertificateChainInput;
  /** Passphrase of an encrypted private key or of the PKCS#12 file. */
  readonly passphrase?: string;
  /** A PKCS#12 (`.p12`/`.pfx`) file holding the certificate, key and chain, instead of `certificate` and `privateKey`. */
  readonly pkcs12?: Uint8Array;
  /** PKCS#11 module for `pkcs11:` URIs in `certificate` / `privateKey`. Default `p11-kit-proxy.so`. */
  readonly pkcs11Module?: string;
  /** PKCS#11 user PIN when the URI has no `pin-value`. */
  readonly pkcs11Pin?: string;
  /** Password (userAuth) of a TPM key: a `TSS2 PRIVATE KEY` file or a `handle:0x…` key. */
  readonly tpmKeyPassword?: string;
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
 * Options of {@link loadSigningIdentity}.
 *
 * @public
 */
export interface LoadSigningIdentityOptions {
  /**
   * Stops the load: a long key derivation (an encrypted key or PKCS#12 file with many
   * iterations) ends with `ERR_TIMEOUT` (a timeout signal) or `ERR_NETWORK` (any other abort).
   */
  readonly signal?: AbortSignal;
}

/**
 * Parses and checks a certificate, its chain and its private key: the certificate
 * must be valid at `now`, of a supported key type, and the key must match it.
 *
 * @public
 */
export const loadSigningIdentity = async (
  input: SigningIdentityInput,
  now: Date,
  subtle?: SubtleCrypto,
  options: LoadSigningIdentityOptions = {},
): Promise<SigningIdentity> => {
  if (input.pkcs12 !== undefined) return loadPkcs12Identity(input, input.pkcs12, now, subtle, options);
  if (input.certificate === undefined) {
    throw new RolesAnywhereError(
      "ERR_INVALID_OPTION",
      "A certificate is required: pass certificate (PEM or DER) or a PKCS#12 file (pkcs12).",
    );
  }
  const pkcs11 = isPkcs11Uri(input.certificate) || isPkcs11Uri(input.privateKey) ? await import("../key/pkcs11/pkcs11Signer") : undefined;
  const pkcs11Options = {
    modulePath: input.pkcs11Module ?? DEFAULT_PKCS11_MODULE,
    ...(input.pkcs11Pin === undefined ? {} : { pin: input.pkcs11Pin }),
  };
  const certificateInput =
    pkcs11 && isPkcs11Uri(input.certificate) ? await pkcs11.readPkcs11Certificate(input.certificate, pkcs11Options) : input.certificate;
  const { leaf, rest } = readCertificateInput(certificateInput);
  assertUsableLeaf(leaf, now);
  const chain = normalizeChain(leaf, [...rest, ...readChainInput(input.certificateChain)]);
  assertChainLinks(leaf, chain);
  if (pkcs11) {
    // A key URI, or (like the official helper) the certificate's own URI pointing at the key with the same id/label.
    const keyUri = isPkcs11Uri(input.privateKey)
      ? input.privateKey
      : input.privateKey === undefined && isPkcs11Uri(input.certificate)
        ? input.certificate
        : undefined;
    if (keyUri !== undefined)
      return { certificate: leaf, chain, signer: await pkcs11.createPkcs11Signer(keyUri, leaf, pkcs11Options, subtle) };
  }
  const privateKey =
    input.privateKey ??
    (typeof certificateInput === "string" && certificateInput.includes("PRIVATE KEY-----") ? certificateInput : undefined);
  if (isTpmKey(privateKey)) {
    // TPM code (and, through it, Node's child_process) is loaded only for TPM keys.
    const { createTpmSigner } = await import("../key/tpm/tpmSigner");
    return { certificate: leaf, chain, signer: await createTpmSigner(privateKey, leaf, input.tpmKeyPassword) };
  }
  if (privateKey === undefined) {
    throw wordedError(
      "ERR_INVALID_OPTION",
      (words) =>
        `No private key was given. Pass ${words.option("privateKey")} (PEM, DER, CryptoKey or Signer), or a certificate PEM that also contains the key.`,
    );
  }
  return { certificate: leaf, chain, signer: await createRequestSigner(privateKey, leaf, subtle, input.passphrase, options.signal) };
};

/** PKCS#12 support is loaded only when a PKCS#12 file is given. */
const loadPkcs12Identity = async (
  input: SigningIdentityInput,
  pkcs12: Uint8Array,
  now: Date,
  subtle: SubtleCrypto | undefined,
  options: LoadSigningIdentityOptions,
): Promise<SigningIdentity> => {
  if (!(pkcs12 instanceof Uint8Array))
    throw new RolesAnywhereError("ERR_INVALID_OPTION", "pkcs12 must be the bytes (Uint8Array) of a .p12/.pfx file.");
  const [{ readPkcs12 }, { selectPkcs12Identity }] = await Promise.all([
    import("../key/pkcs12/pkcs12"),
    import("../key/pkcs12/pkcs12Identity"),
  ]);
  const found = selectPkcs12Identity(await readPkcs12(pkcs12, input.passphrase, subtle, options.signal ? { signal: options.signal } : {}));
  try {
    return await loadSigningIdentity(
      {
        certificate: found.certificate,
        privateKey: found.privateKey,
        certificateChain: [...found.chain, ...readChainInput(input.certificateChain)],
      },
      now,
      subtle,
      options,
    );
  } finally {
    found.privateKey.fill(0);
  }
};
