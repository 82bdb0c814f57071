import type { LoadedCertificate } from "../pki/loadCertificate";
import type { EmulatorAttributeMapping } from "../types";

/**
 * A trust anchor held by the emulator. Mutable: flip `enabled` in tests.
 * @public
 */
export interface TrustAnchorRecord {
  readonly id: string;
  readonly arn: string;
  name: string;
  enabled: boolean;
  /** The anchor's CA certificates (parsed). */
  readonly certificates: LoadedCertificate[];
  readonly crls: CrlRecord[];
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
  /** DER of the CRL. */
  readonly der: Uint8Array;
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
  maxSessionDuration: number;
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
  /** Serial of the certificate that created the session (or the chain's first one), lower-case hex. */
  readonly certificateSerialHex: string;
}
