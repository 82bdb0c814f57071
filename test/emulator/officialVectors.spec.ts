import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { verifyCreateSessionSignature } from "../../src/emulator/createSession/verifySignature";
import type { ReceivedRequest } from "../../src/emulator/http/receivedRequest";
import { type OfficialVector, officialTrustAnchorPem, officialVectors } from "../support/vectors";

type Vector = OfficialVector;
const vectors = officialVectors;
// The vectors were signed at their X-Amz-Date; the emulator clock is pinned to it.
const now = new Date(Date.UTC(2026, 10, 25, 1, 44, 59));

const toRequest = (v: Vector, patch: Partial<ReceivedRequest> = {}): ReceivedRequest => ({
  method: v.method,
  path: v.path,
  search: v.query,
  headers: { ...v.headers, authorization: v.authorization },
  body: new TextEncoder().encode(v.body),
  ...patch,
});

describe("official aws_signing_helper requests replayed through the emulator's verifier", () => {
  it("has the 13 vectors", () => {
    expect(vectors).toHaveLength(13);
  });

  it.each(vectors.map((v) => [v.name, v] as const))("accepts %s", (_name, v) => {
    const verified = verifyCreateSessionSignature(toRequest(v), { region: v.region, now, clockSkewSeconds: 300 });
    expect(verified.canonicalRequest).toBe(v.canonicalRequest);
    expect(verified.stringToSign).toBe(v.stringToSign);
    expect(verified.leaf.info.serialDecimal).toBe(v.leafSerialDecimal);
  });

  it.each(vectors.slice(0, 4).map((v) => [v.name, v] as const))("rejects %s with one body byte changed", (_name, v) => {
    const body = new TextEncoder().encode(v.body.replace("3600", "3601"));
    expect(() => verifyCreateSessionSignature(toRequest(v, { body }), { region: v.region, now, clockSkewSeconds: 300 })).toThrow(
      "Invalid signature",
    );
  });

  it("rejects a vector replayed 6 minutes later with a 5-minute window", () => {
    const v = vectors[0]!;
    const later = new Date(now.getTime() + 6 * 60_000);
    expect(() => verifyCreateSessionSignature(toRequest(v), { region: v.region, now: later, clockSkewSeconds: 300 })).toThrow(
      expect.objectContaining({ status: 403, type: "AccessDeniedException", message: "Invalid signature" }),
    );
  });

  const reasonFor = (request: ReceivedRequest, opts = { region: "us-east-1", now, clockSkewSeconds: 300 }) => {
    try {
      verifyCreateSessionSignature(request, opts);
    } catch (error) {
      expect(error).toMatchObject({ status: 403, type: "AccessDeniedException", message: "Invalid signature" });
      return (error as { reason: string }).reason;
    }
    return "(accepted)";
  };
  const withAuth = (v: Vector, authorization: string) => toRequest(v, { headers: { ...v.headers, authorization } });

  it.each([
    [
      "a Credential serial that is not the certificate's",
      (a: string) => a.replace(/Credential=\d+/, "Credential=12345"),
      "Credential serial",
    ],
    [
      "the ECDSA algorithm for an RSA key",
      (a: string) => a.replace("AWS4-X509-RSA-SHA256", "AWS4-X509-ECDSA-SHA256"),
      "does not fit a RSA key",
    ],
    ["x-amz-x509 left out of SignedHeaders", (a: string) => a.replace(";x-amz-x509,", ","), "SignedHeaders lacks x-amz-x509"],
    ["another scope date", (a: string) => a.replace("/20261125/", "/20261124/"), "scope date"],
    [
      "the ML-DSA algorithm for an RSA key",
      (a: string) => a.replace("AWS4-X509-RSA-SHA256", "AWS4-X509-MLDSA"),
      "AWS4-X509-MLDSA does not fit a RSA key",
    ],
    [
      "an algorithm Roles Anywhere does not know",
      (a: string) => a.replace("AWS4-X509-RSA-SHA256", "AWS4-X509-ED25519"),
      "unsupported algorithm AWS4-X509-ED25519",
    ],
    ["a non-SigV4-X509 header", () => "AWS4-HMAC-SHA256 Credential=x", "not SigV4-X509 shaped"],
  ])("refuses %s", (_name, change, reason) => {
    const v = vectors[0]!;
    expect(reasonFor(withAuth(v, change(v.authorization)))).toContain(reason);
  });

  it("refuses a request whose chain header was sent but not signed", () => {
    const v = vectors.find((x) => x.headers["x-amz-x509-chain"])!;
    const authorization = v.authorization.replace(";x-amz-x509-chain", "");
    expect(reasonFor(withAuth(v, authorization))).toContain("X-Amz-X509-Chain was sent but not signed");
  });

  it("refuses a request without Authorization, or with a certificate that is not one", () => {
    const v = vectors[0]!;
    expect(reasonFor(toRequest(v, { headers: { ...v.headers } }))).toContain("no Authorization");
    const broken = { ...v.headers, authorization: v.authorization, "x-amz-x509": "AAAA" };
    expect(reasonFor(toRequest(v, { headers: broken }))).toContain("not an X.509 certificate");
  });

  it("refuses a scope region other than the emulator's", () => {
    expect(reasonFor(toRequest(vectors[0]!), { region: "eu-west-1", now, clockSkewSeconds: 300 })).toContain("region us-east-1");
  });

  it("rejects a vector whose query was reordered into a different ARN", () => {
    const v = vectors[1]!;
    const search = v.query.replace("PROFILE", "OTHER");
    expect(() => verifyCreateSessionSignature(toRequest(v, { search }), { region: v.region, now, clockSkewSeconds: 300 })).toThrow(
      "Invalid signature",
    );
  });
});

describe("official aws_signing_helper requests replayed over HTTP (chunked, Host as recorded)", () => {
  let emu: Emulator;
  beforeAll(async () => {
    const anchorPem = officialTrustAnchorPem;
    emu = await startEmulator({
      trustAnchors: [{ id: "TA", certificates: [anchorPem] }],
      // acceptRoleSessionName: vector #13 carries roleSessionName "my-session".
      profiles: [{ id: "PROFILE", roleArns: ["arn:aws:iam::123456789012:role/ra-test-role"], acceptRoleSessionName: true }],
      roles: [{ name: "ra-test-role" }],
      now: () => now,
    });
  });
  afterAll(async () => {
    await emu?.close();
  });

  const replay = (v: Vector) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(
        `${emu.url}${v.path}?${v.query}`,
        // The recorded Host header (another port) is sent verbatim: it is what was signed.
        { method: v.method, headers: { ...v.headers, authorization: v.authorization, "transfer-encoding": "chunked" }, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
        },
      );
      req.on("error", reject);
      req.end(v.body);
    });

  it.each(vectors.map((v) => [v.name, v] as const))("issues credentials for %s", async (_name, v) => {
    const { status, body } = await replay(v);
    expect(status).toBe(201);
    expect(body.credentialSet[0].roleArn).toBe(v.roleArn);
    const sessionName = v.body.includes("roleSessionName")
      ? "my-session"
      : v.leafSerialHex.padStart(v.leafSerialHex.length + (v.leafSerialHex.length % 2), "0");
    expect(body.credentialSet[0].assumedRoleUser.arn).toBe(`arn:aws:sts::123456789012:assumed-role/ra-test-role/${sessionName}`);
  });
});
