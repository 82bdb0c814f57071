import { afterAll, describe, expect, it } from "vitest";
import { rc2CbcDecrypt } from "../../src/key/encrypted/rc2";
import { hasLegacyProvider, openssl, tempDir, writeFile } from "../support/opensslTool";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe.skipIf(!hasLegacyProvider)(
  `RC2-CBC against openssl enc${hasLegacyProvider ? "" : " (skipped: openssl with the legacy provider is not installed)"}`,
  () => {
    const plain = "An RC2 test message of a few blocks, not a multiple of eight!";
    const iv = "1122334455667788";
    it.each([
      ["rc2-40-cbc", "0102030405", 40],
      ["rc2-64-cbc", "0102030405060708", 64],
      ["rc2-cbc", "000102030405060708090a0b0c0d0e0f", 128],
    ] as const)("decrypts %s", (cipher, key, bits) => {
      const input = writeFile(tmp.path(`${cipher}.txt`), plain);
      const encrypted = openssl(["enc", `-${cipher}`, "-K", key, "-iv", iv, "-in", input, "-provider", "legacy", "-provider", "default"]);
      const out = rc2CbcDecrypt(Buffer.from(key, "hex"), bits, Buffer.from(iv, "hex"), encrypted);
      expect(out && new TextDecoder().decode(out)).toBe(plain);
      // A wrong key almost always breaks the padding; when it doesn't, the text differs.
      const wrong = rc2CbcDecrypt(Buffer.from(key.replace(/^01|^00/, "ff"), "hex"), bits, Buffer.from(iv, "hex"), encrypted);
      expect(wrong && new TextDecoder().decode(wrong)).not.toBe(plain);
    });
  },
);
