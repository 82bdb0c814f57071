import { packedPolicySizeOf } from "../createSession/issueSession";
import type { ReceivedRequest } from "../http/receivedRequest";
import type { HttpResponse } from "../http/response";
import type { EmulatorState } from "../state/EmulatorState";
import { assumeRole } from "./assumeRole";
import { parseAssumeRoleInput } from "./assumeRoleInput";
import { queryProtocolParams } from "./queryParams";
import { STS_ERRORS } from "./stsError";
import { verifyHmacSignature, type HmacCheckOptions } from "./verifyHmacSignature";
import { assumeRoleXml, getCallerIdentityXml } from "./xml";

/** What the STS endpoint needs besides the request. @internal */
export interface StsOptions extends HmacCheckOptions {
  /** Where AssumeRole finds roles and stores the sessions it issues. */
  readonly state: EmulatorState;
}

/**
 * The fake STS endpoint (query protocol). Every request is verified first: its SigV4 HMAC
 * signature must be made with session credentials the emulator issued. Then:
 * - `GetCallerIdentity` answers with the session's `UserId` (`AROA…:<session>`), `Account` and
 *   assumed-role `Arn`;
 * - `AssumeRole` assumes another role with the session's credentials (role chaining, see
 *   {@link assumeRole}) and answers with the new session's credentials;
 * - other actions are `InvalidAction`.
 * @throws StsError
 * @internal
 */
export function handleSts(request: ReceivedRequest, options: StsOptions): HttpResponse {
  const params = queryProtocolParams(request);
  const action = params.get("Action");
  if (action === null) throw STS_ERRORS.missingAction();
  const session = verifyHmacSignature(request, options);
  if (action === "GetCallerIdentity") {
    return getCallerIdentityXml({
      userId: `${session.roleId}:${session.roleSessionName}`,
      account: session.accountId,
      arn: session.assumedRoleArn,
    });
  }
  if (action === "AssumeRole") {
    const input = parseAssumeRoleInput(params);
    const issued = assumeRole(session, input, { state: options.state, now: options.now });
    return assumeRoleXml({
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      expiration: issued.expiration,
      assumedRoleArn: issued.assumedRoleArn,
      assumedRoleId: `${issued.roleId}:${issued.roleSessionName}`,
      sourceIdentity: issued.sourceIdentity,
      ...(input.tags.length > 0 ? { packedPolicySize: packedPolicySizeOf(issued.tags) } : {}),
    });
  }
  throw STS_ERRORS.invalidAction(action);
}
