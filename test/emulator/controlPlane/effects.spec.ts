// Control-plane changes take effect on the next CreateSession: disabling and re-enabling a trust
// anchor or profile, importing and toggling a CRL, replacing a role's trust policy.
import { UpdateAssumeRolePolicyCommand, CreateRoleCommand } from "@aws-sdk/client-iam";
import {
  CreateProfileCommand,
  DisableCrlCommand,
  DisableProfileCommand,
  DisableTrustAnchorCommand,
  EnableProfileCommand,
  EnableTrustAnchorCommand,
  ImportCrlCommand,
} from "@aws-sdk/client-rolesanywhere";
import { beforeAll, describe, expect, it } from "vitest";
import { fromRolesAnywhere } from "../../../src/index";
import { createTestCa, createTestCrl, issueTestCertificate, type TestCert } from "../../support/pki";
import { createBundleAnchor, trustPolicy, useControlPlane } from "../../support/controlPlane";

describe("control-plane changes and CreateSession", () => {
  const ctx = useControlPlane();
  let ca: TestCert;
  let leaf: TestCert;
  let arns: { trustAnchorArn: string; profileArn: string; roleArn: string; anchorId: string; profileId: string };

  const session = () =>
    fromRolesAnywhere({
      ...arns,
      certificate: leaf.certificatePem,
      privateKey: leaf.key.privateKeyPem,
      endpoint: ctx.emulator.url,
      region: "us-east-1",
      maxRetries: 0,
    })();
  const refusedWith = (message: string) => expect(session()).rejects.toMatchObject({ code: "ERR_ACCESS_DENIED", serviceMessage: message });

  beforeAll(async () => {
    ca = await createTestCa({ commonName: "Effects CA" });
    leaf = await issueTestCertificate({ issuer: ca, subject: { CN: "DavianThule" } });
    const { Role } = await ctx.iam.send(new CreateRoleCommand({ RoleName: "Effects", AssumeRolePolicyDocument: trustPolicy() }));
    const trustAnchor = await createBundleAnchor(ctx.rolesAnywhere, "effects", ca.certificatePem);
    const { profile } = await ctx.rolesAnywhere.send(new CreateProfileCommand({ name: "effects", roleArns: [Role!.Arn!], enabled: true }));
    arns = {
      trustAnchorArn: trustAnchor!.trustAnchorArn!,
      profileArn: profile!.profileArn!,
      roleArn: Role!.Arn!,
      anchorId: trustAnchor!.trustAnchorId!,
      profileId: profile!.profileId!,
    };
  });

  it("disable the trust anchor → refused; enable it → accepted", async () => {
    expect((await session()).accessKeyId).toMatch(/^ASIA/);
    await ctx.rolesAnywhere.send(new DisableTrustAnchorCommand({ trustAnchorId: arns.anchorId }));
    await refusedWith("Untrusted signing certificate");
    await ctx.rolesAnywhere.send(new EnableTrustAnchorCommand({ trustAnchorId: arns.anchorId }));
    expect((await session()).accessKeyId).toMatch(/^ASIA/);
  });

  it("disable the profile → refused; enable it → accepted", async () => {
    await ctx.rolesAnywhere.send(new DisableProfileCommand({ profileId: arns.profileId }));
    await refusedWith("Invalid or empty profile provided.");
    await ctx.rolesAnywhere.send(new EnableProfileCommand({ profileId: arns.profileId }));
    expect((await session()).accessKeyId).toMatch(/^ASIA/);
  });

  it("an enabled CRL revokes at once; disabling it lets the certificate in again", async () => {
    const crl = await createTestCrl({ issuer: ca, revokedSerials: [leaf.serial] });
    const { crl: imported } = await ctx.rolesAnywhere.send(
      new ImportCrlCommand({
        name: "revoke-thule",
        crlData: new TextEncoder().encode(crl),
        trustAnchorArn: arns.trustAnchorArn,
        enabled: true,
      }),
    );
    await refusedWith("Untrusted signing certificate");
    await ctx.rolesAnywhere.send(new DisableCrlCommand({ crlId: imported!.crlId }));
    expect((await session()).accessKeyId).toMatch(/^ASIA/);
  });

  it("UpdateAssumeRolePolicy with a condition the certificate fails → the trust policy's denial", async () => {
    await ctx.iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: "Effects",
        PolicyDocument: trustPolicy({ StringEquals: { "aws:PrincipalTag/x509Subject/CN": "GabrielAngelos" } }),
      }),
    );
    await refusedWith(`Unable to assume role for ${arns.roleArn}.`);
    await ctx.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "Effects", PolicyDocument: trustPolicy() }));
    expect((await session()).accessKeyId).toMatch(/^ASIA/);
  });
});
