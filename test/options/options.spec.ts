import { describe, expect, it, vi } from "vitest";
import { fromRolesAnywhere, getRolesAnywhereCredentials, RolesAnywhereError, type FromRolesAnywhereInit } from "../../src";
import { ARNS, testLeaf } from "../support/fixtures";
import { rejection } from "../support/rejection";

const failWith = async (init: Partial<FromRolesAnywhereInit> | (() => Promise<Partial<FromRolesAnywhereInit>>)) => {
  const fetch = vi.fn();
  const options = typeof init === "function" ? await init() : init;
  const provider = fromRolesAnywhere({ ...ARNS, ...options, fetch } as FromRolesAnywhereInit);
  const error = await provider().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RolesAnywhereError);
  expect((error as RolesAnywhereError).tryNextLink).toBe(false);
  expect(fetch).not.toHaveBeenCalled();
  return error as RolesAnywhereError;
};

const withLeaf = async (extra: Partial<FromRolesAnywhereInit> = {}) => {
  const leaf = await testLeaf();
  return { certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem, ...extra };
};

describe("input validation before any network call", () => {
  it.each<[string, Partial<FromRolesAnywhereInit>, RegExp]>([
    ["a trust anchor ARN of another service", { trustAnchorArn: "arn:aws:iam::123456789012:role/x" }, /service "iam", not "rolesanywhere"/],
    ["a profile ARN naming a trust anchor", { profileArn: ARNS.trustAnchorArn }, /names a "trust-anchor" resource, not a "profile"/],
    ["a role ARN of another service", { roleArn: "arn:aws:sts::123456789012:assumed-role/x/y" }, /roleArn .* service "sts"/],
    ["a role ARN that is not an ARN", { roleArn: "my-role" }, /"my-role" is not an ARN/],
    ["a role ARN with a region", { roleArn: "arn:aws:iam:us-east-1:123456789012:role/x" }, /has a region/],
  ])("rejects %s with ERR_INVALID_ARN", async (_name, options, message) => {
    const error = await failWith(await withLeaf(options));
    expect(error.code).toBe("ERR_INVALID_ARN");
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/Expected the form arn:/);
  });

  it.each<[string, Partial<FromRolesAnywhereInit>, RegExp]>([
    [
      "a missing trust anchor ARN",
      { trustAnchorArn: undefined as unknown as string },
      /^trustAnchorArn is missing\. Expected the form arn:/,
    ],
    ["an empty role ARN", { roleArn: " " }, /^roleArn is missing\./],
    ["a profile ARN that is not a string", { profileArn: 42 as unknown as string }, /^profileArn must be a string, not number\./],
  ])("rejects %s with ERR_INVALID_OPTION (missing or of the wrong type, as the error table says)", async (_name, options, message) => {
    const error = await failWith(await withLeaf(options));
    expect(error.code).toBe("ERR_INVALID_OPTION");
    expect(error.message).toMatch(message);
  });

  it("rejects a profile in another region with ERR_REGION_MISMATCH", async () => {
    const error = await failWith(await withLeaf({ profileArn: "arn:aws:rolesanywhere:eu-west-1:123456789012:profile/P" }));
    expect(error.code).toBe("ERR_REGION_MISMATCH");
    expect(error.message).toMatch(/profileArn is in eu-west-1 but trustAnchorArn is in us-east-1/);
  });

  it("rejects an explicit region that differs from the ARNs", async () => {
    const error = await failWith(await withLeaf({ region: "us-west-2" }));
    expect(error.code).toBe("ERR_REGION_MISMATCH");
    expect(error.message).toMatch(/Omit region, or set it to us-east-1/);
  });

  it("rejects ARNs whose partition is not the region's", async () => {
    const error = await failWith(
      await withLeaf({
        trustAnchorArn: "arn:aws:rolesanywhere:cn-north-1:123456789012:trust-anchor/TA",
        profileArn: "arn:aws:rolesanywhere:cn-north-1:123456789012:profile/P",
      }),
    );
    expect(error.code).toBe("ERR_REGION_MISMATCH");
    expect(error.message).toMatch(/"aws" partition but cn-north-1 belongs to "aws-cn"/);
  });

  it.each([899, 43201, 1.5, "3600"])("rejects durationSeconds %s", async (durationSeconds) => {
    const error = await failWith(await withLeaf({ durationSeconds: durationSeconds as number }));
    expect(error.code).toBe("ERR_INVALID_OPTION");
    expect(error.message).toMatch(/durationSeconds must be a whole number from 900 to 43200/);
  });

  it.each(["a", "has space", "x".repeat(65)])("rejects roleSessionName %j", async (roleSessionName) => {
    const error = await failWith(await withLeaf({ roleSessionName }));
    expect(error.code).toBe("ERR_INVALID_OPTION");
    expect(error.message).toMatch(/roleSessionName must be 2 to 64 characters/);
  });

  it.each([
    ["not a URL", "::::", /is not a URL/],
    ["ftp", "ftp://example.com", /must use https:/],
  ])("rejects an endpoint that is %s", async (_name, endpoint, message) => {
    const error = await failWith(await withLeaf({ endpoint }));
    expect(error.code).toBe("ERR_INVALID_OPTION");
    expect(error.message).toMatch(message);
  });

  it("requires a certificate", async () => {
    const error = await failWith({});
    expect(error.code).toBe("ERR_INVALID_OPTION");
    expect(error.message).toMatch(/A certificate is required/);
  });

  it("refuses certificate and certificateFile together", async () => {
    const error = await failWith(await withLeaf({ certificateFile: "/tmp/x.pem" }));
    expect(error.message).toMatch(/either certificate or certificateFile/);
  });

  it("requires a private key", async () => {
    const leaf = await testLeaf();
    const error = await failWith({ certificate: leaf.certificatePem });
    expect(error.code).toBe("ERR_INVALID_OPTION");
    expect(error.message).toMatch(/No private key was given/);
  });

  it("rejects bytes that are not PKCS#12 (the PKCS#12 matrix is in test/keys)", async () => {
    const error = await failWith({ pkcs12: new Uint8Array([1]) });
    expect(error.code).toBe("ERR_INVALID_CERTIFICATE");
    expect(error.message).toMatch(/PKCS#12 data could not be read/);
  });

  it.each<[string, Partial<FromRolesAnywhereInit>, RegExp]>([
    ["pkcs12 and pkcs12File", { pkcs12: new Uint8Array([1]), pkcs12File: "/tmp/x.p12" }, /either pkcs12 or pkcs12File/],
    [
      "pkcs12 and certificate",
      { pkcs12: new Uint8Array([1]), certificate: "x" },
      /PKCS#12 file \(pkcs12\/pkcs12File\) or certificate, not both/,
    ],
    ["pkcs12File and privateKeyFile", { pkcs12File: "/tmp/x.p12", privateKeyFile: "/tmp/k.pem" }, /or privateKeyFile, not both/],
    ["pkcs12 as a path string", { pkcs12: "/tmp/x.p12" as unknown as Uint8Array }, /pkcs12 must be the bytes .* use pkcs12File for a path/],
    ["an empty pkcs12File", { pkcs12File: "" }, /pkcs12File must be a non-empty path/],
    [
      "a passphrase that is not a string",
      { pkcs12: new Uint8Array([1]), passphrase: 1234 as unknown as string },
      /passphrase must be a string/,
    ],
  ])("refuses %s with ERR_INVALID_OPTION", async (_name, options, message) => {
    const error = await failWith(options);
    expect(error.code).toBe("ERR_INVALID_OPTION");
    expect(error.message).toMatch(message);
  });

  it("asks for the passphrase of an encrypted key before any request", async () => {
    const { createPrivateKey } = await import("node:crypto");
    const leaf = await testLeaf();
    const privateKey = createPrivateKey(leaf.key.privateKeyPem).export({
      format: "pem",
      type: "pkcs8",
      cipher: "aes-256-cbc",
      passphrase: "pw-1",
    }) as string;
    const missing = await failWith({ certificate: leaf.certificatePem, privateKey });
    expect(missing.code).toBe("ERR_BAD_PASSPHRASE");
    const wrong = await failWith({ certificate: leaf.certificatePem, privateKey, passphrase: "pw-2" });
    expect(wrong.code).toBe("ERR_BAD_PASSPHRASE");
    expect(wrong.message).not.toContain("pw-2");
  });

  it("rejects a certificate that does not parse", async () => {
    const error = await failWith(await withLeaf({ certificate: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" }));
    expect(error.code).toBe("ERR_INVALID_CERTIFICATE");
  });

  it("rejects an expired certificate", async () => {
    const leaf = await testLeaf(undefined, { notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2021-01-01T00:00:00Z") });
    const error = await failWith({ certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem });
    expect(error.code).toBe("ERR_CERTIFICATE_EXPIRED");
    expect(error.message).toMatch(/expired at 2021-01-01T00:00:00.000Z.*Renew it/);
  });

  it("rejects a certificate that is not valid yet", async () => {
    const leaf = await testLeaf(undefined, {
      notBefore: new Date(Date.now() + 86_400_000),
      notAfter: new Date(Date.now() + 2 * 86_400_000),
    });
    const error = await failWith({ certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem });
    expect(error.code).toBe("ERR_CERTIFICATE_EXPIRED");
    expect(error.message).toMatch(/is not valid until/);
  });

  it("rejects a key that belongs to another certificate", async () => {
    const [leaf, other] = await Promise.all([testLeaf(), testLeaf()]);
    const error = await failWith({ certificate: leaf.certificatePem, privateKey: other.key.privateKeyPem });
    expect(error.code).toBe("ERR_KEY_MISMATCH");
    expect(error.message).toMatch(/does not belong to the certificate .*the public keys differ/);
  });

  it("rejects an RSA key for an EC certificate", async () => {
    const [leaf, rsa] = await Promise.all([testLeaf(), testLeaf({ type: "RSA", bits: 2048 })]);
    const error = await failWith({ certificate: leaf.certificatePem, privateKey: rsa.key.privateKeyPem });
    expect(error.code).toBe("ERR_KEY_MISMATCH");
    expect(error.message).toMatch(/the key is RSA but the certificate's public key is EC/);
  });

  it("rejects a key on another curve", async () => {
    const [leaf, p384] = await Promise.all([testLeaf(), testLeaf({ type: "EC", curve: "P-384" })]);
    const error = await failWith({ certificate: leaf.certificatePem, privateKey: p384.key.privateKeyPem });
    expect(error.code).toBe("ERR_KEY_MISMATCH");
    expect(error.message).toMatch(/P-384 but the certificate's key is on P-256/);
  });

  it("rejects an Ed25519 certificate as unsupported", async () => {
    const leaf = await testLeaf({ type: "Ed25519" });
    const error = await failWith({ certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem });
    expect(error.code).toBe("ERR_UNSUPPORTED_KEY");
    expect(error.message).toMatch(/Ed25519.*Issue the certificate for an RSA/);
  });

  it("rejects a Signer whose algorithm does not fit the certificate", async () => {
    const leaf = await testLeaf();
    const error = await failWith({
      certificate: leaf.certificatePem,
      privateKey: { algorithm: "AWS4-X509-RSA-SHA256", sign: () => new Uint8Array() },
    });
    expect(error.code).toBe("ERR_KEY_MISMATCH");
  });

  it("rejects more than five chain certificates", async () => {
    const chain = await Promise.all(Array.from({ length: 6 }, () => testLeaf()));
    const error = await failWith(await withLeaf({ certificateChain: chain.map((c) => c.certificatePem) }));
    expect(error.code).toBe("ERR_INVALID_CHAIN");
    expect(error.message).toMatch(/6 certificates; Roles Anywhere accepts at most 5/);
  });

  it("names the path of a file it cannot read", async () => {
    const error = await failWith({ certificateFile: "/nonexistent/cert.pem", privateKeyFile: "/nonexistent/key.pem" });
    expect(error.code).toBe("ERR_FILE");
    // Both files are read concurrently, so either may be the one named.
    expect(error.message).toMatch(/Could not read "\/nonexistent\/(cert|key).pem": it does not exist\. Check the path/);
  });
});

describe("values that look almost right", () => {
  it.each([
    ["an empty region", { region: "" }, "ERR_INVALID_OPTION", /region must be an AWS region/],
    [
      "a role in another partition",
      { roleArn: "arn:aws-cn:iam::123456789012:role/x" },
      "ERR_REGION_MISMATCH",
      /roleArn is in the "aws-cn" partition/,
    ],
    ["a role ARN with a trailing space", { roleArn: `${ARNS.roleArn} ` }, "ERR_INVALID_ARN", /is not an ARN/],
    [
      "a profile ARN without an id",
      { profileArn: "arn:aws:rolesanywhere:us-east-1:123456789012:profile/" },
      "ERR_INVALID_ARN",
      /has no profile id after "profile\/"/,
    ],
    ["a duration given as a string", { durationSeconds: "3600" as unknown as number }, "ERR_INVALID_OPTION", /got string "3600"/],
  ])("%s", async (_name, options, code, message) => {
    const error = await rejection(getRolesAnywhereCredentials({ ...ARNS, ...(await withLeaf(options)), fetch: vi.fn() }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});
