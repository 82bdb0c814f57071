/**
 * The JSON the console's API answers, shared by the server (`src/emulator/console/`) and the
 * browser front end (`src/console/`, which imports these types only).
 * @module
 */
import type { CertificateSummary, EmulatorEvent, SessionDecision } from "../types";

export type { CertificateSummary, EmulatorEvent, SessionDecision } from "../types";
export type { PolicyConditionResult, PolicyExplanation, PolicyStatementExplanation, SessionCheck, SessionCheckResult } from "../types";

/** The header every console API request carries (a page on another origin cannot set it without CORS). @internal */
export const CONSOLE_HEADER = "x-emulator-console";

/** An IAM role as the Roles page lists it. @internal */
export interface RoleView {
  readonly name: string;
  readonly arn: string;
  readonly roleId: string;
  readonly path: string;
  readonly description?: string;
  readonly maxSessionDuration: number;
  readonly createDate: string;
  /** The trust policy as given (not URL-encoded). */
  readonly trustPolicy: string;
}

/** A trust anchor with its CA certificates. @internal */
export interface TrustAnchorView {
  readonly trustAnchorId: string;
  readonly trustAnchorArn: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly sourceType: string;
  readonly acmPcaArn?: string;
  readonly certificates: readonly CertificateSummary[];
  readonly crlCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A profile and the names of its roles. @internal */
export interface ProfileView {
  readonly profileId: string;
  readonly profileArn: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly roleArns: readonly string[];
  readonly durationSeconds: number;
  readonly acceptRoleSessionName: boolean;
  /** The mappings in effect for each certificate field (the defaults for fields not customised). */
  readonly attributeMappings: readonly { readonly certificateField: string; readonly specifiers: readonly string[] }[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One serial number a CRL revokes. @internal */
export interface RevokedSerialView {
  /** Upper-case hex of even length, as `openssl x509 -serial` prints it. */
  readonly serialHex: string;
  readonly serialDecimal: string;
  /** Subjects of certificates the emulator has seen (sessions, private CAs) with this serial and the CRL's issuer. */
  readonly knownSubjects: readonly string[];
}

/** An imported CRL and what it revokes. @internal */
export interface CrlView {
  readonly crlId: string;
  readonly crlArn: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly trustAnchorArn: string;
  readonly trustAnchorName: string;
  /** The CRL's issuer name. */
  readonly issuer?: string;
  /** Whether a certificate of the trust anchor signed it (else it can only concern intermediates). */
  readonly signedByAnchor: boolean;
  readonly revoked: readonly RevokedSerialView[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An ACM private CA, for trust anchors made from one. @internal */
export interface CertificateAuthorityView {
  readonly arn: string;
  readonly status: string;
  readonly type: string;
  readonly subject?: string;
}

/** `GET /console/api/overview`: everything the pages list. @internal */
export interface Overview {
  readonly accountId: string;
  readonly region: string;
  /** The emulator's endpoint (`url`). */
  readonly url: string;
  readonly roles: readonly RoleView[];
  readonly trustAnchors: readonly TrustAnchorView[];
  readonly profiles: readonly ProfileView[];
  readonly crls: readonly CrlView[];
  readonly certificateAuthorities: readonly CertificateAuthorityView[];
}

/** One request the emulator answered, as the Activity page lists it. @internal */
export interface ActivityEntry {
  /** Increasing from 1 per emulator start (the server-sent event id). */
  readonly id: number;
  /** ISO 8601, by the emulator's clock. */
  readonly time: string;
  readonly event: EmulatorEvent;
}

/** `POST /console/api/call/<service>/<Operation>`: the operation's output or its error. @internal */
export type CallResult =
  { readonly output: Record<string, unknown> } | { readonly error: { readonly code: string; readonly message: string } };

/** `POST /console/api/explain`: a certificate to try. @internal */
export interface ExplainRequest {
  /** The certificate, PEM. Never a private key: input holding one is refused. */
  readonly certificate: string;
  /** Intermediate certificates, PEM (optional). */
  readonly chain?: string;
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  readonly roleSessionName?: string;
  readonly durationSeconds?: number;
}

/** The answer to {@link ExplainRequest}. @internal */
export interface ExplainResponse {
  readonly decision: SessionDecision;
  /** On a refusal: the error CreateSession would answer. */
  readonly error?: { readonly type: string; readonly message: string };
}

/** An API failure (`{ error }` with a 4xx/5xx status). @internal */
export interface ApiError {
  readonly error: { readonly code: string; readonly message: string };
}
