/**
 * Security: path building costs a bounded amount of work whatever a request's chain holds. Work is
 * counted (signature checks through an injected checker), never timed.
 */
import * as asn1js from "asn1js";
import { beforeAll, describe, expect, it } from "vitest";
import { reasonOf } from "../support/reason";
import { MAX_SIGNATURE_CHECKS, buildCertificationPath, issued, type IssuerCheck } from "../../src/emulator/pki/buildPath";
import { publicKeyProblem } from "../../src/emulator/pki/keyLimits";
import { loadCertificate } from "../../src/emulator/pki/loadCertificate";
import { startCallingEmulator } from "../support/testEmulator";
import { createTestCa, generateTestKey, issueTestCertificate, type TestCert, type TestKey } from "../support/pki";

const load = (c: TestCert) => loadCertificate(c.certificateDer);
const now = () => new Date();
const counting = () => {
  const counter = { calls: 0, pairs: new Set<string>() };
  const verifyIssued: IssuerCheck = (issuer, child, mlDsa) => {
    counter.calls++;
    counter.pairs.add(`${issuer.info.serialHex}>${child.info.serialHex}`);
    return issued(issuer, child, mlDsa);
  };
  return { counter, verifyIssued };
};

/** An RSA SubjectPublicKeyInfo with `key`'s modulus (or `modulus`) and the given public exponent. */
const rsaSpki = (key: TestKey, exponent: bigint, modulus?: Uint8Array): Uint8Array => {
  const jwk = key.publicKey.export({ format: "jwk" });
  const n = modulus ?? Buffer.from(jwk.n!, "base64url");
  const unsigned = (bytes: Uint8Array) => ((bytes[0] ?? 0) & 0x80 ? Uint8Array.from([0, ...bytes]) : bytes);
  let hex = exponent.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const rsaPublicKey = new asn1js.Sequence({
    value: [new asn1js.Integer({ valueHex: unsigned(n) }), new asn1js.Integer({ valueHex: unsigned(Buffer.from(hex, "hex")) })],
  });
  const spki = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: "1.2.840.113549.1.1.1" }), new asn1js.Null()] }),
      new asn1js.BitString({ valueHex: rsaPublicKey.toBER(false) }),
    ],
  });
  return new Uint8Array(spki.toBER(false));
};

let root: TestCert;
let rsa: TestKey;
beforeAll(async () => {
  root = await createTestCa({ commonName: "Limits Root" });
  rsa = await generateTestKey({ type: "RSA", bits: 2048 });
});

