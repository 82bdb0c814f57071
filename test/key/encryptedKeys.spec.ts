import { createPrivateKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPrivateKey } from "../../src/key/loadPrivateKey";
import { concatBytes, encodeOid, encodeTlv } from "../../src/encoding/der";
import { loadSigningIdentity } from "../../src/identity/identity";
import type { TestCert } from "../support/pki";
import { testLeaf } from "../support/fixtures";
import { hasLegacyProvider, hasOpenssl, openssl, readBytes, tempDir, writeFile } from "../support/opensslTool";
import { rejection as failure } from "../support/rejection";
import { cliMessage } from "../../src/cli/cliWords";

const PASS = "correct horse battery staple ✓";
const WRONG = "Tr0ub4dor&3";

/** Loads the identity, proving the decrypted key matches the certificate (the loader compares public keys). */
const loads = async (leaf: TestCert, privateKey: string | Uint8Array, passphrase?: string) => {
  const identity = await loadSigningIdentity(
    { certificate: leaf.certificatePem, privateKey, ...(passphrase === undefined ? {} : { passphrase }) },
    new Date(),
  );
  const signature = await identity.signer.sign(new TextEncoder().encode("probe"));
  expect(signature.length).toBeGreaterThan(8);
  return identity;
};

const expectBadPassphrase = async (leaf: TestCert, privateKey: string | Uint8Array) => {
  const wrong = await failure(loadSigningIdentity({ certificate: leaf.certificatePem, privateKey, passphrase: WRONG }, new Date()));
  expect(wrong.code).toBe("ERR_BAD_PASSPHRASE");
  expect(wrong.message).toMatch(/passphrase does not decrypt the private key/);
  const missing = await failure(loadSigningIdentity({ certificate: leaf.certificatePem, privateKey }, new Date()));
  expect(missing.code).toBe("ERR_BAD_PASSPHRASE");
  // The library names its option, the CLI its flag.
  expect(missing.message).toMatch(/encrypted and no passphrase was given\. Pass the key's passphrase with the passphrase option\./);
  expect(missing.message).not.toMatch(/--|CLI/);
  expect(cliMessage(missing)).toMatch(
    /encrypted and no passphrase was given\. Pass the key's passphrase with --pkcs8-password or ROLES_ANYWHERE_PKCS8_PASSWORD\./,
  );
  for (const error of [wrong, missing]) {
    const text = `${error.message} ${String(error.cause ?? "")} ${error.stack ?? ""}`;
    expect(text).not.toContain(WRONG);
    expect(text).not.toContain(PASS);
  }
};

describe("encrypted PKCS#8 made by node:crypto", () => {
  it.each([
    ["RSA", { type: "RSA", bits: 2048 }],
    ["EC P-256", { type: "EC", curve: "P-256" }],
    ["EC P-384", { type: "EC", curve: "P-384" }],
    ["EC P-521", { type: "EC", curve: "P-521" }],
  ] as const)("%s: PEM and DER, AES-128/192/256-CBC; wrong or missing passphrase is ERR_BAD_PASSPHRASE", async (_name, spec) => {
    const leaf = await testLeaf(spec);
    const key = createPrivateKey(leaf.key.privateKeyPem);
    for (const cipher of ["aes-128-cbc", "aes-192-cbc", "aes-256-cbc"]) {
      const pem = key.export({ format: "pem", type: "pkcs8", cipher, passphrase: PASS }) as string;
      expect(pem).toContain("ENCRYPTED PRIVATE KEY");
      await loads(leaf, pem, PASS);
      await loads(leaf, new Uint8Array(key.export({ format: "der", type: "pkcs8", cipher, passphrase: PASS })), PASS);
    }
    await expectBadPassphrase(leaf, key.export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: PASS }) as string);
  });

  it.each([
    ["RSA PKCS#1", { type: "RSA", bits: 2048 }, "pkcs1"],
    ["EC SEC1", { type: "EC", curve: "P-256" }, "sec1"],
  ] as const)("legacy Proc-Type PEM (%s) with AES-128/256-CBC and DES-EDE3-CBC", async (_name, spec, type) => {
    const leaf = await testLeaf(spec);
    const key = createPrivateKey(leaf.key.privateKeyPem);
    for (const cipher of ["aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "des-ede3-cbc"]) {
      const pem = key.export({ format: "pem", type, cipher, passphrase: PASS }) as string;
      expect(pem).toMatch(/Proc-Type: 4,ENCRYPTED[\s\S]*DEK-Info: /);
      await loads(leaf, pem, PASS);
    }
    await expectBadPassphrase(leaf, key.export({ format: "pem", type, cipher: "aes-128-cbc", passphrase: PASS }) as string);
  });

  it("reads a key encrypted with the empty password when no passphrase is given (no password = empty password)", async () => {
    const leaf = await testLeaf();
    const pem = createPrivateKey(leaf.key.privateKeyPem).export({
      format: "pem",
      type: "pkcs8",
      cipher: "aes-256-cbc",
      passphrase: "",
    }) as string;
    expect(pem).toContain("ENCRYPTED PRIVATE KEY");
    await loads(leaf, pem);
    await loads(leaf, pem, "");
    const wrong = await failure(loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: pem, passphrase: WRONG }, new Date()));
    expect(wrong.code).toBe("ERR_BAD_PASSPHRASE");
  });

  it("ignores a passphrase given for an unencrypted key", async () => {
    const leaf = await testLeaf();
    await loads(leaf, leaf.key.privateKeyPem, "unused");
  });

  it("reads an encrypted key from a PEM that also holds the certificate", async () => {
    const leaf = await testLeaf();
    const encrypted = createPrivateKey(leaf.key.privateKeyPem).export({
      format: "pem",
      type: "pkcs8",
      cipher: "aes-256-cbc",
      passphrase: PASS,
    }) as string;
    const identity = await loadSigningIdentity({ certificate: `${leaf.certificatePem}\n${encrypted}`, passphrase: PASS }, new Date());
    expect(identity.certificate.serialNumber).toBe(leaf.serial);
  });
});

