import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { reasonOf } from "../support/reason";
import { buildCertificationPath } from "../../src/emulator/pki/buildPath";
import { findRevoked } from "../../src/emulator/pki/checkRevocation";
import { derBlocks, loadCertificate, type LoadedCertificate } from "../../src/emulator/pki/loadCertificate";
import { MlDsaChecks } from "../../src/emulator/pki/mlDsaChecks";
import { parseCrl } from "../../src/emulator/pki/parseCrl";
import { hasStrongSignature } from "../../src/emulator/pki/signatureStrength";
import type { CrlRecord } from "../../src/emulator/state/records";
import { fromBase64 } from "../../src/encoding/base64";
import { createTestCa, createTestCrl, issueTestCertificate, type TestCert } from "../support/pki";
import { createMlDsaCa, createMlDsaCrl, issueMlDsaPkiCertificate } from "../support/mlDsaPki";

const load = (c: TestCert) => loadCertificate(c.certificateDer);
const now = () => new Date();
const untrusted = expect.objectContaining({ status: 403, type: "AccessDeniedException", message: "Untrusted signing certificate" });
const crlRecord = (pem: string, enabled = true): CrlRecord => ({
  id: "crl",
  arn: "arn:aws:rolesanywhere:us-east-1:123456789012:crl/crl",
  name: "crl",
  trustAnchorArn: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/ta",
  createdAt: new Date(0),
  updatedAt: new Date(0),
  tags: [],
  enabled,
  der: derBlocks(pem, "X509 CRL")[0]!,
});

let root: TestCert;
let mid1: TestCert;
let mid2: TestCert;
let leaf: TestCert;
let directLeaf: TestCert;

beforeAll(async () => {
  root = await createTestCa({ commonName: "Root" });
  mid1 = await createTestCa({ commonName: "Mid 1", issuer: root });
  mid2 = await createTestCa({ commonName: "Mid 2", issuer: mid1 });
  leaf = await issueTestCertificate({ issuer: mid2, subject: { CN: "deep" } });
  directLeaf = await issueTestCertificate({ issuer: root, subject: { CN: "direct" } });
});

