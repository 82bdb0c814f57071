// CRLs: RSASSA-PSS signatures (RFC 4055 parameters and defaults) and refusal of CRLs that cannot be used.
import { beforeAll, describe, expect, it } from "vitest";
import { EmulatorState, startEmulator, type Emulator, type EmulatorEvent } from "../../src/emulator";
import { findRevoked } from "../../src/emulator/pki/checkRevocation";
import { derBlocks, loadCertificate } from "../../src/emulator/pki/loadCertificate";
import { parsePssParams } from "../../src/emulator/pki/pssParams";
import type { CrlRecord } from "../../src/emulator/state/records";
import { parseDer } from "../../src/encoding/der";
import { createTestCa, issueTestCertificate, type TestCert } from "../support/pki";
import { createPssCrl } from "../support/pssCrl";
import { callCreateSession } from "../support/signCreateSession";

let rsaCa: TestCert;
let otherRsaCa: TestCert;
let leaf: TestCert;
let goodLeaf: TestCert;

beforeAll(async () => {
  rsaCa = await createTestCa({ commonName: "PSS Root", key: { type: "RSA", bits: 2048 } });
  otherRsaCa = await createTestCa({ commonName: "Other Root", key: { type: "RSA", bits: 2048 } });
  leaf = await issueTestCertificate({ issuer: rsaCa, subject: { CN: "revoked-by-pss" } });
  goodLeaf = await issueTestCertificate({ issuer: rsaCa, subject: { CN: "not-revoked" } });
});

const record = (pem: string): CrlRecord => ({
  id: "crl",
  arn: "arn:aws:rolesanywhere:us-east-1:123456789012:crl/crl",
  name: "crl",
  trustAnchorArn: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/ta",
  createdAt: new Date(0),
  updatedAt: new Date(0),
  tags: [],
  enabled: true,
  der: derBlocks(pem, "X509 CRL")[0]!,
});
const pathOf = (c: TestCert) => [loadCertificate(c.certificateDer), loadCertificate(rsaCa.certificateDer)];

describe("RSASSA-PSS CRLs", () => {
  it.each([
    ["SHA-256, salt 32, explicit parameters", { hash: "sha256" as const }],
    ["SHA-384, salt 48", { hash: "sha384" as const }],
    ["SHA-512, salt 0", { hash: "sha512" as const, saltLength: 0 }],
    ["an empty parameters SEQUENCE (RFC 4055 defaults: SHA-1, MGF1-SHA-1, salt 20)", { params: "empty" as const }],
  ])("revoke a certificate when signed by its issuer: %s", async (_name, options) => {
    const crl = record(await createPssCrl({ issuer: rsaCa, revokedSerials: [leaf.serial], ...options }));
    expect(findRevoked(pathOf(leaf), [crl])?.info.serialNumber).toBe(leaf.serial);
    expect(findRevoked(pathOf(goodLeaf), [crl])).toBeUndefined();
  });

  it("are ignored when signed by another CA or tampered with", async () => {
    const byOther = record(await createPssCrl({ issuer: otherRsaCa, revokedSerials: [leaf.serial] }));
    expect(findRevoked(pathOf(leaf), [byOther])).toBeUndefined();
    const good = record(await createPssCrl({ issuer: rsaCa, revokedSerials: [leaf.serial] }));
    const der = Uint8Array.from(good.der);
    der[der.length - 5] = der[der.length - 5]! ^ 0x01; // inside the signature value
    expect(findRevoked(pathOf(leaf), [{ ...good, der }])).toBeUndefined();
  });

  it("are enforced by CreateSession: a PSS-revoked certificate gets Untrusted signing certificate", async () => {
    const events: EmulatorEvent[] = [];
    const emu: Emulator = await startEmulator({
      trustAnchors: [
        { id: "TA", certificates: [rsaCa.certificatePem], crls: [await createPssCrl({ issuer: rsaCa, revokedSerials: [leaf.serial] })] },
      ],
      profiles: [{ id: "P", roleArns: ["arn:aws:iam::123456789012:role/App"] }],
      roles: [{ name: "App" }],
      onEvent: (e) => events.push(e),
    });
    try {
      const call = (c: TestCert) =>
        callCreateSession({
          url: emu.url,
          leaf: c,
          trustAnchorArn: emu.arns.trustAnchors.TA!,
          profileArn: emu.arns.profiles.P!,
          roleArn: emu.arns.roles.App!,
        });
      const refused = await call(leaf);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ __type: "AccessDeniedException", message: "Untrusted signing certificate" });
      expect(events[0]!.reason).toMatch(/is revoked by a CRL of trust anchor TA/);
      expect((await call(goodLeaf)).status).toBe(201);
    } finally {
      await emu.close();
    }
  });
});

