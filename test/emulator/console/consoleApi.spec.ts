import { parseCertificate } from "../../../src/certificate/certificate";
import { beforeAll, describe, expect, it } from "vitest";
import { ActivityLog } from "../../../src/emulator/console/activityLog";
import type { CrlView, Overview, TrustAnchorView } from "../../../src/emulator/console/apiTypes";
import { answerApi, type ConsoleApiContext } from "../../../src/emulator/console/consoleApi";
import { EmulatorState } from "../../../src/emulator/state/EmulatorState";
import { createTestCa, createTestCrl, issueTestCertificate, type TestCert } from "../../support/pki";

const NOW = new Date();
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const labPolicy = (cn?: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "rolesanywhere.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
        ...(cn ? { Condition: { StringEquals: { "aws:PrincipalTag/x509Subject/CN": cn } } } : {}),
      },
    ],
  });

let ca: TestCert;
let davian: TestCert;
let gabriel: TestCert;
beforeAll(async () => {
  ca = await createTestCa({ commonName: "Console API CA" });
  davian = await issueTestCertificate({ issuer: ca, subject: { CN: "DavianThule" } });
  gabriel = await issueTestCertificate({ issuer: ca, subject: { CN: "GabrielAngelos" } });
});

const setup = () => {
  const state = new EmulatorState();
  let changes = 0;
  const ctx: ConsoleApiContext = {
    state,
    now: NOW,
    url: "http://127.0.0.1:1",
    activity: new ActivityLog(() => NOW),
    onChange: () => changes++,
  };
  const call = async (service: string, operation: string, input: unknown) =>
    answerApi("POST", `/console/api/call/${service}/${operation}`, json(input), ctx);
  return { state, ctx, call, changes: () => changes };
};

describe("POST /console/api/call/<service>/<Operation>: the control plane's operations", () => {
  it("creates a role through IAM's CreateRole, writes the state once, and lists it in the overview", async () => {
    const { state, ctx, call, changes } = setup();
    const created = await call("iam", "CreateRole", { RoleName: "Lab-IAM-Anywhere-All", AssumeRolePolicyDocument: labPolicy() });
    expect(created.status).toBe(200);
    expect((created.body as { output: { Role: { Arn: string } } }).output.Role.Arn).toBe(
      "arn:aws:iam::123456789012:role/Lab-IAM-Anywhere-All",
    );
    expect(state.roles.has("Lab-IAM-Anywhere-All")).toBe(true);
    expect(changes()).toBe(1);
    await call("iam", "GetRole", { RoleName: "Lab-IAM-Anywhere-All" });
    expect(changes()).toBe(1); // reads change nothing
    const overview = (await answerApi("GET", "/console/api/overview", new Uint8Array(), ctx)).body as Overview;
    expect(overview.roles).toEqual([
      expect.objectContaining({ name: "Lab-IAM-Anywhere-All", trustPolicy: labPolicy(), maxSessionDuration: 3600 }),
    ]);
  });

  it("answers IAM's own validation errors (code and message), and changes nothing", async () => {
    const { state, call, changes } = setup();
    expect((await call("iam", "CreateRole", { RoleName: "x", AssumeRolePolicyDocument: "{" })).body).toEqual({
      error: { code: "MalformedPolicyDocument", message: "This policy contains invalid Json" },
    });
    const badName = await call("iam", "CreateRole", { RoleName: "<img src=x>", AssumeRolePolicyDocument: labPolicy() });
    expect(badName.status).toBe(400);
    expect(badName.body).toEqual({
      error: {
        code: "ValidationError",
        message: expect.stringMatching(
          /^1 validation error detected: Value '<img src=x>' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
        ),
      },
    });
    const wrongEffect = await call("iam", "CreateRole", {
      RoleName: "r",
      AssumeRolePolicyDocument: labPolicy().replace('"Allow"', '"allow"'),
    });
    expect(wrongEffect.body).toMatchObject({
      error: { code: "MalformedPolicyDocument", message: expect.stringContaining('Effect must be "Allow" or "Deny"') },
    });
    expect(state.roles.size).toBe(0);
    expect(changes()).toBe(0);
  });

  it("creates a trust anchor, a profile and a CRL as Roles Anywhere does; the overview shows the CA, and what the CRL revokes", async () => {
    const { ctx, call } = setup();
    await call("iam", "CreateRole", { RoleName: "App", AssumeRolePolicyDocument: labPolicy() });
    const anchor = await call("rolesanywhere", "CreateTrustAnchor", {
      name: "Lab-Anchor",
      source: { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: ca.certificatePem } },
      enabled: true,
    });
    const anchorArn = (anchor.body as { output: { trustAnchor: { trustAnchorArn: string } } }).output.trustAnchor.trustAnchorArn;
    const profile = await call("rolesanywhere", "CreateProfile", {
      name: "Lab-Profile",
      roleArns: ["arn:aws:iam::123456789012:role/App"],
      enabled: true,
    });
    expect(profile.status).toBe(200);
    const crlPem = await createTestCrl({ issuer: ca, revokedSerials: [gabriel.serial, 12345n] });
    const crl = await call("rolesanywhere", "ImportCrl", {
      name: "Lab-CRL",
      trustAnchorArn: anchorArn,
      crlData: Buffer.from(crlPem).toString("base64"),
      enabled: true,
    });
    expect(crl.status).toBe(200);
    const overview = (await answerApi("GET", "/console/api/overview", new Uint8Array(), ctx)).body as Overview;
    expect(overview.trustAnchors).toEqual([
      expect.objectContaining<Partial<TrustAnchorView>>({
        name: "Lab-Anchor",
        enabled: true,
        sourceType: "CERTIFICATE_BUNDLE",
        crlCount: 1,
        certificates: [expect.objectContaining({ subject: "CN=Console API CA", notAfter: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })],
      }),
    ]);
    expect(overview.profiles[0]).toMatchObject({
      name: "Lab-Profile",
      enabled: true,
      durationSeconds: 3600,
      attributeMappings: expect.arrayContaining([{ certificateField: "x509SAN", specifiers: ["DNS", "URI", "Name/*"] }]),
    });
    expect(overview.crls).toEqual([
      expect.objectContaining<Partial<CrlView>>({
        name: "Lab-CRL",
        trustAnchorName: "Lab-Anchor",
        issuer: "CN=Console API CA",
        signedByAnchor: true,
        revoked: expect.arrayContaining([
          { serialHex: parseCertificate(gabriel.certificateDer).serialHex, serialDecimal: gabriel.serial.toString(), knownSubjects: [] },
          expect.objectContaining({ serialDecimal: "12345" }),
        ]),
      }),
    ]);
  });

  it("refuses a body that is not a JSON object, and an unknown route", async () => {
    const { ctx } = setup();
    expect((await answerApi("POST", "/console/api/call/iam/CreateRole", new TextEncoder().encode("[1]"), ctx)).status).toBe(400);
    expect((await answerApi("POST", "/console/api/call/iam/CreateRole", new TextEncoder().encode("{"), ctx)).body).toMatchObject({
      error: { code: "SerializationException" },
    });
    expect((await answerApi("POST", "/console/api/call/sts/AssumeRole", json({}), ctx)).status).toBe(404);
    expect((await answerApi("GET", "/console/api/nothing", new Uint8Array(), ctx)).status).toBe(404);
    expect((await answerApi("POST", "/console/api/call/iam/DeleteUser", json({}), ctx)).body).toMatchObject({
      error: { code: "InvalidAction" },
    });
  });
});

