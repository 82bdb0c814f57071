import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator";
import { explainSession } from "../../src/emulator/createSession/explainSession";
import { loadCertificate } from "../../src/emulator/pki/loadCertificate";
import type { EmulatorEvent } from "../../src/emulator/types";
import { createTestCa, createTestCrl, issueTestCertificate, type TestCert } from "../support/pki";
import { callCreateSession } from "../support/signCreateSession";
import { roleArnOf, startEmulatorTrusting } from "../support/testEmulator";

const onlyThule = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "rolesanywhere.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
      Condition: { StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } },
    },
  ],
};

let ca: TestCert;
let davian: TestCert;
let gabriel: TestCert;
let stranger: TestCert;
let emu: Emulator;
const events: EmulatorEvent[] = [];

beforeAll(async () => {
  ca = await createTestCa({ commonName: "Decision CA" });
  davian = await issueTestCertificate({ issuer: ca, subject: { CN: "DavianThule" } });
  gabriel = await issueTestCertificate({ issuer: ca, subject: { CN: "GabrielAngelos", OU: "Lab" } });
  stranger = await issueTestCertificate({ issuer: await createTestCa({ commonName: "Other CA" }), subject: { CN: "Stranger" } });
  emu = await startEmulatorTrusting(ca.certificatePem, "Only-Thule", { onEvent: (e) => events.push(e) });
  emu.state.roles.get("Only-Thule")!.trustPolicy = onlyThule;
});
afterAll(() => emu.close());

const call = async (leaf: TestCert) => {
  events.length = 0;
  const result = await callCreateSession({
    url: emu.url,
    leaf,
    trustAnchorArn: emu.arns.trustAnchors["TA"]!,
    profileArn: emu.arns.profiles["PROFILE"]!,
    roleArn: roleArnOf("Only-Thule"),
  });
  return { result, event: events.find((e) => e.operation === "CreateSession")! };
};

describe("CreateSession events carry the decision, check by check", () => {
  it("a trust-policy denial names the statement, the condition key, the request's value and the principal tags", async () => {
    const { result, event } = await call(gabriel);
    expect(result.status).toBe(403);
    const d = event.decision!;
    expect(d.allowed).toBe(false);
    expect(d.failedCheck).toBe("trustPolicy");
    expect(d.checks.map((c) => [c.check, c.passed])).toEqual([
      ["signature", true],
      ["input", true],
      ["trustAnchor", true],
      ["certificatePath", true],
      ["revocation", true],
      ["profile", true],
      ["role", true],
      ["sessionTags", true],
      ["duration", true],
      ["trustPolicy", false],
    ]);
    expect(d.certificate).toMatchObject({
      subject: "OU=Lab,CN=GabrielAngelos",
      issuer: "CN=Decision CA",
    });
    // openssl's form: upper-case hex of even length.
    expect(d.certificate!.serialHex).toMatch(/^(?:[0-9A-F]{2})+$/);
    expect(BigInt(`0x${d.certificate!.serialHex}`)).toBe(gabriel.serial);
    expect(d.principalTags).toMatchObject({ "x509Subject/CN": "GabrielAngelos", "x509Subject/OU": "Lab", "x509Issuer/CN": "Decision CA" });
    expect(d.trustPolicy!.statements[0]!.conditions).toEqual([
      {
        operator: "StringEquals",
        key: "aws:PrincipalTag/x509Subject/CN",
        policyValues: ["DavianThule"],
        requestValues: ["GabrielAngelos"],
        passed: false,
      },
    ]);
    expect(d.trustAnchorName).toBe("TA");
    expect(d.roleArn).toBe(roleArnOf("Only-Thule"));
    expect(event.reason).toContain('Statement[0] condition StringEquals aws:PrincipalTag/x509Subject/CN: request value "GabrielAngelos"');
  });

  it("an allowed request lists every check as passed, with the tags and the session's name and duration", async () => {
    const { result, event } = await call(davian);
    expect(result.status).toBe(201);
    expect(event.decision).toMatchObject({ allowed: true, principalTags: { "x509Subject/CN": "DavianThule" }, durationSeconds: 3600 });
    expect(event.decision!.failedCheck).toBeUndefined();
    expect(event.decision!.checks.every((c) => c.passed)).toBe(true);
    expect(event.decision!.trustPolicy!.allowed).toBe(true);
  });

  it("a certificate from another CA fails at the certificate path, before any profile or policy is looked at", async () => {
    const { event } = await call(stranger);
    expect(event.decision).toMatchObject({ allowed: false, failedCheck: "certificatePath" });
    expect(event.decision!.checks.at(-1)!.detail).toBe(event.reason);
    expect(event.decision!.trustPolicy).toBeUndefined();
    expect(event.decision!.principalTags).toBeUndefined();
  });

  it("a revoked certificate fails at revocation", async () => {
    const crl = emu.state.importCrl("TA", await createTestCrl({ issuer: ca, revokedSerials: [davian.serial] }));
    try {
      const { event } = await call(davian);
      expect(event.decision).toMatchObject({ failedCheck: "revocation", path: ["CN=DavianThule", "CN=Decision CA"] });
    } finally {
      emu.state.setCrlEnabled(crl.id, false);
    }
  });

  it("a bad signature fails at the signature and carries no certificate facts it did not verify", async () => {
    events.length = 0;
    await callCreateSession({
      url: emu.url,
      leaf: davian,
      trustAnchorArn: emu.arns.trustAnchors["TA"]!,
      profileArn: emu.arns.profiles["PROFILE"]!,
      roleArn: roleArnOf("Only-Thule"),
      tamperSignature: true,
    });
    const decision = events[0]!.decision!;
    expect(decision).toMatchObject({ allowed: false, failedCheck: "signature", checks: [{ check: "signature", passed: false }] });
    expect(decision.certificate).toBeUndefined();
  });
});

