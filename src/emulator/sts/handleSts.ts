import type { ReceivedRequest } from "../http/receivedRequest";
import type { HttpResponse } from "../http/response";
import { queryProtocolParams } from "./queryParams";
import { STS_ERRORS } from "./stsError";
import { verifyHmacSignature, type HmacCheckOptions } from "./verifyHmacSignature";
import { getCallerIdentityXml } from "./xml";

/**
 * The fake STS endpoint (query protocol): verifies the request's SigV4 HMAC signature with the
 * issued session credentials, then answers `GetCallerIdentity` with the role session's
 * `UserId` (`AROA…:<session>`), `Account` and assumed-role `Arn`. Other actions are
 * `InvalidAction`.
 * @throws StsError
 * @internal
 */
export function handleSts(request: ReceivedRequest, options: HmacCheckOptions): HttpResponse {
  const params = queryProtocolParams(request);
  const action = params.get("Action");
  if (action === null) throw STS_ERRORS.missingAction();
  const session = verifyHmacSignature(request, options);
  if (action !== "GetCallerIdentity") throw STS_ERRORS.invalidAction(action);
  return getCallerIdentityXml({
    userId: `${session.roleId}:${session.roleSessionName}`,
    account: session.accountId,
    arn: session.assumedRoleArn,
  });
}
