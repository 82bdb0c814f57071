import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RolesAnywhereError, fromRolesAnywhere } from "../../src";
import { loadSigningIdentity, parseCertificate, signCreateSessionRequest } from "../../src/signing";
import { startEmulator, type Emulator, type EmulatorEvent } from "../../src/emulator";
import { route } from "../../src/emulator/http/router";
import { createTestCa, generateTestKey, issueTestCertificate, type TestCert, type TestKey } from "../support/pki";
import {
  type MlDsaPkiCert,
  type ParameterSet,
  createMlDsaCa,
  createMlDsaCrl,
  generateMlDsaKey,
  issueMlDsaPkiCertificate,
} from "../support/mlDsaPki";

const ROLE = "arn:aws:iam::123456789012:role/ml-dsa";

let ecCa: TestCert;
let rsaCa: TestCert;
let mlCa65: MlDsaPkiCert;
let mlRoot87: MlDsaPkiCert;
let mlMid44: MlDsaPkiCert;
let mlMidUnderEc: MlDsaPkiCert;
let revokedLeaf: MlDsaPkiCert;
let notRevokedLeaf: MlDsaPkiCert;
let emu: Emulator;
const events: EmulatorEvent[] = [];

beforeAll(async () => {
  ecCa = await createTestCa({ commonName: "EC Root" });
  rsaCa = await createTestCa({ commonName: "RSA Root", key: { type: "RSA", bits: 2048 } });
  mlCa65 = createMlDsaCa("ML-DSA-65", "ML-DSA-65 Root");
  mlRoot87 = createMlDsaCa("ML-DSA-87", "ML-DSA-87 Root");
  mlMid44 = createMlDsaCa("ML-DSA-44", "ML-DSA-44 Issuing CA", mlRoot87);
  mlMidUnderEc = createMlDsaCa("ML-DSA-65", "ML-DSA Issuing CA under EC", ecCa);
  revokedLeaf = issueMlDsaPkiCertificate({ issuer: mlCa65, subjectCN: "revoked" });
  notRevokedLeaf = issueMlDsaPkiCertificate({ issuer: mlCa65, subjectCN: "listed in a CRL with a bad signature" });
  emu = await startEmulator({
    onEvent: (event) => events.push(event),
    trustAnchors: [
      { id: "EC", certificates: [ecCa.certificatePem] },
      { id: "RSA", certificates: [rsaCa.certificatePem] },
      {
        id: "ML65",
        certificates: [mlCa65.certificatePem],
        crls: [createMlDsaCrl(mlCa65, [revokedLeaf.serial]), createMlDsaCrl(mlCa65, [notRevokedLeaf.serial], true)],
      },
      { id: "ML87", certificates: [mlRoot87.certificatePem] },
    ],
    profiles: [{ id: "PROFILE", roleArns: [ROLE] }],
    roles: [{ name: "ml-dsa" }],
  });
});

afterAll(async () => {
  await emu?.close();
});

beforeEach(() => {
  events.length = 0;
});

const arns = (anchor: string) => ({
  trustAnchorArn: emu.arns.trustAnchors[anchor]!,
  profileArn: emu.arns.profiles.PROFILE!,
  roleArn: ROLE,
  endpoint: emu.url,
});

const leafKey = (cert: MlDsaPkiCert): string => cert.mlDsaKey!.privateKeyPem;

/** Credentials for a certificate and key against trust anchor `anchor`, or the error. */
async function outcome(anchor: string, certificate: string, privateKey: string, chain: string[] = []) {
  return fromRolesAnywhere({
    ...arns(anchor),
    certificate,
    privateKey,
    ...(chain.length > 0 ? { certificateChain: chain.join("") } : {}),
    maxRetries: 0,
  })().then(
    (credentials) => ({ credentials, error: undefined }),
    (error: unknown) => ({ credentials: undefined, error: error as RolesAnywhereError }),
  );
}

async function expectCredentials(anchor: string, certificate: string, privateKey: string, chain: string[] = []) {
  const result = await outcome(anchor, certificate, privateKey, chain);
  expect(result.error === undefined ? "" : `${result.error.message} (${events.map((e) => e.reason).join("; ")})`).toBe("");
  expect(result.credentials!.accessKeyId).toMatch(/^ASIA/);
  expect(events.map((e) => e.status)).toEqual([201]);
}

