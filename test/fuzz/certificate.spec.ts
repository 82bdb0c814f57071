/**
 * Fuzz: parseCertificate returns a CertificateInfo or throws ERR_INVALID_CERTIFICATE, for any bytes;
 * loadSigningIdentity with a damaged certificate and its real key resolves or rejects with a
 * RolesAnywhereError, never a DOMException or TypeError (security: every failure is typed).
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCertificate } from "../../src/certificate/certificate";
import { loadSigningIdentity } from "../../src/identity/identity";
import { testCa, testLeaf } from "../support/fixtures";
import { RUNS, mutatedBytes, randomBytes, resolvesOrRejectsTyped, returnsOrThrowsTyped } from "../support/mutations";
import type { TestCert } from "../support/pki";

const samples: Uint8Array[] = [];
const leaves: TestCert[] = [];
beforeAll(async () => {
  leaves.push(await testLeaf(), await testLeaf({ type: "EC", curve: "P-384" }), await testLeaf({ type: "RSA", bits: 2048 }));
  samples.push(leaves[0]!.certificateDer, leaves[2]!.certificateDer, (await testCa()).certificateDer);
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

describe("fuzz loadSigningIdentity with damaged certificates", () => {
  it("mutated leaves (P-256, P-384, RSA) with their real key → an identity or a RolesAnywhereError, nothing else", async () => {
    const damaged = fc
      .nat({ max: 2 })
      .chain((i) => mutatedBytes(leaves[i]!.certificateDer).map((der) => ({ der, key: leaves[i]!.key.privateKeyPem })));
    await fc.assert(
      fc.asyncProperty(damaged, ({ der, key }) =>
        resolvesOrRejectsTyped(() => loadSigningIdentity({ certificate: der, privateKey: key }, new Date())),
      ),
      RUNS,
    );
  });
});
