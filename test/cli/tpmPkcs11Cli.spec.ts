import { execFile, execFileSync } from "node:child_process";
import { createPublicKey, verify, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator";
import { signStringMessage } from "../../src/key/signStringMessage";
import { type TestCert, createTestCa } from "../support/pki";
import { issueFromCsr, tempDir } from "../support/opensslTool";
import { softHsmMissing } from "../support/softHsm";
import { type Swtpm, startSwtpm, swtpmMissing, tpm2Pkcs11Module } from "../support/swtpm.mjs";
import { emulatorFlags } from "../support/cli";

const TOKEN = "ra-tpm";
const SO_PIN = "5678-so";
const PIN = "2468-tpm-user";
const ROLE = "arn:aws:iam::123456789012:role/TpmToken";
const BIN = resolve(import.meta.dirname, "../../dist/cli.cjs");
const SETUP = resolve(import.meta.dirname, "../support/tpmPkcs11Token.mjs");

const missing =
  swtpmMissing ??
  (tpm2Pkcs11Module === undefined ? "tpm2-pkcs11 is not installed (apt-get install libtpm2-pkcs11-1)" : undefined) ??
  // The same native package the SoftHSM2 tests need.
  (softHsmMissing?.includes("pkcs11js") ? softHsmMissing : undefined) ??
  (existsSync(BIN) ? undefined : "dist/cli.cjs is missing (npm run build)");

describe.skipIf(missing !== undefined)(
  `[needs:swtpm] a TPM as a PKCS#11 token (tpm2-pkcs11 over swtpm)${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    const tmp = tempDir();
    let tpm: Swtpm;
    let ca: TestCert;
    let emulator: Emulator;
    let env: Record<string, string>;
    const certs: Record<string, string> = {};

    /** The built CLI, as its own process: swtpm serves one client at a time, and each run connects and leaves. */
    const runBin = (args: string[]) =>
      new Promise<{ code: number; stdout: Buffer; stderr: string }>((done) => {
        execFile(process.execPath, [BIN, ...args], { env, encoding: "buffer" }, (error, stdout, stderr) =>
          done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr: stderr.toString() }),
        );
      });

    beforeAll(async () => {
      tpm = await startSwtpm(tmp.dir);
      const store = join(tmp.dir, "tpm2-pkcs11-store");
      mkdirSync(store);
      env = { PATH: process.env.PATH ?? "", HOME: tmp.dir, ...tpm.env, TPM2_PKCS11_STORE: store };
      const setup = JSON.parse(
        execFileSync(process.execPath, [SETUP, "setup", tpm2Pkcs11Module!, TOKEN, SO_PIN, PIN], { env, encoding: "utf8" }),
      );
      execFileSync("tpm2_flushcontext", ["-t"], { env }); // what tpm2-pkcs11 left loaded (swtpm has no resource manager)
      ca = await createTestCa({ commonName: "TPM Token CA" });
      for (const kind of ["ec", "rsa"] as const) {
        // The keys stay in the TPM: sensitive and not extractable, as created.
        expect(setup[kind]).toMatchObject({ sensitive: true, extractable: false });
        certs[kind] = issueFromCsr(tmp.dir, `p11-${kind}`, setup[kind].csr, ca);
        writeFileSync(join(tmp.dir, `${kind}.pem`), certs[kind]!);
      }
      // The RSA certificate also goes onto the token, so one certificate URI names both.
      writeFileSync(join(tmp.dir, "rsa.der"), new X509Certificate(certs.rsa!).raw);
      execFileSync(process.execPath, [SETUP, "import", tpm2Pkcs11Module!, TOKEN, PIN, "rsa", "02", join(tmp.dir, "rsa.der")], { env });
      emulator = await startEmulator({
        trustAnchors: [{ id: "TA", certificates: [ca.certificatePem] }],
        profiles: [{ id: "P", roleArns: [ROLE] }],
        roles: [{ name: "TpmToken" }],
      });
    });
    afterAll(async () => {
      await emulator?.close();
      await tpm?.stop();
      tmp.cleanup();
    });

    const sessionFlags = () => emulatorFlags(emulator, ROLE, { profile: "P" });
    const credentials = (stdout: Buffer) => {
      const out = JSON.parse(stdout.toString());
      expect(out).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
      return out;
    };

    it("P-256: certificate file + key URI with pin-value and --pkcs11-lib pointing at libtpm2_pkcs11: credentials from the emulator, PIN nowhere", async () => {
      const r = await runBin([
        "credential-process",
        "--certificate",
        join(tmp.dir, "ec.pem"),
        "--private-key",
        `pkcs11:token=${TOKEN};object=ec;type=private?pin-value=${PIN}`,
        "--pkcs11-lib",
        tpm2Pkcs11Module!,
        "--debug",
        ...sessionFlags(),
      ]);
      expect(r.stderr).toMatch(/AWS4-X509-ECDSA-SHA256/);
      expect(r.code, r.stderr).toBe(0);
      credentials(r.stdout);
      expect(r.stderr).not.toContain(PIN);
    });

    it("RSA-2048: one certificate URI (the key found by its label), PIN from ROLES_ANYWHERE_PKCS11_PIN", async () => {
      env.ROLES_ANYWHERE_PKCS11_PIN = PIN;
      try {
        const r = await runBin([
          "credential-process",
          "--certificate",
          `pkcs11:token=${TOKEN};object=rsa;type=cert`,
          "--pkcs11-lib",
          tpm2Pkcs11Module!,
          ...sessionFlags(),
        ]);
        expect(r.code, r.stderr).toBe(0);
        credentials(r.stdout);
      } finally {
        delete env.ROLES_ANYWHERE_PKCS11_PIN;
      }
    });

    it("sign-string through the token: RSA over the fixed string, SHA-512, verifies with the certificate's key", async () => {
      const r = await runBin([
        "sign-string",
        "--certificate",
        join(tmp.dir, "rsa.pem"),
        "--private-key",
        `pkcs11:token=${TOKEN};object=rsa?pin-value=${PIN}`,
        "--pkcs11-lib",
        tpm2Pkcs11Module!,
        "--digest",
        "SHA512",
        "--format",
        "bin",
      ]);
      expect(r.code, r.stderr).toBe(0);
      const publicKey = createPublicKey(certs.rsa!);
      const message = signStringMessage({ type: "RSA", spki: new Uint8Array(publicKey.export({ type: "spki", format: "der" })) });
      expect(verify("sha512", message, publicKey, r.stdout)).toBe(true);
    });

    it("a wrong PIN: exit 1, the token's refusal, the PIN never echoed", async () => {
      const r = await runBin([
        "credential-process",
        "--certificate",
        join(tmp.dir, "ec.pem"),
        "--private-key",
        `pkcs11:token=${TOKEN};object=ec;type=private?pin-value=0000-wrong`,
        "--pkcs11-lib",
        tpm2Pkcs11Module!,
        ...sessionFlags(),
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/PIN was refused/);
      expect(r.stderr).not.toContain("0000-wrong");
    });
  },
);
