/** Fuzz: parseCertificate returns a CertificateInfo or throws ERR_INVALID_CERTIFICATE, for any bytes. */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCertificate } from "../../src/certificate/certificate";
import { testCa, testLeaf } from "../support/fixtures";
import { RUNS, mutatedBytes, randomBytes, returnsOrThrowsTyped } from "../support/mutations";

const samples: Uint8Array[] = [];
beforeAll(async () => {
  samples.push(
    (await testLeaf()).certificateDer,
    (await testLeaf({ type: "RSA", bits: 2048 })).certificateDer,
    (await testCa()).certificateDer,
  );
});

const check = (der: Uint8Array): void =>
  returnsOrThrowsTyped(() => {
    const info = parseCertificate(der);
    expect(typeof info.serialDecimal).toBe("string");
    expect(info.notBefore).toBeInstanceOf(Date);
  }, ["ERR_INVALID_CERTIFICATE"]);

describe("fuzz parseCertificate", () => {
  it("random bytes → ERR_INVALID_CERTIFICATE", () => {
    fc.assert(fc.property(randomBytes, check), RUNS);
  });

  it("mutated real certificates (EC leaf, RSA leaf, CA) → info or ERR_INVALID_CERTIFICATE", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 }).chain((i) => mutatedBytes(samples[i]!)),
        check,
      ),
      { numRuns: RUNS.numRuns * 2 },
    );
  });
});
