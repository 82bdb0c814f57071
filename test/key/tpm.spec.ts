import { createPublicKey, verify } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator";
import { getRolesAnywhereCredentials } from "../../src";
import { readTss2Key } from "../../src/key/tpm/tss2Key";
import { rejection } from "../support/rejection";
import { runCli } from "../support/cli";
import { type TestCert, createTestCa } from "../support/pki";
import { issueFromCsr, tempDir } from "../support/opensslTool";
import { type Swtpm, createTss2Key, persistTpmKey, startSwtpm, swtpmMissing, tpmCsr, tpmOpenssl } from "../support/swtpm.mjs";

const ROLE = "arn:aws:iam::123456789012:role/Tpm";
const PASSWORD = "tpm-Key-pass-7731";
const HANDLE = "0x81000010";
const OPEN_HANDLE = "0x81000011";

interface TpmIdentity {
  keyFile: string;
  keyPem: string;
  certificatePem: string;
  publicKeyPem: string;
  password?: string;
}

describe.skipIf(swtpmMissing !== undefined)(
  `[needs:swtpm] TPM 2.0 key files (TSS2) and handles on a software TPM${swtpmMissing ? ` (skipped: ${swtpmMissing})` : ""}`,
  () => {
    const tmp = tempDir();
    let tpm: Swtpm;
    let ca: TestCert;
    let emulator: Emulator;
    const ids: Record<string, TpmIdentity> = {};
    let handleCertificate: string;
    let openHandleCertificate: string;
    const savedTcti = process.env.TPM2OPENSSL_TCTI;

    beforeAll(async () => {
      tpm = await startSwtpm(tmp.dir);
      process.env.TPM2OPENSSL_TCTI = tpm.tcti; // read by the library's openssl runs
      ca = await createTestCa({ commonName: "TPM Test CA" });
      for (const [name, type, password] of [
        ["ec", "EC", undefined],
        ["ec-pw", "EC", PASSWORD],
        ["rsa", "RSA", undefined],
        ["rsa-pw", "RSA", PASSWORD],
      ] as const) {
        const keyFile = createTss2Key(tpm, tmp.path(`${name}.tss2.pem`), { type }, password);
        // The TPM signs the CSR: proof that it holds the key. The CA checks it and issues the certificate.
        const certificatePem = issueFromCsr(tmp.dir, name, tpmCsr(tpm, keyFile, `tpm-${name}`, password), ca);
        const publicKeyPem = tpmOpenssl(tpm, [
          "pkey",
          "-provider",
          "tpm2",
          "-provider",
          "default",
          "-in",
          keyFile,
          ...(password ? ["-passin", `pass:${password}`] : []),
          "-pubout",
        ]).toString();
        writeFileSync(tmp.path(`${name}.cert.pem`), certificatePem);
        ids[name] = { keyFile, keyPem: readFileSync(keyFile, "utf8"), certificatePem, publicKeyPem, ...(password ? { password } : {}) };
      }
      persistTpmKey(tpm, tmp.dir, HANDLE, PASSWORD);
      handleCertificate = issueFromCsr(tmp.dir, "handle", tpmCsr(tpm, `handle:${HANDLE}?pass`, "tpm-handle", PASSWORD), ca);
      persistTpmKey(tpm, tmp.dir, OPEN_HANDLE);
      openHandleCertificate = issueFromCsr(tmp.dir, "open-handle", tpmCsr(tpm, `handle:${OPEN_HANDLE}`, "tpm-open-handle"), ca);
      writeFileSync(tmp.path("handle.cert.pem"), handleCertificate);
      writeFileSync(tmp.path("open-handle.cert.pem"), openHandleCertificate);
      emulator = await startEmulator({
        trustAnchors: [{ id: "TA", certificates: [ca.certificatePem] }],
        profiles: [{ id: "P", roleArns: [ROLE] }],
        roles: [{ name: "Tpm" }],
      });
    });
    afterAll(async () => {
      await emulator?.close();
      await tpm?.stop();
      if (savedTcti === undefined) delete process.env.TPM2OPENSSL_TCTI;
      else process.env.TPM2OPENSSL_TCTI = savedTcti;
      tmp.cleanup();
    });

    const arns = () => ({
      trustAnchorArn: emulator.arns.trustAnchors.TA!,
      profileArn: emulator.arns.profiles.P!,
      roleArn: ROLE,
      endpoint: emulator.url,
    });
    /** The same session as CLI flags. */
    const cliFlags = () => {
      const { trustAnchorArn, profileArn, roleArn, endpoint } = arns();
      return ["--trust-anchor-arn", trustAnchorArn, "--profile-arn", profileArn, "--role-arn", roleArn, "--endpoint", endpoint];
    };

    it("the key file is what aws_signing_helper reads: emptyAuth as created, the public key openssl reports", () => {
      for (const id of Object.values(ids)) {
        const key = readTss2Key(id.keyPem);
        expect(key.emptyAuth).toBe(id.password === undefined);
        expect(key.parent).toBe(0x40000001);
        expect(Buffer.from(key.publicKey.spki).equals(createPublicKey(id.publicKeyPem).export({ type: "spki", format: "der" }))).toBe(true);
      }
    });

    it.each(["ec", "ec-pw", "rsa", "rsa-pw"])("%s: the TPM signs CreateSession and the emulator returns credentials", async (name) => {
      const id = ids[name]!;
      const credentials = await getRolesAnywhereCredentials({
        ...arns(),
        certificate: id.certificatePem,
        privateKeyFile: id.keyFile,
        ...(id.password ? { tpmKeyPassword: id.password } : {}),
      });
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
      expect(credentials.expiration.getTime()).toBeGreaterThan(Date.now());
    });

    it("a persistent key by handle (handle:0x81000010) with its password", async () => {
      const credentials = await getRolesAnywhereCredentials({
        ...arns(),
        certificate: handleCertificate,
        privateKey: `handle:${HANDLE}`,
        tpmKeyPassword: PASSWORD,
      });
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
    });

    it("CLI: handle keys with --tpm-key-password, or --no-tpm-key-password for a key without one", async () => {
      const flags = cliFlags();
      const withPassword = await runCli([
        "credential-process",
        "--certificate",
        tmp.path("handle.cert.pem"),
        "--private-key",
        `handle:${HANDLE}`,
        "--tpm-key-password",
        PASSWORD,
        ...flags,
      ]);
      expect(withPassword.code, withPassword.stderr).toBe(0);
      const open = await runCli([
        "credential-process",
        "--certificate",
        tmp.path("open-handle.cert.pem"),
        "--private-key",
        `handle:${OPEN_HANDLE}`,
        "--no-tpm-key-password",
        ...flags,
      ]);
      expect(open.code, open.stderr).toBe(0);
      expect(JSON.parse(open.stdout)).toMatchObject({ AccessKeyId: expect.stringMatching(/^ASIA/) });
      const signed = await runCli(["sign-string", "--private-key", `handle:${OPEN_HANDLE}`, "--no-tpm-key-password", "--format", "bin"]);
      expect(signed.code, signed.stderr).toBe(0);
      const { signStringMessage } = await import("../../src/key/signStringMessage");
      const publicKey = createPublicKey(openHandleCertificate);
      const message = signStringMessage({ type: "EC", spki: new Uint8Array(publicKey.export({ type: "spki", format: "der" })) });
      expect(verify("sha256", message, publicKey, signed.stdoutBytes)).toBe(true);
    });

    it("a wrong password: ERR_BAD_PASSPHRASE from the TPM, the password nowhere in the error", async () => {
      for (const [name, init] of [
        ["rsa-pw file", { certificate: ids["rsa-pw"]!.certificatePem, privateKey: ids["rsa-pw"]!.keyPem }],
        ["ec-pw file", { certificate: ids["ec-pw"]!.certificatePem, privateKey: ids["ec-pw"]!.keyPem }],
        ["handle", { certificate: handleCertificate, privateKey: `handle:${HANDLE}` }],
      ] as const) {
        const error = await rejection(getRolesAnywhereCredentials({ ...arns(), ...init, tpmKeyPassword: "wrong-Guess-1234" }));
        expect(error.code, name).toBe("ERR_BAD_PASSPHRASE");
        expect(error.message).toMatch(/The TPM refused the password of the key .* dictionary-attack lockout/);
        expect(`${error.message}${String(error.cause ?? "")}`).not.toContain("wrong-Guess-1234");
      }
    });

    it("password rules from the key file, checked before the TPM is asked: missing (ERR_BAD_PASSPHRASE), not needed (ERR_INVALID_OPTION)", async () => {
      const missing = await rejection(
        getRolesAnywhereCredentials({ ...arns(), certificate: ids["rsa-pw"]!.certificatePem, privateKey: ids["rsa-pw"]!.keyPem }),
      );
      expect(missing.code).toBe("ERR_BAD_PASSPHRASE");
      expect(missing.message).toMatch(/has a password and none was given. Pass it as the tpmKeyPassword option/);
      const extra = await rejection(
        getRolesAnywhereCredentials({
          ...arns(),
          certificate: ids.ec!.certificatePem,
          privateKey: ids.ec!.keyPem,
          tpmKeyPassword: PASSWORD,
        }),
      );
      expect(extra.code).toBe("ERR_INVALID_OPTION");
      expect(extra.message).toMatch(/says the key has no password \(emptyAuth\)/);
      expect(extra.message).not.toContain(PASSWORD);
    });

    it("a TPM key that is not the certificate's: ERR_KEY_MISMATCH", async () => {
      const error = await rejection(
        getRolesAnywhereCredentials({ ...arns(), certificate: ids.rsa!.certificatePem, privateKey: ids.ec!.keyPem }),
      );
      expect(error.code).toBe("ERR_KEY_MISMATCH");
    });

    it("CLI: credential-process with a TSS2 --private-key and --tpm-key-password; a combined cert+key file; wrong password exits 1 without echoing it", async () => {
      const flags = cliFlags();
      const ok = await runCli([
        "credential-process",
        "--certificate",
        tmp.path("rsa-pw.cert.pem"),
        "--private-key",
        ids["rsa-pw"]!.keyFile,
        "--tpm-key-password",
        PASSWORD,
        ...flags,
      ]);
      expect(ok.stderr).toBe("");
      expect(JSON.parse(ok.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
      const combined = tmp.path("ec-combined.pem");
      writeFileSync(combined, ids.ec!.certificatePem + ids.ec!.keyPem);
      expect((await runCli(["credential-process", "--certificate", combined, ...flags])).code).toBe(0);
      const wrong = await runCli(
        ["credential-process", "--certificate", tmp.path("ec-pw.cert.pem"), "--private-key", ids["ec-pw"]!.keyFile, ...flags],
        {
          env: { ROLES_ANYWHERE_TPM_KEY_PASSWORD: "Wrong-env-pass-99" },
        },
      );
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/TPM refused the password .*\[ERR_BAD_PASSPHRASE\]/);
      expect(wrong.stderr).not.toContain("Wrong-env-pass-99");
    });

    it("CLI: no password for a key that has one asks on the terminal (once), as aws_signing_helper does", async () => {
      const flags = cliFlags();
      const argv = ["credential-process", "--certificate", tmp.path("ec-pw.cert.pem"), "--private-key", ids["ec-pw"]!.keyFile, ...flags];
      const noTerminal = await runCli(argv);
      expect(noTerminal.code).toBe(1);
      expect(noTerminal.stderr).toMatch(
        /has a password and none was given\. Pass it as --tpm-key-password or ROLES_ANYWHERE_TPM_KEY_PASSWORD\./,
      );
      const input = new PassThrough();
      const output = new PassThrough();
      let prompt = "";
      output.on("data", (chunk: Buffer) => {
        prompt += chunk.toString();
        if (chunk.toString().includes("password")) setImmediate(() => input.write(`${PASSWORD}\r`));
      });
      const r = await runCli(argv, { terminal: async () => ({ input, output, close: () => undefined }) });
      expect(prompt).toMatch(/Enter the password of the private key/);
      expect(r.code, r.stderr).toBe(0);
    });

    it("sign-string with a TPM key: RSA (deterministic) and EC signatures over the fixed string verify with the key", async () => {
      const rsa = await runCli([
        "sign-string",
        "--private-key",
        ids["rsa-pw"]!.keyFile,
        "--tpm-key-password",
        PASSWORD,
        "--format",
        "bin",
        "--digest",
        "SHA384",
      ]);
      expect(rsa.code, rsa.stderr).toBe(0);
      const again = await runCli([
        "sign-string",
        "--private-key",
        ids["rsa-pw"]!.keyFile,
        "--tpm-key-password",
        PASSWORD,
        "--format",
        "bin",
        "--digest",
        "SHA384",
      ]);
      expect(again.stdoutBytes.equals(rsa.stdoutBytes)).toBe(true);
      const ec = await runCli([
        "sign-string",
        "--certificate",
        tmp.path("ec.cert.pem"),
        "--private-key",
        ids.ec!.keyFile,
        "--format",
        "bin",
      ]);
      expect(ec.code, ec.stderr).toBe(0);
      const { signStringMessage } = await import("../../src/key/signStringMessage");
      const message = (name: string) =>
        signStringMessage({ type: name.startsWith("rsa") ? "RSA" : "EC", spki: readTss2Key(ids[name]!.keyPem).publicKey.spki });
      expect(verify("sha384", message("rsa-pw"), createPublicKey(ids["rsa-pw"]!.publicKeyPem), rsa.stdoutBytes)).toBe(true);
      expect(verify("sha256", message("ec"), createPublicKey(ids.ec!.publicKeyPem), ec.stdoutBytes)).toBe(true);
    });
  },
);
