// The state file: everything made through the control plane (and each session's subject)
// survives a restart; a corrupt or foreign file stops the start and is left as it was.
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateCertificateAuthorityCommand, DescribeCertificateAuthorityCommand } from "@aws-sdk/client-acm-pca";
import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import {
  CreateProfileCommand,
  CreateTrustAnchorCommand,
  GetSubjectCommand,
  ImportCrlCommand,
  ListCrlsCommand,
  ListSubjectsCommand,
  ListTrustAnchorsCommand,
} from "@aws-sdk/client-rolesanywhere";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromRolesAnywhere } from "../../../src/index";
import { startEmulator } from "../../../src/emulator";
import { createTestCa, createTestCrl, issueTestCertificate } from "../../support/pki";
import { clientsFor, trustPolicy } from "../../support/controlPlane";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ra-state-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("state file", () => {
  it("keeps roles, anchors, CRLs, profiles, subjects and private CAs across a restart (0600, atomic)", async () => {
    const file = join(dir, "state.json");
    const admin = { accessKeyId: "AKIAEMULATORADMIN000", secretAccessKey: "admin-secret" };
    const ca = await createTestCa({ commonName: "State CA" });
    const leaf = await issueTestCertificate({ issuer: ca, subject: { CN: "Persisted" } });
    const first = await startEmulator({ stateFile: file, adminCredentials: admin });
    let ids: { anchorArn: string; profileArn: string; roleArn: string; caArn: string };
    try {
      const c = clientsFor(first);
      const { Role } = await c.iam.send(
        new CreateRoleCommand({ RoleName: "Kept", AssumeRolePolicyDocument: trustPolicy(), Description: "kept role" }),
      );
      await c.iam.send(
        new PutRolePolicyCommand({ RoleName: "Kept", PolicyName: "inline", PolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }),
      );
      const { trustAnchor } = await c.rolesAnywhere.send(
        new CreateTrustAnchorCommand({
          name: "kept",
          enabled: true,
          source: { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: ca.certificatePem } },
        }),
      );
      const crl = await createTestCrl({ issuer: ca, revokedSerials: [12345n] });
      await c.rolesAnywhere.send(
        new ImportCrlCommand({
          name: "kept-crl",
          crlData: new TextEncoder().encode(crl),
          trustAnchorArn: trustAnchor!.trustAnchorArn,
          enabled: true,
        }),
      );
      const { profile } = await c.rolesAnywhere.send(new CreateProfileCommand({ name: "kept", roleArns: [Role!.Arn!], enabled: true }));
      const { CertificateAuthorityArn } = await c.pca.send(
        new CreateCertificateAuthorityCommand({
          CertificateAuthorityType: "ROOT",
          CertificateAuthorityConfiguration: {
            KeyAlgorithm: "EC_prime256v1",
            SigningAlgorithm: "SHA256WITHECDSA",
            Subject: { CommonName: "Kept PCA" },
          },
        }),
      );
      ids = {
        anchorArn: trustAnchor!.trustAnchorArn!,
        profileArn: profile!.profileArn!,
        roleArn: Role!.Arn!,
        caArn: CertificateAuthorityArn!,
      };
      await fromRolesAnywhere({
        trustAnchorArn: ids.anchorArn,
        profileArn: ids.profileArn,
        roleArn: ids.roleArn,
        certificate: leaf.certificatePem,
        privateKey: leaf.key.privateKeyPem,
        endpoint: first.url,
        region: "us-east-1",
        maxRetries: 0,
      })();
      for (const client of Object.values(c)) client.destroy();
    } finally {
      await first.close();
    }
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(file, "utf8"));
    expect(saved).toMatchObject({ format: "credential-provider-roles-anywhere/emulator-state", version: 1 });

    const second = await startEmulator({ stateFile: file, adminCredentials: admin });
    try {
      const c = clientsFor(second);
      const { Role } = await c.iam.send(new GetRoleCommand({ RoleName: "Kept" }));
      expect(Role).toMatchObject({ Arn: ids.roleArn, Description: "kept role" });
      expect((await c.iam.send(new ListRolePoliciesCommand({ RoleName: "Kept" }))).PolicyNames).toEqual(["inline"]);
      expect((await c.rolesAnywhere.send(new ListTrustAnchorsCommand({}))).trustAnchors?.map((a) => a.trustAnchorArn)).toEqual([
        ids.anchorArn,
      ]);
      expect((await c.rolesAnywhere.send(new ListCrlsCommand({}))).crls?.map((x) => x.name)).toEqual(["kept-crl"]);
      const subjects = (await c.rolesAnywhere.send(new ListSubjectsCommand({}))).subjects!;
      expect(subjects.map((s) => s.x509Subject)).toEqual(["CN=Persisted"]);
      const { subject } = await c.rolesAnywhere.send(new GetSubjectCommand({ subjectId: subjects[0]!.subjectId }));
      expect(new X509Certificate(subject!.credentials![0]!.x509CertificateData!).serialNumber).toBe(
        new X509Certificate(leaf.certificatePem).serialNumber,
      );
      expect(
        (await c.pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: ids.caArn }))).CertificateAuthority?.Status,
      ).toBe("PENDING_CERTIFICATE");
      // The restored anchor, profile and role still hand out sessions.
      const identity = await fromRolesAnywhere({
        trustAnchorArn: ids.anchorArn,
        profileArn: ids.profileArn,
        roleArn: ids.roleArn,
        certificate: leaf.certificatePem,
        privateKey: leaf.key.privateKeyPem,
        endpoint: second.url,
        region: "us-east-1",
        maxRetries: 0,
      })();
      expect(identity.accessKeyId).toMatch(/^ASIA/);
      for (const client of Object.values(c)) client.destroy();
    } finally {
      await second.close();
    }
  });

  it.each([
    ["is not JSON", "{ not json", /is corrupt: it is not JSON/],
    [
      "is of an unknown version",
      JSON.stringify({ format: "credential-provider-roles-anywhere/emulator-state", version: 99 }),
      /version 99 is not one this emulator reads/,
    ],
    ["is something else", JSON.stringify({ hello: "world" }), /is not an emulator state file/],
    [
      "is damaged",
      JSON.stringify({
        format: "credential-provider-roles-anywhere/emulator-state",
        version: 1,
        accountId: "123456789012",
        region: "us-east-1",
        roles: "x",
      }),
      /is damaged/,
    ],
  ])("a state file that %s stops the start with ERR_INVALID_OPTION and is left untouched", async (_name, content, message) => {
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, content, { mode: 0o600 });
    await expect(startEmulator({ stateFile: file })).rejects.toMatchObject({
      name: "RolesAnywhereError",
      code: "ERR_INVALID_OPTION",
      message,
    });
    expect(await readFile(file, "utf8")).toBe(content);
  });
});
