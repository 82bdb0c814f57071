/**
 * The emulator's STS AssumeRole (role chaining): a Roles Anywhere session in a hub account
 * assumes roles in the hub and in a workload account, through the AWS SDK v3's STSClient.
 */
import { AssumeRoleCommand, type AssumeRoleCommandInput, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type EmulatorEvent } from "../../src/emulator";
import { fromRolesAnywhere, type RolesAnywhereCredentialProvider } from "../../src/index";
import { emulatorInit } from "../support/emulatorInit";
import { createTestCa, issueTestCertificate } from "../support/pki";

const HUB = "111111111111";
const WORKLOAD = "222222222222";
const hubRole = (name: string) => `arn:aws:iam::${HUB}:role/${name}`;
const workloadRole = (name: string) => `arn:aws:iam::${WORKLOAD}:role/${name}`;
const CHAIN_ACTIONS = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"];

const trusting = (aws: string | string[], extra: Record<string, unknown> = {}, actions: string[] = CHAIN_ACTIONS) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: aws }, Action: actions, ...extra }],
});

let emu: Emulator;
let hub: RolesAnywhereCredentialProvider;
let hubInit: ReturnType<typeof emulatorInit>;
let serial: string;
const events: EmulatorEvent[] = [];

beforeAll(async () => {
  const ca = await createTestCa();
  const leaf = await issueTestCertificate({ issuer: ca, subject: { CN: "app", OU: "payments" } });
  const hex = leaf.serial.toString(16);
  serial = hex.length % 2 === 0 ? hex : `0${hex}`; // the default role session name
  emu = await startEmulator({
    accountId: HUB,
    trustAnchors: [{ id: "TA", certificates: ca.certificatePem }],
    profiles: [{ id: "P", roleArns: [hubRole("Hub"), workloadRole("Workload")] }],
    roles: [
      { name: "Hub", roleId: "AROAHUBHUBHUBHUBHUB12" },
      { name: "Workload", accountId: WORKLOAD, roleId: "AROAWORKLOADWORKLOAD1", trustPolicy: trusting(hubRole("Hub")) },
      { name: "NoSetSourceIdentity", accountId: WORKLOAD, trustPolicy: trusting(hubRole("Hub"), {}, ["sts:AssumeRole"]) },
      { name: "TrustsAccountId", accountId: WORKLOAD, trustPolicy: trusting(HUB) },
      { name: "TrustsAccountRoot", accountId: WORKLOAD, trustPolicy: trusting(`arn:aws:iam::${HUB}:root`) },
      { name: "TrustsOtherRole", accountId: WORKLOAD, trustPolicy: trusting(hubRole("Other")) },
      {
        name: "Conditional",
        accountId: WORKLOAD,
        trustPolicy: trusting(`arn:aws:iam::${HUB}:root`, {
          Condition: {
            ArnEquals: { "aws:PrincipalArn": hubRole("Hub") },
            StringEquals: {
              "aws:PrincipalTag/x509Subject/CN": "app",
              "sts:SourceIdentity": "CN=app",
              "aws:SourceIdentity": "CN=app",
              "aws:PrincipalAccount": HUB,
            },
          },
        }),
      },
      {
        name: "WrongCn",
        accountId: WORKLOAD,
        trustPolicy: trusting(hubRole("Hub"), { Condition: { StringEquals: { "aws:PrincipalTag/x509Subject/CN": "someone-else" } } }),
      },
      { name: "Tagger", trustPolicy: trusting(hubRole("Hub")) },
      { name: "Middle", accountId: WORKLOAD, trustPolicy: trusting(hubRole("Tagger")) },
      {
        name: "MiddleNoTagSession",
        accountId: WORKLOAD,
        trustPolicy: trusting(hubRole("Tagger"), {}, ["sts:AssumeRole", "sts:SetSourceIdentity"]),
      },
      {
        name: "NeedsTeam",
        accountId: WORKLOAD,
        trustPolicy: trusting(workloadRole("Middle"), { Condition: { StringEquals: { "aws:PrincipalTag/Team": "blue" } } }),
      },
      {
        name: "NeedsCertificateCn",
        accountId: WORKLOAD,
        trustPolicy: trusting(workloadRole("Middle"), { Condition: { StringEquals: { "aws:PrincipalTag/x509Subject/CN": "app" } } }),
      },
    ],
    onEvent: (event) => events.push(event),
  });
  hubInit = emulatorInit(emu, leaf, hubRole("Hub"));
  hub = fromRolesAnywhere(hubInit);
});

afterAll(async () => {
  await emu?.close();
});

