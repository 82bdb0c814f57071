import { randomBytes } from "node:crypto";
import { ml_dsa44, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { describe, expect, it } from "vitest";
import { parseCertificate } from "../../src/certificate/certificate";
import { verifyMlDsaSignature } from "../../src/signature/mlDsaVerify";
import { decodePem } from "../../src/encoding/pem";
import { testLeaf } from "../support/fixtures";
import { mlDsaCa } from "../support/mlDsaMaterial";
import { liboqs, liboqsSkipReason } from "../support/liboqs";

const ca = mlDsaCa();
const certificateOf = (pem: string) => parseCertificate(decodePem(pem)[0]!.der);
const message = new TextEncoder().encode("AWS4-X509-MLDSA\n20261125T000000Z\n20261125/us-east-1/rolesanywhere/aws4_request\nabc");

describe("verifyMlDsaSignature (for verifiers such as the emulator)", () => {
  it.skipIf(!liboqs)(
    `[needs:liboqs] accepts a signature and a key made by liboqs (an independent implementation)${liboqsSkipReason}`,
    async () => {
      const oqs = await liboqs!["ML-DSA-44"]();
      const pair = oqs.generateKeyPair();
      const signature = oqs.sign(message, pair.secretKey);
      oqs.destroy();
      const certificate = certificateOf(ca.issue("ML-DSA-44", pair.publicKey));
      expect(await verifyMlDsaSignature(certificate, message, signature)).toBe(true);
      const tampered = signature.slice();
      tampered[10]! ^= 1;
      expect(await verifyMlDsaSignature(certificate, message, tampered)).toBe(false);
    },
  );

  it("accepts a @noble signature; rejects tampering, the wrong key and non-ML-DSA certificates", async () => {
    const keys44 = ml_dsa44.keygen(new Uint8Array(randomBytes(32)));
    const signature = ml_dsa44.sign(message, keys44.secretKey);
    const certificate = certificateOf(ca.issue("ML-DSA-44", keys44.publicKey));
    expect(await verifyMlDsaSignature(certificate, message, signature)).toBe(true);
    const tampered = signature.slice();
    tampered[10]! ^= 1;
    expect(await verifyMlDsaSignature(certificate, message, tampered)).toBe(false);
    expect(await verifyMlDsaSignature(certificate, message.subarray(1), signature)).toBe(false);
    expect(await verifyMlDsaSignature(certificate, message, signature.subarray(0, 100))).toBe(false);

    const keys87 = ml_dsa87.keygen(new Uint8Array(randomBytes(32)));
    const certificate87 = certificateOf(ca.issue("ML-DSA-87", keys87.publicKey));
    expect(await verifyMlDsaSignature(certificate87, message, ml_dsa87.sign(message, keys87.secretKey))).toBe(true);
    expect(await verifyMlDsaSignature(certificate87, message, signature)).toBe(false);

    const ec = await testLeaf();
    expect(await verifyMlDsaSignature(parseCertificate(ec.certificateDer), message, signature)).toBe(false);
  });
});
