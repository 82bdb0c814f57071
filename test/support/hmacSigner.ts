// Test-only SigV4 (HMAC) signer for STS requests against the emulator.
import { createHmac } from "node:crypto";
import { createCanonicalRequest, createStringToSign, formatAmzDate, getCanonicalQuery, sha256Hex } from "../../src/signing";

export interface StsCall {
  url: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Sign the token header (default true); false adds it after signing. */
  signToken?: boolean;
  date?: Date;
  region?: string;
  action?: string;
  /** Credential scope service (default "sts"); the request is signed consistently with it. */
  service?: string;
  /** Credential scope date (default: X-Amz-Date's date); the request is signed consistently with it. */
  scopeDate?: string;
}

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();

export async function callSts(call: StsCall): Promise<{ status: number; text: string }> {
  const url = new URL(`${call.url}/`);
  const body = `Action=${call.action ?? "GetCallerIdentity"}&Version=2011-06-15`;
  const amzDate = formatAmzDate(call.date ?? new Date());
  const region = call.region ?? "us-east-1";
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded; charset=utf-8",
    host: url.host,
    "x-amz-date": amzDate,
  };
  const signToken = call.signToken ?? true;
  if (call.sessionToken !== undefined && signToken) headers["x-amz-security-token"] = call.sessionToken;
  const signedHeaders = Object.keys(headers);
  const canonicalRequest = createCanonicalRequest({
    method: "POST",
    path: "/",
    canonicalQuery: "",
    headers,
    signedHeaders,
    payloadHash: sha256Hex(body),
  });
  const day = call.scopeDate ?? amzDate.slice(0, 8);
  const service = call.service ?? "sts";
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = createStringToSign("AWS4-HMAC-SHA256", amzDate, scope, canonicalRequest);
  const key = hmac(hmac(hmac(hmac(`AWS4${call.secretAccessKey}`, day), region), service), "aws4_request");
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  headers["authorization"] =
    `AWS4-HMAC-SHA256 Credential=${call.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`;
  if (call.sessionToken !== undefined && !signToken) headers["x-amz-security-token"] = call.sessionToken;
  const { host: _host, ...sendHeaders } = headers;
  const response = await fetch(url, { method: "POST", headers: sendHeaders, body });
  return { status: response.status, text: await response.text() };
}

/** A presigned GET URL for STS (`X-Amz-Signature` in the query), as SigV4 query signing makes it. */
export function presignStsUrl(call: StsCall & { expires?: number }): string {
  const url = new URL(`${call.url}/`);
  const amzDate = formatAmzDate(call.date ?? new Date());
  const region = call.region ?? "us-east-1";
  const day = call.scopeDate ?? amzDate.slice(0, 8);
  const service = call.service ?? "sts";
  const scope = `${day}/${region}/${service}/aws4_request`;
  const params: [string, string][] = [
    ["Action", call.action ?? "GetCallerIdentity"],
    ["Version", "2011-06-15"],
    ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
    ["X-Amz-Credential", `${call.accessKeyId}/${scope}`],
    ["X-Amz-Date", amzDate],
    ["X-Amz-Expires", String(call.expires ?? 60)],
    ["X-Amz-SignedHeaders", "host"],
    ...(call.sessionToken === undefined ? [] : ([["X-Amz-Security-Token", call.sessionToken]] as [string, string][])),
  ];
  const canonicalQuery = getCanonicalQuery(params);
  const canonicalRequest = createCanonicalRequest({
    method: "GET",
    path: "/",
    canonicalQuery,
    headers: { host: url.host },
    signedHeaders: ["host"],
    payloadHash: sha256Hex(""),
  });
  const stringToSign = createStringToSign("AWS4-HMAC-SHA256", amzDate, scope, canonicalRequest);
  const key = hmac(hmac(hmac(hmac(`AWS4${call.secretAccessKey}`, day), region), service), "aws4_request");
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  return `${url.origin}/?${canonicalQuery}&X-Amz-Signature=${signature}`;
}
