// Test-only SigV4-X509 client for the emulator: builds, signs and sends a CreateSession request with
// node:crypto and the package's pure signing functions, with knobs to break it on purpose.
import { sign } from "node:crypto";
import { request as httpRequest } from "node:http";
import {
  ALGORITHM_ECDSA,
  ALGORITHM_RSA,
  createCanonicalRequest,
  createScope,
  createStringToSign,
  formatAmzDate,
  formatAuthorization,
  getCanonicalQuery,
  sha256Hex,
} from "../../src/signing";
import type { TestCert } from "./pki";

export interface CreateSessionCall {
  url: string;
  leaf: TestCert;
  chain?: TestCert[];
  trustAnchorArn: string;
  profileArn: string;
  roleArn: string;
  /** ARNs in the query string (official helper) or in the JSON body (docs, other clients). Default "query". */
  placement?: "query" | "body";
  durationSeconds?: number;
  roleSessionName?: string;
  /** Signing time (default now). */
  date?: Date;
  region?: string;
  /** Flip one hex digit of the signature. */
  tamperSignature?: boolean;
  /** Override the body after signing. */
  bodyAfterSigning?: string;
  /** Raw chain header value (overrides `chain`). */
  chainHeader?: string;
  /** Send the body with Transfer-Encoding: chunked in two pieces (as aws_signing_helper 1.4.0 does). */
  chunked?: boolean;
  /** Extra unsigned headers. */
  extraHeaders?: Record<string, string>;
}

export interface CallResult {
  status: number;
  errorType: string | null;
  body: Record<string, unknown>;
}

const der64 = (c: TestCert) => Buffer.from(c.certificateDer).toString("base64");

export async function callCreateSession(call: CreateSessionCall): Promise<CallResult> {
  const url = new URL(`${call.url}/sessions`);
  const arns = { profileArn: call.profileArn, roleArn: call.roleArn, trustAnchorArn: call.trustAnchorArn };
  const placement = call.placement ?? "query";
  const bodyObject: Record<string, unknown> = {
    ...(placement === "body" ? arns : {}),
    ...(call.durationSeconds === undefined ? {} : { durationSeconds: call.durationSeconds }),
    ...(call.roleSessionName === undefined ? {} : { roleSessionName: call.roleSessionName }),
  };
  const body = JSON.stringify(bodyObject);
  const canonicalQuery = placement === "query" ? getCanonicalQuery(Object.entries(arns)) : "";
  const amzDate = formatAmzDate(call.date ?? new Date());
  const headers: Record<string, string> = {
    "content-type": "application/json",
    host: url.host,
    "x-amz-date": amzDate,
    "x-amz-x509": der64(call.leaf),
  };
  const chainHeader = call.chainHeader ?? (call.chain?.length ? call.chain.map(der64).join(",") : undefined);
  if (chainHeader !== undefined) headers["x-amz-x509-chain"] = chainHeader;
  const signedHeaders = Object.keys(headers);
  const canonicalRequest = createCanonicalRequest({
    method: "POST",
    path: "/sessions",
    canonicalQuery,
    headers,
    signedHeaders,
    payloadHash: sha256Hex(body),
  });
  const isRsa = call.leaf.key.spec.type === "RSA";
  const algorithm = isRsa ? ALGORITHM_RSA : ALGORITHM_ECDSA;
  const region = call.region ?? "us-east-1";
  const scope = createScope(amzDate, region);
  const stringToSign = createStringToSign(algorithm, amzDate, scope, canonicalRequest);
  let signatureHex = sign("sha256", Buffer.from(stringToSign), { key: call.leaf.key.privateKey, dsaEncoding: "der" }).toString("hex");
  if (call.tamperSignature) {
    const i = signatureHex.length - 3;
    signatureHex = signatureHex.slice(0, i) + (signatureHex[i] === "0" ? "1" : "0") + signatureHex.slice(i + 1);
  }
  headers["authorization"] = formatAuthorization({
    algorithm,
    serialDecimal: call.leaf.serial.toString(10),
    scope,
    signedHeaders,
    signatureHex,
  });
  const target = placement === "query" ? `${url.origin}/sessions?${canonicalQuery}` : `${url.origin}/sessions`;
  const { host: _host, ...sendHeaders } = { ...headers, ...call.extraHeaders };
  const payload = call.bodyAfterSigning ?? body;
  if (call.chunked) return sendChunked(target, sendHeaders, payload);
  const response = await fetch(target, { method: "POST", headers: sendHeaders, body: payload });
  return {
    status: response.status,
    errorType: response.headers.get("x-amzn-errortype"),
    body: (await response.json()) as Record<string, unknown>,
  };
}

function sendChunked(target: string, headers: Record<string, string>, payload: string): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          errorType: (res.headers["x-amzn-errortype"] as string | undefined) ?? null,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
        }),
      );
    });
    req.on("error", reject);
    const half = Math.floor(payload.length / 2);
    req.write(payload.slice(0, half));
    req.end(payload.slice(half));
  });
}
