import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { createTestCa, createTestCrl, issueTestCertificate, type TestCert } from "../support/pki";
import { callCreateSession, type CreateSessionCall } from "../support/signCreateSession";

const ACCOUNT = "123456789012";
const ALL = `arn:aws:iam::${ACCOUNT}:role/lab/Lab-All`;
const ONLY_THULE = `arn:aws:iam::${ACCOUNT}:role/Lab-Only-Thule`;
const NOT_IN_PROFILE = `arn:aws:iam::${ACCOUNT}:role/Elsewhere`;
const LONG = `arn:aws:iam::${ACCOUNT}:role/Long`;

const trustPolicy = (condition?: object) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "rolesanywhere.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});

let ca: TestCert;
let intermediate: TestCert;
let otherCa: TestCert;
let thule: TestCert;
let gabriel: TestCert;
let rsaLeaf: TestCert;
let chained: TestCert;
let expired: TestCert;
let revoked: TestCert;
let fromOtherCa: TestCert;
let emu: Emulator;
let clock = new Date();

beforeAll(async () => {
  ca = await createTestCa({ commonName: "Lab Root CA", pathLength: 1 });
  intermediate = await createTestCa({ commonName: "Lab Issuing CA", issuer: ca, pathLength: 0 });
  otherCa = await createTestCa({ commonName: "Someone Else CA" });
  thule = await issueTestCertificate({ issuer: ca, subject: { CN: "DavianThule", OU: ["Security", "Engineering"], O: "Lab" } });
  gabriel = await issueTestCertificate({ issuer: ca, subject: { CN: "GabrielAngelos" }, serial: 0x123n });
  rsaLeaf = await issueTestCertificate({ issuer: ca, subject: { CN: "RsaUser" }, key: { type: "RSA", bits: 2048 } });
  chained = await issueTestCertificate({ issuer: intermediate, subject: { CN: "Chained" } });
  expired = await issueTestCertificate({
    issuer: ca,
    subject: { CN: "Expired" },
    notBefore: new Date(Date.now() - 10 * 86_400_000),
    notAfter: new Date(Date.now() - 86_400_000),
  });
  revoked = await issueTestCertificate({ issuer: ca, subject: { CN: "Revoked" } });
  fromOtherCa = await issueTestCertificate({ issuer: otherCa, subject: { CN: "DavianThule" } });
  emu = await startEmulator({
    accountId: ACCOUNT,
    region: "us-east-1",
    trustAnchors: [
      {
        id: "TA",
        name: "lab",
        certificates: [ca.certificatePem],
        crls: [await createTestCrl({ issuer: ca, revokedSerials: [revoked.serial] })],
      },
    ],
    profiles: [
      { id: "PROFILE", roleArns: [ALL, ONLY_THULE, LONG] },
      { id: "NAMED", roleArns: [ALL], acceptRoleSessionName: true },
      { id: "LONGPROFILE", roleArns: [LONG], durationSeconds: 7200 },
    ],
    roles: [
      { name: "Lab-All", path: "/lab/", trustPolicy: trustPolicy(), roleId: "AROAEXAMPLEROLEID0001" },
      { name: "Lab-Only-Thule", trustPolicy: trustPolicy({ StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } }) },
      { name: "Long", trustPolicy: trustPolicy(), maxSessionDuration: 3600 },
      {
        name: "NeedsSan",
        trustPolicy: trustPolicy({ StringEquals: { "aws:PrincipalTag/x509SAN/DNS": "host.example.com" } }),
      },
    ],
    clockSkewSeconds: 300,
    now: () => clock,
  });
});

afterAll(async () => {
  await emu?.close();
});

const call = (over: Partial<CreateSessionCall> = {}) =>
  callCreateSession({
    url: emu.url,
    leaf: thule,
    trustAnchorArn: emu.arns.trustAnchors["TA"]!,
    profileArn: emu.arns.profiles["PROFILE"]!,
    roleArn: ALL,
    date: clock,
    ...over,
  });

const denied = (message: string) => ({
  status: 403,
  errorType: "AccessDeniedException",
  body: { __type: "AccessDeniedException", message },
});

