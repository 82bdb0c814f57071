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
 * How one condition key of one condition operator decided (a part of {@link PolicyStatementExplanation}).
 * @public
 */
export interface PolicyConditionResult {
  /** The operator as the policy writes it, e.g. `StringEquals`, `ForAnyValue:StringLike`. */
  readonly operator: string;
  /** The condition key as the policy writes it, e.g. `aws:PrincipalTag/x509Subject/CN`. */
  readonly key: string;
  /** The policy's values, after policy variables (`${…}`) were replaced. */
  readonly policyValues: readonly string[];
  /** The request's values of the key; absent when the request has no such key. */
  readonly requestValues?: readonly string[];
  readonly passed: boolean;
  /** Set for an operator the emulator does not know (IAM refuses such policies); it never passes. */
  readonly unknownOperator?: true;
}

/**
 * How one statement of a policy applied to a request.
 * @public
 */
export interface PolicyStatementExplanation {
  /** Position in `Statement` (0-based; IAM names it `Statement[0]`). */
  readonly index: number;
  readonly sid?: string;
  /** `Allow` or `Deny` (what the policy says). */
  readonly effect: string;
  /** Whether `Principal` / `NotPrincipal` covers the caller. */
  readonly principalMatched: boolean;
  /** The requested actions the statement's `Action` / `NotAction` covers. */
  readonly actionsMatched: readonly string[];
  /** Every condition key of every operator, in the policy's order. */
  readonly conditions: readonly PolicyConditionResult[];
  /** True when every condition passed (also when there is none). */
  readonly conditionsPassed: boolean;
}

/**
 * How a policy decided, statement by statement, for each requested action (an explicit `Deny`
 * wins; no applicable `Allow` is an implicit deny).
 * @public
 */
export interface PolicyExplanation {
  readonly allowed: boolean;
  readonly decisions: readonly { readonly action: string; readonly decision: "Allow" | "Deny" | "ImplicitDeny" }[];
  readonly statements: readonly PolicyStatementExplanation[];
}

/**
 * A check of `CreateSession`, in the order the emulator makes them.
 * @public
 */
export type SessionCheck =
  | "signature"
  | "input"
  | "trustAnchor"
  | "certificatePath"
  | "revocation"
  | "profile"
  | "roleSessionName"
  | "role"
  | "sessionTags"
  | "duration"
  | "trustPolicy";

/**
 * One check of `CreateSession` and what it found.
 * @public
 */
export interface SessionCheckResult {
  readonly check: SessionCheck;
  readonly passed: boolean;
  /** What passed (`trust anchor Lab-Anchor (ACTIVE)`) or exactly what failed. */
  readonly detail: string;
}

/**
 * The certificate a request was signed with, as the console shows it.
 * @public
 */
export interface CertificateSummary {
  /** The subject, e.g. `CN=DavianThule`. */
  readonly subject: string;
  readonly issuer: string;
  /** Upper-case hex of even length, as `openssl x509 -serial` prints it. */
  readonly serialHex: string;
  readonly serialDecimal: string;
  /** ISO 8601. */
  readonly notBefore: string;
  /** ISO 8601. */
  readonly notAfter: string;
}

/**
 * What `CreateSession` found, check by check: the certificate, the resources it named, the
 * session tags (principal tags) the certificate produced, how the role's trust policy decided,
 * and the first check that failed. Never carries secrets.
 * @public
 */
export interface SessionDecision {
  readonly allowed: boolean;
  /** The checks made, in order: the passed ones, then the failed one (the last) if any. */
  readonly checks: readonly SessionCheckResult[];
  /** The check that refused the request; absent when it was allowed. */
  readonly failedCheck?: SessionCheck;
  readonly certificate?: CertificateSummary;
  /** Subjects of the certification path, leaf first, trust anchor certificate last. */
  readonly path?: readonly string[];
  readonly trustAnchorArn?: string;
  readonly trustAnchorName?: string;
  readonly profileArn?: string;
  readonly profileName?: string;
  readonly roleArn?: string;
  /** The session tags the certificate produced (`x509Subject/CN` → value): `aws:PrincipalTag/<key>` in the trust policy. */
  readonly principalTags?: Readonly<Record<string, string>>;
  readonly roleSessionName?: string;
  readonly sourceIdentity?: string;
  readonly durationSeconds?: number;
  /** How the role's trust policy decided (when the request got that far). */
  readonly trustPolicy?: PolicyExplanation;
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
  /**
   * For `CreateSession`: every check made and what it found (the failing condition of a trust
   * policy included). For an `AssumeRole` its trust policy refused: the caller's principal tags
   * and how the policy decided, statement by statement.
   */
  readonly decision?: SessionDecision;
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
