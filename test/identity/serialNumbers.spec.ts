/**
 * Security/clarity: a leaf with serial 0, a negative serial or an empty serial is refused before any
 * request, with ERR_INVALID_CERTIFICATE saying what is wrong (it used to fail later as ERR_NETWORK
 * or an opaque `Invalid signature`).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getRolesAnywhereCredentials } from "../../src";
import { loadSigningIdentity } from "../../src/identity/identity";
import { ARNS, testCa } from "../support/fixtures";
import { type TestCert, generateTestKey, issueTestCertificate, type TestKey } from "../support/pki";
import { rejection } from "../support/rejection";

let key: TestKey;
let ca: TestCert;
beforeAll(async () => {
  key = await generateTestKey({ type: "EC", curve: "P-256" });
  ca = await testCa();
});

describe("security: serial numbers are checked locally", () => {
  it.each([
    ["serial 0", Uint8Array.of(0x00), /serial number is 0; RFC 5280 requires a positive serial/],
    ["a negative serial", Uint8Array.of(0xfb), /serial number is negative \(-5\); RFC 5280 requires a positive serial/],
    ["a negative 20-byte serial", Uint8Array.of(0x80, ...new Array<number>(19).fill(1)), /serial number is negative \(-\d+\)/],
    ["an empty serial", new Uint8Array(0), /could not be parsed: the serial number is empty/],
  ])("refuses %s with ERR_INVALID_CERTIFICATE before any request", async (_name, serialContents, message) => {
    const leaf = await issueTestCertificate({ issuer: ca, key, serialContents });
    const local = await rejection(loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: key.privateKeyPem }, new Date()));
    expect(local.code).toBe("ERR_INVALID_CERTIFICATE");
    expect(local.message).toMatch(message);
    let requests = 0;
    const provider = await rejection(
      getRolesAnywhereCredentials({
        ...ARNS,
        certificate: leaf.certificatePem,
        privateKey: key.privateKeyPem,
        endpoint: "http://127.0.0.1:9",
        fetch: async () => {
          requests++;
          throw new Error("no request expected");
        },
      }),
    );
    expect(provider.code).toBe("ERR_INVALID_CERTIFICATE");
    expect(requests).toBe(0);
  });

  it("accepts serial 1 and a 20-byte positive serial", async () => {
    for (const serialContents of [Uint8Array.of(0x01), Uint8Array.of(0x00, 0x80, ...new Array<number>(18).fill(1))]) {
      const leaf = await issueTestCertificate({ issuer: ca, key, serialContents });
      const identity = await loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: key.privateKeyPem }, new Date());
      expect(identity.certificate.serialNumber > 0n).toBe(true);
    }
  });
});
