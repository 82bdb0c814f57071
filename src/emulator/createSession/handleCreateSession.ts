import { formatName } from "../../certificate/name";
import { MESSAGES, accessDenied, untrusted } from "../http/serviceError";
import type { ReceivedRequest } from "../http/receivedRequest";
import { buildCertificationPath } from "../pki/buildPath";
import { findRevoked } from "../pki/checkRevocation";
import { MlDsaChecks } from "../pki/mlDsaChecks";
import { explainTrustPolicy, REQUIRED_TRUST_ACTIONS, ROLES_ANYWHERE_PRINCIPAL } from "../policy/evaluatePolicy";
import { describeDenial } from "../policy/describeDenial";
import type { LoadedCertificate } from "../pki/loadCertificate";
import { recordSubject } from "../services/rolesAnywhere/subjects";
import type { EmulatorState } from "../state/EmulatorState";
import type { ProfileRecord, RoleRecord, SessionRecord, TrustAnchorRecord } from "../state/records";
import { parseChainHeader } from "./chainHeader";
import { issueSession } from "./issueSession";
import { checkRoleSessionName, parseCreateSessionInput, type CreateSessionInput } from "./parseInput";
import { SessionTrace } from "./sessionTrace";
import { describeTagFailures, mapCertificateToTags } from "../../sessionTags/sessionTags";
import { defaultRoleSessionName, sourceIdentityOf } from "../../sessionTags/sourceIdentity";
import { createTrustContext } from "./trustContext";
import { verifyCreateSessionSignature } from "./verifySignature";

/** What CreateSession needs besides the request. @internal */
export interface CreateSessionContext {
  readonly state: EmulatorState;
  readonly now: Date;
  readonly clockSkewSeconds: number;
  /**
   * Answers ML-DSA signature checks (leaf, certificates and CRLs signed by ML-DSA keys); without
   * it they all fail. `routeRequest` provides one and settles it between passes.
   */
  readonly mlDsa?: MlDsaChecks;
}

/** What {@link decideSession} decides about: the request's certificate, chain and input. @internal */
export interface SessionRequest extends CreateSessionInput {
  readonly leaf: LoadedCertificate;
  /**
   * The chain certificates (`X-Amz-X509-Chain`), read when the path is built (after the trust
   * anchor was found, so a bad chain header fails at the same step as AWS).
   */
  readonly chain: () => readonly LoadedCertificate[];
}

/** What CreateSession issues a session from, once every check passed. @internal */
export interface SessionGrant {
  readonly anchor: TrustAnchorRecord;
  readonly profile: ProfileRecord;
  readonly role: RoleRecord;
  readonly tags: Readonly<Record<string, string>>;
  readonly roleSessionName: string;
  readonly sourceIdentity: string;
  readonly durationSeconds: number;
}

/**
 * CreateSession, in the order of docs/service-behaviour.md §3.1: (1) the request signature,
 * (2) the input, then {@link decideSession}; then a session is stored in `state.sessions` and
 * returned. `trace` records each check and what it found (the console's Activity page shows it).
 *
 * @throws ServiceError with AWS's status, type and message.
 * @internal
 */
export function createSession(request: ReceivedRequest, ctx: CreateSessionContext, trace = new SessionTrace()): SessionRecord {
  const { state, now } = ctx;
  const mlDsa = ctx.mlDsa ?? new MlDsaChecks();
  trace.begin("signature");
  const { leaf } = verifyCreateSessionSignature(request, { region: state.region, now, clockSkewSeconds: ctx.clockSkewSeconds, mlDsa });
  trace.certificate(leaf.info);
  trace.pass(`SigV4-X509 signature by certificate serial ${leaf.info.serialDecimal} verified`);
  trace.begin("input");
  const input = parseCreateSessionInput(request);
  trace.pass("trust anchor, profile and role ARNs well-formed");
  const grant = decideSession(
    { ...input, leaf, chain: () => parseChainHeader(request.headers["x-amz-x509-chain"]) },
    { ...ctx, mlDsa },
    trace,
  );
  const session = issueSession({ location: state.location, leaf, now, ...grant });
  state.addSession(session, now);
  recordSubject(state, leaf, now);
  return session;
}

/**
 * Every check of CreateSession after the signature and the input, in AWS's order: (3) the named
 * trust anchor, (4) the certification path to it and revocation, (5) the profile, (6) the role
 * in the profile, (7) `roleSessionName`, (8) the role, (9) session tags, (10) the duration
 * against the role's maximum, (11) the trust policy. Changes nothing: the console's "try a
 * certificate" runs it without a signed request.
 *
 * Choices where AWS's wording is unknown (all 403 AccessDeniedException): a disabled or
 * unusable trust anchor, an expired or revoked certificate → `Untrusted signing certificate`
 * (the service reveals no more about trust failures); a disabled profile → `Invalid or empty
 * profile provided.`, like an unknown one; a role in the profile but absent from IAM →
 * `Unable to assume role for <arn>.`, and so is a role configured in another account (reachable only
 * by role chaining). The detailed cause is in the thrown error's `reason`.
 *
 * @throws ServiceError with AWS's status, type and message.
 * @internal
 */
