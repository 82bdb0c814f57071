import { execFile } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator";
import { PKCS11_PIN_ENV } from "../../src/cli/pkcs11Flags";
import { type TestCert, createTestCa, issueTestCertificate } from "../support/pki";
import { createDemoCa } from "../../examples/custom-signer/demo-ca.mjs";
import { tempDir } from "../support/opensslTool";
import { generateTokenEcKey, importCertificate, importKey, initSoftHsmToken, softHsmMissing, softHsmModule } from "../support/softHsm";
import { emulatorFlags, hasNoSecrets, runCli } from "../support/cli";

const TOKEN = "ra-cli";
const PIN = "4821-cli-pin";
const ROLE = "arn:aws:iam::123456789012:role/App";
const BIN = resolve(import.meta.dirname, "../../dist/cli.cjs");

/** Runs the built bin to completion with only `env` (plus PATH/HOME). */
const runBin = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env } },
      (error, stdout, stderr) => done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });

describe.skipIf(softHsmMissing !== undefined)(
  `[needs:softhsm2] roles-anywhere credential-process with keys in a SoftHSM2 token${softHsmMissing ? ` (skipped: ${softHsmMissing})` : ""}`,
  () => {
    const tmp = tempDir();
    const module = softHsmModule!;
    let root: TestCert;
    let ec: TestCert;
    let rsa: TestCert;
    let demoCa: ReturnType<typeof createDemoCa>;
    let emulator: Emulator;

    beforeAll(async () => {
      root = await createTestCa({ commonName: "CLI HSM Root" });
      [ec, rsa] = await Promise.all([
        issueTestCertificate({ issuer: root, subject: { CN: "cli-hsm-ec" }, key: { type: "EC", curve: "P-256" } }),
        issueTestCertificate({ issuer: root, subject: { CN: "cli-hsm-rsa" }, key: { type: "RSA", bits: 2048 } }),
      ]);
      // SOFTHSM2_CONF (set by initSoftHsmToken in this test process) points at a config and token directory under tmp.
      initSoftHsmToken(tmp.dir, TOKEN, PIN);
      importKey(tmp.dir, TOKEN, PIN, "ec", "01", ec.key.privateKeyPem);
      importCertificate(module, TOKEN, PIN, "ec", "01", ec.certificateDer);
      importKey(tmp.dir, TOKEN, PIN, "rsa", "02", rsa.key.privateKeyPem);
      writeFileSync(join(tmp.dir, "rsa.pem"), rsa.certificatePem);
      writeFileSync(join(tmp.dir, "ec.pem"), ec.certificatePem);
      writeFileSync(join(tmp.dir, "chain.pem"), root.certificatePem);
      demoCa = createDemoCa("CLI HSM Demo CA");
      writeFileSync(
        join(tmp.dir, "always.pem"),
        demoCa.issueFor(generateTokenEcKey(module, TOKEN, PIN, "always", "0a", true), "cli-hsm-always"),
      );
      emulator = await startEmulator({
        trustAnchors: [
          { id: "TA", certificates: [root.certificatePem] },
          { id: "DEMO", certificates: [demoCa.certificatePem] },
        ],
        profiles: [{ id: "PROFILE", roleArns: [ROLE] }],
        roles: [{ name: "App" }],
      });
    });
    afterAll(async () => {
      await emulator?.close();
      tmp.cleanup();
    });

    const sessionFlags = (anchor = "TA") => emulatorFlags(emulator, ROLE, { anchor });
    const credentialsOf = (stdout: string) => {
      const out = JSON.parse(stdout) as Record<string, unknown>;
      expect(out).toMatchObject({
        Version: 1,
        AccessKeyId: expect.stringMatching(/^ASIA/),
        SecretAccessKey: expect.any(String),
        SessionToken: expect.any(String),
      });
      expect(new Date(out.Expiration as string).getTime()).toBeGreaterThan(Date.now());
      return out;
    };

    it("one certificate URI (key found by the same label), --pkcs11-lib, PIN from ROLES_ANYWHERE_PKCS11_PIN, --reuse-pin, --debug: credentials, PIN nowhere", async () => {
      const r = await runCli(
        [
          "credential-process",
          "--certificate",
          `pkcs11:token=${TOKEN};object=ec;type=cert`,
          "--pkcs11-lib",
          module,
          "--reuse-pin",
          "--debug",
          ...sessionFlags(),
        ],
        { env: { [PKCS11_PIN_ENV]: PIN } },
      );
      expect(r.stderr).toMatch(/AWS4-X509-ECDSA-SHA256/); // --debug logged the signing
      expect(r.code).toBe(0);
      const out = credentialsOf(r.stdout);
      expect(`${r.stdout}${r.stderr}`).not.toContain(PIN);
      expect(hasNoSecrets(r.stderr, [PIN, out.SecretAccessKey as string, out.SessionToken as string])).toBe(true);
    });

    it("RSA: certificate and --intermediates as files, key as a URI by id with pin-value (files are re-read; module and PIN still reach the token)", async () => {
      const r = await runCli(
        [
          "credential-process",
          "--certificate",
          join(tmp.dir, "rsa.pem"),
          "--intermediates",
          join(tmp.dir, "chain.pem"),
          "--private-key",
          `pkcs11:token=${TOKEN};id=%02;type=private?pin-value=${PIN}`,
          "--pkcs11-lib",
          module,
          "--debug",
          ...sessionFlags(),
        ],
        { env: {} },
      );
      expect(r.code).toBe(0);
      credentialsOf(r.stdout);
      expect(r.stderr).toMatch(/AWS4-X509-RSA-SHA256/);
      expect(r.stderr).not.toContain(PIN);
    });

    it("a key that needs the PIN for every signature (CKA_ALWAYS_AUTHENTICATE) signs with the user PIN (--reuse-pin behaviour, no prompt)", async () => {
      const r = await runCli(
        [
          "credential-process",
          "--certificate",
          join(tmp.dir, "always.pem"),
          "--private-key",
          `pkcs11:token=${TOKEN};object=always;type=private`,
          "--pkcs11-lib",
          module,
          "--reuse-pin",
          ...sessionFlags("DEMO"),
        ],
        { env: { [PKCS11_PIN_ENV]: PIN } },
      );
      expect(r.stderr).not.toMatch(/^roles-anywhere credential-process:/m); // at most the demo CA's short-validity [warn]
      expect(r.stderr).not.toContain(PIN);
      expect(r.code).toBe(0);
      credentialsOf(r.stdout);
    });

    it.skipIf(!existsSync(BIN))(
      `the built bin (dist/cli.cjs) loads the optional pkcs11js and signs in the token${existsSync(BIN) ? "" : " (skipped: dist/cli.cjs missing; run npm run build)"}`,
      async () => {
        const r = await runBin(
          [
            "credential-process",
            "--certificate",
            `pkcs11:token=${TOKEN};object=ec;type=cert`,
            "--pkcs11-lib",
            module,
            "--debug",
            ...sessionFlags(),
          ],
          {
            SOFTHSM2_CONF: process.env.SOFTHSM2_CONF!,
            [PKCS11_PIN_ENV]: PIN,
          },
        );
        expect(r.stderr).not.toMatch(/^roles-anywhere credential-process:/m);
        expect(r.code).toBe(0);
        credentialsOf(r.stdout);
        expect(r.stderr).not.toContain(PIN);
      },
    );

    it("read-certificate-data reads a certificate from the token by URI", async () => {
      const r = await runCli(
        ["read-certificate-data", "--certificate", `pkcs11:token=${TOKEN};object=ec;type=cert`, "--pkcs11-lib", module],
        { env: {} },
      );
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(JSON.parse(r.stdout)).toMatchObject({
        keyType: "EC",
        serialNumber: ec.serial.toString(10),
        supportedAlgorithms: ["ECSHA256", "ECSHA384", "ECSHA512"],
      });
      const missing = await runCli(
        ["read-certificate-data", "--certificate", `pkcs11:token=${TOKEN};object=nope;type=cert?pin-value=${PIN}`, "--pkcs11-lib", module],
        { env: {} },
      );
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/No certificate matches pkcs11:token=ra-cli;object=nope;type=cert\?pin-value=/);
      expect(missing.stderr).not.toContain(PIN);
    });

    it("a wrong PIN exits 1 with the token's refusal, never echoing the PIN", async () => {
      const bad = "9999-wrong-pin";
      const r = await runCli(
        [
          "credential-process",
          "--certificate",
          `pkcs11:token=${TOKEN};object=ec;type=cert?pin-value=${bad}`,
          "--pkcs11-lib",
          module,
          "--debug",
          ...sessionFlags(),
        ],
        { env: {} },
      );
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/PKCS#11 PIN was refused.*pin-value=\[redacted\]/);
      expect(r.stderr).not.toContain(bad);
    });

    it("no PIN at all: the key is invisible and the message says how to give the PIN", async () => {
      const r = await runCli(
        [
          "credential-process",
          "--certificate",
          join(tmp.dir, "ec.pem"),
          "--private-key",
          `pkcs11:token=${TOKEN};object=ec;type=private`,
          "--pkcs11-lib",
          module,
          ...sessionFlags(),
        ],
        { env: {} },
      );
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/No private key matches .*only visible after login/);
    });
  },
);
