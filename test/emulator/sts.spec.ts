import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { fromRolesAnywhere } from "../../src/index";
import { createTestCa, issueTestCertificate, type TestCert } from "../support/pki";
import { checkCredentialScope } from "../../src/emulator/sts/verifyHmacSignature";
import { emulatorInit } from "../support/emulatorInit";
import { callSts, presignStsUrl } from "../support/hmacSigner";
import { callCreateSession } from "../support/signCreateSession";

const ROLE = "arn:aws:iam::123456789012:role/App";
let ca: TestCert;
let leaf: TestCert;
let emu: Emulator;
let clock = new Date();
let creds: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
let sessionName: string;

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'" };
const xmlValue = (xml: string, tag: string) =>
  new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1]?.replace(/&(?:amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e]!);

beforeAll(async () => {
  ca = await createTestCa();
  leaf = await issueTestCertificate({ issuer: ca, subject: { CN: "app" } });
  emu = await startEmulator({
    trustAnchors: [{ id: "TA", certificates: ca.certificatePem }],
    profiles: [{ id: "P", roleArns: [ROLE] }],
    roles: [{ name: "App", roleId: "AROAAPPAPPAPPAPPAPP12" }],
    now: () => clock,
  });
  const result = await callCreateSession({
    url: emu.url,
    leaf,
    trustAnchorArn: emu.arns.trustAnchors["TA"]!,
    profileArn: emu.arns.profiles["P"]!,
    roleArn: ROLE,
    date: clock,
  });
  const set = (result.body as any).credentialSet[0];
  creds = set.credentials;
  sessionName = set.assumedRoleUser.arn.split("/").pop();
});

afterAll(async () => {
  await emu?.close();
});