describe("RSASSA-PSS parameters", () => {
  it("absent fields take RFC 4055's defaults: an empty SEQUENCE is SHA-1 with salt 20", () => {
    expect(parsePssParams(parseDer(Uint8Array.of(0x30, 0x00)))).toEqual({ hash: "sha1", saltLength: 20 });
    // SEQUENCE { [2] { INTEGER 0 } }: hash stays SHA-1
    expect(parsePssParams(parseDer(Uint8Array.of(0x30, 0x05, 0xa2, 0x03, 0x02, 0x01, 0x00)))).toEqual({ hash: "sha1", saltLength: 0 });
  });

  it("absent or NULL parameters are an error (RFC 4055 §3.1: MUST be present for a signature)", () => {
    expect(parsePssParams(undefined)).toEqual({ error: expect.stringMatching(/parameters are missing/) });
    expect(parsePssParams(parseDer(Uint8Array.of(0x05, 0x00)))).toEqual({ error: expect.stringMatching(/parameters are missing/) });
  });

  it("an MGF1 hash other than the signature hash is reported as unsupported", () => {
    // SEQUENCE { [0] { sha256 }, [1] { mgf1, sha1 } }
    const sha256 = [0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00];
    const sha1 = [0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00];
    const mgf1 = [0x30, 2 + 9 + sha1.length, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, ...sha1];
    const body = [0xa0, sha256.length, ...sha256, 0xa1, mgf1.length, ...mgf1];
    expect(parsePssParams(parseDer(Uint8Array.from([0x30, body.length, ...body])))).toEqual({
      error: expect.stringMatching(/MGF1 with sha1 under a sha256 signature/),
    });
  });
});

describe("importCrl refuses CRLs it could never use", () => {
  const invalid = expect.objectContaining({ name: "RolesAnywhereError", code: "ERR_INVALID_OPTION" });
  const stateWithAnchor = () => {
    const state = new EmulatorState();
    state.addTrustAnchor({ id: "TA", certificates: [rsaCa.certificatePem] });
    return state;
  };
  const pemOf = (label: string, der: Uint8Array) =>
    `-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64")}\n-----END ${label}-----\n`;

  it("a CRL that does not parse (a certificate under the CRL label, random bytes)", () => {
    const state = stateWithAnchor();
    expect(() => state.importCrl("TA", pemOf("X509 CRL", rsaCa.certificateDer))).toThrow(invalid);
    expect(() => state.importCrl("TA", pemOf("X509 CRL", rsaCa.certificateDer))).toThrow(/not a valid X\.509 CRL/);
    expect(() => state.importCrl("TA", { id: "C1", crl: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01) })).toThrow(
      /CRL "C1" is not a valid X\.509 CRL/,
    );
    expect(state.trustAnchors.get("TA")!.crls).toHaveLength(0);
  });

  it("a PSS CRL whose MGF1 hash differs from its signature hash", async () => {
    const pem = await createPssCrl({ issuer: rsaCa, revokedSerials: [leaf.serial], hash: "sha256", mgfHash: "sha1" });
    expect(() => stateWithAnchor().importCrl("TA", pem)).toThrow(/cannot be verified: MGF1 with sha1 under a sha256 signature/);
  });

  it("a PSS CRL without parameters", async () => {
    const pem = await createPssCrl({ issuer: rsaCa, revokedSerials: [leaf.serial], params: "absent" });
    expect(() => stateWithAnchor().importCrl("TA", pem)).toThrow(/cannot be verified: RSASSA-PSS parameters are missing/);
  });

  it("startEmulator refuses the same, with ERR_INVALID_OPTION", async () => {
    const bad = pemOf("X509 CRL", Uint8Array.of(1, 2, 3, 4));
    await expect(startEmulator({ trustAnchors: [{ id: "TA", certificates: [rsaCa.certificatePem], crls: [bad] }] })).rejects.toThrow(
      invalid,
    );
  });
});