async function expectRefusal(
  anchor: string,
  certificate: string,
  privateKey: string,
  message: string,
  reason: RegExp,
  chain: string[] = [],
) {
  const result = await outcome(anchor, certificate, privateKey, chain);
  expect(result.error).toBeInstanceOf(RolesAnywhereError);
  expect(result.error).toMatchObject({ statusCode: 403, errorType: "AccessDeniedException", serviceMessage: message });
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ status: 403, errorType: "AccessDeniedException", message });
  expect(events[0]!.reason).toMatch(reason);
}

/** Sends a signed request as is, with `headers` replacing some of its headers. */
function send(signed: { url: string; headers: Readonly<Record<string, string>>; body: string }, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest(signed.url, { method: "POST", headers: { ...signed.headers, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") }));
    });
    req.on("error", reject);
    req.end(signed.body);
  });
}

async function signedRequest(certificate: string, privateKey: string, anchor = "EC") {
  const now = new Date();
  const identity = await loadSigningIdentity({ certificate, privateKey }, now);
  return signCreateSessionRequest({ ...arns(anchor), region: "us-east-1", durationSeconds: 900 }, identity, now);
}

describe("AWS4-X509-MLDSA: ML-DSA leaves under RSA and EC CAs", () => {
  it.each([
    ["ML-DSA-65", "EC"],
    ["ML-DSA-65", "RSA"],
    ["ML-DSA-44", "EC"],
    ["ML-DSA-87", "RSA"],
  ] as [ParameterSet, string][])("an %s leaf under the %s CA gets 201 and credentials", async (set, anchor) => {
    const leaf = issueMlDsaPkiCertificate({ issuer: anchor === "EC" ? ecCa : rsaCa, subjectCN: `${set} leaf`, set });
    await expectCredentials(anchor, leaf.certificatePem, leafKey(leaf));
  });

  it("the signed request names AWS4-X509-MLDSA and the session belongs to the ML-DSA certificate", async () => {
    const leaf = issueMlDsaPkiCertificate({ issuer: ecCa, subjectCN: "session owner" });
    const signed = await signedRequest(leaf.certificatePem, leafKey(leaf));
    expect(signed.headers.authorization).toMatch(/^AWS4-X509-MLDSA Credential=/);
    const { status, body } = await send(signed);
    expect(status).toBe(201);
    const accessKeyId = (body.credentialSet as { credentials: { accessKeyId: string } }[])[0]!.credentials.accessKeyId;
    expect(emu.state.sessions.get(accessKeyId)?.certificateSerialHex).toBe(parseCertificate(leaf.certificateDer).serialHex);
  });
});

describe("AWS4-X509-MLDSA: ML-DSA CAs", () => {
  it("an ML-DSA-65 CA (trust anchor) issuing an ML-DSA-65 leaf → 201", async () => {
    const leaf = issueMlDsaPkiCertificate({ issuer: mlCa65, subjectCN: "pure ML-DSA" });
    await expectCredentials("ML65", leaf.certificatePem, leafKey(leaf));
  });

  it("ML-DSA-87 root → ML-DSA-44 intermediate (in X-Amz-X509-Chain) → ML-DSA-65 leaf → 201", async () => {
    const leaf = issueMlDsaPkiCertificate({ issuer: mlMid44, subjectCN: "two ML-DSA levels", set: "ML-DSA-65" });
    await expectCredentials("ML87", leaf.certificatePem, leafKey(leaf), [mlMid44.certificatePem]);
  });

  it("an EC leaf under an ML-DSA intermediate of the EC root → 201 (certificate signed by an ML-DSA key)", async () => {
    const key: TestKey = await generateTestKey();
    const spki = new Uint8Array(key.publicKey.export({ type: "spki", format: "der" }));
    const leaf = issueMlDsaPkiCertificate({ issuer: mlMidUnderEc, subjectCN: "EC under ML-DSA", key: { spki } });
    await expectCredentials("EC", leaf.certificatePem, key.privateKeyPem, [mlMidUnderEc.certificatePem]);
  });

  it("an ML-DSA leaf signed by another ML-DSA key under the CA's name and key id → 403 Untrusted signing certificate", async () => {
    const forged = issueMlDsaPkiCertificate({ issuer: mlCa65, subjectCN: "forged", forgeWith: generateMlDsaKey("ML-DSA-65") });
    await expectRefusal("ML65", forged.certificatePem, leafKey(forged), "Untrusted signing certificate", /no chain of valid signatures/);
  });

  it("a certificate whose signature is ML-DSA but whose issuer key is EC → 403 Untrusted signing certificate", async () => {
    const forged = issueMlDsaPkiCertificate({
      issuer: ecCa,
      subjectCN: "ML-DSA-signed under EC",
      forgeWith: generateMlDsaKey("ML-DSA-65"),
    });
    await expectRefusal("EC", forged.certificatePem, leafKey(forged), "Untrusted signing certificate", /no chain of valid signatures/);
  });

  it("an ML-DSA leaf under an ML-DSA CA it does not chain to → 403 Untrusted signing certificate", async () => {
    const leaf = issueMlDsaPkiCertificate({ issuer: mlCa65, subjectCN: "wrong anchor" });
    await expectRefusal("ML87", leaf.certificatePem, leafKey(leaf), "Untrusted signing certificate", /no chain of valid signatures/);
  });

  it("a CRL signed with ML-DSA by the anchor revokes its leaf; one with a bad signature is ignored", async () => {
    await expectRefusal("ML65", revokedLeaf.certificatePem, leafKey(revokedLeaf), "Untrusted signing certificate", /is revoked by a CRL/);
    events.length = 0;
    await expectCredentials("ML65", notRevokedLeaf.certificatePem, leafKey(notRevokedLeaf));
  });
});

