/**
 * Option types of the Roles Anywhere emulator (`credential-provider-roles-anywhere/emulator`).
 * @module
 */

/**
 * Long-term credentials that may call the control plane (`startEmulator({ adminCredentials })`).
 * @public
 */
export interface AdminCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Where a trust anchor's certificates come from (AWS `Source`). @public */
export interface TrustAnchorSource {
  sourceType: "CERTIFICATE_BUNDLE" | "AWS_ACM_PCA";
  /** `x509CertificateData` (PEM) for a bundle, `acmPcaArn` for a private CA. */
  sourceData: { x509CertificateData?: string; acmPcaArn?: string };
}

/** A PEM string (one or more blocks) or DER bytes. @public */
export type PemOrDer = string | Uint8Array;

/**
 * A certificate revocation list imported into a trust anchor (AWS `ImportCrl`).
 * @public
 */
export interface EmulatorCrlInit {
  /** CRL id (a UUID is generated when omitted, as AWS does). */
  id?: string;
  name?: string;
  /** The CRL, PEM (`-----BEGIN X509 CRL-----`) or DER. */
  crl: PemOrDer;
  /** Default `true`. A disabled CRL is ignored. */
  enabled?: boolean;
}

/**
 * A trust anchor of source type `CERTIFICATE_BUNDLE`.
 * @public
 */
export interface EmulatorTrustAnchorInit {
  /** Trust anchor id, the last part of its ARN (a UUID is generated when omitted). */
  id?: string;
  name?: string;
  /** One or two CA certificates (AWS quota: 2 per anchor), PEM (a bundle is fine) or DER. */
  certificates: PemOrDer | readonly PemOrDer[];
  /** Default `true`. A disabled anchor trusts nothing. */
  enabled?: boolean;
  /** CRLs bound to this anchor (PEM/DER, or with an id and `enabled` flag). */
  crls?: readonly (PemOrDer | EmulatorCrlInit)[];
  /**
   * Where the certificates came from, as `GetTrustAnchor` reports it. Default: a
   * `CERTIFICATE_BUNDLE` of `certificates`. The control plane sets `AWS_ACM_PCA` for an anchor on a
   * private CA.
   */
  source?: TrustAnchorSource;
}

/**
 * Which certificate attributes become session tags, for one certificate field (AWS
 * `PutAttributeMapping`). Specifiers: `*` (every mapped RDN) or an RDN such as `CN`, `OU`; for
 * `x509SAN`: `DNS`, `URI`, `Name/*` (also `Name`, `Name/`), `Name/<RDN>`. An empty list maps
 * nothing from the field.
 * @public
 */
export interface EmulatorAttributeMapping {
  certificateField: "x509Subject" | "x509Issuer" | "x509SAN";
  mappingRules: readonly { specifier: string }[];
}

/**
 * A Roles Anywhere profile.
 * @public
 */
export interface EmulatorProfileInit {
  /** Profile id, the last part of its ARN (a UUID is generated when omitted). */
  id?: string;
  name?: string;
  /** IAM role ARNs this profile may hand out (AWS quota: 250). */
  roleArns: readonly string[];
  /** 900–43200, default 3600. Sessions last `min(this, requested durationSeconds)`. */
  durationSeconds?: number;
  /** Default `false`: a request carrying `roleSessionName` is refused. */
  acceptRoleSessionName?: boolean;
  /** Default `true`. */
  enabled?: boolean;
  /**
   * Custom attribute mappings; fields not listed keep the default mapping (subject `*`,
   * issuer `*`, SAN `DNS`, `URI`, `Name/*`).
   */
  attributeMappings?: readonly EmulatorAttributeMapping[];
  /** An inline session policy (JSON text). Stored and returned; not evaluated. */
  sessionPolicy?: string;
  /** Managed policy ARNs. Stored and returned; not evaluated. */
  managedPolicyArns?: readonly string[];
  /** Default `false`. Stored and returned. */
  requireInstanceProperties?: boolean;
  /** The creator's ARN, as `GetProfile` reports it (default the account root). */
  createdBy?: string;
}

/**
 * An IAM role.
 * @public
 */
