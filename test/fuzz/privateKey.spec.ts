/** Fuzz: loadPrivateKey (PEM text or DER bytes) returns a PKCS#8 key or rejects with a typed key error. */
import fc from "fast-check";
import { createPrivateKey } from "node:crypto";
import { beforeAll, describe, it } from "vitest";
import { loadPrivateKey } from "../../src/key/loadPrivateKey";
import { generateTestKey } from "../support/pki";
import { RUNS, mutatedBytes, mutatedText, randomBytes, resolvesOrRejectsTyped } from "../support/mutations";

const KEY_CODES = ["ERR_INVALID_PRIVATE_KEY", "ERR_UNSUPPORTED_KEY", "ERR_BAD_PASSPHRASE"] as const;
const pems: string[] = [];
const ders: Uint8Array[] = [];
beforeAll(async () => {
  const ec = await generateTestKey({ type: "EC", curve: "P-256" });
  const rsa = await generateTestKey({ type: "RSA", bits: 2048 });
  for (const key of [ec, rsa]) {
    pems.push(key.privateKeyPem);
    const sec1OrPkcs1 = createPrivateKey(key.privateKeyPem).export({ format: "pem", type: key === ec ? "sec1" : "pkcs1" }) as string;
    pems.push(sec1OrPkcs1);
    ders.push(new Uint8Array(createPrivateKey(key.privateKeyPem).export({ format: "der", type: "pkcs8" })));
  }
});

const check = (input: string | Uint8Array): Promise<void> => resolvesOrRejectsTyped(() => loadPrivateKey(input), KEY_CODES);

describe("fuzz loadPrivateKey", () => {
  it("random text and bytes → a typed error", async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 1000 }), randomBytes), check), RUNS);
  });

  it("mutated PEM keys (PKCS#8, SEC1, PKCS#1) → a key or a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 3 }).chain((i) => mutatedText(pems[i]!)),
        check,
      ),
      RUNS,
    );
  });

  it("mutated DER keys → a key or a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 1 }).chain((i) => mutatedBytes(ders[i]!)),
        check,
      ),
      RUNS,
    );
  });
});
