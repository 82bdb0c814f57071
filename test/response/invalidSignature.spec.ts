/**
 * `Invalid signature` after the key was checked locally: the message lists the likely causes in
 * order (region/endpoint, then clock) and says what was ruled out, instead of blaming the key.
 */
import { describe, expect, it } from "vitest";
import { type FromRolesAnywhereInit, fromRolesAnywhere } from "../../src";
import { invalidSignatureCauses } from "../../src/response/invalidSignature";
import { ARNS, testLeaf } from "../support/fixtures";
import { rejection } from "../support/rejection";

const invalidSignature = async () => ({
  status: 403,
  headers: { "x-amzn-errortype": "AccessDeniedException", "content-type": "application/json" },
  text: async () => '{"message":"Invalid signature"}',
});

const call = async (extra: Partial<FromRolesAnywhereInit>) => {
  const leaf = await testLeaf();
  const init = {
    ...ARNS,
    certificate: leaf.certificatePem,
    privateKey: leaf.key.privateKeyPem,
    fetch: invalidSignature,
    maxRetries: 0,
    ...extra,
  } as FromRolesAnywhereInit;
  return rejection(fromRolesAnywhere(init)());
};

describe("Invalid signature", () => {
  it("with a custom endpoint: region/endpoint first, clock second, and the checked key ruled out", async () => {
    const error = await call({ endpoint: "http://127.0.0.1:9/" });
    expect(error.code).toBe("ERR_ACCESS_DENIED");
    expect(error.serviceMessage).toBe("Invalid signature");
    expect(error.message).toContain("Ruled out: the private key matches the certificate (checked before sending)");
    expect(error.message).toMatch(
      /\(1\) the endpoint \(127\.0\.0\.1:9\) serves another region than us-east-1.*\(2\) the system clock is more than 5 minutes off/,
    );
    expect(error.message).not.toMatch(/does not belong/);
  });

  it("with the regional endpoint the region cannot differ: the clock is the first cause", async () => {
    const error = await call({});
    expect(error.message).toMatch(/Likely causes, in order: \(1\) the system clock/);
    expect(error.message).not.toMatch(/serves another region/);
  });

  it("with a custom Signer the key could not be checked: it is the last cause", async () => {
    const leaf = await testLeaf();
    const key = await crypto.subtle.importKey(
      "pkcs8",
      Buffer.from(leaf.key.privateKeyPem.replace(/-----[^-]+-----|\s/g, ""), "base64"),
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["sign"],
    );
    const signer = {
      algorithm: "AWS4-X509-ECDSA-SHA256" as const,
      signatureFormat: "raw" as const,
      sign: async (data: Uint8Array) =>
        new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, new Uint8Array(data))),
    };
    const error = await call({ privateKey: signer, endpoint: "http://127.0.0.1:9/" });
    expect(error.message).not.toContain("Ruled out");
    expect(error.message).toMatch(
      /\(1\) the endpoint .*\(2\) the system clock .*\(3\) the custom signer's key does not belong to the certificate/,
    );
  });

  it("after a clock correction, the clock is ruled out (pure)", () => {
    expect(
      invalidSignatureCauses(
        { region: "eu-west-1", customEndpoint: false, keyUnchecked: false },
        "https://rolesanywhere.eu-west-1.amazonaws.com/sessions",
        true,
      ),
    ).toEqual([]);
    const causes = invalidSignatureCauses(
      { region: "eu-west-1", customEndpoint: true, keyUnchecked: false },
      "https://rolesanywhere.us-east-1.amazonaws.com/sessions",
      true,
    );
    expect(causes).toHaveLength(1);
    expect(causes[0]).toContain("the endpoint (rolesanywhere.us-east-1.amazonaws.com) serves another region than eu-west-1");
  });
});