describe("AWS4-X509-MLDSA: bad signatures → 403 Invalid signature, never a 500", () => {
  it("a tampered ML-DSA signature", async () => {
    const leaf = issueMlDsaPkiCertificate({ issuer: ecCa, subjectCN: "tampered" });
    const signed = await signedRequest(leaf.certificatePem, leafKey(leaf));
    const authorization = signed.headers.authorization!.replace(
      /Signature=([0-9a-f])/,
      (_m, d: string) => `Signature=${d === "0" ? "1" : "0"}`,
    );
    const { status, body } = await send(signed, { authorization });
    expect({ status, message: body.message }).toEqual({ status: 403, message: "Invalid signature" });
    expect(events[0]!.reason).toMatch(/does not verify/);
    // The untampered request is accepted, so the refusal is the tampering's.
    expect((await send(signed)).status).toBe(201);
  });

  it("an ML-DSA signature sent with the ECDSA algorithm name", async () => {
    const leaf = issueMlDsaPkiCertificate({ issuer: ecCa, subjectCN: "wrong name" });
    const signed = await signedRequest(leaf.certificatePem, leafKey(leaf));
    const authorization = signed.headers.authorization!.replace("AWS4-X509-MLDSA ", "AWS4-X509-ECDSA-SHA256 ");
    const { status, body } = await send(signed, { authorization });
    expect({ status, message: body.message }).toEqual({ status: 403, message: "Invalid signature" });
    expect(events[0]!.reason).toMatch(/AWS4-X509-ECDSA-SHA256 does not fit a ML-DSA key/);
  });

  it("an ECDSA signature sent with the ML-DSA algorithm name", async () => {
    const leaf = await issueTestCertificate({ issuer: ecCa, subject: { CN: "EC leaf" } });
    const signed = await signedRequest(leaf.certificatePem, leaf.key.privateKeyPem);
    const authorization = signed.headers.authorization!.replace("AWS4-X509-ECDSA-SHA256 ", "AWS4-X509-MLDSA ");
    const { status, body } = await send(signed, { authorization });
    expect({ status, message: body.message }).toEqual({ status: 403, message: "Invalid signature" });
    expect(events[0]!.reason).toMatch(/AWS4-X509-MLDSA does not fit a EC key/);
  });

  it("the synchronous router refuses ML-DSA signatures (it cannot check them) with 403, not a 500", async () => {
    const leaf = issueMlDsaPkiCertificate({ issuer: ecCa, subjectCN: "sync router" });
    const signed = await signedRequest(leaf.certificatePem, leafKey(leaf));
    const url = new URL(signed.url);
    const request = {
      method: "POST",
      path: url.pathname,
      search: url.search.slice(1),
      headers: signed.headers,
      body: new TextEncoder().encode(signed.body),
    };
    const { response, event } = route(request, { state: emu.state, now: new Date(), clockSkewSeconds: 300, stsClockSkewSeconds: 900 });
    expect(response.status).toBe(403);
    expect(event).toMatchObject({ status: 403, message: "Invalid signature" });
    expect(event.reason).toMatch(/checked asynchronously/);
  });
});