export interface EmulatorRoleInit {
  /** Role name, e.g. `Lab-IAM-Anywhere-All`. */
  name: string;
  /** IAM path, default `/`. Part of the role ARN, dropped from the assumed-role ARN. */
  path?: string;
  /**
   * The role's account (12 digits), default the emulator's `accountId`. A role in another account
   * (e.g. a workload account next to a hub account) can only be reached by role chaining (STS
   * AssumeRole from a session), never by CreateSession: Roles Anywhere hands out roles of its own
   * account. Role names must be unique across accounts (`arns.roles` is keyed by name).
   */
  accountId?: string;
  /** Unique role id (`AROA…`, 21 chars); generated when omitted. */
  roleId?: string;
  /**
   * Trust policy document (object or JSON text). Default: the standard Roles Anywhere trust
   * policy (principal `rolesanywhere.amazonaws.com`, actions `sts:AssumeRole`,
   * `sts:TagSession`, `sts:SetSourceIdentity`, no condition).
   */
  trustPolicy?: string | object;
  /** 3600–43200, default 3600 (IAM's default `MaxSessionDuration`). */
  maxSessionDuration?: number;
  /** IAM role description. */
  description?: string;
}

/**
 * What the emulator decided about one request, for diagnostics. Never carries secrets.
 * @public
 */
export interface EmulatorEvent {
  /** `CreateSession`, `GetCallerIdentity` (every STS request other than `AssumeRole`), `AssumeRole`, a control-plane operation (`iam:CreateRole`, `rolesanywhere:CreateTrustAnchor`, `acm-pca:IssueCertificate`…), or `Unknown`. */
  readonly operation: "CreateSession" | "GetCallerIdentity" | "AssumeRole" | "Unknown" | `${"rolesanywhere" | "iam" | "acm-pca"}:${string}`;
  readonly status: number;
  /** AWS error type on failure, e.g. `AccessDeniedException`, `InvalidClientTokenId`. */
  readonly errorType?: string;
  /** The message sent to the client. */
  readonly message?: string;
  /** Why, in more detail than AWS would reveal (e.g. "certificate expired at …"). */
  readonly reason?: string;
}

/**
 * Options of {@link startEmulator}. Every field has the AWS default.
 * @public
 */
export interface EmulatorOptions {
  /** Default `123456789012`. */
  accountId?: string;
  /** Default `us-east-1`. The partition (`aws`, `aws-cn`, `aws-us-gov`) follows from it. */
  region?: string;
  trustAnchors?: readonly EmulatorTrustAnchorInit[];
  profiles?: readonly EmulatorProfileInit[];
  roles?: readonly EmulatorRoleInit[];
  /**
   * Allowed `|X-Amz-Date − now|` for CreateSession, in seconds (default 300). Outside it the
   * answer is `Invalid signature`, as AWS words it.
   */
  clockSkewSeconds?: number;
  /** Allowed skew for STS requests, in seconds (default 900, STS's 15 minutes). */
  stsClockSkewSeconds?: number;
  /** Injectable clock (default `() => new Date()`). */
  now?: () => Date;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default `0` (an ephemeral port). */
  port?: number;
  /** Largest accepted request header block in bytes (default 65536, for 5-certificate chains). */
  maxHeaderSize?: number;
  /** Called once per request with the outcome and the detailed reason. */
  onEvent?: (event: EmulatorEvent) => void;
  /**
   * The long-term credentials that may call the control plane (IAM, Roles Anywhere and ACM PCA
   * APIs). Default: random ones per start, readable as `emulator.adminCredentials`.
   */
  adminCredentials?: AdminCredentials;
  /**
   * A file that keeps the whole state (roles, trust anchors, profiles, CRLs, subjects, private
   * CAs with their keys, issued sessions) across restarts. Read at start when it exists (the
   * `roles`, `trustAnchors` and `profiles` options then seed nothing), written atomically with
   * mode 0600 after every change. A corrupt file or one of another version stops the start with
   * `ERR_INVALID_OPTION` and is left untouched.
   */
  stateFile?: string;
  /**
   * Throttle `CreateSession` as AWS does: a token bucket per account and region (the emulator has
   * one of each), and a request over the quota is answered `429 ThrottlingException` ("Rate
   * exceeded") before it is verified. Off unless given; `{}` is AWS's default quota (10 per
   * second). The bucket reads the emulator's clock (`now`).
   */
  throttle?: EmulatorThrottleOptions;
}

/**
 * The emulator's `CreateSession` quota (`startEmulator({ throttle })`, `emulate --throttle RATE[:BURST]`).
 * @public
 */
export interface EmulatorThrottleOptions {
  /** Requests per second on average. Default 10, AWS's default CreateSession quota per region (adjustable in Service Quotas). */
  readonly rate?: number;
  /** Requests admitted at once after a quiet period (at least 1). AWS documents none; default: `rate` rounded up. */
  readonly burst?: number;
}
