import { X509Certificate, createPrivateKey, verify, webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ALGORITHM_ECDSA, ALGORITHM_RSA, type Signer } from "../../src";
import { type CreateSessionParams, signCreateSessionRequest } from "../../src/request/createSessionRequest";
import { loadSigningIdentity } from "../../src/identity/identity";
import { type KeySpec, createTestCa, issueTestCertificate } from "../support/pki";
import { ARNS, testCa, testLeaf } from "../support/fixtures";

const params = { endpoint: "https://127.0.0.1:8443", region: "us-east-1", durationSeconds: 3600, ...ARNS };
const date = new Date();
const day = date.toISOString().slice(0, 10).replace(/-/g, "");

const verifyWithNode = (certificatePem: string, stringToSign: string, authorization: string): boolean => {
  const signature = Buffer.from(/Signature=([0-9a-f]+)$/.exec(authorization)![1]!, "hex");
  return verify("sha256", Buffer.from(stringToSign), new X509Certificate(certificatePem).publicKey, signature);
};

describe("sign and verify round trips (node:crypto as the independent verifier)", () => {
  it.each<[string, KeySpec]>([
    ["RSA-2048", { type: "RSA", bits: 2048 }],
    ["RSA-3072", { type: "RSA", bits: 3072 }],
    ["RSA-4096", { type: "RSA", bits: 4096 }],
    ["P-256", { type: "EC", curve: "P-256" }],
    ["P-384", { type: "EC", curve: "P-384" }],
    ["P-521", { type: "EC", curve: "P-521" }],
  ])("%s", async (name, spec) => {
    const leaf = await testLeaf(spec);
    const identity = await loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem }, date);
    const request = await signCreateSessionRequest(params, identity, date);
    const algorithm = spec.type === "RSA" ? ALGORITHM_RSA : ALGORITHM_ECDSA;
    expect(request.stringToSign.split("\n")[0]).toBe(algorithm);
    expect(request.headers.authorization).toMatch(
      new RegExp(
        `^${algorithm} Credential=${leaf.serial.toString(10)}/${day}/us-east-1/rolesanywhere/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-x509, Signature=[0-9a-f]+$`,
      ),
    );
    expect(request.headers.host).toBe("127.0.0.1:8443");
    expect(verifyWithNode(leaf.certificatePem, request.stringToSign, request.headers.authorization!)).toBe(true);
    const signatureHex = /Signature=([0-9a-f]+)$/.exec(request.headers.authorization!)![1]!;
    if (spec.type === "RSA") expect(signatureHex).toHaveLength((spec.bits ?? 2048) / 4);
    else expect(signatureHex.slice(0, 2)).toBe("30");
    if (name === "P-521") expect(signatureHex.slice(2, 4)).toBe("81"); // long-form DER length
  });

  it("puts the serial in decimal for a high-bit 20-byte serial", async () => {
    const serial = (1n << 159n) | 0xdeadbeefn;
    const leaf = await testLeaf({ type: "EC", curve: "P-256" }, { serial });
    const identity = await loadSigningIdentity({ certificate: leaf.certificateDer, privateKey: leaf.key.privateKeyPem }, date);
    const request = await signCreateSessionRequest(params, identity, date);
    expect(request.headers.authorization).toContain(`Credential=${serial.toString(10)}/`);
    expect(verifyWithNode(leaf.certificatePem, request.stringToSign, request.headers.authorization!)).toBe(true);
  });

  it("sends ARNs in the query, the helper's body, and a chain header when there is a chain", async () => {
    const intermediate = await createTestCa({ commonName: "Test Intermediate CA", issuer: await testCa() });
    const leaf = await issueTestCertificate({ issuer: intermediate, subject: { CN: "workload" } });
    const other = intermediate;
    const identity = await loadSigningIdentity(
      {
        certificate: leaf.certificatePem,
        privateKey: leaf.key.privateKeyPem,
        certificateChain: [intermediate.certificatePem, leaf.certificateDer],
      },
      date,
    );
    const request = await signCreateSessionRequest({ ...params, roleSessionName: "my-session", durationSeconds: 900 }, identity, date);
    const url = new URL(request.url);
    expect(url.pathname).toBe("/sessions");
    expect(url.searchParams.get("trustAnchorArn")).toBe(ARNS.trustAnchorArn);
    expect(url.searchParams.get("profileArn")).toBe(ARNS.profileArn);
    expect(url.searchParams.get("roleArn")).toBe(ARNS.roleArn);
    expect(request.body).toBe('{"durationSeconds":900,"roleSessionName":"my-session"}');
    // the leaf is never repeated in the chain
    expect(request.headers["x-amz-x509-chain"]).toBe(Buffer.from(other.certificateDer).toString("base64"));
    expect(request.headers.authorization).toContain("SignedHeaders=content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain,");
  });

  it("never sends an empty chain header", async () => {
    const leaf = await testLeaf();
    const identity = await loadSigningIdentity(
      { certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem, certificateChain: [] },
      date,
    );
    const request = await signCreateSessionRequest(params, identity, date);
    expect(Object.keys(request.headers)).not.toContain("x-amz-x509-chain");
  });

  it("signs with a non-extractable WebCrypto CryptoKey", async () => {
    const leaf = await testLeaf({ type: "EC", curve: "P-384" });
    const der = createPrivateKey(leaf.key.privateKeyPem).export({ format: "der", type: "pkcs8" });
    const key = await webcrypto.subtle.importKey("pkcs8", der, { name: "ECDSA", namedCurve: "P-384" }, false, ["sign"]);
    const identity = await loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: key as CryptoKey }, date);
    const request = await signCreateSessionRequest(params, identity, date);
    expect(verifyWithNode(leaf.certificatePem, request.stringToSign, request.headers.authorization!)).toBe(true);
  });

  it.each(["der", "raw"] as const)("signs with a custom Signer returning %s ECDSA signatures", async (format) => {
    const leaf = await testLeaf({ type: "EC", curve: "P-256" });
    const key = createPrivateKey(leaf.key.privateKeyPem);
    const { sign } = await import("node:crypto");
    let calls = 0;
    const signer: Signer = {
      algorithm: ALGORITHM_ECDSA,
      signatureFormat: format,
      sign: async (data) => {
        calls++;
        return new Uint8Array(sign("sha256", data, { key, dsaEncoding: format === "raw" ? "ieee-p1363" : "der" }));
      },
    };
    const identity = await loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: signer }, date);
    const request = await signCreateSessionRequest(params, identity, date);
    expect(calls).toBe(1);
    expect(verifyWithNode(leaf.certificatePem, request.stringToSign, request.headers.authorization!)).toBe(true);
  });

  it("reuses per-params work but notices a params object changed between calls", async () => {
    const leaf = await testLeaf();
    const identity = await loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem }, date);
    const mutable: { -readonly [K in keyof CreateSessionParams]: CreateSessionParams[K] } = { ...params };
    const first = await signCreateSessionRequest(mutable, identity, date);
    const again = await signCreateSessionRequest(mutable, identity, date);
    expect(again.url).toBe(first.url);
    expect(again.canonicalRequest).toBe(first.canonicalRequest);
    mutable.durationSeconds = 900;
    mutable.roleArn = "arn:aws:iam::123456789012:role/other";
    const changed = await signCreateSessionRequest(mutable, identity, date);
    expect(changed.body).toBe('{"durationSeconds":900}');
    expect(new URL(changed.url).searchParams.get("roleArn")).toBe("arn:aws:iam::123456789012:role/other");
    expect(verifyWithNode(leaf.certificatePem, changed.stringToSign, changed.headers.authorization!)).toBe(true);
  });
});