describe("fake STS GetCallerIdentity", () => {
  it("answers with the role session's identity (signed token)", async () => {
    const { status, text } = await callSts({ url: emu.stsUrl, ...creds, date: clock });
    expect(status).toBe(200);
    expect(text).toContain('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
    expect(xmlValue(text, "Arn")).toBe(`arn:aws:sts::123456789012:assumed-role/App/${sessionName}`);
    expect(xmlValue(text, "UserId")).toBe(`AROAAPPAPPAPPAPPAPP12:${sessionName}`);
    expect(xmlValue(text, "Account")).toBe("123456789012");
    expect(xmlValue(text, "RequestId")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("accepts a token added after signing", async () => {
    expect((await callSts({ url: emu.stsUrl, ...creds, signToken: false, date: clock })).status).toBe(200);
  });

  it.each([
    [
      "unknown access key",
      () => ({ ...creds, accessKeyId: "ASIAUNKNOWNUNKNOWN00" }),
      403,
      "InvalidClientTokenId",
      "The security token included in the request is invalid.",
    ],
    [
      "wrong session token",
      () => ({ ...creds, sessionToken: "nope" }),
      403,
      "InvalidClientTokenId",
      "The security token included in the request is invalid.",
    ],
    [
      "missing session token",
      () => ({ accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey }),
      403,
      "InvalidClientTokenId",
      "The security token included in the request is invalid.",
    ],
    [
      "wrong secret",
      // Change the last character (to something it is not: a fixed "x" would be a no-op 1 time in 64).
      () => ({ ...creds, secretAccessKey: `${creds.secretAccessKey.slice(0, -1)}${creds.secretAccessKey.endsWith("x") ? "y" : "x"}` }),
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    ],
  ] as const)("%s → %s", async (_name, make, status, code, message) => {
    const { status: s, text } = await callSts({ url: emu.stsUrl, ...make(), date: clock });
    expect(s).toBe(status);
    expect(xmlValue(text, "Code")).toBe(code);
    expect(xmlValue(text, "Message")).toBe(message);
    expect(xmlValue(text, "Type")).toBe("Sender");
  });

  describe("credential scope (checked before the access key)", () => {
    const mismatch = async (call: Parameters<typeof callSts>[0], message: string) => {
      const { status, text } = await callSts(call);
      expect(status).toBe(403);
      expect(xmlValue(text, "Code")).toBe("SignatureDoesNotMatch");
      expect(xmlValue(text, "Message")).toBe(message);
    };

    it("a scope date other than X-Amz-Date's → 403 SignatureDoesNotMatch naming both dates", async () => {
      const at = new Date(Date.UTC(2026, 10, 25, 1, 44, 59));
      clock = at;
      try {
        await mismatch(
          { url: emu.stsUrl, ...creds, date: at, scopeDate: "20261124" },
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261124' != '20261125', from '20261125T014459Z'.",
        );
      } finally {
        clock = new Date();
      }
    });

    it.each(["iam", "rolesanywhere", "s3"])("service %s instead of sts → 403 SignatureDoesNotMatch", async (service) => {
      await mismatch({ url: emu.stsUrl, ...creds, date: clock, service }, "Credential should be scoped to correct service: 'sts'. ");
    });

    it.each(["useast1", "US-EAST-1", "global", "us-east"])("region %s → 403 SignatureDoesNotMatch", async (region) => {
      await mismatch({ url: emu.stsUrl, ...creds, date: clock, region }, "Credential should be scoped to a valid region. ");
    });

    it("applies to presigned URLs too, and to unknown access keys", async () => {
      const presigned = await fetch(presignStsUrl({ url: emu.stsUrl, ...creds, date: clock, service: "iam" }));
      expect(presigned.status).toBe(403);
      expect(xmlValue(await presigned.text(), "Message")).toBe("Credential should be scoped to correct service: 'sts'. ");
      await mismatch(
        { url: emu.stsUrl, ...creds, accessKeyId: "ASIAUNKNOWNUNKNOWN00", date: clock, service: "iam" },
        "Credential should be scoped to correct service: 'sts'. ",
      );
    });

    it("a malformed X-Amz-Date stays 400 IncompleteSignature (not a well-formed SigV4 request)", () => {
      const scope = { amzDate: "2026-11-25T01:44:59Z", scopeDate: "20261125", service: "sts", region: "us-east-1" };
      expect(() => checkCredentialScope(scope)).toThrow(expect.objectContaining({ status: 400, code: "IncompleteSignature" }));
      expect(() => checkCredentialScope({ ...scope, amzDate: "20261125T014459Z" })).not.toThrow();
    });

    it("any well-formed region is accepted (one listener stands for every STS endpoint)", async () => {
      for (const region of ["us-east-1", "eu-west-3", "us-gov-west-1", "cn-north-1"]) {
        expect((await callSts({ url: emu.stsUrl, ...creds, date: clock, region })).status, region).toBe(200);
      }
    });
  });

  it("a request signed 16 minutes ago → SignatureDoesNotMatch 'Signature expired'", async () => {
    const { status, text } = await callSts({ url: emu.stsUrl, ...creds, date: new Date(clock.getTime() - 16 * 60_000) });
    expect(status).toBe(403);
    expect(xmlValue(text, "Code")).toBe("SignatureDoesNotMatch");
    expect(xmlValue(text, "Message")).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  it("accepts a presigned GET URL and refuses it once altered", async () => {
    const url = presignStsUrl({ url: emu.stsUrl, ...creds, date: clock });
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(xmlValue(await ok.text(), "Account")).toBe("123456789012");
    const altered = await fetch(url.replace("Version=2011-06-15", "Version=2011-06-16"));
    expect(altered.status).toBe(403);
    expect(xmlValue(await altered.text(), "Code")).toBe("SignatureDoesNotMatch");
  });

  it("an unsigned request → MissingAuthenticationToken", async () => {
    const response = await fetch(`${emu.stsUrl}/?Action=GetCallerIdentity&Version=2011-06-15`);
    expect(response.status).toBe(403);
    expect(xmlValue(await response.text(), "Code")).toBe("MissingAuthenticationToken");
  });

  it("an unsupported action → InvalidAction", async () => {
    const { status, text } = await callSts({ url: emu.stsUrl, ...creds, date: clock, action: "AssumeRoleWithSAML" });
    expect(status).toBe(400);
    expect(xmlValue(text, "Code")).toBe("InvalidAction");
    expect(xmlValue(text, "Message")).toBe("Could not find operation AssumeRoleWithSAML for version 2011-06-15");
  });

  it("after the session expires → ExpiredToken", async () => {
    const saved = clock;
    clock = new Date(saved.getTime() + 3601_000);
    try {
      const { status, text } = await callSts({ url: emu.stsUrl, ...creds, date: clock });
      expect(status).toBe(403);
      expect(xmlValue(text, "Code")).toBe("ExpiredToken");
      expect(xmlValue(text, "Message")).toBe("The security token included in the request is expired");
    } finally {
      clock = saved;
    }
  });
});

/** The package's provider for the test leaf against this emulator, without retries. */
const providerForLeaf = () => fromRolesAnywhere(emulatorInit(emu, leaf, ROLE));

describe("with the package's provider and the AWS SDK v3", () => {
  it("fromRolesAnywhere → emulator → STSClient GetCallerIdentity shows the assumed role", async () => {
    clock = new Date();
    const credentials = providerForLeaf();
    const sts = new STSClient({ region: "us-east-1", endpoint: emu.stsUrl, credentials, maxAttempts: 1 });
    try {
      const who = await sts.send(new GetCallerIdentityCommand({}));
      expect(who.Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/App\/[0-9a-f]+$/);
      expect(who.UserId).toMatch(/^AROAAPPAPPAPPAPPAPP12:/);
      expect(who.Account).toBe("123456789012");
    } finally {
      sts.destroy();
    }
  });

  it("fromRolesAnywhere surfaces the emulator's AWS error (type, status, message) as RolesAnywhereError", async () => {
    clock = new Date();
    emu.state.setProfileEnabled("P", false);
    try {
      const credentials = providerForLeaf();
      await expect(credentials()).rejects.toMatchObject({
        name: "RolesAnywhereError",
        errorType: "AccessDeniedException",
        statusCode: 403,
        serviceMessage: "Invalid or empty profile provided.",
      });
    } finally {
      emu.state.setProfileEnabled("P", true);
    }
  });
});
