/** Fuzz: damaged encrypted keys, PKCS#12 files and ML-DSA keys → a key or a typed error, never a crash or a hang. */
import fc from "fast-check";
import { createPrivateKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import { loadPrivateKey } from "../../src/key/loadPrivateKey";
import { readPkcs12 } from "../../src/key/pkcs12/pkcs12";
import { generateTestKey } from "../support/pki";
import { mutatedBytes, mutatedText } from "../support/mutations";
import { mlDsaPkcs8 } from "../support/mlDsaMaterial";
import { hasOpenssl, openssl, readBytes, tempDir, writeFile } from "../support/opensslTool";

const PASS = "fuzz-pass";
const RUNS = { numRuns: Number(process.env.FUZZ_RUNS ?? 150) } as const;
const CODES = ["ERR_INVALID_PRIVATE_KEY", "ERR_UNSUPPORTED_KEY", "ERR_BAD_PASSPHRASE", "ERR_INVALID_CERTIFICATE"];

const typedOrOk = async (run: () => Promise<unknown>): Promise<void> => {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(RolesAnywhereError);
    expect(CODES).toContain((error as RolesAnywhereError).code);
    expect((error as Error).message).not.toContain(PASS);
  }
};

const encryptedDer: Uint8Array[] = [];
const encryptedPem: string[] = [];
const tmp = tempDir();
let p12: Uint8Array | undefined;

beforeAll(async () => {
  const [ec, rsa] = await Promise.all([generateTestKey({ type: "EC", curve: "P-256" }), generateTestKey({ type: "RSA", bits: 2048 })]);
  for (const key of [ec, rsa]) {
    const object = createPrivateKey(key.privateKeyPem);
    encryptedDer.push(new Uint8Array(object.export({ format: "der", type: "pkcs8", cipher: "aes-128-cbc", passphrase: PASS })));
    encryptedPem.push(object.export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: PASS }) as string);
    encryptedPem.push(
      object.export({ format: "pem", type: key === ec ? "sec1" : "pkcs1", cipher: "aes-128-cbc", passphrase: PASS }) as string,
    );
  }
  if (hasOpenssl) {
    const keyFile = writeFile(tmp.path("k.pem"), ec.privateKeyPem);
    const certFile = tmp.path("c.pem");
    openssl(["req", "-new", "-x509", "-key", keyFile, "-subj", "/CN=fuzz", "-days", "1", "-out", certFile]);
    openssl([
      "pkcs12",
      "-export",
      "-inkey",
      keyFile,
      "-in",
      certFile,
      "-passout",
      `pass:${PASS}`,
      "-iter",
      "64",
      "-maciter",
      "-out",
      tmp.path("f.p12"),
    ]);
    p12 = readBytes(tmp.path("f.p12"));
  }
});
afterAll(() => tmp.cleanup());

describe("fuzz encrypted and PKCS#12 key material", () => {
  it("damaged EncryptedPrivateKeyInfo DER (right passphrase) → a key or a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 1 }).chain((i) => mutatedBytes(encryptedDer[i]!)),
        (der) => typedOrOk(() => loadPrivateKey(der, { passphrase: PASS })),
      ),
      RUNS,
    );
  });

  it("damaged encrypted PEM (PKCS#8 and legacy Proc-Type) → a key or a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 3 }).chain((i) => mutatedText(encryptedPem[i]!)),
        (pem) => typedOrOk(() => loadPrivateKey(pem, { passphrase: PASS })),
      ),
      RUNS,
    );
  });

  it("damaged ML-DSA PKCS#8 → a key or a typed error", async () => {
    const seedForm = mlDsaPkcs8("ML-DSA-44", { seed: new Uint8Array(32).fill(3) }, "seed");
    await fc.assert(
      fc.asyncProperty(mutatedBytes(seedForm), (der) => typedOrOk(() => loadPrivateKey(der))),
      RUNS,
    );
  });

  it.skipIf(!hasOpenssl)(
    `damaged PKCS#12 files → contents or a typed error${hasOpenssl ? "" : " (skipped: openssl is not installed)"}`,
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedBytes(p12 ?? new Uint8Array(1)), (bytes) => typedOrOk(() => readPkcs12(bytes, PASS))),
        RUNS,
      );
    },
  );
});