const OPENSSL_SKIP = hasOpenssl ? "" : " (skipped: openssl is not installed)";

describe.skipIf(!hasOpenssl)(`encrypted PKCS#8 made by the openssl CLI${OPENSSL_SKIP}`, () => {
  const tmp = tempDir();
  let rsa: TestCert;
  let ec: TestCert;
  beforeAll(async () => {
    [rsa, ec] = await Promise.all([testLeaf({ type: "RSA", bits: 2048 }), testLeaf({ type: "EC", curve: "P-384" })]);
  });
  afterAll(() => tmp.cleanup());

  let counter = 0;
  const encrypt = (leaf: TestCert, args: readonly string[], outform: "PEM" | "DER", passphrase = PASS): string | Uint8Array => {
    const n = counter++;
    const input = writeFile(tmp.path(`plain-${n}.pem`), leaf.key.privateKeyPem);
    const output = tmp.path(`enc-${n}.${outform.toLowerCase()}`);
    openssl(["pkcs8", "-topk8", "-in", input, "-out", output, "-outform", outform, "-passout", `pass:${passphrase}`, ...args]);
    return outform === "PEM" ? new TextDecoder().decode(readBytes(output)) : readBytes(output);
  };

  const PRFS = ["hmacWithSHA1", "hmacWithSHA256", "hmacWithSHA384", "hmacWithSHA512"];
  const CIPHERS = ["aes-128-cbc", "aes-192-cbc", "aes-256-cbc"];
  const matrix = PRFS.flatMap((prf) => CIPHERS.map((cipher) => [prf, cipher] as const));

  it.each(matrix)("PBES2 PBKDF2 %s + %s, PEM and DER, RSA and EC", async (prf, cipher) => {
    for (const leaf of [rsa, ec]) {
      const args = ["-v2", cipher, "-v2prf", prf];
      await loads(leaf, encrypt(leaf, args, "PEM"), PASS);
      await loads(leaf, encrypt(leaf, args, "DER"), PASS);
    }
    const wrong = await failure(
      loadSigningIdentity(
        { certificate: ec.certificatePem, privateKey: encrypt(ec, ["-v2", cipher, "-v2prf", prf], "DER"), passphrase: WRONG },
        new Date(),
      ),
    );
    expect(wrong.code).toBe("ERR_BAD_PASSPHRASE");
  });

  it("PBES2 with the ACM / AWS Private CA defaults (PBKDF2 HMAC-SHA1, AES-256-CBC)", async () => {
    const pem = encrypt(rsa, ["-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA1"], "PEM") as string;
    expect(new TextDecoder().decode(openssl(["asn1parse", "-i"], pem))).not.toMatch(/hmacWithSHA256/);
    await loads(rsa, pem, PASS);
    await expectBadPassphrase(rsa, pem);
  });

  it("PBES2 with scrypt (Node's scrypt, loaded lazily)", async () => {
    const args = ["-scrypt", "-scrypt_N", "1024", "-scrypt_r", "8", "-scrypt_p", "1"];
    await loads(ec, encrypt(ec, args, "PEM"), PASS);
    await loads(rsa, encrypt(rsa, args, "DER"), PASS);
    await expectBadPassphrase(ec, encrypt(ec, args, "PEM"));
  });

  it("PBES2 with DES-EDE3-CBC", async () => {
    await loads(ec, encrypt(ec, ["-v2", "des3"], "PEM"), PASS);
    await expectBadPassphrase(ec, encrypt(ec, ["-v2", "des3"], "PEM"));
  });

  it("PKCS#12 PBE with SHA-1 and 3DES (openssl -v1 PBE-SHA1-3DES)", async () => {
    await loads(rsa, encrypt(rsa, ["-v1", "PBE-SHA1-3DES"], "PEM"), PASS);
    await loads(ec, encrypt(ec, ["-v1", "PBE-SHA1-2DES"], "DER"), PASS);
    await expectBadPassphrase(rsa, encrypt(rsa, ["-v1", "PBE-SHA1-3DES"], "PEM"));
  });

  it.skipIf(!hasLegacyProvider)(
    `PKCS#12 PBE with SHA-1 and RC2-40/128${hasLegacyProvider ? "" : " (skipped: no OpenSSL legacy provider)"}`,
    async () => {
      const legacy = ["-provider", "legacy", "-provider", "default"];
      await loads(ec, encrypt(ec, ["-v1", "PBE-SHA1-RC2-40", ...legacy], "PEM"), PASS);
      await loads(rsa, encrypt(rsa, ["-v1", "PBE-SHA1-RC2-128", ...legacy], "DER"), PASS);
      await expectBadPassphrase(ec, encrypt(ec, ["-v1", "PBE-SHA1-RC2-40", ...legacy], "PEM"));
    },
  );

  it("an unsupported scheme (PKCS#5 v1.5 PBE-MD5-DES) is ERR_UNSUPPORTED_KEY, not a crash", async () => {
    let pem: string;
    try {
      pem = encrypt(ec, ["-v1", "PBE-MD5-DES", "-provider", "legacy", "-provider", "default"], "PEM") as string;
    } catch {
      return expect(hasLegacyProvider).toBe(false);
    }
    const error = await failure(loadSigningIdentity({ certificate: ec.certificatePem, privateKey: pem, passphrase: PASS }, new Date()));
    expect(error.code).toBe("ERR_UNSUPPORTED_KEY");
    expect(error.message).toMatch(/1\.2\.840\.113549\.1\.5\.3.*openssl pkcs8 -topk8 -v2 aes-256-cbc/);
  });

  it.each([
    ["rsa", "-aes128", () => rsa],
    ["rsa", "-aes192", () => rsa],
    ["rsa", "-aes256", () => rsa],
    ["rsa", "-des3", () => rsa],
    ["ec", "-aes256", () => ec],
    ["ec", "-des3", () => ec],
  ] as const)("legacy Proc-Type PEM from `openssl %s %s -traditional`", async (command, cipher, leafOf) => {
    const leaf = leafOf();
    const input = writeFile(tmp.path(`legacy-${counter++}.pem`), leaf.key.privateKeyPem);
    // `openssl rsa` writes PKCS#8 unless told -traditional; `openssl ec` always writes SEC1.
    const traditional = command === "rsa" ? ["-traditional"] : [];
    const pem = new TextDecoder().decode(openssl([command, "-in", input, cipher, ...traditional, "-passout", `pass:${PASS}`]));
    expect(pem).toMatch(/Proc-Type: 4,ENCRYPTED/);
    await loads(leaf, pem, PASS);
    await expectBadPassphrase(leaf, pem);
  });
});

