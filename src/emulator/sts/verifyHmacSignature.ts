import { timingSafeEqual } from "node:crypto";
import { createCanonicalRequest } from "../../signature/canonicalRequest";
import { createStringToSign } from "../../signature/stringToSign";
import { formatAmzDate } from "../../signature/scope";
import type { ReceivedRequest } from "../http/receivedRequest";
import { parseAmzDate } from "../sigv4/amzDate";
import { canonicalPathOf } from "../sigv4/canonicalPath";
import { payloadHashOf } from "../sigv4/payloadHash";
import type { SessionRecord } from "../state/records";
import { deriveSigningKey, hmacSignatureHex } from "./hmacSignature";
import { parseHmacRequest, type HmacSignedRequest } from "./parseHmacRequest";
import { STS_ERRORS } from "./stsError";

/**
 * Credentials a request may be signed with: an issued session (with its token and expiry) or
 * long-term keys such as the emulator's admin credentials (no token, no expiry).
 * @internal
 */
export interface HmacCredentials {
  readonly secretAccessKey: string;
  /** Required on the request when set; a request carrying a token for keys without one is refused. */
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** What SigV4 (HMAC) verification needs besides the request. @internal */
export interface HmacCheckOptions<C extends HmacCredentials = SessionRecord> {
  readonly now: Date;
  /** Allowed |X-Amz-Date − now| in seconds (STS: 900). */
  readonly clockSkewSeconds: number;
  /** Finds the credentials of an access key id (STS: an issued session). */
  readonly findSession: (accessKeyId: string) => C | undefined;
  /** The credential scope's service the endpoint answers for (default `sts`). */
  readonly service?: string;
}

const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A region name such as `us-east-1`, `us-gov-west-1`, `cn-north-1`. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Checks the credential scope `<date>/<region>/<service>/aws4_request` against the request, in
 * this order, with STS's wording (all observed from AWS; the service doc,
 * docs/service-behaviour.md §6, only says the scope date must equal X-Amz-Date's date):
 * - `X-Amz-Date` that is not `YYYYMMDDTHHMMSSZ` → 400 `IncompleteSignature` (the request is not a
 *   well-formed SigV4 request);
 * - scope date ≠ the date of `X-Amz-Date` → 403 `SignatureDoesNotMatch` "Date in Credential scope
 *   does not match YYYYMMDD from ISO-8601 version of date from HTTP: …". A choice: a well-formed
 *   request whose signature cannot verify is a signature mismatch (§6 lists SignatureDoesNotMatch
 *   as 403 and IncompleteSignature as 400 for malformed signatures), and AWS answers it that way;
 * - service ≠ `sts` → 403 `SignatureDoesNotMatch` "Credential should be scoped to correct service: 'sts'. ";
 * - a region that is not a region name → 403 `SignatureDoesNotMatch` "Credential should be scoped
 *   to a valid region. ". Any well-formed region is accepted: the emulator's one listener stands
 *   for the global and every regional STS endpoint.
 * These run before the access key is looked up (a choice: they depend on the request alone).
 * @internal
 */
export function checkCredentialScope(
  signed: Pick<HmacSignedRequest, "amzDate" | "scopeDate" | "service" | "region">,
  service = "sts",
): void {
  if (!parseAmzDate(signed.amzDate)) throw STS_ERRORS.incompleteSignature(`X-Amz-Date "${signed.amzDate}" is not YYYYMMDDTHHMMSSZ`);
  const day = signed.amzDate.slice(0, 8);
  if (signed.scopeDate !== day) {
    throw STS_ERRORS.scopeMismatch(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${signed.scopeDate}' != '${day}', from '${signed.amzDate}'.`,
      "credential scope date is not the X-Amz-Date date",
    );
  }
  if (signed.service !== service) {
    throw STS_ERRORS.scopeMismatch(
      `Credential should be scoped to correct service: '${service}'. `,
      `credential scope service is "${signed.service}"`,
    );
  }
  if (!REGION.test(signed.region)) {
    throw STS_ERRORS.scopeMismatch(
      "Credential should be scoped to a valid region. ",
      `credential scope region "${signed.region}" is not a region name`,
    );
  }
}

/**
 * Verifies a SigV4 (HMAC) request signed with credentials the emulator issued (or its admin
 * credentials, for the control plane), as STS does:
 * the credential scope must be right ({@link checkCredentialScope}), the access key must be a live session (else `InvalidClientTokenId`), its session token must
 * be sent — signed or added after signing, both are accepted — and match (else
 * `InvalidClientTokenId`), the session must not have expired (`ExpiredToken`), the request
 * time must be within the window (`SignatureDoesNotMatch` "Signature expired: …"), and the
 * signature over the rebuilt canonical request must match (`SignatureDoesNotMatch`).
 * @returns the session the request was signed with.
 * @internal
 */
export function verifyHmacSignature<C extends HmacCredentials = SessionRecord>(request: ReceivedRequest, options: HmacCheckOptions<C>): C {
  const signed = parseHmacRequest(request);
  checkCredentialScope(signed, options.service);
  const session = options.findSession(signed.accessKeyId);
  if (!session) throw STS_ERRORS.invalidToken(`unknown access key ${signed.accessKeyId}`);
  if (signed.securityToken !== session.sessionToken) {
    throw STS_ERRORS.invalidToken(
      session.sessionToken === undefined ? "X-Amz-Security-Token sent with long-term keys" : "missing or wrong X-Amz-Security-Token",
    );
  }
  if (session.expiration !== undefined && options.now.getTime() >= session.expiration.getTime()) {
    throw STS_ERRORS.expiredToken(`session expired at ${session.expiration.toISOString()}`);
  }
  const date = parseAmzDate(signed.amzDate)!; // checked by checkCredentialScope
  // Presigned URLs get the same window: STS ignores X-Amz-Expires and applies its 15 minutes
  // (aws/aws-sdk-go#2167), so X-Amz-Expires is deliberately not enforced here.
  const skewMs = options.clockSkewSeconds * 1000;
  const minutes = Math.round(options.clockSkewSeconds / 60);
  if (date.getTime() < options.now.getTime() - skewMs) {
    throw STS_ERRORS.signatureTime(
      `Signature expired: ${signed.amzDate} is now earlier than ${formatAmzDate(new Date(options.now.getTime() - skewMs))} (${formatAmzDate(options.now)} - ${minutes} min.)`,
    );
  }
  if (date.getTime() > options.now.getTime() + skewMs) {
    throw STS_ERRORS.signatureTime(
      `Signature not yet current: ${signed.amzDate} is still later than ${formatAmzDate(new Date(options.now.getTime() + skewMs))} (${formatAmzDate(options.now)} + ${minutes} min.)`,
    );
  }
  if (!signed.signedHeaders.includes("host")) throw STS_ERRORS.incompleteSignature("host is not signed");
  if (!signed.presigned && !signed.signedHeaders.includes("x-amz-date")) {
    throw STS_ERRORS.incompleteSignature("x-amz-date is not signed");
  }
  const payloadHash = payloadHashOf(request);
  if (payloadHash === undefined) throw STS_ERRORS.signatureMismatch("X-Amz-Content-Sha256 does not match the body");
  const canonicalRequest = createCanonicalRequest({
    method: request.method,
    path: canonicalPathOf(request.path),
    canonicalQuery: signed.canonicalQuery,
    headers: request.headers,
    signedHeaders: signed.signedHeaders,
    payloadHash,
  });
  const scope = `${signed.scopeDate}/${signed.region}/${signed.service}/aws4_request`;
  const stringToSign = createStringToSign("AWS4-HMAC-SHA256", signed.amzDate, scope, canonicalRequest);
  const key = deriveSigningKey(session.secretAccessKey, signed.scopeDate, signed.region, signed.service);
  if (!sameHex(hmacSignatureHex(key, stringToSign), signed.signatureHex)) {
    throw STS_ERRORS.signatureMismatch("the HMAC signature does not match");
  }
  return session;
}
