import { createPrivateKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromRolesAnywhere } from "../../src";
import { type Emulator } from "../../src/emulator";
import { loadSigningIdentity } from "../../src/identity/identity";
import { readPkcs12 } from "../../src/key/pkcs12/pkcs12";
import { selectPkcs12Identity } from "../../src/key/pkcs12/pkcs12Identity";
import { type TestCert, createTestCa, issueTestCertificate } from "../support/pki";
import { hasLegacyProvider, hasOpenssl, openssl, readBytes, tempDir, writeFile } from "../support/opensslTool";
import { rejection as failure } from "../support/rejection";
import { roleArnOf, startEmulatorTrusting } from "../support/testEmulator";

const PASS = "p12-pässword";
const ROLE = roleArnOf("App");

describe.skipIf(!hasOpenssl)(`PKCS#12 files made by the openssl CLI${hasOpenssl ? "" : " (skipped: openssl is not installed)"}`, () => {
  const tmp = tempDir();
  let root: TestCert;
  let intermediate: TestCert;
  let rsaLeaf: TestCert;
  let ecLeaf: TestCert;
  let emulator: Emulator;
  beforeAll(async () => {
    root = await createTestCa({ commonName: "P12 Root", key: { type: "EC", curve: "P-256" } });
    intermediate = await createTestCa({ commonName: "P12 Intermediate", issuer: root, key: { type: "EC", curve: "P-256" } });
    [rsaLeaf, ecLeaf] = await Promise.all([
      issueTestCertificate({ issuer: intermediate, subject: { CN: "p12-rsa" }, key: { type: "RSA", bits: 2048 } }),
      issueTestCertificate({ issuer: intermediate, subject: { CN: "p12-ec" }, key: { type: "EC", curve: "P-384" } }),
    ]);
    emulator = await startEmulatorTrusting(root.certificatePem);
  });
  afterAll(async () => {
    await emulator?.close();
    tmp.cleanup();
  });

  let counter = 0;
  /** `openssl pkcs12 -export` with the leaf, its key and [intermediate, root] as extra certificates. */
  const exportP12 = (leaf: TestCert, args: readonly string[], passphrase: string = PASS): Uint8Array => {
    const n = counter++;
    const key = writeFile(tmp.path(`key-${n}.pem`), leaf.key.privateKeyPem);
    const cert = writeFile(tmp.path(`cert-${n}.pem`), leaf.certificatePem);
    const chain = writeFile(tmp.path(`chain-${n}.pem`), root.certificatePem + intermediate.certificatePem);
    const out = tmp.path(`file-${n}.p12`);
    openssl(["pkcs12", "-export", "-inkey", key, "-in", cert, "-certfile", chain, "-passout", `pass:${passphrase}`, "-out", out, ...args]);
    return readBytes(out);
  };

  const expectIdentity = async (leaf: TestCert, pkcs12: Uint8Array, passphrase: string | undefined) => {
    const identity = await loadSigningIdentity({ pkcs12, ...(passphrase === undefined ? {} : { passphrase }) }, new Date());
    expect(identity.certificate.serialNumber).toBe(leaf.serial);
    // Chain: nearest issuer first, the leaf not repeated.
    expect(identity.chain.map((der) => Buffer.from(der).toString("base64"))).toEqual(
      [intermediate, root].map((c) => Buffer.from(c.certificateDer).toString("base64")),
    );
    expect((await identity.signer.sign(new TextEncoder().encode("x"))).length).toBeGreaterThan(8);
    return identity;
  };

  const variants: [string, readonly string[], boolean][] = [
    ["OpenSSL 3 default (PBES2 AES-256-CBC, PBKDF2, SHA-256 MAC)", [], false],
    ["PBES2 AES-128-CBC with a SHA-512 MAC", ["-keypbe", "aes-128-cbc", "-certpbe", "aes-128-cbc", "-macalg", "sha512"], false],
    ["SHA-1 3DES for key and certificates, SHA-1 MAC", ["-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1"], false],
    ["legacy (-legacy: RC2-40 certificates, 3DES key, SHA-1 MAC)", ["-legacy"], true],
    ["unencrypted bags with a MAC", ["-keypbe", "NONE", "-certpbe", "NONE"], false],
  ];

  for (const [name, args, needsLegacy] of variants) {
    const skip = needsLegacy && !hasLegacyProvider;
    it.skipIf(skip)(
      `${name}${skip ? " (skipped: this OpenSSL has no legacy provider)" : ""}: RSA and EC, right, wrong and missing password`,
      async () => {
        for (const leaf of [rsaLeaf, ecLeaf]) await expectIdentity(leaf, exportP12(leaf, args), PASS);
        const file = exportP12(ecLeaf, args);
        const wrong = await failure(loadSigningIdentity({ pkcs12: file, passphrase: "wrong" }, new Date()));
        expect(wrong.code).toBe("ERR_BAD_PASSPHRASE");
        expect(wrong.message).toMatch(/does not match the PKCS#12 file/);
        const missing = await failure(loadSigningIdentity({ pkcs12: file }, new Date()));
        expect(missing.code).toBe("ERR_BAD_PASSPHRASE");
        expect(missing.message).toMatch(/protected by a password and none was given/);
        for (const error of [wrong, missing]) expect(`${error.message}${error.stack}`).not.toContain(PASS);
      },
    );
  }

  it('reads files exported without a password (default and legacy), with or without passphrase ""', async () => {
    await expectIdentity(ecLeaf, exportP12(ecLeaf, [], ""), undefined);
    await expectIdentity(rsaLeaf, exportP12(rsaLeaf, [], ""), "");
    if (hasLegacyProvider) await expectIdentity(ecLeaf, exportP12(ecLeaf, ["-legacy"], ""), undefined);
    await expectIdentity(ecLeaf, exportP12(ecLeaf, ["-keypbe", "NONE", "-certpbe", "NONE", "-nomac"], ""), undefined);
  });

  it("pairs the key with its certificate by localKeyID and reports what is inside", async () => {
    const contents = await readPkcs12(exportP12(rsaLeaf, []), PASS);
    expect(contents.certificates).toHaveLength(3);
    expect(contents.keys).toHaveLength(1);
    const withId = contents.certificates.filter((cert) => cert.localKeyId !== undefined);
    expect(withId).toHaveLength(1);
    expect(Buffer.from(withId[0]!.der)).toEqual(Buffer.from(rsaLeaf.certificateDer));
    expect(Buffer.from(contents.keys[0]!.localKeyId!)).toEqual(Buffer.from(withId[0]!.localKeyId!));
  });

  it("a file whose key belongs to another certificate is ERR_KEY_MISMATCH", async () => {
    // OpenSSL refuses to export a mismatched pair, so feed the selector such contents directly.
    const ecKey = new Uint8Array(createPrivateKey(ecLeaf.key.privateKeyPem).export({ type: "pkcs8", format: "der" }));
    const picked = selectPkcs12Identity({
      certificates: [{ der: rsaLeaf.certificateDer }, { der: intermediate.certificateDer }],
      keys: [{ pkcs8: ecKey }],
    });
    expect(Buffer.from(picked.certificate)).toEqual(Buffer.from(rsaLeaf.certificateDer));
    const error = await failure(loadSigningIdentity({ certificate: picked.certificate, privateKey: picked.privateKey }, new Date()));
    expect(error.code).toBe("ERR_KEY_MISMATCH");
  });

  it("without localKeyID, picks the certificate that issued none of the others and orders the chain", async () => {
    const key = new Uint8Array(createPrivateKey(ecLeaf.key.privateKeyPem).export({ type: "pkcs8", format: "der" }));
    const picked = selectPkcs12Identity({
      certificates: [{ der: root.certificateDer }, { der: ecLeaf.certificateDer }, { der: intermediate.certificateDer }],
      keys: [{ pkcs8: key }],
    });
    expect(Buffer.from(picked.certificate)).toEqual(Buffer.from(ecLeaf.certificateDer));
    expect(picked.chain.map((der) => Buffer.from(der))).toEqual([
      Buffer.from(intermediate.certificateDer),
      Buffer.from(root.certificateDer),
    ]);
  });

  it("a file without a key or without a certificate is a clear error", async () => {
    const n = counter++;
    const cert = writeFile(tmp.path(`nokey-${n}.pem`), ecLeaf.certificatePem);
    const noKey = tmp.path(`nokey-${n}.p12`);
    openssl(["pkcs12", "-export", "-nokeys", "-in", cert, "-passout", `pass:${PASS}`, "-out", noKey]);
    const error = await failure(loadSigningIdentity({ pkcs12: readBytes(noKey), passphrase: PASS }, new Date()));
    expect(error.code).toBe("ERR_INVALID_PRIVATE_KEY");
    expect(error.message).toMatch(/holds no private key/);
  });

  it("rejects bytes that are not PKCS#12, and a tampered file", async () => {
    const notP12 = await failure(loadSigningIdentity({ pkcs12: new TextEncoder().encode(ecLeaf.certificatePem) }, new Date()));
    expect(notP12.code).toBe("ERR_INVALID_CERTIFICATE");
    expect(notP12.message).toMatch(/PKCS#12 data could not be read/);
    const file = exportP12(ecLeaf, []).slice();
    file[Math.floor(file.length / 2)]! ^= 0x01;
    const tampered = await failure(loadSigningIdentity({ pkcs12: file, passphrase: PASS }, new Date()));
    expect(["ERR_BAD_PASSPHRASE", "ERR_INVALID_CERTIFICATE"]).toContain(tampered.code);
  });

  it("gets credentials from the emulator with pkcs12 bytes and with pkcs12File (chain from the file)", async () => {
    const file = exportP12(rsaLeaf, []);
    const path = writeFile(tmp.path("emulator.p12"), file);
    const arns = { trustAnchorArn: emulator.arns.trustAnchors.TA!, profileArn: emulator.arns.profiles.PROFILE!, roleArn: ROLE };
    for (const source of [{ pkcs12: file }, { pkcs12File: path }]) {
      const credentials = await fromRolesAnywhere({ ...arns, ...source, passphrase: PASS, endpoint: emulator.url })();
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
    }
    const error = await failure(fromRolesAnywhere({ ...arns, pkcs12File: path, passphrase: "nope", endpoint: emulator.url })());
    expect(error.code).toBe("ERR_BAD_PASSPHRASE");
  });
});
