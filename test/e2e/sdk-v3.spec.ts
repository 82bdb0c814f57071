import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromRolesAnywhere } from "../../src";
import { ARNS, testLeaf } from "../support/fixtures";
import { type CreateSessionStub, type StsStub, startCreateSessionStub, startStsStub } from "../support/stubServers";

let createSession: CreateSessionStub;
let sts: StsStub;
beforeAll(async () => {
  [createSession, sts] = await Promise.all([startCreateSessionStub(), startStsStub()]);
});
afterAll(async () => {
  await Promise.all([createSession.close(), sts.close()]);
});

describe("AWS SDK for JavaScript v3 uses the provider", () => {
  it("signs GetCallerIdentity with Roles Anywhere credentials", async () => {
    const leaf = await testLeaf();
    const credentials = fromRolesAnywhere({
      ...ARNS,
      endpoint: createSession.url,
      certificate: leaf.certificatePem,
      privateKey: leaf.key.privateKeyPem,
    });
    const client = new STSClient({ region: "us-east-1", endpoint: sts.url, credentials });
    const result = await client.send(new GetCallerIdentityCommand({}));
    expect(result.Arn).toBe("arn:aws:sts::123456789012:assumed-role/test-role/session");
    const identity = await credentials();
    expect(sts.calls.at(-1)).toEqual({ accessKeyId: identity.accessKeyId, sessionToken: identity.sessionToken });
    client.destroy();
  });

  it("makes exactly one CreateSession for 100 concurrent SDK calls on a cold provider shared by clients", async () => {
    const before = createSession.requests.length;
    const leaf = await testLeaf({ type: "RSA", bits: 2048 });
    const credentials = fromRolesAnywhere({
      ...ARNS,
      endpoint: createSession.url,
      certificate: leaf.certificatePem,
      privateKey: leaf.key.privateKeyPem,
    });
    const clients = Array.from({ length: 5 }, () => new STSClient({ region: "us-east-1", endpoint: sts.url, credentials }));
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => clients[i % clients.length]!.send(new GetCallerIdentityCommand({}))),
    );
    expect(results.every((result) => result.Account === "123456789012")).toBe(true);
    expect(createSession.requests.length - before).toBe(1);
    for (const client of clients) client.destroy();
  });
});
