import { timingSafeEqual } from "node:crypto";
import { createCanonicalRequest, createStringToSign, formatAmzDate } from "../../signing";
import type { ReceivedRequest } from "../http/receivedRequest";
import { parseAmzDate } from "../sigv4/amzDate";
import { canonicalPathOf } from "../sigv4/canonicalPath";
import { payloadHashOf } from "../sigv4/payloadHash";
import type { SessionRecord } from "../state/records";
import { deriveSigningKey, hmacSignatureHex } from "./hmacSignature";
import { parseHmacRequest } from "./parseHmacRequest";
import { STS_ERRORS } from "./stsError";

/** What STS verification needs besides the request. @internal */
export interface HmacCheckOptions {
  readonly now: Date;
  /** Allowed |X-Amz-Date − now| in seconds (STS: 900). */
  readonly clockSkewSeconds: number;
  /** Finds an issued session by access key id. */
  readonly findSession: (accessKeyId: string) => SessionRecord | undefined;
}

const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Verifies a SigV4 (HMAC) request signed with credentials the emulator issued, as STS does:
 * the access key must be a live session (else `InvalidClientTokenId`), its session token must
 * be sent — signed or added after signing, both are accepted — and match (else
 * `InvalidClientTokenId`), the session must not have expired (`ExpiredToken`), the request
 * time must be within the window (`SignatureDoesNotMatch` "Signature expired: …"), and the
 * signature over the rebuilt canonical request must match (`SignatureDoesNotMatch`).
 * @returns the session the request was signed with.
 * @internal
 */
export function verifyHmacSignature(request: ReceivedRequest, options: HmacCheckOptions): SessionRecord {
  const signed = parseHmacRequest(request);
  const session = options.findSession(signed.accessKeyId);
  if (!session) throw STS_ERRORS.invalidToken(`unknown access key ${signed.accessKeyId}`);
  if (signed.securityToken === undefined || signed.securityToken !== session.sessionToken) {
    throw STS_ERRORS.invalidToken("missing or wrong X-Amz-Security-Token");
  }
  if (options.now.getTime() >= session.expiration.getTime()) {
    throw STS_ERRORS.expiredToken(`session expired at ${session.expiration.toISOString()}`);
  }
  const date = parseAmzDate(signed.amzDate);
  if (!date || signed.scopeDate !== signed.amzDate.slice(0, 8)) {
    throw STS_ERRORS.incompleteSignature("X-Amz-Date is malformed or does not match the credential scope date");
  }
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
