import { X509Certificate } from "node:crypto";
import { parseCertificate, type CertificateInfo } from "../../certificate/certificate";
import { decodePem, isPem } from "../../encoding/pem";
import type { PemOrDer } from "../types";

/**
 * A certificate as the emulator holds it: the package's parsed view plus Node's
 * `X509Certificate` (used for signature and issuer checks).
 * @public
 */
export interface LoadedCertificate {
  /** The parsed certificate (`parseCertificate` of `credential-provider-roles-anywhere/signing`). */
  readonly info: CertificateInfo;
  /** Node's view of the same certificate. */
  readonly x509: X509Certificate;
  /** The DER bytes. */
  readonly der: Uint8Array;
}

/**
 * Parses DER into a {@link LoadedCertificate}.
 * @throws RolesAnywhereError `ERR_INVALID_CERTIFICATE` (from `parseCertificate`) or a Node error for bad DER.
 * @internal
 */
export function loadCertificate(der: Uint8Array): LoadedCertificate {
  const info = parseCertificate(der);
  return { info, x509: new X509Certificate(der), der: info.der };
}

/**
 * DER blocks with the given PEM label from PEM text (all blocks) or DER bytes (one block).
 * @internal
 */
export function derBlocks(input: PemOrDer, label: string): Uint8Array[] {
  if (typeof input !== "string") return [input];
  if (!isPem(input)) return [];
  return decodePem(input)
    .filter((block) => block.label === label)
    .map((block) => block.der);
}
