/**
 * ACM Private CA records of the emulator's state.
 * @module
 */

/** Key algorithms of `CertificateAuthorityConfiguration.KeyAlgorithm` the emulator can generate. @public */
export type PcaKeyAlgorithm = "RSA_2048" | "RSA_3072" | "RSA_4096" | "EC_prime256v1" | "EC_secp384r1" | "EC_secp521r1";

/** Signing algorithms (`SigningAlgorithm`) the emulator can sign with. @public */
export type PcaSigningAlgorithm =
  "SHA256WITHRSA" | "SHA384WITHRSA" | "SHA512WITHRSA" | "SHA256WITHECDSA" | "SHA384WITHECDSA" | "SHA512WITHECDSA";

/** A certificate a private CA issued. @public */
export interface IssuedCertificateRecord {
  /** `<ca arn>/certificate/<serial hex>`. */
  readonly arn: string;
  /** Lower-case hex serial, no separators. */
  readonly serialHex: string;
  readonly der: Uint8Array;
  readonly issuedAt: Date;
  revokedAt?: Date;
  revocationReason?: string;
}

/**
 * A private certificate authority (AWS `CertificateAuthority`), with its private key. The key
 * never leaves the emulator through the API; it is written to the state file (mode 0600).
 * @public
 */
export interface CertificateAuthorityRecord {
  readonly arn: string;
  readonly id: string;
  readonly type: "ROOT" | "SUBORDINATE";
  /** `PENDING_CERTIFICATE` until a CA certificate is imported, then `ACTIVE`; `DISABLED`, `DELETED`. */
  status: "PENDING_CERTIFICATE" | "ACTIVE" | "DISABLED" | "DELETED";
  readonly keyAlgorithm: PcaKeyAlgorithm;
  readonly signingAlgorithm: PcaSigningAlgorithm;
  /** The `ASN1Subject` given at creation (`CommonName`, `Organization`, …). */
  readonly subject: Readonly<Record<string, string>>;
  /** PKCS#8 DER of the CA's private key. */
  readonly privateKeyPkcs8: Uint8Array;
  /** DER of the CA's certificate signing request. */
  readonly csrDer: Uint8Array;
  /** DER of the imported CA certificate. */
  certificateDer?: Uint8Array;
  /** DER of the chain above it (for a subordinate CA), issuer first. */
  chainDer: Uint8Array[];
  readonly createdAt: Date;
  lastStateChangeAt: Date;
  /** When a `DELETED` CA is purged (end of its restore period). */
  restorableUntil?: Date;
  /** Status before it was deleted (restored to it). */
  statusBeforeDelete?: "PENDING_CERTIFICATE" | "ACTIVE" | "DISABLED";
  /** `RevocationConfiguration` as given (stored only). */
  revocationConfiguration?: unknown;
  readonly usageMode: "GENERAL_PURPOSE" | "SHORT_LIVED_CERTIFICATE";
  readonly keyStorageSecurityStandard: string;
  tags: { Key: string; Value?: string }[];
  /** Issued certificates by lower-case hex serial. */
  readonly issued: Map<string, IssuedCertificateRecord>;
}
