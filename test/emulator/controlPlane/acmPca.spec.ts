// ACM Private CA through the SDK v3 client: a root CA signs itself, issues client certificates
// from CSRs, and a Roles Anywhere trust anchor on the PCA trusts what it issues.
import { X509Certificate } from "node:crypto";
import {
  CreateCertificateAuthorityCommand,
  DeleteCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
  GetCertificateCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
  ListCertificateAuthoritiesCommand,
  RevokeCertificateCommand,
  UpdateCertificateAuthorityCommand,
  type KeyAlgorithm,
  type SigningAlgorithm,
} from "@aws-sdk/client-acm-pca";
import { CreateRoleCommand } from "@aws-sdk/client-iam";
import { CreateProfileCommand, CreateTrustAnchorCommand } from "@aws-sdk/client-rolesanywhere";
import { describe, expect, it } from "vitest";
import { fromRolesAnywhere } from "../../../src/index";
import { trustPolicy, useControlPlane, userCsr, type ControlPlaneClients } from "../../support/controlPlane";

const template = (name: string) => `arn:aws:acm-pca:::template/${name}`;

/** Creates a CA, signs (root) or has `parent` sign (subordinate) its certificate, imports it. */
async function activeCa(ctx: ControlPlaneClients, key: KeyAlgorithm, signing: SigningAlgorithm, parent?: string) {
  const { CertificateAuthorityArn: arn } = await ctx.pca.send(
    new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: parent ? "SUBORDINATE" : "ROOT",
      CertificateAuthorityConfiguration: {
        KeyAlgorithm: key,
        SigningAlgorithm: signing,
        Subject: { CommonName: `PCA ${key}`, Organization: "Lab" },
      },
    }),
  );
  const { Csr } = await ctx.pca.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: arn }));
  const issuer = parent ?? arn!;
  const issuerSigning = parent
    ? (await ctx.pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: parent }))).CertificateAuthority!
        .CertificateAuthorityConfiguration!.SigningAlgorithm!
    : signing;
  const { CertificateArn } = await ctx.pca.send(
    new IssueCertificateCommand({
      CertificateAuthorityArn: issuer,
      Csr: new TextEncoder().encode(Csr),
      SigningAlgorithm: issuerSigning,
      TemplateArn: template(parent ? "SubordinateCACertificate_PathLen0/V1" : "RootCACertificate/V1"),
      Validity: { Value: parent ? 3 : 5, Type: "YEARS" },
    }),
  );
  const issued = await ctx.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: issuer, CertificateArn }));
  const chain = parent ? await ctx.pca.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: parent })) : undefined;
  await ctx.pca.send(
    new ImportCertificateAuthorityCertificateCommand({
      CertificateAuthorityArn: arn,
      Certificate: new TextEncoder().encode(issued.Certificate),
      ...(chain ? { CertificateChain: new TextEncoder().encode(`${chain.Certificate}${chain.CertificateChain ?? ""}`) } : {}),
    }),
  );
  return arn!;
}

/** A root CA that has no certificate yet (`PENDING_CERTIFICATE`). */
const pendingRootCa = (ctx: ControlPlaneClients) =>
  ctx.pca.send(
    new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: "ROOT",
      CertificateAuthorityConfiguration: {
        KeyAlgorithm: "EC_prime256v1",
        SigningAlgorithm: "SHA256WITHECDSA",
        Subject: { CommonName: "Pending" },
      },
    }),
  );

async function issueClient(ctx: ControlPlaneClients, caArn: string, signing: SigningAlgorithm, cn: string) {
  const user = userCsr(cn);
  const { CertificateArn } = await ctx.pca.send(
    new IssueCertificateCommand({
      CertificateAuthorityArn: caArn,
      Csr: new TextEncoder().encode(user.csrPem),
      SigningAlgorithm: signing,
      TemplateArn: template("EndEntityClientAuthCertificate/V1"),
      Validity: { Value: 30, Type: "DAYS" },
    }),
  );
  const got = await ctx.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: caArn, CertificateArn }));
  return { ...user, certificatePem: got.Certificate!, chainPem: got.CertificateChain, certificateArn: CertificateArn! };
}

