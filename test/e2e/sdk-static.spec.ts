/**
 * A resolved identity handed to AWS SDK v3 clients as static `credentials` (and the provider
 * itself, for comparison): what the SDK does with it (`$source` feature tracking, the account id,
 * the credential scope) and that the provider's cache never sees those changes.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, FinalizeHandler, FinalizeHandlerArguments, MetadataBearer } from "@smithy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromRolesAnywhere, type RolesAnywhereCredentialProvider } from "../../src/index";
import { createCanonicalRequest, createStringToSign } from "../../src/signing";
import { closeServer, listen, readBody } from "../support/stubServers";
import { HUB_ACCOUNT, type HubAndWorkload, startHubAndWorkload } from "../support/hubAndWorkload";

interface SeenRequest {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string>;
}

let env: HubAndWorkload;
let provider: RolesAnywhereCredentialProvider;
let s3Url: string;
let s3Server: ReturnType<typeof createServer>;
const s3Requests: SeenRequest[] = [];

const headersOf = (request: IncomingMessage): Record<string, string> =>
  Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]));

beforeAll(async () => {
  env = await startHubAndWorkload();
  provider = fromRolesAnywhere(env.init);
  // A stand-in S3 endpoint (the emulator serves no S3): records each request and lists no buckets.
  s3Server = createServer((request, response) => {
    void readBody(request).then(() => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      s3Requests.push({ method: request.method ?? "", path: url.pathname, search: url.search, headers: headersOf(request) });
      response.writeHead(200, { "content-type": "application/xml" });
      response.end(
        '<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Buckets></Buckets></ListAllMyBucketsResult>',
      );
    });
  });
  s3Url = await listen(s3Server);
});

afterAll(async () => {
  await Promise.all([env?.close(), s3Server && closeServer(s3Server)]);
});

/** Feature codes the SDK put in the User-Agent's `m/` section (e.g. `e` = credentials from code). */
const features = (userAgent: string | undefined): string[] => /(?:^| )m\/([^ ]*)/.exec(userAgent ?? "")?.[1]?.split(",") ?? [];

/** An STS client that also keeps the last request as sent (after signing). */
const stsClient = (credentials: AwsCredentialIdentity | RolesAnywhereCredentialProvider, region = "us-east-1") => {
  const client = new STSClient({ region, endpoint: env.emulator.stsUrl, credentials, maxAttempts: 1 });
  const sent: { headers?: Record<string, string> } = {};
  client.middlewareStack.addRelativeTo(
    <Output extends MetadataBearer>(next: FinalizeHandler<object, Output>) =>
      async (args: FinalizeHandlerArguments<object>) => {
        sent.headers = { ...(args.request as { headers: Record<string, string> }).headers };
        return next(args);
      },
    { relation: "after", toMiddleware: "httpSigningMiddleware", name: "recordSentRequest" },
  );
  return { client, sent };
};

/** Checks an S3 request's SigV4 (HMAC) signature with the secret the SDK was given. */
const signedWith = (request: SeenRequest, secretAccessKey: string): boolean => {
  const m =
    /^AWS4-HMAC-SHA256 Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      request.headers["authorization"] ?? "",
    );
  if (!m) return false;
  const [, day, region, service, signedHeaders, signature] = m as unknown as string[];
  const canonicalRequest = createCanonicalRequest({
    method: request.method,
    path: request.path,
    canonicalQuery: new URLSearchParams(request.search).toString().split("&").filter(Boolean).sort().join("&"),
    headers: request.headers,
    signedHeaders: signedHeaders!.split(";"),
    payloadHash: request.headers["x-amz-content-sha256"]!,
  });
  const stringToSign = createStringToSign(
    "AWS4-HMAC-SHA256",
    request.headers["x-amz-date"]!,
    `${day}/${region}/${service}/aws4_request`,
    canonicalRequest,
  );
  const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day!), region!), service!), "aws4_request");
  return createHmac("sha256", key).update(stringToSign).digest("hex") === signature;
};

