import { describe, expect, it, vi } from "vitest";
import { ALGORITHM_ECDSA, type FromRolesAnywhereInit, getRolesAnywhereCredentials } from "../../src";
import { ARNS, testLeaf } from "../support/fixtures";
import { rejection } from "../support/rejection";

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
      {
        ...ARNS,
        certificate: leaf.certificatePem,
        privateKey: { algorithm: ALGORITHM_ECDSA, sign: () => new Promise<Uint8Array>(() => undefined) },
        fetch: vi.fn(),
        timeout: 600_000,
      },
      { abortSignal: controller.signal },
    );
    setTimeout(() => controller.abort(), 10);
    expect((await rejection(call)).code).toBe("ERR_NETWORK");
  });
});
