import { RolesAnywhereError } from "../errors";
import { MAX_CHAIN_LENGTH } from "../protocol/constants";
import { type CertificateInfo, parseCertificate } from "./certificate";
import { bytesEqual } from "../encoding/der";
import { certificateBlocks, splitLeafPem } from "./certificateBlocks";
import { leafProblems } from "./leafRequirements";
import { wordedError } from "../errorWords";

/**
 * A certificate as PEM text or DER bytes.
 *
 * @public
 */
export type CertificateInput = string | Uint8Array;

/**
 * Intermediate certificates: a PEM bundle, DER bytes of one certificate, or a list
 * mixing both.
 *
 * @public
 */
export type CertificateChainInput = string | Uint8Array | readonly (string | Uint8Array)[];

/**
 * Reads the leaf certificate, plus any certificates that follow it in a full-chain
 * PEM (they become chain certificates).
 *
 * @internal
 */
export const readCertificateInput = (input: CertificateInput): { leaf: CertificateInfo; rest: Uint8Array[] } => {
  if (typeof input !== "string") return { leaf: parseCertificate(input), rest: [] };
  const { leaf, rest } = splitLeafPem(input);
  return { leaf: parseCertificate(leaf), rest };
};

const CHAIN_FIX = "Pass the intermediate CA certificates (PEM bundle or DER), or no chain when the trust anchor issued the leaf.";

/**
 * Reads chain input into DER certificates (each one parsed to make sure it is one).
 *
 * @internal
 */
export const readChainInput = (input: CertificateChainInput | undefined): Uint8Array[] => {
  if (input === undefined) return [];
  const items = typeof input === "string" || input instanceof Uint8Array ? [input] : input;
  const ders = items.flatMap((item) => {
    if (typeof item !== "string") return [item];
    let blocks: Uint8Array[];
    try {
      blocks = certificateBlocks(item, "certificate chain");
    } catch (error) {
      throw new RolesAnywhereError("ERR_INVALID_CHAIN", `The certificate chain is not PEM or DER certificates. ${CHAIN_FIX}`, {
        cause: error,
      });
    }
    // A chain file with no certificate in it (a key file given by mistake) is an error, not "no chain".
    if (blocks.length === 0)
      throw new RolesAnywhereError("ERR_INVALID_CHAIN", `The certificate chain holds no "CERTIFICATE" block. ${CHAIN_FIX}`);
    return blocks;
  });
  for (const der of ders) {
    try {
      parseCertificate(der);
    } catch (error) {
      throw new RolesAnywhereError(
        "ERR_INVALID_CHAIN",
        `A certificate in the chain could not be parsed. Pass intermediate CA certificates as PEM or DER.`,
        { cause: error },
      );
    }
  }
  return ders;
};

/**
 * Builds the chain header list: drops the leaf and duplicates, and enforces the
 * service's limit of five certificates.
 *
 * @internal
 */
export const normalizeChain = (leaf: CertificateInfo, certificates: readonly Uint8Array[]): Uint8Array[] => {
  const chain: Uint8Array[] = [];
  for (const der of certificates) {
    if (bytesEqual(der, leaf.der) || chain.some((seen) => bytesEqual(seen, der))) continue;
    chain.push(der);
  }
  if (chain.length > MAX_CHAIN_LENGTH) {
    throw new RolesAnywhereError(
      "ERR_INVALID_CHAIN",
      `The certificate chain has ${chain.length} certificates; Roles Anywhere accepts at most ${MAX_CHAIN_LENGTH}. Send only the intermediates between the leaf and the trust anchor.`,
    );
  }
  return chain;
};

/**
 * Checks that a leaf certificate can sign for Roles Anywhere at `now`: a positive serial, a
 * supported key, the requirements the service documents for the signing certificate
 * ({@link leafProblems}), and the validity period.
 *
 * @internal
 */
export const assertUsableLeaf = (leaf: CertificateInfo, now: Date): void => {
  if (leaf.serialNumber <= 0n) {
    throw new RolesAnywhereError(
      "ERR_INVALID_CERTIFICATE",
      `The certificate's serial number is ${leaf.serialNumber === 0n ? "0" : `negative (${leaf.serialDecimal})`}; RFC 5280 requires a positive serial, and Roles Anywhere identifies the certificate by it (Credential=<serial>), so it would refuse the request. Have your CA issue a new certificate.`,
    );
  }
  const { type, namedCurve, modulusBits } = leaf.publicKey;
  if (type !== "RSA" && type !== "EC" && type !== "ML-DSA") {
    throw new RolesAnywhereError(
      "ERR_UNSUPPORTED_KEY",
      `The certificate's public key is ${type === "unknown" ? `of an unknown type (OID ${leaf.publicKey.oid})` : `a ${namedCurve ?? type} key`}, which this provider cannot sign with. Issue the certificate for an RSA (2048 bits or more), EC P-256/P-384/P-521 or ML-DSA-44/65/87 key.`,
    );
  }
  if (type === "EC" && !["P-256", "P-384", "P-521"].includes(namedCurve ?? "")) {
    throw new RolesAnywhereError(
      "ERR_UNSUPPORTED_KEY",
      `The certificate's EC key uses the curve ${namedCurve}. Use P-256, P-384 or P-521.`,
    );
  }
  if (type === "RSA" && (modulusBits ?? 0) < 2048) {
    throw new RolesAnywhereError(
      "ERR_UNSUPPORTED_KEY",
      `The certificate's RSA key has ${modulusBits} bits. Use an RSA key of at least 2048 bits.`,
    );
  }
  const [first] = leafProblems(leaf);
  if (first) {
    throw new RolesAnywhereError(
      "ERR_INVALID_CERTIFICATE",
      `Roles Anywhere would refuse the certificate (serial ${leaf.serialHex}): ${first.problem}. ${first.fix}.`,
    );
  }
  if (now < leaf.notBefore) {
    throw new RolesAnywhereError(
      "ERR_CERTIFICATE_EXPIRED",
      `The certificate (serial ${leaf.serialHex}) is not valid until ${leaf.notBefore.toISOString()}; it is now ${now.toISOString()}. Check the system clock or wait until the certificate becomes valid.`,
    );
  }
  if (now > leaf.notAfter) {
    throw wordedError(
      "ERR_CERTIFICATE_EXPIRED",
      (words) =>
        `The certificate (serial ${leaf.serialHex}) expired at ${leaf.notAfter.toISOString()}. Renew it with your CA and pass the new certificate with ${words.option("certificate")}.`,
    );
  }
};
