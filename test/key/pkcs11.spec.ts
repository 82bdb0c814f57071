import { writeFileSync } from "node:fs";
import { createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromRolesAnywhere } from "../../src";
import { type Emulator } from "../../src/emulator";
import { loadSigningIdentity } from "../../src/identity/identity";
import { type TestCert, createTestCa, issueTestCertificate } from "../support/pki";
import { tempDir } from "../support/opensslTool";
import { createDemoCa } from "../../examples/custom-signer/demo-ca.mjs";
import { generateTokenEcKey, importCertificate, importKey, initSoftHsmToken, softHsmMissing, softHsmModule } from "../support/softHsm";
import { rejection as failure } from "../support/rejection";
import { roleArnOf, startEmulatorTrusting } from "../support/testEmulator";

const TOKEN = "ra-test";
const PIN = "1234-pin";
const ROLE = roleArnOf("App");

describe.skipIf(softHsmMissing !== undefined)(
  `[needs:softhsm2] PKCS#11 keys in SoftHSM2${softHsmMissing ? ` (skipped: ${softHsmMissing})` : ""}`,
  () => {
    const tmp = tempDir();
    let root: TestCert;
    let ec: TestCert;
    let rsa: TestCert;
    let other: TestCert;
    let emulator: Emulator;
    const module = softHsmModule!;

    beforeAll(async () => {
      root = await createTestCa({ commonName: "HSM Root" });
      [ec, rsa, other] = await Promise.all([
        issueTestCertificate({ issuer: root, subject: { CN: "hsm-ec" }, key: { type: "EC", curve: "P-384" } }),
        issueTestCertificate({ issuer: root, subject: { CN: "hsm-rsa" }, key: { type: "RSA", bits: 2048 } }),
        issueTestCertificate({ issuer: root, subject: { CN: "hsm-other" } }),
      ]);
      initSoftHsmToken(tmp.dir, TOKEN, PIN);
      importKey(tmp.dir, TOKEN, PIN, "ec", "01", ec.key.privateKeyPem);
      importKey(tmp.dir, TOKEN, PIN, "rsa", "02", rsa.key.privateKeyPem);
      importKey(tmp.dir, TOKEN, PIN, "other", "03", other.key.privateKeyPem);
      importCertificate(module, TOKEN, PIN, "ec", "01", ec.certificateDer);
      importCertificate(module, TOKEN, PIN, "rsa", "02", rsa.certificateDer);
      emulator = await startEmulatorTrusting(root.certificatePem);
    });
    afterAll(async () => {
      await emulator?.close();
      tmp.cleanup();
    });
    const arns = () => ({
      trustAnchorArn: emulator.arns.trustAnchors.TA!,
      profileArn: emulator.arns.profiles.PROFILE!,
      roleArn: ROLE,
      endpoint: emulator.url,
      pkcs11Module: module,
    });

    it("certificate and key from one URI (key found by the certificate's label): EC P-384, credentials from the emulator", async () => {
      const uri = `pkcs11:token=${TOKEN};object=ec;type=cert?pin-value=${PIN}`;
      const identity = await loadSigningIdentity({ certificate: uri, pkcs11Module: module }, new Date());
      expect(identity.certificate.serialNumber).toBe(ec.serial);
      expect(identity.signer.algorithm).toBe("AWS4-X509-ECDSA-SHA256");
      const data = new TextEncoder().encode("signed in the token");
      const signature = await identity.signer.sign(data);
      expect(verify("sha256", data, { key: createPublicKey(ec.certificatePem), dsaEncoding: "der" }, signature)).toBe(true);
      const credentials = await fromRolesAnywhere({ ...arns(), certificate: uri })();
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
    });

    it("RSA: certificate as PEM, key as a URI by id, PIN from pkcs11Pin, credentials from the emulator", async () => {
      const credentials = await fromRolesAnywhere({
        ...arns(),
        certificate: rsa.certificatePem,
        privateKey: `pkcs11:token=${TOKEN};id=%02;type=private`,
        pkcs11Pin: PIN,
      })();
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
    });

    it("certificate from a file, key as a URI: pkcs11Module and pkcs11Pin still reach the token", async () => {
      const certificateFile = `${tmp.dir}/rsa-cert.pem`;
      writeFileSync(certificateFile, rsa.certificatePem);
      const credentials = await fromRolesAnywhere({
        ...arns(),
        certificateFile,
        privateKey: `pkcs11:token=${TOKEN};id=%02;type=private`,
        pkcs11Pin: PIN,
      })();
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
    });

    it("a wrong PIN is ERR_BAD_PASSPHRASE and the PIN is never echoed", async () => {
      const error = await failure(
        loadSigningIdentity(
          { certificate: ec.certificatePem, privateKey: `pkcs11:token=${TOKEN};object=ec?pin-value=9999-bad`, pkcs11Module: module },
          new Date(),
        ),
      );
      expect(error.code).toBe("ERR_BAD_PASSPHRASE");
      expect(error.message).toMatch(/PIN was refused.*pin-value=\*\*\*/);
      expect(`${error.message}${error.stack}`).not.toContain("9999-bad");
    });

    it("without a PIN the private key is invisible: a clear ERR_INVALID_PRIVATE_KEY", async () => {
      const error = await failure(
        loadSigningIdentity(
          { certificate: ec.certificatePem, privateKey: `pkcs11:token=${TOKEN};object=ec`, pkcs11Module: module },
          new Date(),
        ),
      );
      expect(error.code).toBe("ERR_INVALID_PRIVATE_KEY");
      expect(error.message).toMatch(/only visible after login/);
    });

    it("a key of another certificate is ERR_KEY_MISMATCH", async () => {
      const error = await failure(
        loadSigningIdentity(
          { certificate: ec.certificatePem, privateKey: `pkcs11:token=${TOKEN};object=other`, pkcs11Pin: PIN, pkcs11Module: module },
          new Date(),
        ),
      );
      expect(error.code).toBe("ERR_KEY_MISMATCH");
      const same = await failure(
        loadSigningIdentity(
          { certificate: other.certificatePem, privateKey: `pkcs11:token=${TOKEN};object=ec`, pkcs11Pin: PIN, pkcs11Module: module },
          new Date(),
        ),
      );
      expect(same.code).toBe("ERR_KEY_MISMATCH");
    });

    it("a key generated inside the token with CKA_ALWAYS_AUTHENTICATE signs (the PIN is given again per signature)", async () => {
      const demoCa = createDemoCa("HSM Demo CA");
      const always = demoCa.issueFor(generateTokenEcKey(module, TOKEN, PIN, "always", "0a", true), "hsm-always");
      const plain = demoCa.issueFor(generateTokenEcKey(module, TOKEN, PIN, "generated", "0b", false), "hsm-generated");
      for (const [certificate, object] of [
        [always, "always"],
        [plain, "generated"],
      ] as const) {
        const identity = await loadSigningIdentity(
          { certificate, privateKey: `pkcs11:token=${TOKEN};object=${object};type=private`, pkcs11Pin: PIN, pkcs11Module: module },
          new Date(),
        );
        const data = new TextEncoder().encode(`signed by ${object}`);
        expect(verify("sha256", data, { key: createPublicKey(certificate), dsaEncoding: "der" }, await identity.signer.sign(data))).toBe(
          true,
        );
      }
    });

    it("names what is missing: an unknown token, an unknown certificate, a module that does not load", async () => {
      const token = await failure(
        loadSigningIdentity({ certificate: "pkcs11:token=nope;object=ec?pin-value=x", pkcs11Module: module }, new Date()),
      );
      expect(token.code).toBe("ERR_INVALID_OPTION");
      expect(token.message).toMatch(/No PKCS#11 token matches pkcs11:token=nope;object=ec\?pin-value=\*\*\*/);
      const cert = await failure(
        loadSigningIdentity({ certificate: `pkcs11:token=${TOKEN};object=missing;type=cert`, pkcs11Module: module }, new Date()),
      );
      expect(cert.code).toBe("ERR_INVALID_CERTIFICATE");
      const lib = await failure(
        loadSigningIdentity({ certificate: `pkcs11:token=${TOKEN};object=ec`, pkcs11Module: "/nonexistent/libpkcs11.so" }, new Date()),
      );
      expect(lib.code).toBe("ERR_FILE");
      expect(lib.message).toMatch(/Could not load the PKCS#11 module "\/nonexistent\/libpkcs11.so"/);
    });
  },
);
