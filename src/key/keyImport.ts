import { RolesAnywhereError } from "../errors";
import { cryptoStep, importAlgorithm, importCertificateKey, privateKeyStep, sanitizeError } from "./cryptoSteps";
import { ALGORITHM_ECDSA, ALGORITHM_MLDSA, ALGORITHM_RSA } from "../protocol/constants";
import type { CertificateInfo } from "../certificate/certificate";
import { asBufferSource } from "../encoding/der";
import { loadPrivateKey } from "./loadPrivateKey";
import { createNodeKeySigner } from "./nodeKeySigner";
import type { Pkcs8Key } from "./privateKey";
import { type RequestSigner, type Signer, createCryptoKeySigner, fromCustomSigner, isSigner } from "./signer";

/**
 * A private key as PEM text, DER bytes, a WebCrypto `CryptoKey`, or a {@link Signer}.
 *
 * @public
 */
export type PrivateKeyInput = string | Uint8Array | CryptoKey | Signer;

const mismatch = (certificate: CertificateInfo, detail: string): RolesAnywhereError =>
  new RolesAnywhereError(
    "ERR_KEY_MISMATCH",
    `The private key does not belong to the certificate (serial ${certificate.serialHex}): ${detail}. Pass the key the certificate was issued for.`,
  );

const curveMismatch = (certificate: CertificateInfo, keyCurve: string | undefined): RolesAnywhereError =>
  mismatch(certificate, `the key is on ${keyCurve} but the certificate's key is on ${certificate.publicKey.namedCurve}`);

const isCryptoKey = (value: unknown): value is CryptoKey =>
  typeof value === "object" && value !== null && "algorithm" in value && "type" in value && "usages" in value && !isSigner(value);

const samePublicKey = (a: JsonWebKey, b: JsonWebKey): boolean =>
  a.kty === b.kty && (a.kty === "RSA" ? a.n === b.n && a.e === b.e : a.crv === b.crv && a.x === b.x && a.y === b.y);

const publicJwk = async (subtle: SubtleCrypto, certificate: CertificateInfo): Promise<JsonWebKey> => {
  const key = await importCertificateKey(subtle, certificate, true);
  return cryptoStep("ERR_INVALID_CERTIFICATE", "The certificate's public key could not be read", () => subtle.exportKey("jwk", key));
};

/**
 * Without an injected `subtle`, RSA and EC keys go through `node:crypto` in Node
 * (faster to start, same signatures), else through WebCrypto.
 */
const signerFromKeyData = async (
  subtle: SubtleCrypto | undefined,
  input: string | Uint8Array,
  certificate: CertificateInfo,
  passphrase: string | undefined,
  signal: AbortSignal | undefined,
): Promise<RequestSigner> => {
  const curveHint = certificate.publicKey.namedCurve;
  const key = await loadPrivateKey(input, {
    ...(subtle === undefined ? {} : { subtle }),
    ...(passphrase === undefined ? {} : { passphrase }),
    ...(curveHint === undefined ? {} : { curveHint }),
    ...(signal === undefined ? {} : { signal }),
  });
  if (key.type !== certificate.publicKey.type) {
    throw mismatch(certificate, `the key is ${key.type} but the certificate's public key is ${certificate.publicKey.type}`);
  }
  if (key.type === "ML-DSA") return (await import("./mlDsaSigner")).createMlDsaSigner(key.mlDsa!, certificate);
  if (key.type === "EC" && key.namedCurve !== certificate.publicKey.namedCurve) throw curveMismatch(certificate, key.namedCurve);
  const native = subtle === undefined ? await createNodeKeySigner(key, certificate, (detail) => mismatch(certificate, detail)) : undefined;
  if (native !== undefined) return native;
  const webCrypto = subtle ?? globalThis.crypto.subtle;
  return createCryptoKeySigner(await importPkcs8(webCrypto, key, certificate), webCrypto);
};

/** Imports an RSA or EC key of the certificate's type and curve (checked by the caller) for signing, after checking it is the certificate's key. */
const importPkcs8 = async (subtle: SubtleCrypto, key: Pkcs8Key, certificate: CertificateInfo): Promise<CryptoKey> => {
  let extractable: CryptoKey;
  try {
    extractable = await subtle.importKey("pkcs8", asBufferSource(key.pkcs8), importAlgorithm(certificate), true, ["sign"]);
  } catch (error) {
    throw new RolesAnywhereError(
      "ERR_INVALID_PRIVATE_KEY",
      `The ${key.type} private key is malformed and could not be imported. Check that the file is complete.`,
      { cause: sanitizeError(error) },
    );
  }
  const jwk = await privateKeyStep("read", () => subtle.exportKey("jwk", extractable));
  if (!samePublicKey(jwk, await publicJwk(subtle, certificate))) throw mismatch(certificate, "the public keys differ");
  return privateKeyStep("imported", () => subtle.importKey("jwk", jwk, importAlgorithm(certificate), false, ["sign"]));
};

