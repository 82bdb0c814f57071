import { AMZ_DATE_HEADER, X509_CHAIN_HEADER, X509_HEADER } from "../signing/constants";
import { getCanonicalQuery } from "../signing/canonicalQuery";
import { createCanonicalRequest } from "../signing/canonicalRequest";
import { sha256Hex } from "../signing/hash";
import { createScope, formatAmzDate } from "../signing/scope";
import { createStringToSign } from "../signing/stringToSign";
import { formatAuthorization } from "../signing/authorization";
import { toBase64 } from "../x509/base64";
import type { SigningIdentity } from "../x509/identity";

/**
 * What a CreateSession request is about.
 *
 * @public
 */
export interface CreateSessionParams {
  /** Base URL of the service, e.g. `https://rolesanywhere.us-east-1.amazonaws.com`. */
  readonly endpoint: string;
  readonly region: string;
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  readonly durationSeconds: number;
  readonly roleSessionName?: string;
}

/**
 * A signed CreateSession request, plus the intermediate strings for debugging
 * (neither contains secrets: they hold public certificates and hashes).
 *
 * @public
 */
export interface SignedCreateSessionRequest {
  readonly method: "POST";
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

const sessionsUrl = (endpoint: string): URL => {
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/sessions`;
  url.search = "";
  url.hash = "";
  return url;
};

/**
 * Builds and signs a CreateSession request the way the official helper does: ARNs
 * in the query string, `{"durationSeconds":N[,"roleSessionName":…]}` as the body,
 * and `content-type;host;x-amz-date;x-amz-x509[;x-amz-x509-chain]` signed.
 *
 * @public
 */
export const signCreateSessionRequest = async (
  params: CreateSessionParams,
  identity: SigningIdentity,
  date: Date,
): Promise<SignedCreateSessionRequest> => {
  const url = sessionsUrl(params.endpoint);
  const canonicalQuery = getCanonicalQuery([
    ["profileArn", params.profileArn],
    ["roleArn", params.roleArn],
    ["trustAnchorArn", params.trustAnchorArn],
  ]);
  const body = JSON.stringify(
    params.roleSessionName === undefined
      ? { durationSeconds: params.durationSeconds }
      : { durationSeconds: params.durationSeconds, roleSessionName: params.roleSessionName },
  );
  const amzDate = formatAmzDate(date);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    host: url.host,
    [AMZ_DATE_HEADER]: amzDate,
    [X509_HEADER]: toBase64(identity.certificate.der),
  };
  if (identity.chain.length > 0) headers[X509_CHAIN_HEADER] = identity.chain.map(toBase64).join(",");
  const signedHeaders = Object.keys(headers);
  const canonicalRequest = createCanonicalRequest({
    method: "POST",
    path: url.pathname,
    canonicalQuery,
    headers,
    signedHeaders,
    payloadHash: sha256Hex(body),
  });
  const scope = createScope(amzDate, params.region);
  const { algorithm } = identity.signer;
  const stringToSign = createStringToSign(algorithm, amzDate, scope, canonicalRequest);
  const signature = await identity.signer.sign(new TextEncoder().encode(stringToSign));
  let signatureHex = "";
  for (const byte of signature) signatureHex += byte.toString(16).padStart(2, "0");
  headers.authorization = formatAuthorization({
    algorithm,
    serialDecimal: identity.certificate.serialDecimal,
    scope,
    signedHeaders,
    signatureHex,
  });
  return { method: "POST", url: `${url.origin}${url.pathname}?${canonicalQuery}`, headers, body, canonicalRequest, stringToSign };
};