export function decideSession(input: SessionRequest, ctx: CreateSessionContext, trace = new SessionTrace()): SessionGrant {
  const { state, now } = ctx;
  const mlDsa = ctx.mlDsa ?? new MlDsaChecks();
  const { leaf } = input;
  trace.note({ trustAnchorArn: input.trustAnchorArn, profileArn: input.profileArn, roleArn: input.roleArn });

  trace.begin("trustAnchor");
  const anchor = state.findTrustAnchor(input.trustAnchorArn);
  if (!anchor) throw accessDenied(MESSAGES.trustAnchorNotFound, `no trust anchor ${input.trustAnchorArn}`);
  trace.note({ trustAnchorName: anchor.name });
  trace.begin("certificatePath");
  const pool = input.chain();
  trace.begin("trustAnchor");
  if (!anchor.enabled) throw untrusted(`trust anchor ${anchor.id} is disabled`);
  trace.pass(`trust anchor ${anchor.name} is enabled`);
  trace.begin("certificatePath");
  const path = buildCertificationPath(leaf, pool, anchor.certificates, now, { mlDsa });
  const subjects = path.map((c) => formatName(c.info.subject));
  trace.note({ path: subjects });
  trace.pass(`path ${subjects.join(" → ")}: signatures, validity, CA and name constraints hold`);
  trace.begin("revocation");
  const revoked = findRevoked(path, anchor.crls, mlDsa);
  if (revoked) throw untrusted(`certificate serial ${revoked.info.serialHex} is revoked by a CRL of trust anchor ${anchor.id}`);
  // An unanswered ML-DSA check counted as "not signed": a CRL it concerns might revoke the path.
  if (mlDsa.hasPending) throw untrusted("ML-DSA signatures of CRLs or certificates are not checked yet (they are checked asynchronously)");
  const enabledCrls = anchor.crls.filter((c) => c.enabled).length;
  trace.pass(`no enabled CRL of the trust anchor (${enabledCrls}) revokes a certificate on the path`);

  trace.begin("profile");
  const profile = state.findProfile(input.profileArn);
  if (!profile) throw accessDenied(MESSAGES.invalidProfile, `no profile ${input.profileArn}`);
  trace.note({ profileName: profile.name });
  if (!profile.enabled) throw accessDenied(MESSAGES.invalidProfile, `profile ${profile.id} is disabled`);
  if (!profile.roleArns.includes(input.roleArn)) {
    throw accessDenied(MESSAGES.roleNotInProfile, `profile ${profile.id} does not list ${input.roleArn}`);
  }
  trace.pass(`profile ${profile.name} is enabled and lists the role`);
  if (input.roleSessionName !== undefined) {
    trace.begin("roleSessionName");
    if (!profile.acceptRoleSessionName) {
      throw accessDenied(MESSAGES.roleSessionNameNotAllowed, `profile ${profile.id} has acceptRoleSessionName=false`);
    }
    checkRoleSessionName(input.roleSessionName);
    trace.pass(`the profile accepts the role session name ${input.roleSessionName}`);
  }
  trace.begin("role");
  const role = state.findRole(input.roleArn);
  if (!role) throw accessDenied(MESSAGES.unableToAssume(input.roleArn), `no IAM role ${input.roleArn}`);
  if (!role.arn.includes(`:iam::${state.accountId}:`)) {
    throw accessDenied(
      MESSAGES.unableToAssume(role.arn),
      `role ${role.name} is in another account than the profile (${state.accountId}); reach it by role chaining`,
    );
  }
  trace.pass(`IAM role ${role.name} exists in account ${state.accountId}`);

  trace.begin("sessionTags");
  const mapped = mapCertificateToTags(leaf.info, profile.attributeMappings);
  trace.note({ principalTags: { ...mapped.tags } });
  const { issuer, subject, san } = mapped.failures;
  if (issuer.length + subject.length + san.length > 0) {
    throw accessDenied(`${MESSAGES.unableToAssume(role.arn)} ${describeTagFailures(mapped.failures)}`, "invalid tag values");
  }
  trace.pass(`${Object.keys(mapped.tags).length} session tags mapped from the certificate`);
  trace.begin("duration");
  const durationSeconds = Math.min(profile.durationSeconds, input.durationSeconds ?? profile.durationSeconds);
  if (durationSeconds > role.maxSessionDuration) {
    throw accessDenied(
      MESSAGES.durationTooLong(role.arn),
      `duration ${durationSeconds} s > MaxSessionDuration ${role.maxSessionDuration} s`,
    );
  }
  trace.pass(`${durationSeconds} s, within the role's MaxSessionDuration of ${role.maxSessionDuration} s`);
  const roleSessionName = input.roleSessionName ?? defaultRoleSessionName(leaf.info);
  const sourceIdentity = sourceIdentityOf(leaf.info);
  trace.note({ roleSessionName, sourceIdentity, durationSeconds });

  trace.begin("trustPolicy");
  const context = createTrustContext({
    tags: mapped.tags,
    trustAnchorArn: anchor.arn,
    accountId: state.accountId,
    sourceIdentity,
    roleSessionName,
    now,
  });
  const explanation = explainTrustPolicy(role.trustPolicy, context);
  trace.note({ trustPolicy: explanation });
  if (!explanation.allowed) {
    const detail = explanation.decisions
      .filter((d) => d.decision !== "Allow")
      .map((d) => `${d.action}: ${d.decision}`)
      .join(", ");
    throw accessDenied(
      MESSAGES.unableToAssume(role.arn),
      `trust policy of ${role.name} does not allow "${formatName(leaf.info.subject)}" (${detail}): ${describeDenial(explanation, ROLES_ANYWHERE_PRINCIPAL.id)}`,
    );
  }
  trace.pass(`the trust policy of ${role.name} allows ${REQUIRED_TRUST_ACTIONS.join(", ")}`);
  return { anchor, profile, role, tags: mapped.tags, roleSessionName, sourceIdentity, durationSeconds };
}
