import type { CertificateInfo } from "../../certificate/certificate";
import { isMlDsaOid } from "./mlDsaChecks";

/**
 * Certificate signature algorithms the emulator accepts: SHA-256 or stronger, as Roles Anywhere
 * requires of leaves and anchors (MD5 and SHA-1 are refused). RSASSA-PSS and Ed25519 carry no
 * weak hash and are accepted (AWS does not document them; a choice).
 * @internal
 */
export const STRONG_SIGNATURE_HASHES: ReadonlySet<string> = new Set(["SHA-256", "SHA-384", "SHA-512", "RSASSA-PSS", "Ed25519"]);

/** True when a certificate's signature hash is strong enough. @internal */
export const isStrongSignature = (hash: string | undefined): boolean => hash !== undefined && STRONG_SIGNATURE_HASHES.has(hash);

/**
 * True when a certificate's signature is strong enough: a hash from {@link STRONG_SIGNATURE_HASHES},
 * or ML-DSA-44/65/87 (FIPS 204; accepted by Roles Anywhere since 2026, no separate hash).
 * @internal
 */
export const hasStrongSignature = (info: CertificateInfo): boolean =>
  isStrongSignature(info.signatureHash) || isMlDsaOid(info.signatureAlgorithmOid);

/** How a certificate's signature algorithm is named in reasons. @internal */
export const signatureAlgorithmName = (info: CertificateInfo): string =>
  info.signatureHash ??
  (isMlDsaOid(info.signatureAlgorithmOid) ? "ML-DSA" : `an unknown algorithm (${info.signatureAlgorithmOid || "none"})`);
