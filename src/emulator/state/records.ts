import type { LoadedCertificate } from "../pki/loadCertificate";
import type { EmulatorAttributeMapping, TrustAnchorSource } from "../types";

export type { TrustAnchorSource } from "../types";

/** A Roles Anywhere resource tag. @public */
export interface ResourceTag {
  key: string;
  value: string;
}

/** A notification setting of a trust anchor (stored; the emulator sends no notifications). @public */
export interface NotificationSettingRecord {
  enabled: boolean;
  event: "CA_CERTIFICATE_EXPIRY" | "END_ENTITY_CERTIFICATE_EXPIRY";
  threshold?: number;
  channel?: "ALL";
  /** `rolesanywhere.amazonaws.com` for the defaults, else the caller's ARN. */
  configuredBy?: string;
}

/**
 * A trust anchor held by the emulator. Mutable: flip `enabled` in tests.
 * @public
 */
export interface TrustAnchorRecord {
  readonly id: string;
  readonly arn: string;
  name: string;
  enabled: boolean;
  /** The anchor's CA certificates (parsed); for a private CA, its certificate when the anchor was created or updated. */
  certificates: LoadedCertificate[];
  readonly crls: CrlRecord[];
  source: TrustAnchorSource;
  readonly createdAt: Date;
  updatedAt: Date;
  tags: ResourceTag[];
  notificationSettings: NotificationSettingRecord[];
}

/**
 * An imported CRL. Mutable: flip `enabled` in tests.
 * @public
 */
export interface CrlRecord {
  readonly id: string;
  readonly arn: string;
  name: string;
  enabled: boolean;
  /** DER of the CRL (`UpdateCrl` replaces it). */
  der: Uint8Array;
  /** The trust anchor it is bound to. */
  readonly trustAnchorArn: string;
  readonly createdAt: Date;
  updatedAt: Date;
  tags: ResourceTag[];
}

/**
 * A Roles Anywhere profile. Mutable in tests.
 * @public
 */
export interface ProfileRecord {
  readonly id: string;
  readonly arn: string;
  name: string;
  enabled: boolean;
  roleArns: string[];
  durationSeconds: number;
  acceptRoleSessionName: boolean;
  /** Custom attribute mappings (fields not listed use the default mapping). */
  attributeMappings: EmulatorAttributeMapping[];
  /** Stored and returned; the emulator does not evaluate session policies. */
  sessionPolicy?: string;
  /** Stored and returned. */
  managedPolicyArns: string[];
  /** Stored and returned. */
  requireInstanceProperties: boolean;
  readonly createdAt: Date;
  updatedAt: Date;
  /** Who created it (the caller's ARN). */
  createdBy: string;
  tags: ResourceTag[];
}

/**
 * An IAM role. Mutable in tests (e.g. replace `trustPolicy`).
 * @public
 */
export interface RoleRecord {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly roleId: string;
  /** The parsed trust policy document. */
  trustPolicy: unknown;
  /** The trust policy's text as given (IAM returns it URL-encoded). */
  trustPolicyText: string;
  maxSessionDuration: number;
  description?: string;
  readonly createDate: Date;
  /** IAM tags, in the order they were added. */
  tags: { Key: string; Value: string }[];
  /** Inline policies by name (text as given). Stored only: not evaluated. */
  inlinePolicies: Record<string, string>;
  /** Attached managed policies. Stored only: not evaluated. */
  attachedPolicies: { PolicyName: string; PolicyArn: string }[];
  permissionsBoundary?: string;
}

/** One certificate a subject has used (AWS `CredentialSummary`). @public */
export interface SubjectCredentialRecord {
  seenAt: Date;
  /** Decimal serial number. */
  readonly serialNumber: string;
  /** The issuer's distinguished name. */
  readonly issuer: string;
  enabled: boolean;
  /** The certificate, PEM. */
  readonly x509CertificateData: string;
  failed: boolean;
}

/**
 * A Roles Anywhere subject: one certificate identity (subject and issuer) that created
 * sessions, with the certificates it used (AWS `SubjectDetail`).
 * @public
 */
export interface SubjectRecord {
  readonly id: string;
  readonly arn: string;
  /** The certificate's subject, e.g. `CN=DavianThule`. */
  readonly x509Subject: string;
  enabled: boolean;
  readonly createdAt: Date;
  updatedAt: Date;
  lastSeenAt: Date;
  credentials: SubjectCredentialRecord[];
}

/**
 * A session issued by CreateSession, or by STS AssumeRole from another session (role chaining),
 * as STS later sees it. Holds the secret so STS can verify signatures; never logged.
 * @public
 */
export interface SessionRecord {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly roleArn: string;
  readonly roleName: string;
  readonly roleId: string;
  readonly roleSessionName: string;
  readonly assumedRoleArn: string;
  /** The role's account. */
  readonly accountId: string;
  /** Set once (by Roles Anywhere, from the certificate) and carried along a role chain; `""` for none. */
  readonly sourceIdentity: string;
  /**
   * Session tags: from the certificate (`x509Subject/CN` → value) for a Roles Anywhere session;
   * inherited transitive tags and the tags passed to AssumeRole for a chained one.
   */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Keys of `tags` that pass on to the sessions this one assumes (transitive session tags).
   * Absent or empty for Roles Anywhere sessions: their certificate tags are not transitive.
   */
  readonly transitiveTagKeys?: readonly string[];
  /** For a session from STS AssumeRole: the assumed-role ARN of the session that called it. */
  readonly chainedFrom?: string;
  /** For a chained session, this and the next three are those of the session the chain started from. */
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly subjectArn: string;
  /** Serial of the certificate that created the session (or the chain's first one), as `openssl x509 -serial` prints it (upper-case hex, even length). */
  readonly certificateSerialHex: string;
}
