/** Regression tests for defects found in review (library core). */
import { describe, expect, it, vi } from "vitest";
import { ALGORITHM_ECDSA, type FromRolesAnywhereInit, getRolesAnywhereCredentials, parseAuthorization } from "../src";
import { ARNS, testLeaf } from "./support/fixtures";
import { rejection } from "./support/rejection";

const withSigner = async (sign: () => unknown, extra: Partial<FromRolesAnywhereInit> = {}) => {
  const leaf = await testLeaf();
  const fetch = vi.fn();
  const call = getRolesAnywhereCredentials({
    ...ARNS,
    certificate: leaf.certificatePem,
    privateKey: { algorithm: ALGORITHM_ECDSA, sign: sign as never },
    fetch,
    maxRetries: 0,
    ...extra,
  });
  return { call, fetch };
};

describe("custom signers that misbehave", () => {
  it("a signer that throws is ERR_SIGNER with its reason, before any request", async () => {
    const { call, fetch } = await withSigner(() => {
      throw new Error("hsm down");
    });
    const error = await rejection(call);
    expect(error.code).toBe("ERR_SIGNER");
    expect(error.message).toMatch(/The custom signer failed \(Error: hsm down\)/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    ["undefined", undefined, /returned a undefined/],
    ["a string", "abc", /returned a string/],
    ["an empty signature", new Uint8Array(), /returned an empty signature/],
  ])("a signer that returns %s is ERR_SIGNER", async (_name, value, message) => {
    const error = await rejection((await withSigner(async () => value)).call);
    expect(error.code).toBe("ERR_SIGNER");
    expect(error.message).toMatch(message);
  });

  it("a signer that never answers ends with ERR_TIMEOUT after the timeout option", async () => {
    const error = await rejection((await withSigner(() => new Promise(() => undefined), { timeout: 100 })).call);
    expect(error.code).toBe("ERR_TIMEOUT");
    expect(error.message).toMatch(/Signing the CreateSession request did not finish within 100 ms/);
  });

  it("the caller's abortSignal ends a slow signature at once", async () => {
    const leaf = await testLeaf();
    const controller = new AbortController();
    const call = getRolesAnywhereCredentials(
      { ...ARNS, certificate: leaf.certificatePem, privateKey: { algorithm: ALGORITHM_ECDSA, sign: () => new Promise<Uint8Array>(() => undefined) }, fetch: vi.fn(), timeout: 600_000 },
      { abortSignal: controller.signal },
    );
    setTimeout(() => controller.abort(), 10);
    expect((await rejection(call)).code).toBe("ERR_NETWORK");
  });
});

describe("content where a path belongs", () => {
  it.each(["privateKeyFile", "certificateFile", "certificateChainFile"] as const)("%s holding PEM is refused without echoing it", async (name) => {
    const leaf = await testLeaf();
    const secretLine = leaf.key.privateKeyPem.split("\n")[1]!;
    const init = { ...ARNS, certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem, [name]: leaf.key.privateKeyPem } as FromRolesAnywhereInit;
    if (name === "certificateFile") delete (init as { certificate?: string }).certificate;
    if (name === "privateKeyFile") delete (init as { privateKey?: string }).privateKey;
    const error = await rejection(getRolesAnywhereCredentials({ ...init, fetch: vi.fn() }));
    expect(error.code).toBe("ERR_INVALID_OPTION");
    expect(error.message).toMatch(new RegExp(`${name} looks like certificate or key content, not a path`));
    expect(JSON.stringify({ m: error.message, c: String(error.cause) })).not.toContain(secretLine);
  });

  it("an unreadable long path is shortened in the message and not repeated in the cause", async () => {
    const path = `/nonexistent/${"a".repeat(600)}`;
    const error = await rejection(getRolesAnywhereCredentials({ ...ARNS, certificateFile: path, privateKeyFile: path, fetch: vi.fn() }));
    expect(error.code).toBe("ERR_FILE");
    expect(error.message.length).toBeLessThan(400);
    expect(String((error.cause as Error).message)).not.toContain("aaaa");
  });
});

describe("other input checks", () => {
  it("a chain that holds no certificate (a key file by mistake) is ERR_INVALID_CHAIN", async () => {
    const leaf = await testLeaf();
    const error = await rejection(
      getRolesAnywhereCredentials({ ...ARNS, certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem, certificateChain: leaf.key.privateKeyPem, fetch: vi.fn() }),
    );
    expect(error.code).toBe("ERR_INVALID_CHAIN");
    expect(error.message).toMatch(/holds no "CERTIFICATE" block/);
  });

  it.each([
    ["an empty region", { region: "" }, "ERR_INVALID_OPTION", /region must be an AWS region/],
    ["a role in another partition", { roleArn: "arn:aws-cn:iam::123456789012:role/x" }, "ERR_REGION_MISMATCH", /roleArn is in the "aws-cn" partition/],
    ["a role ARN with a trailing space", { roleArn: `${ARNS.roleArn} ` }, "ERR_INVALID_ARN", /is not an ARN/],
    ["a profile ARN without an id", { profileArn: "arn:aws:rolesanywhere:us-east-1:123456789012:profile/" }, "ERR_INVALID_ARN", /has no profile id after "profile\/"/],
    ["a duration given as a string", { durationSeconds: "3600" as unknown as number }, "ERR_INVALID_OPTION", /got string "3600"/],
  ])("%s", async (_name, options, code, message) => {
    const leaf = await testLeaf();
    const error = await rejection(getRolesAnywhereCredentials({ ...ARNS, certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem, fetch: vi.fn(), ...options }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("an Authorization header whose signature has an odd number of hex digits is malformed", () => {
    const header = "AWS4-X509-ECDSA-SHA256 Credential=1/20261125/us-east-1/rolesanywhere/aws4_request, SignedHeaders=host;x-amz-date, Signature=";
    expect(parseAuthorization(`${header}3045`)).toBeDefined();
    expect(parseAuthorization(`${header}30450`)).toBeUndefined();
  });
});
