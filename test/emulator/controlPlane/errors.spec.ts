// Authentication and input errors of the control plane, with each protocol's own AWS error type
// and HTTP status.
import { ListCertificateAuthoritiesCommand } from "@aws-sdk/client-acm-pca";
import {
  CreateRoleCommand,
  GetRoleCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateTrustAnchorCommand, ListTrustAnchorsCommand } from "@aws-sdk/client-rolesanywhere";
import { describe, expect, it } from "vitest";
import { fromRolesAnywhere } from "../../../src/index";
import { createTestCa, issueTestCertificate } from "../../support/pki";
import { signedFetch } from "../../support/signedFetch";
import { createBundleAnchor, clientsFor, trustPolicy, useControlPlane } from "../../support/controlPlane";

const xmlValue = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
const SIX_MINUTES_AGO = () => new Date(Date.now() - 6 * 60 * 1000);

describe("control-plane authentication", () => {
  const ctx = useControlPlane();
  const wrongSecret = () => ({ ...ctx.emulator.adminCredentials, secretAccessKey: `${ctx.emulator.adminCredentials.secretAccessKey}x` });
  const unknownKey = { accessKeyId: "AKIAUNKNOWNUNKNOWN00", secretAccessKey: "whatever" };

  it("rolesanywhere (rest-json): wrong secret 403 InvalidSignatureException, unknown key 403 UnrecognizedClientException", async () => {
    await expect(clientsFor(ctx.emulator, wrongSecret()).rolesAnywhere.send(new ListTrustAnchorsCommand({}))).rejects.toMatchObject({
      name: "InvalidSignatureException",
      $metadata: { httpStatusCode: 403 },
    });
    await expect(clientsFor(ctx.emulator, unknownKey).rolesAnywhere.send(new ListTrustAnchorsCommand({}))).rejects.toMatchObject({
      name: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
      $metadata: { httpStatusCode: 403 },
    });
  });

  it("iam (query): wrong secret 403 SignatureDoesNotMatch, unknown key 403 InvalidClientTokenId", async () => {
    await expect(clientsFor(ctx.emulator, wrongSecret()).iam.send(new ListRolesCommand({}))).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
      $metadata: { httpStatusCode: 403 },
    });
    await expect(clientsFor(ctx.emulator, unknownKey).iam.send(new ListRolesCommand({}))).rejects.toMatchObject({
      name: "InvalidClientTokenId",
      $metadata: { httpStatusCode: 403 },
    });
  });

  it("acm-pca (JSON 1.1): wrong secret 400 InvalidSignatureException, unknown key 400 UnrecognizedClientException", async () => {
    await expect(clientsFor(ctx.emulator, wrongSecret()).pca.send(new ListCertificateAuthoritiesCommand({}))).rejects.toMatchObject({
      name: "InvalidSignatureException",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(clientsFor(ctx.emulator, unknownKey).pca.send(new ListCertificateAuthoritiesCommand({}))).rejects.toMatchObject({
      name: "UnrecognizedClientException",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("a stale X-Amz-Date (over 5 minutes) is each protocol's skew error", async () => {
    const admin = ctx.emulator.adminCredentials;
    const ra = await signedFetch({
      url: ctx.emulator.url,
      method: "GET",
      path: "/trustanchors",
      service: "rolesanywhere",
      ...admin,
      date: SIX_MINUTES_AGO(),
    });
    expect(ra.status).toBe(403);
    expect(ra.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
    expect(JSON.parse(ra.text).message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );
    const iam = await signedFetch({
      url: ctx.emulator.url,
      path: "/",
      body: "Action=ListRoles&Version=2010-05-08",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      service: "iam",
      ...admin,
      date: SIX_MINUTES_AGO(),
    });
    expect(iam.status).toBe(403);
    expect(xmlValue(iam.text, "Code")).toBe("SignatureDoesNotMatch");
    expect(xmlValue(iam.text, "Message")).toMatch(/^Signature expired: /);
    expect(iam.text).toContain('xmlns="https://iam.amazonaws.com/doc/2010-05-08/"');
    const pca = await signedFetch({
      url: ctx.emulator.url,
      path: "/",
      body: "{}",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "ACMPrivateCA.ListCertificateAuthorities" },
      service: "acm-pca",
      ...admin,
      date: SIX_MINUTES_AGO(),
    });
    expect(pca.status).toBe(400);
    expect(JSON.parse(pca.text).__type).toBe("InvalidSignatureException");
  });

  it("an unsigned request is MissingAuthenticationTokenException; a scope for another service is refused", async () => {
    const unsigned = await fetch(`${ctx.emulator.url}/trustanchors`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    const admin = ctx.emulator.adminCredentials;
    const wrongScope = await signedFetch({
      url: ctx.emulator.url,
      path: "/",
      body: "{}",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "ACMPrivateCA.ListCertificateAuthorities" },
      service: "iam",
      ...admin,
    });
    expect(JSON.parse(wrongScope.text)).toMatchObject({
      __type: "InvalidSignatureException",
      message: "Credential should be scoped to correct service: 'acm-pca'. ",
    });
  });

  it("session credentials from CreateSession may call STS but not the control plane (AccessDenied, as for a role without permissions)", async () => {
    const ca = await createTestCa({ commonName: "Session CA" });
    const leaf = await issueTestCertificate({ issuer: ca, subject: { CN: "session-user" } });
    const admin = clientsFor(ctx.emulator);
    const { Role } = await admin.iam.send(new CreateRoleCommand({ RoleName: "SessionRole", AssumeRolePolicyDocument: trustPolicy() }));
    const trustAnchor = await createBundleAnchor(admin.rolesAnywhere, "s", ca.certificatePem);
    const profile = ctx.emulator.state.addProfile({ roleArns: [Role!.Arn!] });
    const session = await fromRolesAnywhere({
      trustAnchorArn: trustAnchor!.trustAnchorArn!,
      profileArn: profile.arn,
      roleArn: Role!.Arn!,
      certificate: leaf.certificatePem,
      privateKey: leaf.key.privateKeyPem,
      endpoint: ctx.emulator.url,
      region: "us-east-1",
      maxRetries: 0,
    })();
    const asSession = clientsFor(ctx.emulator, {
      accessKeyId: session.accessKeyId,
      secretAccessKey: session.secretAccessKey,
      sessionToken: session.sessionToken!,
    });
    await expect(asSession.iam.send(new GetRoleCommand({ RoleName: "SessionRole" }))).rejects.toMatchObject({
      name: "AccessDenied",
      $metadata: { httpStatusCode: 403 },
      message: expect.stringMatching(
        /^User: arn:aws:sts::123456789012:assumed-role\/SessionRole\/[0-9a-f]+ is not authorized to perform: iam:GetRole$/,
      ),
    });
    await expect(asSession.rolesAnywhere.send(new ListTrustAnchorsCommand({}))).rejects.toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403 },
    });
    await expect(asSession.pca.send(new ListCertificateAuthoritiesCommand({}))).rejects.toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe("control-plane input errors", () => {
  const ctx = useControlPlane();

  it("a garbage CA bundle is a ValidationException and creates nothing", async () => {
    for (const data of ["garbage", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"]) {
      await expect(
        ctx.rolesAnywhere.send(
          new CreateTrustAnchorCommand({
            name: "bad",
            source: { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: data } },
          }),
        ),
      ).rejects.toMatchObject({
        name: "ValidationException",
        $metadata: { httpStatusCode: 400 },
        message: expect.stringMatching(/^Invalid certificate bundle: /),
      });
    }
    const leafOnly = await issueTestCertificate({ issuer: await createTestCa({ commonName: "Leaf issuer" }), subject: { CN: "not-a-ca" } });
    await expect(
      ctx.rolesAnywhere.send(
        new CreateTrustAnchorCommand({
          name: "leaf",
          source: { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: leafOnly.certificatePem } },
        }),
      ),
    ).rejects.toMatchObject({ name: "ValidationException", message: expect.stringContaining("is not a CA") });
    expect(ctx.emulator.state.trustAnchors.size).toBe(0);
  });

  it("model constraints are ValidationException with AWS's wording", async () => {
    await expect(
      ctx.rolesAnywhere.send(
        new CreateTrustAnchorCommand({
          name: "bad name!",
          source: { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: "x" } },
        }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message:
        "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [ a-zA-Z0-9-_]*",
    });
  });

  it("IAM: duplicate role EntityAlreadyExists 409, missing NoSuchEntity 404, bad JSON MalformedPolicyDocument 400", async () => {
    await ctx.iam.send(new CreateRoleCommand({ RoleName: "Dup", AssumeRolePolicyDocument: trustPolicy() }));
    await expect(ctx.iam.send(new CreateRoleCommand({ RoleName: "dup", AssumeRolePolicyDocument: trustPolicy() }))).rejects.toMatchObject({
      name: "EntityAlreadyExistsException",
      $metadata: { httpStatusCode: 409 },
    });
    await expect(ctx.iam.send(new GetRoleCommand({ RoleName: "Nobody" }))).rejects.toMatchObject({
      name: "NoSuchEntityException",
      message: "The role with name Nobody cannot be found.",
      $metadata: { httpStatusCode: 404 },
    });
    await expect(ctx.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "Dup", PolicyDocument: "{not json" }))).rejects.toMatchObject({
      name: "MalformedPolicyDocumentException",
      message: "This policy contains invalid Json",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      ctx.iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: "Dup",
          PolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "allow", Principal: "*", Action: "sts:AssumeRole" }],
          }),
        }),
      ),
    ).rejects.toMatchObject({
      name: "MalformedPolicyDocumentException",
      message: expect.stringContaining('Effect must be "Allow" or "Deny"'),
    });
  });

  it("IAM: a trust policy over 2048 characters (white space not counted) and inline policies over 10,240 are LimitExceeded 409", async () => {
    const big = (n: number) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "rolesanywhere.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:PrincipalTag/x509Subject/CN": "x".repeat(n) } },
          },
        ],
      });
    const padded = JSON.stringify(JSON.parse(big(1800)), null, 8); // white space does not count
    expect(padded.length).toBeGreaterThan(2048);
    await ctx.iam.send(new CreateRoleCommand({ RoleName: "Padded", AssumeRolePolicyDocument: padded }));
    await expect(ctx.iam.send(new CreateRoleCommand({ RoleName: "TooBig", AssumeRolePolicyDocument: big(2000) }))).rejects.toMatchObject({
      name: "LimitExceededException",
      message: "Cannot exceed quota for ACLSizePerRole: 2048",
      $metadata: { httpStatusCode: 409 },
    });
    await expect(ctx.iam.send(new GetRoleCommand({ RoleName: "TooBig" }))).rejects.toMatchObject({ name: "NoSuchEntityException" });
    const inline = (n: number) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${"b".repeat(n)}` }],
      });
    await ctx.iam.send(new PutRolePolicyCommand({ RoleName: "Padded", PolicyName: "a", PolicyDocument: inline(6000) }));
    await expect(
      ctx.iam.send(new PutRolePolicyCommand({ RoleName: "Padded", PolicyName: "b", PolicyDocument: inline(6000) })),
    ).rejects.toMatchObject({
      name: "LimitExceededException",
      message: "Maximum policy size of 10240 bytes exceeded for role Padded",
    });
  });
});