describe("security: path building work is bounded", () => {
  it("checks each (issuer, subject) pair at most once when look-alike CAs share a name and a key", async () => {
    // Five CA certificates, same subject and issuer name, same key: each one verifies as the issuer
    // of every other, so a search without memory tries every ordering (5! paths) and re-verifies.
    const first = await createTestCa({ subject: { CN: "Look-alike" }, key: rsa });
    const others = await Promise.all([1, 2, 3, 4].map(() => createTestCa({ subject: { CN: "Look-alike" }, key: rsa, issuer: first })));
    const pool = [first, ...others];
    const leaf = await issueTestCertificate({ issuer: first, subject: { CN: "victim" } });
    const { counter, verifyIssued } = counting();
    const reason = reasonOf(() => buildCertificationPath(load(leaf), pool.map(load), [load(root)], now(), { verifyIssued }));
    expect(reason).toMatch(/no chain of valid signatures|allows|not/);
    // 5 CAs for the leaf + 5 × 4 between the CAs; the anchor's name matches none of them.
    expect(counter.pairs.size).toBe(25);
    expect(counter.calls).toBe(counter.pairs.size);
  });

  it("drops duplicate pool certificates before searching", async () => {
    const mid = await createTestCa({ commonName: "Dup Mid", issuer: root });
    const leaf = await issueTestCertificate({ issuer: mid });
    const { counter, verifyIssued } = counting();
    const path = buildCertificationPath(load(leaf), [load(mid), load(mid), load(mid), load(mid), load(mid)], [load(root)], now(), {
      verifyIssued,
    });
    expect(path).toHaveLength(3);
    expect(counter.calls).toBe(2); // mid → leaf, root → mid
  });

  it("stops after MAX_SIGNATURE_CHECKS checks however many anchors share the issuer's name", async () => {
    // Same name and key, so every one's signature over the leaf is checked; all expired, so none ends the search.
    const key = await generateTestKey();
    const expired = { notBefore: new Date(Date.now() - 3 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) };
    const anchors = await Promise.all(
      Array.from({ length: MAX_SIGNATURE_CHECKS + 10 }, () => createTestCa({ commonName: "Many Roots", key, ...expired })),
    );
    const leaf = await issueTestCertificate({ issuer: anchors[0]! });
    const { counter, verifyIssued } = counting();
    const reason = reasonOf(() => buildCertificationPath(load(leaf), [], anchors.map(load), now(), { verifyIssued }));
    expect(reason).toMatch(`gave up after ${MAX_SIGNATURE_CHECKS} signature checks`);
    expect(counter.calls).toBe(MAX_SIGNATURE_CHECKS);
  });

  it("never verifies with an issuer whose RSA public exponent exceeds 2^32 (a 3066-bit one costs seconds per check)", async () => {
    const huge = rsaSpki(rsa, 2n ** 3065n + 1n);
    const lookAlikes = await Promise.all(
      [0, 1, 2, 3, 4].map(() => createTestCa({ subject: { CN: "Slow" }, key: rsa, publicKeyDer: huge })),
    );
    const leaf = await issueTestCertificate({ issuer: lookAlikes[0]!, subject: { CN: "victim" } });
    const { counter, verifyIssued } = counting();
    const reason = reasonOf(() => buildCertificationPath(load(leaf), lookAlikes.map(load), [load(root)], now(), { verifyIssued }));
    expect(counter.calls).toBe(0);
    expect(reason).toMatch(/cannot be an issuer: its RSA key has a 3066-bit public exponent/);
  });

  it.each([
    ["a 3066-bit exponent", () => rsaSpki(rsa, 2n ** 3065n + 1n), /3066-bit public exponent/],
    ["an exponent of 2^32 + 1", () => rsaSpki(rsa, 2n ** 32n + 1n), /33-bit public exponent/],
    ["an even exponent", () => rsaSpki(rsa, 65536n), /the 65536 public exponent/],
    ["an exponent of 1", () => rsaSpki(rsa, 1n), /the 1 public exponent/],
    [
      "a 17000-bit modulus",
      () =>
        rsaSpki(
          rsa,
          65537n,
          Uint8Array.from({ length: 2125 }, (_, i) => (i === 0 ? 0xff : 0x5a)),
        ),
      /17000-bit modulus/,
    ],
    [
      "a 512-bit modulus",
      () =>
        rsaSpki(
          rsa,
          65537n,
          Uint8Array.from({ length: 64 }, (_, i) => (i === 0 ? 0xff : 0x5a)),
        ),
      /512-bit modulus/,
    ],
  ])("refuses a key with %s", async (_name, spki, message) => {
    const cert = await createTestCa({ commonName: "Odd key", key: rsa, publicKeyDer: spki() });
    expect(publicKeyProblem(load(cert).info)).toMatch(message);
  });

  it("accepts the usual keys: RSA 2048 with e = 65537, EC P-256", async () => {
    expect(publicKeyProblem(load(await createTestCa({ key: rsa })).info)).toBeUndefined();
    expect(publicKeyProblem(load(root).info)).toBeUndefined();
  });
});

describe("security: a request's leaf key is checked before its signature", () => {
  const untrusted = { __type: "AccessDeniedException", message: "Untrusted signing certificate" };

  it("refuses an RSA-1024 leaf as Untrusted signing certificate (RSA keys: 2048–16384 bits)", async () => {
    const { emulator, events, call } = await startCallingEmulator(root);
    try {
      const weak = await call(await issueTestCertificate({ issuer: root, key: { type: "RSA", bits: 1024 } }));
      expect([weak.status, weak.body]).toEqual([403, untrusted]);
      expect(events[0]!.reason).toMatch(/its RSA key has a 1024-bit modulus \(supported: 2048–16384 bits\)/);
      expect((await call(await issueTestCertificate({ issuer: root, key: rsa }))).status).toBe(201);
    } finally {
      await emulator.close();
    }
  });

  it("refuses a leaf with a 3066-bit RSA exponent as Untrusted signing certificate, without verifying", async () => {
    const { emulator, events, call } = await startCallingEmulator(root);
    try {
      const result = await call(await issueTestCertificate({ issuer: root, key: rsa, publicKeyDer: rsaSpki(rsa, 2n ** 3065n + 1n) }));
      expect([result.status, result.body]).toEqual([403, untrusted]);
      expect(events[0]!.reason).toMatch(/cannot sign requests: its RSA key has a 3066-bit public exponent/);
    } finally {
      await emulator.close();
    }
  });
});
