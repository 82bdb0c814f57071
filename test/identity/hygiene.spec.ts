import { createPrivateKey } from "node:crypto";
import { chmodSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FromRolesAnywhereInit, fromRolesAnywhere } from "../../src";
import { type Emulator } from "../../src/emulator";
import { createIdentitySource } from "../../src/identitySource";
import { type TestCert, createTestCa, issueTestCertificate } from "../support/pki";
import { ARNS } from "../support/fixtures";
import { hasOpenssl, openssl, readBytes, tempDir, writeFile } from "../support/opensslTool";
import { roleArnOf, startEmulatorTrusting } from "../support/testEmulator";

const DAY = 86_400_000;
const ROLE = roleArnOf("App");
const PASSPHRASE = "Hygiene-Passphrase-9f3c";
const WRONG = "Wrong-Passphrase-1b7e";

interface Captured {
  readonly lines: string[];
  readonly logger: Required<Pick<Console, "debug" | "info" | "warn" | "error">> & { trace: (...args: unknown[]) => void };
}
const captureLogger = (): Captured => {
  const lines: string[] = [];
  const push =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push(
        `${level} ${args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v)))).join(" ")}`,
      );
    };
  return { lines, logger: { debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error"), trace: push("trace") } };
};

/** Everything an error exposes: message, stack, own properties, and the same for its causes. */
const errorText = (error: unknown, depth = 0): string => {
  if (!(error instanceof Error) || depth > 5) return String(error);
  const own = Object.getOwnPropertyNames(error).map((name) => `${name}=${String((error as unknown as Record<string, unknown>)[name])}`);
  return [error.message, error.stack ?? "", ...own, JSON.stringify(error), errorText((error as { cause?: unknown }).cause, depth + 1)].join(
    "\n",
  );
};

/**
 * Fragments that would reveal key material: the passphrases, the private components (d, p, q, …) in hex,
 * base64 and base64url, and pieces of the PKCS#8 base64 that are not public (the RSA modulus inside a
 * PKCS#8 key also appears in the certificate, which is logged on purpose).
 */
const secretsOf = (leaf: TestCert): string[] => {
  const body = leaf.key.privateKeyPem.replace(/-----[^-]+-----|\s/g, "");
  const publicText = Buffer.from(leaf.certificateDer).toString("base64");
  const jwk = createPrivateKey(leaf.key.privateKeyPem).export({ format: "jwk" }) as Record<string, string | undefined>;
  const pieces = [PASSPHRASE, WRONG];
  for (const name of ["d", "p", "q", "dp", "dq", "qi"]) {
    const value = jwk[name];
    if (!value) continue;
    const bytes = Buffer.from(value, "base64url");
    pieces.push(value.slice(0, 24), bytes.toString("hex").slice(0, 32), bytes.toString("base64").slice(0, 24));
  }
  for (let i = 0; i + 16 <= body.length; i += 24) {
    const piece = body.slice(i, i + 16);
    if (!publicText.includes(piece)) pieces.push(piece);
  }
  return pieces;
};

describe("hygiene warnings", () => {
  let ca: TestCert;
  const tmp = tempDir();
  beforeAll(async () => {
    ca = await createTestCa({ commonName: "Hygiene CA" });
  });
  afterAll(() => tmp.cleanup());

  it("warns once when the certificate expires within 30 days, not when it has longer", async () => {
    const now = new Date();
    const soon = await issueTestCertificate({ issuer: ca, notAfter: new Date(now.getTime() + 10 * DAY + 60_000) });
    const later = await issueTestCertificate({ issuer: ca, notAfter: new Date(now.getTime() + 40 * DAY) });
    const captured = captureLogger();
    const source = createIdentitySource({
      ...ARNS,
      certificate: soon.certificatePem,
      privateKey: soon.key.privateKeyPem,
      logger: captured.logger,
    });
    await source(now);
    await source(now);
    const warnings = captured.lines.filter((line) => line.startsWith("warn"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/certificate \(serial [0-9A-F]+\) expires at .* in 10 days\. Renew it/);
    const quiet = captureLogger();
    await createIdentitySource({ ...ARNS, certificate: later.certificatePem, privateKey: later.key.privateKeyPem, logger: quiet.logger })(
      now,
    );
    expect(quiet.lines.filter((line) => line.startsWith("warn"))).toEqual([]);
  });

  it.skipIf(process.platform === "win32")("warns when a key file is readable by group or others (POSIX)", async () => {
    const leaf = await issueTestCertificate({ issuer: ca });
    const certificateFile = writeFile(tmp.path("cert.pem"), leaf.certificatePem);
    const loose = writeFile(tmp.path("loose.key"), leaf.key.privateKeyPem);
    chmodSync(loose, 0o644);
    const tight = writeFile(tmp.path("tight.key"), leaf.key.privateKeyPem);
    chmodSync(tight, 0o600);
    const group = writeFile(tmp.path("group.key"), leaf.key.privateKeyPem);
    chmodSync(group, 0o640);
    const run = async (privateKeyFile: string) => {
      const captured = captureLogger();
      const source = createIdentitySource({ ...ARNS, certificateFile, privateKeyFile, logger: captured.logger });
      await source(new Date());
      await source(new Date());
      return captured.lines.filter((line) => line.startsWith("warn"));
    };
    const looseWarnings = await run(loose);
    expect(looseWarnings).toHaveLength(1);
    expect(looseWarnings[0]).toMatch(/private key file ".*loose\.key" is readable by all users \(mode 0644\)\. Restrict it: chmod 600/);
    expect(await run(group)).toEqual([expect.stringMatching(/readable by its group \(mode 0640\)/)]);
    expect(await run(tight)).toEqual([]);
  });
});

describe("no key bytes or passphrases in errors, logs or debug output", () => {
  let root: TestCert;
  let leaf: TestCert;
  let emulator: Emulator;
  const tmp = tempDir();
  beforeAll(async () => {
    root = await createTestCa({ commonName: "Secrets CA" });
    leaf = await issueTestCertificate({ issuer: root, key: { type: "RSA", bits: 2048 } });
    emulator = await startEmulatorTrusting(root.certificatePem);
  });
  afterAll(async () => {
    await emulator?.close();
    tmp.cleanup();
  });

  const base = (): Pick<FromRolesAnywhereInit, "trustAnchorArn" | "profileArn" | "roleArn" | "endpoint" | "maxRetries"> => ({
    trustAnchorArn: emulator.arns.trustAnchors.TA!,
    profileArn: emulator.arns.profiles.PROFILE!,
    roleArn: ROLE,
    endpoint: emulator.url,
    maxRetries: 0,
  });

  const scenarios = (): [string, Partial<FromRolesAnywhereInit>, "ok" | string][] => {
    const key = createPrivateKey(leaf.key.privateKeyPem);
    const pkcs8 = key.export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: PASSPHRASE }) as string;
    const legacy = key.export({ format: "pem", type: "pkcs1", cipher: "aes-128-cbc", passphrase: PASSPHRASE }) as string;
    const truncated = pkcs8.replace(/\n[A-Za-z0-9+/]{64}\n([^\n]+\n-----END)/, "\n$1");
    expect(truncated).not.toBe(pkcs8);
    const list: [string, Partial<FromRolesAnywhereInit>, "ok" | string][] = [
      ["an encrypted key with the right passphrase", { certificate: leaf.certificatePem, privateKey: pkcs8, passphrase: PASSPHRASE }, "ok"],
      [
        "an encrypted key with a wrong passphrase",
        { certificate: leaf.certificatePem, privateKey: pkcs8, passphrase: WRONG },
        "ERR_BAD_PASSPHRASE",
      ],
      [
        "a legacy PEM key with a wrong passphrase",
        { certificate: leaf.certificatePem, privateKey: legacy, passphrase: WRONG },
        "ERR_BAD_PASSPHRASE",
      ],
      ["a truncated encrypted key", { certificate: leaf.certificatePem, privateKey: truncated, passphrase: PASSPHRASE }, "ERR_"],
      ["a plain key of another certificate", { certificate: root.certificatePem, privateKey: leaf.key.privateKeyPem }, "ERR_"],
    ];
    if (hasOpenssl) {
      const keyFile = writeFile(tmp.path("leaf.key"), leaf.key.privateKeyPem);
      const certFile = writeFile(tmp.path("leaf.pem"), leaf.certificatePem);
      const p12 = tmp.path("leaf.p12");
      openssl(["pkcs12", "-export", "-inkey", keyFile, "-in", certFile, "-passout", `pass:${PASSPHRASE}`, "-out", p12]);
      list.push(["a PKCS#12 file with the right passphrase", { pkcs12: readBytes(p12), passphrase: PASSPHRASE }, "ok"]);
      list.push(["a PKCS#12 file with a wrong passphrase", { pkcs12File: p12, passphrase: WRONG }, "ERR_BAD_PASSPHRASE"]);
    }
    return list;
  };

  it("checks every scenario's error, log lines and debug lines", async () => {
    const secrets = secretsOf(leaf);
    for (const [name, init, expected] of scenarios()) {
      const captured = captureLogger();
      const outcome = await fromRolesAnywhere({ ...base(), ...init, logger: captured.logger } as FromRolesAnywhereInit)().then(
        (credentials) => ({ ok: true as const, credentials }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      if (expected === "ok") {
        expect(outcome.ok, name).toBe(true);
      } else {
        expect(outcome.ok, name).toBe(false);
        expect(String((outcome as { error: { code?: string } }).error.code), name).toContain(expected);
      }
      const text = [...captured.lines, outcome.ok ? "" : errorText(outcome.error)].join("\n");
      expect(captured.lines.length + (outcome.ok ? 0 : 1), name).toBeGreaterThan(0);
      for (const secret of secrets)
        expect(text.includes(secret) ? `${secret} in ${text}` : "", `${name}: output contains a secret fragment`).toBe("");
    }
  });
});