const checkCryptoKey = async (subtle: SubtleCrypto, key: CryptoKey, certificate: CertificateInfo): Promise<void> => {
  const algorithm = key.algorithm as RsaHashedKeyAlgorithm & EcKeyAlgorithm;
  if (key.type !== "private" || !key.usages.includes("sign")) {
    throw new RolesAnywhereError(
      "ERR_INVALID_PRIVATE_KEY",
      'The CryptoKey is not a private key with the "sign" usage. Import it with usages ["sign"].',
    );
  }
  const expected = certificate.publicKey.type === "RSA" ? "RSASSA-PKCS1-v1_5" : "ECDSA";
  if (algorithm.name !== expected) {
    throw new RolesAnywhereError(
      algorithm.name === "RSASSA-PKCS1-v1_5" || algorithm.name === "ECDSA" ? "ERR_KEY_MISMATCH" : "ERR_UNSUPPORTED_KEY",
      `The CryptoKey's algorithm is ${algorithm.name}, but the certificate needs ${expected}. Import the key as ${expected}${expected === "ECDSA" ? "" : " with hash SHA-256"}.`,
    );
  }
  if (expected === "RSASSA-PKCS1-v1_5" && (algorithm.hash as KeyAlgorithm | undefined)?.name !== "SHA-256") {
    throw new RolesAnywhereError(
      "ERR_UNSUPPORTED_KEY",
      `The RSA CryptoKey hashes with ${(algorithm.hash as KeyAlgorithm).name}; Roles Anywhere needs SHA-256. Import it with { hash: "SHA-256" }.`,
    );
  }
  if (expected === "ECDSA" && algorithm.namedCurve !== certificate.publicKey.namedCurve)
    throw curveMismatch(certificate, algorithm.namedCurve);
  if (key.extractable) {
    const jwk = await privateKeyStep("read", () => subtle.exportKey("jwk", key));
    if (!samePublicKey(jwk, await publicJwk(subtle, certificate))) throw mismatch(certificate, "the public keys differ");
    return;
  }
  // A non-extractable key can't be compared directly: sign a probe and verify it.
  const probe = new TextEncoder().encode("credential-provider-roles-anywhere key check");
  const params = expected === "ECDSA" ? { name: "ECDSA", hash: "SHA-256" } : { name: expected };
  const signature = await privateKeyStep("used to sign", () => subtle.sign(params, key, probe));
  const publicKey = await importCertificateKey(subtle, certificate, false);
  const verified = await cryptoStep(
    "ERR_INVALID_CERTIFICATE",
    "A test signature could not be checked with the certificate's public key",
    () => subtle.verify(params, publicKey, signature, probe),
  );
  if (!verified) throw mismatch(certificate, "a test signature does not verify with the certificate");
};

/**
 * Turns any accepted private-key input into a {@link RequestSigner} after checking
 * that it belongs to `certificate`. A custom {@link Signer} is trusted to hold the
 * right key; only its algorithm is checked. `passphrase` decrypts an encrypted key; `signal`
 * stops a long key derivation. An injected `subtle` is used for every key operation; without one,
 * RSA and EC keys use `node:crypto` in Node, and WebCrypto elsewhere.
 *
 * @internal
 */
export const createRequestSigner = async (
  input: PrivateKeyInput,
  certificate: CertificateInfo,
  subtle?: SubtleCrypto,
  passphrase?: string,
  signal?: AbortSignal,
): Promise<RequestSigner> => {
  if (isSigner(input)) {
    const { type } = certificate.publicKey;
    const expected = type === "RSA" ? ALGORITHM_RSA : type === "ML-DSA" ? ALGORITHM_MLDSA : ALGORITHM_ECDSA;
    if (input.algorithm !== ALGORITHM_RSA && input.algorithm !== ALGORITHM_ECDSA && input.algorithm !== ALGORITHM_MLDSA) {
      throw new RolesAnywhereError(
        "ERR_UNSUPPORTED_KEY",
        `The signer's algorithm "${String(input.algorithm)}" is not supported. Use "${ALGORITHM_RSA}", "${ALGORITHM_ECDSA}" or "${ALGORITHM_MLDSA}".`,
      );
    }
    if (input.algorithm !== expected) {
      throw mismatch(certificate, `the signer uses ${input.algorithm} but the certificate's key needs ${expected}`);
    }
    return fromCustomSigner(input);
  }
  if (isCryptoKey(input)) {
    if (certificate.publicKey.type === "ML-DSA") {
      throw new RolesAnywhereError(
        "ERR_UNSUPPORTED_KEY",
        `A CryptoKey cannot sign for an ${certificate.publicKey.namedCurve} certificate here. Pass the PKCS#8 key (PEM or DER) or a Signer with algorithm "${ALGORITHM_MLDSA}".`,
      );
    }
    const webCrypto = subtle ?? globalThis.crypto.subtle;
    await checkCryptoKey(webCrypto, input, certificate);
    return createCryptoKeySigner(input, webCrypto);
  }
  if (typeof input !== "string" && !(input instanceof Uint8Array)) {
    throw new RolesAnywhereError("ERR_INVALID_OPTION", "privateKey must be PEM text, DER bytes (Uint8Array), a CryptoKey or a Signer.");
  }
  return signerFromKeyData(subtle, input, certificate, passphrase, signal);
};