describe("loadPrivateKey edge cases", () => {
  it("rejects a key with an absurd PBKDF2 iteration count without hanging", async () => {
    const seq = (...parts: Uint8Array[]) => encodeTlv(0x30, concatBytes(...parts));
    const octets = (hex: string) => encodeTlv(0x04, Buffer.from(hex, "hex"));
    // EncryptedPrivateKeyInfo { PBES2 { PBKDF2 { salt, 2^31-1 }, aes128-CBC { iv } }, OCTET STRING(16) }
    const der = seq(
      seq(
        encodeOid("1.2.840.113549.1.5.13"),
        seq(
          seq(encodeOid("1.2.840.113549.1.5.12"), seq(octets("0102030405060708"), encodeTlv(0x02, Uint8Array.of(0x7f, 0xff, 0xff, 0xff)))),
          seq(encodeOid("2.16.840.1.101.3.4.1.2"), octets("00112233445566778899aabbccddeeff")),
        ),
      ),
      octets("00112233445566778899aabbccddeeff"),
    );
    const error = await failure(loadPrivateKey(der, { passphrase: PASS }));
    expect(error.code).toBe("ERR_UNSUPPORTED_KEY");
    expect(error.message).toMatch(/2147483647 PBKDF2 iterations/);
  });

  it("maps an undecryptable body to ERR_BAD_PASSPHRASE and truncated parameters to ERR_INVALID_PRIVATE_KEY", async () => {
    const leaf = await testLeaf();
    const der = new Uint8Array(
      createPrivateKey(leaf.key.privateKeyPem).export({ format: "der", type: "pkcs8", cipher: "aes-128-cbc", passphrase: PASS }),
    );
    const flipped = der.slice();
    flipped[flipped.length - 20]! ^= 0xff;
    const error = await failure(loadPrivateKey(flipped, { passphrase: PASS }));
    expect(error.code).toBe("ERR_BAD_PASSPHRASE");
    const truncated = await failure(loadPrivateKey(der.subarray(0, der.length - 5), { passphrase: PASS }));
    expect(truncated.code).toBe("ERR_INVALID_PRIVATE_KEY");
  });
});