const sts = (credentials: RolesAnywhereCredentialProvider | AwsCredentialIdentity) =>
  new STSClient({ region: "us-east-1", endpoint: emu.stsUrl, credentials, maxAttempts: 1 });

const assume = async (credentials: RolesAnywhereCredentialProvider | AwsCredentialIdentity, input: Partial<AssumeRoleCommandInput>) => {
  const client = sts(credentials);
  try {
    return await client.send(new AssumeRoleCommand({ RoleSessionName: "chained", ...input } as AssumeRoleCommandInput));
  } finally {
    client.destroy();
  }
};

const credentialsOf = (out: Awaited<ReturnType<typeof assume>>): AwsCredentialIdentity => ({
  accessKeyId: out.Credentials!.AccessKeyId!,
  secretAccessKey: out.Credentials!.SecretAccessKey!,
  sessionToken: out.Credentials!.SessionToken!,
});

const refusal = async (promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> => {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error("expected the call to fail");
};

const hubSessionArn = () => `arn:aws:sts::${HUB}:assumed-role/Hub/${serial}`;

describe("STS AssumeRole with Roles Anywhere session credentials (role chaining)", () => {
  it("assumes a role in the workload account; GetCallerIdentity with the new credentials shows that role and account", async () => {
    const before = Date.now();
    const out = await assume(hub, { RoleArn: workloadRole("Workload"), RoleSessionName: "deploy" });
    expect(out.AssumedRoleUser).toEqual({
      Arn: `arn:aws:sts::${WORKLOAD}:assumed-role/Workload/deploy`,
      AssumedRoleId: "AROAWORKLOADWORKLOAD1:deploy",
    });
    expect(out.SourceIdentity).toBe("CN=app");
    expect(out.PackedPolicySize).toBeUndefined();
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    // One hour by default, from now, in whole seconds.
    const expiration = out.Credentials!.Expiration!.getTime();
    expect(expiration % 1000).toBe(0);
    expect(expiration).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000);
    expect(expiration).toBeLessThanOrEqual(Date.now() + 3600_000);

    const client = sts(credentialsOf(out));
    try {
      const who = await client.send(new GetCallerIdentityCommand({}));
      expect(who).toMatchObject({
        Account: WORKLOAD,
        Arn: `arn:aws:sts::${WORKLOAD}:assumed-role/Workload/deploy`,
        UserId: "AROAWORKLOADWORKLOAD1:deploy",
      });
    } finally {
      client.destroy();
    }
    const stored = emu.state.sessions.get(out.Credentials!.AccessKeyId!)!;
    expect(stored).toMatchObject({
      chainedFrom: hubSessionArn(),
      sourceIdentity: "CN=app",
      accountId: WORKLOAD,
      tags: {},
      transitiveTagKeys: [],
    });
    expect(stored.trustAnchorArn).toBe(emu.arns.trustAnchors["TA"]);
    expect(events.some((e) => e.operation === "AssumeRole" && e.status === 200)).toBe(true);
  });

  it("refuses more than one hour for a chained session (ValidationError with AWS's message); 900 and 3600 s are fine", async () => {
    expect(await refusal(assume(hub, { RoleArn: workloadRole("Workload"), DurationSeconds: 3601 }))).toEqual({
      name: "ValidationError",
      message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
      status: 400,
    });
    const short = await assume(hub, { RoleArn: workloadRole("Workload"), DurationSeconds: 900 });
    expect(short.Credentials!.Expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 900_000);
    await expect(assume(hub, { RoleArn: workloadRole("Workload"), DurationSeconds: 3600 })).resolves.toBeDefined();
    expect((await refusal(assume(hub, { RoleArn: workloadRole("Workload"), DurationSeconds: 899 }))).message).toBe(
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  });

  it("carries the source identity along: the same value may be repeated, another is refused", async () => {
    await expect(assume(hub, { RoleArn: workloadRole("Workload"), SourceIdentity: "CN=app" })).resolves.toMatchObject({
      SourceIdentity: "CN=app",
    });
    expect(await refusal(assume(hub, { RoleArn: workloadRole("Workload"), SourceIdentity: "mallory" }))).toEqual({
      name: "AccessDenied",
      message: `User: ${hubSessionArn()} is not authorized to perform: sts:SetSourceIdentity on resource: ${workloadRole("Workload")}`,
      status: 403,
    });
  });

  it("needs sts:SetSourceIdentity in the target's trust policy, because a Roles Anywhere session always has a source identity", async () => {
    expect(await refusal(assume(hub, { RoleArn: workloadRole("NoSetSourceIdentity") }))).toEqual({
      name: "AccessDenied",
      message: `User: ${hubSessionArn()} is not authorized to perform: sts:SetSourceIdentity on resource: ${workloadRole("NoSetSourceIdentity")}`,
      status: 403,
    });
  });

  it.each([
    ["the account id", "TrustsAccountId"],
    ["the account root ARN", "TrustsAccountRoot"],
  ])("an AWS principal naming %s trusts every session of that account", async (_what, role) => {
    await expect(assume(hub, { RoleArn: workloadRole(role) })).resolves.toMatchObject({
      AssumedRoleUser: { Arn: `arn:aws:sts::${WORKLOAD}:assumed-role/${role}/chained` },
    });
  });

  it.each([
    ["a trust policy naming another role", "TrustsOtherRole"],
    ["a role that does not exist", "Missing"],
  ])("%s → AccessDenied for sts:AssumeRole, the same words either way", async (_what, role) => {
    expect(await refusal(assume(hub, { RoleArn: workloadRole(role) }))).toEqual({
      name: "AccessDenied",
      message: `User: ${hubSessionArn()} is not authorized to perform: sts:AssumeRole on resource: ${workloadRole(role)}`,
      status: 403,
    });
  });

  it("evaluates aws:PrincipalArn (the role, not the session), aws:PrincipalTag from the certificate, sts:/aws:SourceIdentity and aws:PrincipalAccount", async () => {
    await expect(assume(hub, { RoleArn: workloadRole("Conditional") })).resolves.toBeDefined();
    expect((await refusal(assume(hub, { RoleArn: workloadRole("WrongCn") }))).name).toBe("AccessDenied");
  });

  it("passes transitive session tags down the chain (aws:PrincipalTag/Team two hops later); certificate tags are not transitive", async () => {
    const tagger = await assume(hub, {
      RoleArn: hubRole("Tagger"),
      Tags: [
        { Key: "Team", Value: "blue" },
        { Key: "Ticket", Value: "T-1" },
      ],
      TransitiveTagKeys: ["Team"],
    });
    expect(tagger.PackedPolicySize).toBeGreaterThan(0);
    const middle = await assume(credentialsOf(tagger), { RoleArn: workloadRole("Middle") });
    expect(emu.state.sessions.get(middle.Credentials!.AccessKeyId!)).toMatchObject({
      tags: { Team: "blue" },
      transitiveTagKeys: ["Team"],
      sourceIdentity: "CN=app",
    });
    await expect(assume(credentialsOf(middle), { RoleArn: workloadRole("NeedsTeam") })).resolves.toBeDefined();
    expect(await refusal(assume(credentialsOf(middle), { RoleArn: workloadRole("NeedsCertificateCn") }))).toMatchObject({
      name: "AccessDenied",
      status: 403,
    });
  });

  it("inherited transitive tags need sts:TagSession in the next trust policy and cannot be overridden", async () => {
    const tagger = await assume(hub, { RoleArn: hubRole("Tagger"), Tags: [{ Key: "Team", Value: "blue" }], TransitiveTagKeys: ["Team"] });
    expect(await refusal(assume(credentialsOf(tagger), { RoleArn: workloadRole("MiddleNoTagSession") }))).toEqual({
      name: "AccessDenied",
      message: `User: arn:aws:sts::${HUB}:assumed-role/Tagger/chained is not authorized to perform: sts:TagSession on resource: ${workloadRole("MiddleNoTagSession")}`,
      status: 403,
    });
    expect(
      await refusal(assume(credentialsOf(tagger), { RoleArn: workloadRole("Middle"), Tags: [{ Key: "team", Value: "red" }] })),
    ).toMatchObject({
      name: "InvalidParameterValue",
      status: 400,
    });
  });

  it.each([
    [
      { RoleSessionName: undefined },
      "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    ],
    [
      { RoleSessionName: "has space" },
      "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    ],
    [
      { RoleSessionName: "x" },
      "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    ],
    [
      { SourceIdentity: "aws:reserved" },
      "1 validation error detected: Value 'aws:reserved' at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    ],
  ])("validates the input like STS: %j", async (input, message) => {
    expect(await refusal(assume(hub, { RoleArn: workloadRole("Workload"), ...input }))).toEqual({
      name: "ValidationError",
      message,
      status: 400,
    });
  });

  it("a role of another account cannot be had from CreateSession, even when the profile lists it", async () => {
    const direct = fromRolesAnywhere({ ...hubInit, roleArn: workloadRole("Workload") });
    await expect(direct()).rejects.toMatchObject({
      code: "ERR_ACCESS_DENIED",
      message: expect.stringContaining(`Unable to assume role for ${workloadRole("Workload")}.`),
    });
  });
});
