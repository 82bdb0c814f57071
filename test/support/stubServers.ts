/**
 * Small local stand-ins for CreateSession and STS GetCallerIdentity, for core tests.
 * The CreateSession stub verifies each signature independently with node:crypto.
 */
import { X509Certificate, randomBytes, verify } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  canonicalQueryFromSearch,
  createCanonicalRequest,
  createScope,
  createStringToSign,
  parseAuthorization,
  sha256Hex,
} from "../../src/signing";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
  signatureValid: boolean;
  stringToSign: string;
}

export interface StubReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface CreateSessionStub {
  url: string;
  requests: RecordedRequest[];
  /** Replace to script replies; default issues credentials. */
  reply: (request: RecordedRequest, index: number) => StubReply | Promise<StubReply>;
  close(): Promise<void>;
}

/** Reads a request body as UTF-8. */
export const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });

/** Listens on 127.0.0.1, port 0; resolves the base URL. */
export const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** Closes the server and every connection it holds. */
export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const headerRecord = (request: IncomingMessage): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(",") : value;
  return out;
};

const verifyRequest = (method: string, path: string, search: string, headers: Record<string, string>, body: string) => {
  const auth = parseAuthorization(headers.authorization ?? "");
  if (!auth || !headers["x-amz-x509"]) return { valid: false, stringToSign: "" };
  const canonicalRequest = createCanonicalRequest({
    method,
    path,
    canonicalQuery: canonicalQueryFromSearch(search),
    headers,
    signedHeaders: auth.signedHeaders,
    payloadHash: sha256Hex(body),
  });
  const amzDate = headers["x-amz-date"] ?? "";
  const stringToSign = createStringToSign(auth.algorithm, amzDate, createScope(amzDate, auth.region), canonicalRequest);
  const certificate = new X509Certificate(Buffer.from(headers["x-amz-x509"], "base64"));
  const serialOk = BigInt(`0x${certificate.serialNumber}`).toString(10) === auth.serialDecimal;
  const valid = serialOk && verify("sha256", Buffer.from(stringToSign), certificate.publicKey, Buffer.from(auth.signatureHex, "hex"));
  return { valid, stringToSign };
};

/** A fake credential set; values are random so leak tests can look for them. */
export const fakeCredentials = (expiration: Date, roleArn = "arn:aws:iam::123456789012:role/test-role") => ({
  accessKeyId: `ASIA${randomBytes(8).toString("hex").toUpperCase()}`,
  secretAccessKey: randomBytes(20).toString("base64"),
  sessionToken: randomBytes(48).toString("base64"),
  expiration: expiration.toISOString().replace(/\.\d{3}Z$/, "Z"),
  roleArn,
});

export const createSessionBody = (credentials: ReturnType<typeof fakeCredentials>): string =>
  JSON.stringify({
    credentialSet: [
      {
        assumedRoleUser: { arn: `arn:aws:sts::123456789012:assumed-role/test-role/session`, assumedRoleId: "AROAEXAMPLE:session" },
        credentials: {
          accessKeyId: credentials.accessKeyId,
          expiration: credentials.expiration,
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
        },
        packedPolicySize: 10,
        roleArn: credentials.roleArn,
        sourceIdentity: "CN=test",
      },
    ],
    subjectArn: "arn:aws:rolesanywhere:us-east-1:123456789012:subject/41cl0bae-6783-40d4-ab20-65dc5d922e45",
  });

/** Starts a CreateSession stub on 127.0.0.1:0. */
export const startCreateSessionStub = async (options: { now?: () => Date; ttlSeconds?: number } = {}): Promise<CreateSessionStub> => {
  const now = options.now ?? (() => new Date());
  const stub: CreateSessionStub = {
    url: "",
    requests: [],
    reply: () => {
      const credentials = fakeCredentials(new Date(now().getTime() + (options.ttlSeconds ?? 3600) * 1000));
      return { status: 201, body: createSessionBody(credentials) };
    },
    close: async () => undefined,
  };
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://stub");
    const headers = headerRecord(request);
    const body = await readBody(request);
    const { valid, stringToSign } = verifyRequest(request.method ?? "", url.pathname, url.search, headers, body);
    const recorded: RecordedRequest = {
      method: request.method ?? "",
      path: url.pathname,
      query: url.searchParams,
      headers,
      body,
      signatureValid: valid,
      stringToSign,
    };
    stub.requests.push(recorded);
    const reply = valid
      ? await stub.reply(recorded, stub.requests.length - 1)
      : { status: 403, body: JSON.stringify({ message: "Invalid signature" }), headers: { "x-amzn-errortype": "AccessDeniedException" } };
    response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    response.end(reply.body);
  });
  stub.url = await listen(server);
  stub.close = () => closeServer(server);
  return stub;
};

export interface StsStub {
  url: string;
  calls: { accessKeyId: string | undefined; sessionToken: string | undefined }[];
  close(): Promise<void>;
}

/** Starts an STS GetCallerIdentity stub that reports the access key it was signed with. */
export const startStsStub = async (arn = "arn:aws:sts::123456789012:assumed-role/test-role/session"): Promise<StsStub> => {
  const stub: StsStub = { url: "", calls: [], close: async () => undefined };
  const server = createServer(async (request, response) => {
    await readBody(request);
    const credential = /Credential=([^/]+)\//.exec(String(request.headers.authorization ?? ""))?.[1];
    stub.calls.push({ accessKeyId: credential, sessionToken: request.headers["x-amz-security-token"] as string | undefined });
    response.writeHead(200, { "content-type": "text/xml" });
    response.end(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AROAEXAMPLE:session</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  });
  stub.url = await listen(server);
  stub.close = () => closeServer(server);
  return stub;
};
