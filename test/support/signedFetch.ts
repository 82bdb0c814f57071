// Test-only SigV4 (HMAC) requests to the emulator's control plane, for what the SDK clients
// cannot send: operations newer than the installed client, stale dates, wrong scopes, raw bodies.
import { createHmac } from "node:crypto";
import { canonicalQueryFromSearch } from "../../src/signature/canonicalQuery";
import { createCanonicalRequest } from "../../src/signature/canonicalRequest";
import { sha256Hex } from "../../src/signature/hash";
import { formatAmzDate } from "../../src/signature/scope";
import { createStringToSign } from "../../src/signature/stringToSign";
import { uriEncode } from "../../src/signature/uriEncode";

export interface SignedCall {
  url: string;
  method?: string;
  /** Path and query, e.g. `/profiles/<id>/mappings?certificateField=x509SAN`. */
  path: string;
  body?: string;
  headers?: Record<string, string>;
  service: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  date?: Date;
  region?: string;
}

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();

/** Signs and sends one request; returns status, headers and text. */
export async function signedFetch(call: SignedCall): Promise<{ status: number; text: string; headers: Headers }> {
  const url = new URL(call.path, call.url);
  const method = call.method ?? "POST";
  const body = call.body ?? "";
  const amzDate = formatAmzDate(call.date ?? new Date());
  const region = call.region ?? "us-east-1";
  const headers: Record<string, string> = { host: url.host, "x-amz-date": amzDate, ...(call.headers ?? {}) };
  if (call.sessionToken !== undefined) headers["x-amz-security-token"] = call.sessionToken;
  const signedHeaders = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalRequest = createCanonicalRequest({
    method,
    // SigV4 (all services but S3): each segment of the sent (encoded) path is encoded again.
    path: url.pathname.split("/").map(uriEncode).join("/"),
    canonicalQuery: canonicalQueryFromSearch(url.search.slice(1)),
    headers: lower,
    signedHeaders,
    payloadHash: sha256Hex(body),
  });
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/${call.service}/aws4_request`;
  const stringToSign = createStringToSign("AWS4-HMAC-SHA256", amzDate, scope, canonicalRequest);
  const key = hmac(hmac(hmac(hmac(`AWS4${call.secretAccessKey}`, day), region), call.service), "aws4_request");
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  const { host: _host, ...send } = lower;
  send["authorization"] =
    `AWS4-HMAC-SHA256 Credential=${call.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`;
  const response = await fetch(url, { method, headers: send, ...(method === "GET" || method === "HEAD" ? {} : { body }) });
  return { status: response.status, text: await response.text(), headers: response.headers };
}
