import { AMZ_DATE_HEADER, X509_CHAIN_HEADER, X509_HEADER } from "../protocol/constants";
import { getCanonicalQuery } from "../signature/canonicalQuery";
import { createCanonicalRequest } from "../signature/canonicalRequest";
import { sha256Hex } from "../signature/hash";
import { createScope, formatAmzDate } from "../signature/scope";
import { createStringToSign } from "../signature/stringToSign";
import { formatAuthorization } from "../signature/authorization";
import { toBase64 } from "../encoding/base64";
import type { SigningIdentity } from "../identity/identity";

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

/** The parts of a request that depend only on its parameters: computed once per params object. */
interface ParamsParts {
  readonly source: CreateSessionParams;
  readonly path: string;
  readonly host: string;
  readonly url: string;
  readonly canonicalQuery: string;
  readonly body: string;
  readonly payloadHash: string;
}

/** The parts that depend only on the identity: its certificate headers. */
interface IdentityParts {
  readonly x509: string;
  readonly chain?: string;
}

const paramsCache = new WeakMap<CreateSessionParams, ParamsParts>();
const identityCache = new WeakMap<SigningIdentity, IdentityParts>();

const sameParams = (a: CreateSessionParams, b: CreateSessionParams): boolean =>
  a.endpoint === b.endpoint &&
  a.trustAnchorArn === b.trustAnchorArn &&
  a.profileArn === b.profileArn &&
  a.roleArn === b.roleArn &&
  a.durationSeconds === b.durationSeconds &&
  a.roleSessionName === b.roleSessionName;

const paramsParts = (params: CreateSessionParams): ParamsParts => {
  const cached = paramsCache.get(params);
  // The copy in `source` guards against a caller who mutates the params object between calls.
  if (cached && sameParams(cached.source, params)) return cached;
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
  const parts: ParamsParts = {
    source: { ...params },
    path: url.pathname,
    host: url.host,
    url: `${url.origin}${url.pathname}?${canonicalQuery}`,
    canonicalQuery,
    body,
    payloadHash: sha256Hex(body),
  };
  paramsCache.set(params, parts);
  return parts;
};

const identityParts = (identity: SigningIdentity): IdentityParts => {
  let parts = identityCache.get(identity);
  if (!parts) {
    parts = {
      x509: toBase64(identity.certificate.der),
      ...(identity.chain.length > 0 ? { chain: identity.chain.map(toBase64).join(",") } : {}),
    };
    identityCache.set(identity, parts);
  }
  return parts;
};

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

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
  const { path, host, url, canonicalQuery, body, payloadHash } = paramsParts(params);
  const certificates = identityParts(identity);
  const amzDate = formatAmzDate(date);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    host,
    [AMZ_DATE_HEADER]: amzDate,
    [X509_HEADER]: certificates.x509,
  };
  if (certificates.chain !== undefined) headers[X509_CHAIN_HEADER] = certificates.chain;
  const signedHeaders = Object.keys(headers);
  const canonicalRequest = createCanonicalRequest({ method: "POST", path, canonicalQuery, headers, signedHeaders, payloadHash });
  const scope = createScope(amzDate, params.region);
  const { algorithm } = identity.signer;
  const stringToSign = createStringToSign(algorithm, amzDate, scope, canonicalRequest);
  const signature = await identity.signer.sign(new TextEncoder().encode(stringToSign));
  let signatureHex = "";
  for (const byte of signature) signatureHex += HEX[byte]!;
  headers.authorization = formatAuthorization({
    algorithm,
    serialDecimal: identity.certificate.serialDecimal,
    scope,
    signedHeaders,
    signatureHex,
  });
  return { method: "POST", url, headers, body, canonicalRequest, stringToSign };
};