describe("path building", () => {
  it("finds leaf → anchor directly", () => {
    const path = buildCertificationPath(load(directLeaf), [], [load(root)], now());
    expect(path.map((c) => c.info.subject[0]!.value)).toEqual(["direct", "Root"]);
  });

  it("orders an unordered pool that includes the leaf and the root", () => {
    const pool = [load(root), load(leaf), load(mid1), load(mid2)];
    const path = buildCertificationPath(load(leaf), pool, [load(root)], now());
    expect(path.map((c) => c.info.subject[0]!.value)).toEqual(["deep", "Mid 2", "Mid 1", "Root"]);
  });

  it("accepts an intermediate CA as the trust anchor", () => {
    const path = buildCertificationPath(load(leaf), [load(mid2)], [load(mid1)], now());
    expect(path).toHaveLength(3);
  });

  it("fails without the intermediates", () => {
    expect(() => buildCertificationPath(load(leaf), [load(mid1)], [load(root)], now())).toThrow(untrusted);
  });

  it("skips a decoy with the right name but the wrong key", async () => {
    const decoy = await createTestCa({ commonName: "Mid 2", issuer: mid1 }); // same subject, other key
    const path = buildCertificationPath(load(leaf), [load(decoy), load(mid2), load(mid1)], [load(root)], now());
    expect(path[1]!.der).toEqual(load(mid2).der);
  });

  it("rejects a leaf signed by another CA with the same name as the anchor", async () => {
    const impostor = await createTestCa({ commonName: "Root" });
    const forged = await issueTestCertificate({ issuer: impostor, subject: { CN: "forged" } });
    expect(() => buildCertificationPath(load(forged), [], [load(root)], now())).toThrow(untrusted);
  });

  it("enforces pathLenConstraint", async () => {
    const strictRoot = await createTestCa({ commonName: "Strict Root", pathLength: 0 });
    const sub = await createTestCa({ commonName: "Sub", issuer: strictRoot });
    const user = await issueTestCertificate({ issuer: sub });
    const fn = () => buildCertificationPath(load(user), [load(sub)], [load(strictRoot)], now());
    expect(fn).toThrow(untrusted);
    expect(reasonOf(fn)).toContain("allows 0 intermediate(s)");
  });

  it("requires the anchor to be a CA with keyCertSign", async () => {
    const noKcs = await createTestCa({ commonName: "No KCS", keyUsage: ["cRLSign"] });
    const user = await issueTestCertificate({ issuer: noKcs });
    expect(() => buildCertificationPath(load(user), [], [load(noKcs)], now())).toThrow(untrusted);
  });

  it("refuses an intermediate that is not a CA", async () => {
    const notCa = await issueTestCertificate({
      issuer: root,
      subject: { CN: "Not a CA" },
      ca: false,
      keyUsage: ["digitalSignature", "keyCertSign"],
    });
    const user = await issueTestCertificate({ issuer: notCa });
    expect(() => buildCertificationPath(load(user), [load(notCa)], [load(root)], now())).toThrow(untrusted);
  });

  it("refuses an expired or not-yet-valid intermediate", async () => {
    const old = await createTestCa({
      commonName: "Old Mid",
      issuer: root,
      notBefore: new Date(Date.now() - 3 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    const user = await issueTestCertificate({ issuer: old });
    const fn = () => buildCertificationPath(load(user), [load(old)], [load(root)], now());
    expect(reasonOf(fn)).toContain("expired");
  });

  it("refuses an expired anchor", async () => {
    const oldRoot = await createTestCa({
      commonName: "Old Root",
      notBefore: new Date(Date.now() - 3 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    const user = await issueTestCertificate({ issuer: oldRoot, notBefore: new Date(Date.now() - 2 * 86_400_000) });
    expect(() => buildCertificationPath(load(user), [], [load(oldRoot)], new Date())).toThrow(untrusted);
  });

  describe("leaf rules", () => {
    it.each([
      ["a CA leaf", { ca: true, keyUsage: ["digitalSignature", "keyCertSign"] }, "is a CA certificate"],
      ["no digitalSignature", { keyUsage: ["keyEncipherment"] }, "digitalSignature"],
      ["SHA-1 signed", { signatureHash: "SHA-1" }, "signed with SHA-1"],
      ["X.509 v1", { version: 1, keyUsage: null }, "not v3"],
      [
        "not yet valid",
        { notBefore: new Date(Date.now() + 86_400_000), notAfter: new Date(Date.now() + 2 * 86_400_000) },
        "not valid before",
      ],
    ] as const)("refuses %s", async (_name, opts, reason) => {
      const bad = await issueTestCertificate({ issuer: root, ...(opts as object) });
      const fn = () => buildCertificationPath(load(bad), [], [load(root)], now());
      expect(fn).toThrow(untrusted);
      expect(reasonOf(fn)).toContain(reason);
    });

    it("accepts a leaf without a keyUsage extension (RFC 5280: unrestricted)", async () => {
      const free = await issueTestCertificate({ issuer: root, keyUsage: null });
      expect(buildCertificationPath(load(free), [], [load(root)], now())).toHaveLength(2);
    });

    it("accepts a SHA-384-signed leaf", async () => {
      const strong = await issueTestCertificate({ issuer: root, signatureHash: "SHA-384" });
      expect(buildCertificationPath(load(strong), [], [load(root)], now())).toHaveLength(2);
    });
  });

  it("validates every official-helper vector's leaf and chain against trust-anchor.pem", () => {
    const base = new URL("../fixtures/", import.meta.url);
    const anchor = loadCertificate(derBlocks(readFileSync(new URL("trust-anchor.pem", base), "utf8"), "CERTIFICATE")[0]!);
    const { vectors } = JSON.parse(readFileSync(new URL("official-helper-requests.json", base), "utf8")) as {
      vectors: { name: string; headers: Record<string, string> }[];
    };
    const at = new Date(Date.UTC(2026, 10, 25, 1, 44, 59));
    for (const v of vectors) {
      const leafCert = loadCertificate(fromBase64(v.headers["x-amz-x509"]!)!);
      const chain = (v.headers["x-amz-x509-chain"] ?? "")
        .split(",")
        .filter(Boolean)
        .map((b) => loadCertificate(fromBase64(b)!));
      const path = buildCertificationPath(leafCert, chain, [anchor], at);
      expect(path[path.length - 1]!.der, v.name).toEqual(anchor.der);
    }
  });
});

describe("CRLs", () => {
  it("parses revoked serials", async () => {
    const pem = await createTestCrl({ issuer: root, revokedSerials: [1n, 0xabcdefn, 2n ** 150n] });
    const crl = parseCrl(derBlocks(pem, "X509 CRL")[0]!)!;
    expect([...crl.revokedSerials]).toEqual([1n, 0xabcdefn, 2n ** 150n]);
  });

  it("parses an empty CRL", async () => {
    const pem = await createTestCrl({ issuer: root, revokedSerials: [] });
    expect(parseCrl(derBlocks(pem, "X509 CRL")[0]!)!.revokedSerials.size).toBe(0);
  });

  it("finds a revoked leaf or intermediate on the path, only with an enabled CRL signed by its issuer", async () => {
    const path: LoadedCertificate[] = [load(leaf), load(mid2), load(mid1), load(root)];
    const byMid2 = crlRecord(await createTestCrl({ issuer: mid2, revokedSerials: [leaf.serial] }));
    expect(findRevoked(path, [byMid2])?.info.serialNumber).toBe(leaf.serial);
    expect(findRevoked(path, [{ ...byMid2, enabled: false }])).toBeUndefined();
    const byRootForMid1 = crlRecord(await createTestCrl({ issuer: root, revokedSerials: [mid1.serial] }));
    expect(findRevoked(path, [byRootForMid1])?.info.serialNumber).toBe(mid1.serial);
    // Listing the leaf's serial in a CRL signed by a CA that did not issue the leaf does nothing.
    const wrongIssuer = crlRecord(await createTestCrl({ issuer: root, revokedSerials: [leaf.serial] }));
    expect(findRevoked(path, [wrongIssuer])).toBeUndefined();
  });
});

describe("ML-DSA on the path (Node 20 cannot load ML-DSA keys: checked through MlDsaChecks)", () => {
  const loadMl = (c: { certificateDer: Uint8Array }) => loadCertificate(c.certificateDer);

  it("an ML-DSA issuer's signature counts once MlDsaChecks has settled, never before nor without it", async () => {
    const mlRoot = createMlDsaCa("ML-DSA-65", "ML Root");
    const mlLeaf = issueMlDsaPkiCertificate({ issuer: mlRoot, subjectCN: "ml leaf" });
    const checks = new MlDsaChecks();
    expect(reasonOf(() => buildCertificationPath(loadMl(mlLeaf), [], [loadMl(mlRoot)], now(), { mlDsa: checks }))).toMatch(
      /no chain of valid signatures/,
    );
    expect(checks.hasPending).toBe(true);
    await checks.settle();
    expect(checks.hasPending).toBe(false);
    expect(buildCertificationPath(loadMl(mlLeaf), [], [loadMl(mlRoot)], now(), { mlDsa: checks })).toHaveLength(2);
    expect(checks.hasPending).toBe(false);
    expect(() => buildCertificationPath(loadMl(mlLeaf), [], [loadMl(mlRoot)], now())).toThrow(untrusted);
  });

  it("an ML-DSA-signed CRL revokes only when it verifies with the issuer's ML-DSA key", async () => {
    const mlRoot = createMlDsaCa("ML-DSA-44", "ML CRL Root");
    const mlLeaf = issueMlDsaPkiCertificate({ issuer: mlRoot, subjectCN: "ml revoked" });
    const path = [loadMl(mlLeaf), loadMl(mlRoot)];
    const good = crlRecord(createMlDsaCrl(mlRoot, [mlLeaf.serial]));
    const bad = crlRecord(createMlDsaCrl(mlRoot, [mlLeaf.serial], true));
    const checks = new MlDsaChecks();
    expect(findRevoked(path, [good, bad], checks)).toBeUndefined(); // not checked yet
    await checks.settle();
    expect(findRevoked(path, [good], checks)?.info.serialNumber).toBe(mlLeaf.serial);
    expect(findRevoked(path, [bad], checks)).toBeUndefined();
    // An EC-signed CRL is never taken for the ML-DSA issuer's.
    expect(findRevoked(path, [crlRecord(await createTestCrl({ issuer: root, revokedSerials: [mlLeaf.serial] }))], checks)).toBeUndefined();
  });

  it("accepts ML-DSA certificate signatures as strong, and still refuses SHA-1", async () => {
    const mlRoot = createMlDsaCa("ML-DSA-87", "ML Strong Root");
    expect(hasStrongSignature(loadMl(mlRoot).info)).toBe(true);
    const sha1 = await issueTestCertificate({ issuer: root, subject: { CN: "sha1" }, signatureHash: "SHA-1" });
    expect(hasStrongSignature(load(sha1).info)).toBe(false);
  });
});