describe("POST /console/api/explain", () => {
  const seeded = async () => {
    const s = setup();
    s.state.addRole({ name: "Only-Thule", trustPolicy: labPolicy("DavianThule") });
    s.state.addTrustAnchor({ id: "TA", certificates: [ca.certificatePem] });
    s.state.addProfile({ id: "P", roleArns: ["arn:aws:iam::123456789012:role/Only-Thule"] });
    const ask = (certificate: string, extra: Record<string, unknown> = {}) =>
      answerApi(
        "POST",
        "/console/api/explain",
        json({
          certificate,
          trustAnchorArn: s.state.arns.trustAnchors["TA"],
          profileArn: s.state.arns.profiles["P"],
          roleArn: s.state.arns.roles["Only-Thule"],
          ...extra,
        }),
        s.ctx,
      );
    return { ...s, ask };
  };

  it("explains the decision for a pasted certificate without issuing anything", async () => {
    const { state, ask, changes } = await seeded();
    const denied = await ask(gabriel.certificatePem);
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({
      decision: { allowed: false, failedCheck: "trustPolicy", principalTags: { "x509Subject/CN": "GabrielAngelos" } },
      error: { type: "AccessDeniedException" },
    });
    expect((await ask(davian.certificatePem)).body).toMatchObject({ decision: { allowed: true } });
    expect(state.sessions.size).toBe(0);
    expect(changes()).toBe(0);
  });

  it("refuses input that holds a private key, without echoing it", async () => {
    const { ask } = await seeded();
    const answer = await ask(`${davian.certificatePem}${davian.key.privateKeyPem}`);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toContain(davian.key.privateKeyPem.split("\n")[1]!);
    expect(answer.body).toMatchObject({ error: { message: expect.stringContaining("private key") } });
    expect((await ask("", { chain: davian.key.privateKeyPem })).status).toBe(400);
  });

  it("says what is missing: no certificate, a missing ARN, too many intermediates", async () => {
    const { ask } = await seeded();
    expect((await ask("not a certificate")).body).toMatchObject({ error: { message: expect.stringContaining("no certificate found") } });
    expect((await ask(davian.certificatePem, { roleArn: "" })).body).toMatchObject({ error: { message: "roleArn is required." } });
    expect((await ask(davian.certificatePem, { chain: ca.certificatePem.repeat(6) })).body).toMatchObject({
      error: { message: expect.stringContaining("at most 5") },
    });
  });
});