describe("explainSession (Try a certificate): the same checks, no signature, nothing issued", () => {
  const explain = (leaf: TestCert, overrides: Partial<Parameters<typeof explainSession>[0]> = {}) =>
    explainSession(
      {
        leaf: loadCertificate(leaf.certificateDer),
        chain: [],
        trustAnchorArn: emu.arns.trustAnchors["TA"]!,
        profileArn: emu.arns.profiles["PROFILE"]!,
        roleArn: roleArnOf("Only-Thule"),
        ...overrides,
      },
      emu.state,
      new Date(),
    );

  it("explains GabrielAngelos's denial on the Only-Thule role and changes nothing", async () => {
    const sessions = emu.state.sessions.size;
    const subjects = emu.state.subjects.size;
    const { decision, error } = await explain(gabriel);
    expect(error).toEqual({ type: "AccessDeniedException", message: `Unable to assume role for ${roleArnOf("Only-Thule")}.` });
    expect(decision.failedCheck).toBe("trustPolicy");
    expect(decision.checks[0]).toMatchObject({ check: "trustAnchor", passed: true });
    expect(decision.trustPolicy!.statements[0]!.conditions[0]!.requestValues).toEqual(["GabrielAngelos"]);
    const allowed = await explain(davian);
    expect(allowed).toEqual({ decision: expect.objectContaining({ allowed: true }) });
    expect(emu.state.sessions.size).toBe(sessions);
    expect(emu.state.subjects.size).toBe(subjects);
  });

  it("names the profile check for a role the profile does not list, and the trust anchor check for an unknown anchor", async () => {
    const notListed = await explain(davian, { roleArn: roleArnOf("Other") });
    expect(notListed.decision.failedCheck).toBe("profile");
    expect(notListed.error!.message).toBe("Requested Role isn't one of those listed in the Profile.");
    const noAnchor = await explain(davian, { trustAnchorArn: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/nope" });
    expect(noAnchor.decision).toMatchObject({ failedCheck: "trustAnchor", checks: [{ check: "trustAnchor", passed: false }] });
  });
});