describe("ACM Private CA", () => {
  const ctx = useControlPlane();

  it.each([
    ["RSA_2048", "SHA256WITHRSA"],
    ["EC_prime256v1", "SHA256WITHECDSA"],
    ["EC_secp384r1", "SHA384WITHECDSA"],
  ] as const)("a %s root CA signs itself, becomes ACTIVE and issues client certificates", async (key, signing) => {
    const arn = await activeCa(ctx, key, signing);
    const described = await ctx.pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }));
    expect(described.CertificateAuthority).toMatchObject({ Status: "ACTIVE", Type: "ROOT" });
    const ca = new X509Certificate(
      (await ctx.pca.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: arn }))).Certificate!,
    );
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain(`CN=PCA ${key}`);
    const client = await issueClient(ctx, arn, signing, "DavianThule");
    const cert = new X509Certificate(client.certificatePem);
    expect(cert.subject).toBe("CN=DavianThule");
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toContain("1.3.6.1.5.5.7.3.2");
    expect(client.chainPem).toContain("BEGIN CERTIFICATE");
  });

  it("a RSA_4096 root and an EC P-384 subordinate (PathLen0) chain up", async () => {
    const root = await activeCa(ctx, "RSA_4096", "SHA256WITHRSA");
    const sub = await activeCa(ctx, "EC_secp384r1", "SHA384WITHECDSA", root);
    const subCert = new X509Certificate(
      (await ctx.pca.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: sub }))).Certificate!,
    );
    const rootCert = new X509Certificate(
      (await ctx.pca.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: root }))).Certificate!,
    );
    expect(subCert.verify(rootCert.publicKey)).toBe(true);
    const client = await issueClient(ctx, sub, "SHA384WITHECDSA", "GabrielAngelos");
    expect(new X509Certificate(client.certificatePem).verify(subCert.publicKey)).toBe(true);
  });

  it("a pending CA cannot issue end-entity certificates; a wrong signing algorithm is InvalidArgsException", async () => {
    const { CertificateAuthorityArn: arn } = await pendingRootCa(ctx);
    const csr = new TextEncoder().encode(userCsr("x").csrPem);
    await expect(
      ctx.pca.send(
        new IssueCertificateCommand({
          CertificateAuthorityArn: arn,
          Csr: csr,
          SigningAlgorithm: "SHA256WITHECDSA",
          Validity: { Value: 1, Type: "DAYS" },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidStateException", $metadata: { httpStatusCode: 400 } });
    await expect(
      ctx.pca.send(
        new IssueCertificateCommand({
          CertificateAuthorityArn: arn,
          Csr: csr,
          SigningAlgorithm: "SHA256WITHRSA",
          Validity: { Value: 1, Type: "DAYS" },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidArgsException" });
    await expect(
      ctx.pca.send(
        new IssueCertificateCommand({
          CertificateAuthorityArn: arn,
          Csr: new TextEncoder().encode("garbage"),
          SigningAlgorithm: "SHA256WITHECDSA",
          Validity: { Value: 1, Type: "DAYS" },
        }),
      ),
    ).rejects.toMatchObject({ name: "MalformedCSRException" });
    expect(
      (await ctx.pca.send(new ListCertificateAuthoritiesCommand({}))).CertificateAuthorities!.some(
        (c) => c.Arn === arn && c.Status === "PENDING_CERTIFICATE",
      ),
    ).toBe(true);
  });

  it("revocation is recorded once; an ACTIVE CA must be disabled before it is deleted", async () => {
    const arn = await activeCa(ctx, "EC_prime256v1", "SHA256WITHECDSA");
    const client = await issueClient(ctx, arn, "SHA256WITHECDSA", "Revoked");
    const serial = new X509Certificate(client.certificatePem).serialNumber;
    await ctx.pca.send(
      new RevokeCertificateCommand({
        CertificateAuthorityArn: arn,
        CertificateSerial: serial.match(/../g)!.join(":"),
        RevocationReason: "KEY_COMPROMISE",
      }),
    );
    await expect(
      ctx.pca.send(
        new RevokeCertificateCommand({ CertificateAuthorityArn: arn, CertificateSerial: serial, RevocationReason: "KEY_COMPROMISE" }),
      ),
    ).rejects.toMatchObject({ name: "RequestAlreadyProcessedException" });
    await expect(ctx.pca.send(new DeleteCertificateAuthorityCommand({ CertificateAuthorityArn: arn }))).rejects.toMatchObject({
      name: "InvalidStateException",
    });
    await ctx.pca.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: arn, Status: "DISABLED" }));
    await ctx.pca.send(new DeleteCertificateAuthorityCommand({ CertificateAuthorityArn: arn, PermanentDeletionTimeInDays: 7 }));
    const described = await ctx.pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }));
    expect(described.CertificateAuthority?.Status).toBe("DELETED");
    expect(described.CertificateAuthority?.RestorableUntil).toBeInstanceOf(Date);
  });

  it("a trust anchor on the PCA trusts what it issues: CreateSession through fromRolesAnywhere", async () => {
    const caArn = await activeCa(ctx, "EC_prime256v1", "SHA256WITHECDSA");
    const { trustAnchor } = await ctx.rolesAnywhere.send(
      new CreateTrustAnchorCommand({
        name: "pca-anchor",
        source: { sourceType: "AWS_ACM_PCA", sourceData: { acmPcaArn: caArn } },
        enabled: true,
      }),
    );
    expect(trustAnchor?.source).toEqual({ sourceType: "AWS_ACM_PCA", sourceData: { acmPcaArn: caArn } });
    const { Role } = await ctx.iam.send(new CreateRoleCommand({ RoleName: "PcaRole", AssumeRolePolicyDocument: trustPolicy() }));
    const { profile } = await ctx.rolesAnywhere.send(
      new CreateProfileCommand({ name: "pca-profile", roleArns: [Role!.Arn!], enabled: true }),
    );
    const client = await issueClient(ctx, caArn, "SHA256WITHECDSA", "DavianThule");
    const identity = await fromRolesAnywhere({
      trustAnchorArn: trustAnchor!.trustAnchorArn!,
      profileArn: profile!.profileArn!,
      roleArn: Role!.Arn!,
      certificate: client.certificatePem,
      privateKey: client.privateKeyPem,
      region: "us-east-1",
      endpoint: ctx.emulator.url,
      maxRetries: 0,
    })();
    expect(identity.accessKeyId).toMatch(/^ASIA/);
  });

  it("a trust anchor on a PCA that does not exist, or is not ACTIVE, is a ValidationException", async () => {
    const missing = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/00000000-0000-0000-0000-000000000000";
    await expect(
      ctx.rolesAnywhere.send(
        new CreateTrustAnchorCommand({ name: "x", source: { sourceType: "AWS_ACM_PCA", sourceData: { acmPcaArn: missing } } }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      $metadata: { httpStatusCode: 400 },
      message: expect.stringContaining("Could not find certificate authority"),
    });
    const { CertificateAuthorityArn: pending } = await pendingRootCa(ctx);
    await expect(
      ctx.rolesAnywhere.send(
        new CreateTrustAnchorCommand({ name: "x", source: { sourceType: "AWS_ACM_PCA", sourceData: { acmPcaArn: pending! } } }),
      ),
    ).rejects.toMatchObject({ name: "ValidationException", message: expect.stringContaining("is not ACTIVE (it is PENDING_CERTIFICATE)") });
  });
});
