import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FromRolesAnywhereInit, RolesAnywhereError, fromRolesAnywhere } from "../../src";
import { type Emulator } from "../../src/emulator";
import { loadSigningIdentity } from "../../src/identity/identity";
import { type TestCert, createTestCa, issueTestCertificate } from "../support/pki";
import { ARNS } from "../support/fixtures";
import { roleArnOf, startEmulatorTrusting } from "../support/testEmulator";

const ROLE = roleArnOf("App");
const b64 = (der: Uint8Array): string => Buffer.from(der).toString("base64");

let root: TestCert;
let intermediate: TestCert;
let leaf: TestCert;
let otherRoot: TestCert;
let emulator: Emulator;

beforeAll(async () => {
  root = await createTestCa({ commonName: "Bundle Root" });
  intermediate = await createTestCa({ commonName: "Bundle Intermediate", issuer: root });
  leaf = await issueTestCertificate({ issuer: intermediate, subject: { CN: "bundle-leaf" } });
  otherRoot = await createTestCa({ commonName: "Unrelated Root" });
  emulator = await startEmulatorTrusting(root.certificatePem);
});
afterAll(async () => {
  await emulator?.close();
});

const failBeforeRequest = async (init: Partial<FromRolesAnywhereInit>): Promise<RolesAnywhereError> => {
  const fetch = vi.fn();
  const error = await fromRolesAnywhere({ ...ARNS, ...init, fetch } as FromRolesAnywhereInit)().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RolesAnywhereError);
  expect(fetch).not.toHaveBeenCalled();
  return error as RolesAnywhereError;
};

describe("certificate bundles", () => {
  it("splits a full-chain PEM given as certificate: leaf first, the rest become the chain", async () => {
    const identity = await loadSigningIdentity(
      { certificate: leaf.certificatePem + intermediate.certificatePem, privateKey: leaf.key.privateKeyPem },
      new Date(),
    );
    expect(identity.certificate.serialNumber).toBe(leaf.serial);
    expect(identity.chain.map(b64)).toEqual([b64(intermediate.certificateDer)]);
  });

  it("reads certificate, chain and key from one PEM with comments, Bag Attributes and blank lines between blocks", async () => {
    const pem = [
      "# workload identity, issued 2026-11-25",
      "Bag Attributes",
      "    localKeyID: 01 02 03",
      "subject=CN = bundle-leaf",
      leaf.certificatePem.replace(/\n/g, "\r\n"),
      "",
      "",
      "# intermediate",
      intermediate.certificatePem,
      "Key Attributes: <No Attributes>",
      leaf.key.privateKeyPem,
      "trailing text",
    ].join("\n");
    const identity = await loadSigningIdentity({ certificate: pem }, new Date());
    expect(identity.certificate.serialNumber).toBe(leaf.serial);
    expect(identity.chain.map(b64)).toEqual([b64(intermediate.certificateDer)]);
  });

  it("takes chain arrays mixing DER and PEM (a PEM item may hold several certificates), in any order", async () => {
    for (const certificateChain of [
      [intermediate.certificateDer, root.certificatePem],
      [root.certificateDer, intermediate.certificatePem],
      [intermediate.certificatePem + root.certificatePem],
      intermediate.certificateDer,
    ]) {
      const identity = await loadSigningIdentity(
        { certificate: leaf.certificateDer, privateKey: leaf.key.privateKeyPem, certificateChain },
        new Date(),
      );
      expect(identity.chain.length).toBeGreaterThanOrEqual(1);
      expect(identity.chain.map(b64)).toContain(b64(intermediate.certificateDer));
    }
  });

  it("drops the leaf and duplicates from the chain", async () => {
    const identity = await loadSigningIdentity(
      {
        certificate: leaf.certificatePem,
        privateKey: leaf.key.privateKeyPem,
        certificateChain: [leaf.certificatePem, intermediate.certificatePem, intermediate.certificateDer],
      },
      new Date(),
    );
    expect(identity.chain.map(b64)).toEqual([b64(intermediate.certificateDer)]);
  });

  it("a chain that does not contain the leaf's issuer is ERR_INVALID_CHAIN before any request", async () => {
    const error = await failBeforeRequest({
      certificate: leaf.certificatePem,
      privateKey: leaf.key.privateKeyPem,
      certificateChain: otherRoot.certificatePem,
    });
    expect(error.code).toBe("ERR_INVALID_CHAIN");
    expect(error.message).toMatch(
      /does not link to the leaf: none of its 1 certificate\(s\) is the leaf's issuer "CN=Bundle Intermediate"/,
    );
  });

  it("a chain with a certificate off the leaf's path is ERR_INVALID_CHAIN naming it", async () => {
    const error = await failBeforeRequest({
      certificate: leaf.certificatePem,
      privateKey: leaf.key.privateKeyPem,
      certificateChain: [intermediate.certificatePem, otherRoot.certificatePem],
    });
    expect(error.code).toBe("ERR_INVALID_CHAIN");
    expect(error.message).toMatch(/Chain certificate 2 \("CN=Unrelated Root".*is not on the path from the leaf/);
  });

  it("a chain that skips a level (root without the intermediate) is ERR_INVALID_CHAIN", async () => {
    const error = await failBeforeRequest({
      certificate: leaf.certificatePem,
      privateKey: leaf.key.privateKeyPem,
      certificateChain: root.certificatePem,
    });
    expect(error.code).toBe("ERR_INVALID_CHAIN");
  });

  it("more than five linked chain certificates is ERR_INVALID_CHAIN before any request", async () => {
    let issuer = root;
    const cas: TestCert[] = [];
    for (let i = 0; i < 6; i++) {
      issuer = await createTestCa({ commonName: `Level ${i}`, issuer });
      cas.push(issuer);
    }
    const deep = await issueTestCertificate({ issuer, subject: { CN: "deep" } });
    const error = await failBeforeRequest({
      certificate: deep.certificatePem,
      privateKey: deep.key.privateKeyPem,
      certificateChain: cas.reverse().map((ca) => ca.certificatePem),
    });
    expect(error.code).toBe("ERR_INVALID_CHAIN");
    expect(error.message).toMatch(/6 certificates; Roles Anywhere accepts at most 5/);
  });

  it("a full-chain PEM file with the key gets credentials from the emulator", async () => {
    const credentials = await fromRolesAnywhere({
      trustAnchorArn: emulator.arns.trustAnchors.TA!,
      profileArn: emulator.arns.profiles.PROFILE!,
      roleArn: ROLE,
      endpoint: emulator.url,
      certificate: `${leaf.certificatePem}\n# chain\n${intermediate.certificatePem}\n${leaf.key.privateKeyPem}`,
    })();
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
  });

  it("a chain that holds no certificate (a key file by mistake) is ERR_INVALID_CHAIN", async () => {
    const error = await failBeforeRequest({
      certificate: leaf.certificatePem,
      privateKey: leaf.key.privateKeyPem,
      certificateChain: leaf.key.privateKeyPem,
    });
    expect(error.code).toBe("ERR_INVALID_CHAIN");
    expect(error.message).toMatch(/holds no "CERTIFICATE" block/);
  });
});
