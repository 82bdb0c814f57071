/**
 * Fuzz: decodePem returns blocks, or throws SyntaxError for a block whose body is not
 * base64 (its callers turn that into a RolesAnywhereError naming the input).
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { decodePem } from "../../src/encoding/pem";
import { pemBundle } from "../support/pki";
import { testCa, testLeaf } from "../support/fixtures";
import { RUNS, mutatedText } from "../support/mutations";

let bundle: string;
let keyPem: string;
beforeAll(async () => {
  const leaf = await testLeaf();
  bundle = pemBundle(leaf, await testCa());
  keyPem = leaf.key.privateKeyPem;
});

const check = (text: string): void => {
  try {
    for (const block of decodePem(text)) {
      expect(typeof block.label).toBe("string");
      expect(block.der).toBeInstanceOf(Uint8Array);
      expect(block.der.length).toBeGreaterThan(0);
    }
  } catch (error) {
    expect(error).toBeInstanceOf(SyntaxError);
  }
};

describe("fuzz decodePem", () => {
  it("random text → blocks or SyntaxError", () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), check), RUNS);
  });

  it("random text around BEGIN/END markers → blocks or SyntaxError", () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        "-----BEGIN CERTIFICATE-----\n",
        "\n-----END CERTIFICATE-----\n",
        "-----BEGIN X-----",
        "-----END X-----",
        "Proc-Type: 4,ENCRYPTED\n",
        "MIIB\n",
        "====",
        "\r\n",
      ),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }).map((parts) => parts.join("")),
        check,
      ),
      RUNS,
    );
  });

  it("mutated certificate bundles and keys → blocks or SyntaxError", () => {
    fc.assert(fc.property(fc.oneof(mutatedText(bundle), mutatedText(keyPem)), check), RUNS);
  });
});