describe("a resolved identity as static credentials", () => {
  it("STSClient: the emulator verifies the signature; the SDK adds $source (CREDENTIALS_CODE) to the caller's copy only, and reports the account id", async () => {
    const identity = await provider();
    expect(identity).not.toHaveProperty("$source");
    const { client, sent } = stsClient(identity);
    try {
      const who = await client.send(new GetCallerIdentityCommand({}));
      expect(who.Arn).toMatch(new RegExp(`^arn:aws:sts::${HUB_ACCOUNT}:assumed-role/Hub/[0-9a-f]+$`));
    } finally {
      client.destroy();
    }
    // The SDK wrote its bookkeeping onto the object it was given …
    expect((identity as unknown as { $source?: unknown }).$source).toEqual({ CREDENTIALS_CODE: "e" });
    // … and told the service: "e" = credentials from code, "T" = the identity carried an account id.
    expect(features(sent.headers?.["user-agent"])).toEqual(expect.arrayContaining(["e", "T"]));
    expect(sent.headers?.["x-amz-security-token"]).toBe(identity.sessionToken);
    // The provider's cache never saw it.
    const next = await provider();
    expect(next).not.toHaveProperty("$source");
    expect(next).toEqual({
      accessKeyId: identity.accessKeyId,
      secretAccessKey: identity.secretAccessKey,
      sessionToken: identity.sessionToken,
      expiration: identity.expiration,
      accountId: HUB_ACCOUNT,
    });
  });

  it("one identity shared by two clients and regions: it has no credentialScope, so each client signs for its own region", async () => {
    const identity = await provider();
    expect(identity).not.toHaveProperty("credentialScope");
    for (const region of ["us-east-1", "eu-west-1"]) {
      const { client, sent } = stsClient(identity, region);
      try {
        await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: HUB_ACCOUNT });
      } finally {
        client.destroy();
      }
      expect(sent.headers?.["authorization"]).toContain(`Credential=${identity.accessKeyId}/`);
      expect(sent.headers?.["authorization"]).toContain(`/${region}/sts/aws4_request`);
    }
  });

  it("S3Client: signs with the identity (verified at a stand-in endpoint), sends its token, tracks $source", async () => {
    const identity = await provider();
    const s3 = new S3Client({ region: "eu-west-1", endpoint: s3Url, forcePathStyle: true, credentials: identity, maxAttempts: 1 });
    try {
      await expect(s3.send(new ListBucketsCommand({}))).resolves.toMatchObject({ Buckets: [] });
    } finally {
      s3.destroy();
    }
    const request = s3Requests.at(-1)!;
    expect(request.headers["authorization"]).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=${identity.accessKeyId}/\\d{8}/eu-west-1/s3/aws4_request,`),
    );
    expect(request.headers["x-amz-security-token"]).toBe(identity.sessionToken);
    expect(signedWith(request, identity.secretAccessKey)).toBe(true);
    expect(signedWith(request, `${identity.secretAccessKey}x`)).toBe(false);
    expect(features(request.headers["user-agent"])).toEqual(expect.arrayContaining(["e", "T"]));
    expect(await provider()).not.toHaveProperty("$source");
  });

  it("S3Client with the provider itself: no $source is written (the SDK only tags static objects), the same signature checks", async () => {
    const s3 = new S3Client({ region: "eu-west-1", endpoint: s3Url, forcePathStyle: true, credentials: provider, maxAttempts: 1 });
    try {
      await s3.send(new ListBucketsCommand({}));
    } finally {
      s3.destroy();
    }
    const identity = await provider();
    const request = s3Requests.at(-1)!;
    expect(request.headers["x-amz-security-token"]).toBe(identity.sessionToken);
    expect(signedWith(request, identity.secretAccessKey)).toBe(true);
    expect(features(request.headers["user-agent"])).not.toContain("e");
  });
});
