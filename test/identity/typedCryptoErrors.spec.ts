/**
 * Security: whatever WebCrypto refuses while importing keys and certificates surfaces as a
 * RolesAnywhereError with a stable code, never as a bare DOMException.
 */
import { describe, expect, it } from "vitest";
import { loadSigningIdentity } from "../../src/identity/identity";
import { createCryptoKeySigner } from "../../src/key/signer";
import { testCa } from "../support/fixtures";
import { generateTestKey, issueTestCertificate } from "../support/pki";
import { rejection } from "../support/rejection";

/** The SPKI of `spki` with one byte of the EC point's X coordinate changed: almost surely off the curve. */
const offCurve = (spki: Uint8Array): Uint8Array => {
  const out = spki.slice();
  out[out.length - 40] = out[out.length - 40]! ^ 0x01; // inside X of an uncompressed P-256 point (04 ‖ X ‖ Y)
  return out;
};

describe("security: crypto failures are typed", () => {
  it("a certificate whose EC point is not on the curve → ERR_INVALID_CERTIFICATE (was DataError: Invalid keyData)", async () => {
    const key = await generateTestKey({ type: "EC", curve: "P-256" });
    const spki = new Uint8Array(key.publicKey.export({ type: "spki", format: "der" }));
    const leaf = await issueTestCertificate({ issuer: await testCa(), key, publicKeyDer: offCurve(spki) });
    const error = await rejection(loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: key.privateKeyPem }, new Date()));
    expect(error.code).toBe("ERR_INVALID_CERTIFICATE");
    expect(error.message).toMatch(
      /The certificate's P-256 public key is malformed \(for EC, the point may not be on the curve\).*\((DataError|Error): /,
    );
    expect((error as { cause?: unknown }).cause).toBeInstanceOf(Error);
  });

  it("a signing failure inside WebCrypto → ERR_SIGNER", async () => {
    const key = await generateTestKey({ type: "EC", curve: "P-256" });
    const verifyOnly = await globalThis.crypto.subtle.importKey(
      "spki",
      key.publicKey.export({ type: "spki", format: "der" }),
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["verify"],
    );
    const error = await rejection(createCryptoKeySigner(verifyOnly).sign(new Uint8Array([1, 2, 3])));
    expect(error.code).toBe("ERR_SIGNER");
    expect(error.message).toMatch(/Signing with the private key failed \(InvalidAccessError: /);
  });
});
