import { canonicalQueryFromSearch } from "../../signature/canonicalQuery";
import type { ReceivedRequest } from "../http/receivedRequest";
import { STS_ERRORS } from "./stsError";

/** The SigV4 (HMAC) fields of a request, from its Authorization header or presigned query. @internal */
export interface HmacSignedRequest {
  readonly accessKeyId: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signatureHex: string;
  readonly amzDate: string;
  readonly securityToken?: string;
  readonly canonicalQuery: string;
  /** True for a presigned URL (`X-Amz-Signature` in the query). */
  readonly presigned: boolean;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]{64})$/;
const CREDENTIAL = /^([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request$/;

const rawQueryWithout = (search: string, name: string): string =>
  search
    .split("&")
    .filter((part) => {
      const key = part.split("=")[0] ?? "";
      try {
        return decodeURIComponent(key) !== name;
      } catch {
        return true;
      }
    })
    .join("&");

/**
 * Reads the SigV4 HMAC signature fields from `Authorization: AWS4-HMAC-SHA256 …` or, failing
 * that, a presigned query (`X-Amz-Algorithm`, `X-Amz-Credential`, …).
 * @throws StsError MissingAuthenticationToken / IncompleteSignature.
 * @internal
 */
export function parseHmacRequest(request: ReceivedRequest): HmacSignedRequest {
  const header = request.headers["authorization"];
  if (header !== undefined) {
    const m = AUTHORIZATION.exec(header.trim());
    if (!m) throw STS_ERRORS.incompleteSignature("Authorization is not AWS4-HMAC-SHA256 shaped");
    const amzDate = request.headers["x-amz-date"]?.trim();
    if (!amzDate) throw STS_ERRORS.incompleteSignature("no X-Amz-Date header");
    const token = request.headers["x-amz-security-token"];
    return {
      accessKeyId: m[1]!,
      scopeDate: m[2]!,
      region: m[3]!,
      service: m[4]!,
      signedHeaders: m[5]!.split(";"),
      signatureHex: m[6]!,
      amzDate,
      ...(token === undefined ? {} : { securityToken: token.trim() }),
      canonicalQuery: canonicalQueryFromSearch(request.search),
      presigned: false,
    };
  }
  const query = new URLSearchParams(request.search);
  const signature = query.get("X-Amz-Signature");
  if (signature === null) throw STS_ERRORS.missingToken();
  const credential = CREDENTIAL.exec(query.get("X-Amz-Credential") ?? "");
  const amzDate = query.get("X-Amz-Date");
  const signedHeaders = query.get("X-Amz-SignedHeaders");
  if (
    query.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256" ||
    !credential ||
    !amzDate ||
    !signedHeaders ||
    !/^[0-9a-f]{64}$/.test(signature)
  ) {
    throw STS_ERRORS.incompleteSignature("the presigned query is incomplete");
  }
  const token = query.get("X-Amz-Security-Token");
  return {
    accessKeyId: credential[1]!,
    scopeDate: credential[2]!,
    region: credential[3]!,
    service: credential[4]!,
    signedHeaders: signedHeaders.split(";"),
    signatureHex: signature,
    amzDate,
    ...(token === null ? {} : { securityToken: token }),
    canonicalQuery: canonicalQueryFromSearch(rawQueryWithout(request.search, "X-Amz-Signature")),
    presigned: true,
  };
}
