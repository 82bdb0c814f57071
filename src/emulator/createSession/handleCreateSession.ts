import { formatName } from "../../certificate/name";
import { MESSAGES, accessDenied, untrusted } from "../http/serviceError";
import type { ReceivedRequest } from "../http/receivedRequest";
import { buildCertificationPath } from "../pki/buildPath";
import { findRevoked } from "../pki/checkRevocation";
import { MlDsaChecks } from "../pki/mlDsaChecks";
import { evaluateTrustPolicy } from "../policy/evaluatePolicy";
import { recordSubject } from "../services/rolesAnywhere/subjects";
import type { EmulatorState } from "../state/EmulatorState";
import type { SessionRecord } from "../state/records";
import { parseChainHeader } from "./chainHeader";
import { issueSession } from "./issueSession";
import { checkRoleSessionName, parseCreateSessionInput } from "./parseInput";
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

/**
 * CreateSession, in the order of docs/service-behaviour.md §3.1: (1) the request signature,
 * (2) the input, (3) the named trust anchor, (4) the certification path to it and revocation,
 * (5) the profile, (6) the role in the profile, (7) `roleSessionName`, (8) the role, (9) session
 * tags, (10) the duration against the role's maximum, (11) the trust policy; then a session is
 * stored in `state.sessions` and returned.
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
export function createSession(request: ReceivedRequest, ctx: CreateSessionContext): SessionRecord {
  const { state, now } = ctx;
  const mlDsa = ctx.mlDsa ?? new MlDsaChecks();
  const { leaf } = verifyCreateSessionSignature(request, { region: state.region, now, clockSkewSeconds: ctx.clockSkewSeconds, mlDsa });
  const input = parseCreateSessionInput(request);

  const anchor = state.findTrustAnchor(input.trustAnchorArn);
  if (!anchor) throw accessDenied(MESSAGES.trustAnchorNotFound, `no trust anchor ${input.trustAnchorArn}`);
  const pool = parseChainHeader(request.headers["x-amz-x509-chain"]);
  if (!anchor.enabled) throw untrusted(`trust anchor ${anchor.id} is disabled`);
  const path = buildCertificationPath(leaf, pool, anchor.certificates, now, { mlDsa });
  const revoked = findRevoked(path, anchor.crls, mlDsa);
  if (revoked) throw untrusted(`certificate serial ${revoked.info.serialHex} is revoked by a CRL of trust anchor ${anchor.id}`);
  // An unanswered ML-DSA check counted as "not signed": a CRL it concerns might revoke the path.
  if (mlDsa.hasPending) throw untrusted("ML-DSA signatures of CRLs or certificates are not checked yet (they are checked asynchronously)");

  const profile = state.findProfile(input.profileArn);
  if (!profile) throw accessDenied(MESSAGES.invalidProfile, `no profile ${input.profileArn}`);
  if (!profile.enabled) throw accessDenied(MESSAGES.invalidProfile, `profile ${profile.id} is disabled`);
  if (!profile.roleArns.includes(input.roleArn)) {
    throw accessDenied(MESSAGES.roleNotInProfile, `profile ${profile.id} does not list ${input.roleArn}`);
  }
  if (input.roleSessionName !== undefined) {
    if (!profile.acceptRoleSessionName) {
      throw accessDenied(MESSAGES.roleSessionNameNotAllowed, `profile ${profile.id} has acceptRoleSessionName=false`);
    }
    checkRoleSessionName(input.roleSessionName);
  }
  const role = state.findRole(input.roleArn);
  if (!role) throw accessDenied(MESSAGES.unableToAssume(input.roleArn), `no IAM role ${input.roleArn}`);
  if (!role.arn.includes(`:iam::${state.accountId}:`)) {
    throw accessDenied(
      MESSAGES.unableToAssume(role.arn),
      `role ${role.name} is in another account than the profile (${state.accountId}); reach it by role chaining`,
    );
  }

  const mapped = mapCertificateToTags(leaf.info, profile.attributeMappings);
  const { issuer, subject, san } = mapped.failures;
  if (issuer.length + subject.length + san.length > 0) {
    throw accessDenied(`${MESSAGES.unableToAssume(role.arn)} ${describeTagFailures(mapped.failures)}`, "invalid tag values");
  }
  const durationSeconds = Math.min(profile.durationSeconds, input.durationSeconds ?? profile.durationSeconds);
  if (durationSeconds > role.maxSessionDuration) {
    throw accessDenied(
      MESSAGES.durationTooLong(role.arn),
      `duration ${durationSeconds} s > MaxSessionDuration ${role.maxSessionDuration} s`,
    );
  }
  const roleSessionName = input.roleSessionName ?? defaultRoleSessionName(leaf.info);
  const sourceIdentity = sourceIdentityOf(leaf.info);
  const context = createTrustContext({
    tags: mapped.tags,
    trustAnchorArn: anchor.arn,
    accountId: state.accountId,
    sourceIdentity,
    roleSessionName,
    now,
  });
  const decision = evaluateTrustPolicy(role.trustPolicy, context);
  if (!decision.allowed) {
    const detail = decision.denied.map((d) => `${d.action}: ${d.decision}`).join(", ");
    throw accessDenied(
      MESSAGES.unableToAssume(role.arn),
      `trust policy of ${role.name} does not allow "${formatName(leaf.info.subject)}" (${detail})`,
    );
  }
  const session = issueSession({
    location: state.location,
    anchor,
    profile,
    role,
    leaf,
    roleSessionName,
    sourceIdentity,
    tags: mapped.tags,
    durationSeconds,
    now,
  });
  state.addSession(session, now);
  recordSubject(state, leaf, now);
  return session;
}