describe("CreateSession success", () => {
  it("answers 201 with AWS's shape (ARNs in the query, as the official helper sends them)", async () => {
    clock = new Date(Math.floor(Date.now() / 1000) * 1000 + 250); // not on a whole second
    const result = await call({ durationSeconds: 3600 });
    expect(result.status).toBe(201);
    const body = result.body as { credentialSet: Record<string, any>[]; subjectArn: string };
    expect(body.credentialSet).toHaveLength(1);
    const set = body.credentialSet[0]!;
    const sessionName = thule.serial.toString(16).padStart(thule.serial.toString(16).length + (thule.serial.toString(16).length % 2), "0");
    expect(set.roleArn).toBe(ALL);
    expect(set.assumedRoleUser).toEqual({
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Lab-All/${sessionName}`, // the role path is dropped
      assumedRoleId: `AROAEXAMPLEROLEID0001:${sessionName}`,
    });
    expect(set.credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(set.credentials.secretAccessKey).toHaveLength(40);
    expect(set.credentials.sessionToken.length).toBeGreaterThan(100);
    expect(set.credentials.expiration).toBe(
      new Date(Math.floor(clock.getTime() / 1000) * 1000 + 3600_000).toISOString().replace(".000Z", "Z"),
    );
    expect(set.sourceIdentity).toBe("CN=DavianThule");
    expect(typeof set.packedPolicySize).toBe("number");
    expect(body.subjectArn).toMatch(/^arn:aws:rolesanywhere:us-east-1:123456789012:subject\/[0-9a-f-]{36}$/);
    const session = emu.state.sessions.get(set.credentials.accessKeyId)!;
    expect(session.tags).toEqual({
      "x509Subject/CN": "DavianThule",
      "x509Subject/OU": "Security/Engineering",
      "x509Subject/O": "Lab",
      "x509Issuer/CN": "Lab Root CA",
    });
  });

  it("accepts the ARNs in the JSON body instead", async () => {
    const result = await call({ placement: "body" });
    expect(result.status).toBe(201);
  });

  it("accepts an RSA leaf (RSA PKCS#1 v1.5 SHA-256)", async () => {
    expect((await call({ leaf: rsaLeaf })).status).toBe(201);
  });

  it("builds the path from an unordered chain that also holds the leaf and the root", async () => {
    expect((await call({ leaf: chained, chain: [ca, chained, intermediate] })).status).toBe(201);
  });

  it("uses the profile's duration when the request asks for more, and the request's when less", async () => {
    const longer = await call({ durationSeconds: 7200 });
    const shorter = await call({ durationSeconds: 900 });
    const exp = (r: typeof longer) => Date.parse((r.body as any).credentialSet[0].credentials.expiration);
    const base = Math.floor(clock.getTime() / 1000) * 1000;
    expect(exp(longer)).toBe(base + 3600_000);
    expect(exp(shorter)).toBe(base + 900_000);
  });

  it("takes roleSessionName when the profile accepts it", async () => {
    const result = await call({ profileArn: emu.arns.profiles["NAMED"]!, roleSessionName: "alice@example" });
    expect(result.status).toBe(201);
    expect((result.body as any).credentialSet[0].assumedRoleUser.arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Lab-All/alice@example`);
  });

  it("pads the default session name of a short serial to even-length hex and uses it in the source identity rules", async () => {
    const result = await call({ leaf: gabriel });
    expect(result.status).toBe(201);
    expect((result.body as any).credentialSet[0].assumedRoleUser.assumedRoleId).toBe("AROAEXAMPLEROLEID0001:0123");
  });
});

describe("CreateSession failures (AWS status, X-Amzn-ErrorType, message)", () => {
  it("disabled trust anchor → Untrusted signing certificate", async () => {
    emu.state.setTrustAnchorEnabled("TA", false);
    try {
      expect(await call()).toEqual(denied("Untrusted signing certificate"));
    } finally {
      emu.state.setTrustAnchorEnabled("TA", true);
    }
  });

  it("disabled profile → Invalid or empty profile provided.", async () => {
    emu.state.setProfileEnabled("PROFILE", false);
    try {
      expect(await call()).toEqual(denied("Invalid or empty profile provided."));
    } finally {
      emu.state.setProfileEnabled("PROFILE", true);
    }
  });

  it("role not listed in the profile", async () => {
    expect(await call({ roleArn: NOT_IN_PROFILE })).toEqual(denied("Requested Role isn't one of those listed in the Profile."));
  });

  it("certificate revoked by an imported CRL → Untrusted signing certificate; accepted once the CRL is disabled", async () => {
    expect(await call({ leaf: revoked })).toEqual(denied("Untrusted signing certificate"));
    const crlId = emu.state.trustAnchors.get("TA")!.crls[0]!.id;
    emu.state.setCrlEnabled(crlId, false);
    try {
      expect((await call({ leaf: revoked })).status).toBe(201);
    } finally {
      emu.state.setCrlEnabled(crlId, true);
    }
  });

  it("expired certificate → Untrusted signing certificate", async () => {
    expect(await call({ leaf: expired })).toEqual(denied("Untrusted signing certificate"));
  });

  it("certificate from another CA → Untrusted signing certificate", async () => {
    expect(await call({ leaf: fromOtherCa })).toEqual(denied("Untrusted signing certificate"));
  });

  it("leaf under an intermediate without the chain header → Untrusted signing certificate", async () => {
    expect(await call({ leaf: chained })).toEqual(denied("Untrusted signing certificate"));
  });

  it("tampered signature → Invalid signature", async () => {
    expect(await call({ tamperSignature: true })).toEqual(denied("Invalid signature"));
  });

  it("body changed after signing → Invalid signature", async () => {
    expect(await call({ durationSeconds: 3600, bodyAfterSigning: '{"durationSeconds":900}' })).toEqual(denied("Invalid signature"));
  });

  it("clock skew beyond the window → Invalid signature (and within it → 201)", async () => {
    expect(await call({ date: new Date(clock.getTime() - 301_000) })).toEqual(denied("Invalid signature"));
    expect(await call({ date: new Date(clock.getTime() + 301_000) })).toEqual(denied("Invalid signature"));
    expect((await call({ date: new Date(clock.getTime() - 299_000) })).status).toBe(201);
  });

  it("credential scope in another region → Invalid signature", async () => {
    expect(await call({ region: "eu-west-1" })).toEqual(denied("Invalid signature"));
  });

  it("duration above the role's MaxSessionDuration → Unable to assume role …", async () => {
    const result = await call({ profileArn: emu.arns.profiles["LONGPROFILE"]!, roleArn: LONG, durationSeconds: 7200 });
    expect(result).toEqual(
      denied(`Unable to assume role for ${LONG} The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`),
    );
  });

  it("roleSessionName when the profile does not accept it", async () => {
    expect(await call({ roleSessionName: "alice" })).toEqual(denied("Not authorized to set roleSessionName."));
  });

  it("trust policy on a tag the certificate lacks → Unable to assume role for <arn>.", async () => {
    emu.state.profiles.get("PROFILE")!.roleArns.push(`arn:aws:iam::${ACCOUNT}:role/NeedsSan`);
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/NeedsSan`;
    expect(await call({ roleArn })).toEqual(denied(`Unable to assume role for ${roleArn}.`));
  });

  it("trust policy condition on the subject CN: Gabriel is refused, Thule accepted", async () => {
    expect(await call({ leaf: gabriel, roleArn: ONLY_THULE })).toEqual(denied(`Unable to assume role for ${ONLY_THULE}.`));
    expect((await call({ leaf: thule, roleArn: ONLY_THULE })).status).toBe(201);
  });

  it("unknown trust anchor → Specified Trust Anchor wasn't found.", async () => {
    const result = await call({ trustAnchorArn: `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:trust-anchor/nope` });
    expect(result).toEqual(denied("Specified Trust Anchor wasn't found."));
  });

  it("unknown profile → Invalid or empty profile provided.", async () => {
    const result = await call({ profileArn: `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:profile/nope` });
    expect(result).toEqual(denied("Invalid or empty profile provided."));
  });

  it("durationSeconds below 900 → 400 ValidationException", async () => {
    const result = await call({ durationSeconds: 100 });
    expect(result.status).toBe(400);
    expect(result.errorType).toBe("ValidationException");
    expect(result.body.message).toBe(
      "1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  });

  it("a certificate attribute that is not a valid tag value fails, unless the profile does not map it", async () => {
    const badCa = await createTestCa({ commonName: "Lab CA (old)" });
    const leaf = await issueTestCertificate({ issuer: badCa, subject: { CN: "worker" } });
    emu.state.addTrustAnchor({ id: "BAD", certificates: [badCa.certificatePem] });
    emu.state.addProfile({ id: "NOISSUER", roleArns: [ALL], attributeMappings: [{ certificateField: "x509Issuer", mappingRules: [] }] });
    const trustAnchorArn = emu.arns.trustAnchors["BAD"]!;
    expect(await call({ leaf, trustAnchorArn })).toEqual(
      denied(`Unable to assume role for ${ALL}. Some attributes failed to be mapped into session tags. Issuer: [CN]; Subject: []; SAN: []`),
    );
    expect((await call({ leaf, trustAnchorArn, profileArn: emu.arns.profiles["NOISSUER"]! })).status).toBe(201);
  });

  it("an empty X-Amz-X509-Chain header is refused", async () => {
    expect(await call({ chainHeader: "" })).toEqual(denied("Untrusted signing certificate"));
  });
});
