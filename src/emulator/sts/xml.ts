import { newRequestId } from "../ids";
import type { HttpResponse } from "../http/response";
import type { StsError } from "./stsError";

/** The STS XML namespace. @internal */
export const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

/** Escapes text for an XML element. @internal */
export const escapeXml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/** A `text/xml` response with its request id. @internal */
export const xmlResponse = (status: number, requestId: string, body: string): HttpResponse => ({
  status,
  headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
  body,
});

/** `GetCallerIdentityResponse` XML (200). @internal */
export function getCallerIdentityXml(identity: { userId: string; account: string; arn: string }): HttpResponse {
  const requestId = newRequestId();
  return xmlResponse(
    200,
    requestId,
    `<GetCallerIdentityResponse xmlns="${STS_NAMESPACE}">\n` +
      `  <GetCallerIdentityResult>\n` +
      `    <Arn>${escapeXml(identity.arn)}</Arn>\n` +
      `    <UserId>${escapeXml(identity.userId)}</UserId>\n` +
      `    <Account>${escapeXml(identity.account)}</Account>\n` +
      `  </GetCallerIdentityResult>\n` +
      `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
      `</GetCallerIdentityResponse>\n`,
  );
}

/** What an `AssumeRoleResponse` shows. @internal */
export interface AssumeRoleResult {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly assumedRoleArn: string;
  /** `<role id>:<session name>`. */
  readonly assumedRoleId: string;
  /** Omitted when empty. */
  readonly sourceIdentity: string;
  /** Shown only when the request passed session tags (as STS does for tags and session policies). */
  readonly packedPolicySize?: number;
}

/**
 * `AssumeRoleResponse` XML (200), shaped as STS answers it: `SourceIdentity` (when set),
 * `AssumedRoleUser` (`AssumedRoleId`, `Arn`), `Credentials` (`Expiration` in whole-second
 * ISO-8601 UTC), `PackedPolicySize` (when tags were passed).
 * @internal
 */
export function assumeRoleXml(result: AssumeRoleResult): HttpResponse {
  const requestId = newRequestId();
  const expiration = result.expiration.toISOString().replace(/\.\d{3}Z$/, "Z");
  return xmlResponse(
    200,
    requestId,
    `<AssumeRoleResponse xmlns="${STS_NAMESPACE}">\n` +
      `  <AssumeRoleResult>\n` +
      (result.sourceIdentity === "" ? "" : `    <SourceIdentity>${escapeXml(result.sourceIdentity)}</SourceIdentity>\n`) +
      `    <AssumedRoleUser>\n` +
      `      <AssumedRoleId>${escapeXml(result.assumedRoleId)}</AssumedRoleId>\n` +
      `      <Arn>${escapeXml(result.assumedRoleArn)}</Arn>\n` +
      `    </AssumedRoleUser>\n` +
      `    <Credentials>\n` +
      `      <AccessKeyId>${escapeXml(result.accessKeyId)}</AccessKeyId>\n` +
      `      <SecretAccessKey>${escapeXml(result.secretAccessKey)}</SecretAccessKey>\n` +
      `      <SessionToken>${escapeXml(result.sessionToken)}</SessionToken>\n` +
      `      <Expiration>${expiration}</Expiration>\n` +
      `    </Credentials>\n` +
      (result.packedPolicySize === undefined ? "" : `    <PackedPolicySize>${result.packedPolicySize}</PackedPolicySize>\n`) +
      `  </AssumeRoleResult>\n` +
      `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
      `</AssumeRoleResponse>\n`,
  );
}

/** `ErrorResponse` XML with the error's status (STS's namespace unless another query service's is given). @internal */
export function stsErrorXml(error: Pick<StsError, "status" | "code" | "message">, namespace = STS_NAMESPACE): HttpResponse {
  const requestId = newRequestId();
  const type = error.status >= 500 ? "Receiver" : "Sender";
  return xmlResponse(
    error.status,
    requestId,
    `<ErrorResponse xmlns="${namespace}">\n` +
      `  <Error>\n    <Type>${type}</Type>\n    <Code>${escapeXml(error.code)}</Code>\n    <Message>${escapeXml(error.message)}</Message>\n  </Error>\n` +
      `  <RequestId>${requestId}</RequestId>\n` +
      `</ErrorResponse>\n`,
  );
}
