import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCertificate } from "../../src/certificate/certificate";
import { mapCertificateToTags } from "../../src/sessionTags/sessionTags";
import { sourceIdentityOf as sourceIdentity } from "../../src/sessionTags/sourceIdentity";

const mapSessionTags = (info: Parameters<typeof mapCertificateToTags>[0]) => mapCertificateToTags(info).tags;
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { createTestCa, issueTestCertificate } from "../support/pki";
import { mlDsaCa } from "../support/mlDsaMaterial";
import { type IdentityFiles, makeIdentity, runCli } from "../support/cli";

let ids: IdentityFiles;
beforeAll(async () => {
  ids = await makeIdentity({ subject: { CN: "workload-1", OU: ["Security", "Engineering"], O: "Example", C: "US" } });
});
afterAll(async () => {
  await ids.cleanup();
});

describe("read-certificate-data", () => {
  it("prints key type, serial (decimal and hex), names, validity and the mapped session tags", async () => {
    const r = await runCli(["read-certificate-data", "--certificate", ids.cert]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const report = JSON.parse(r.stdout);
    // aws_signing_helper's four fields first, with its values; ours after.
    expect(Object.keys(report).slice(0, 5)).toEqual([
      "keyType",
      "certificateData",
      "serialNumber",
      "supportedAlgorithms",
      "signingAlgorithm",
    ]);
    const hex = ids.leaf.serial.toString(16);
    expect(report).toMatchObject({
      keyType: "EC",
      keyDetails: "EC P-256",
      serialNumber: ids.leaf.serial.toString(10),
      serialNumberHex: (hex.length % 2 ? `0${hex}` : hex).toUpperCase(),
      supportedAlgorithms: ["ECSHA256", "ECSHA384", "ECSHA512"],
      signingAlgorithm: "AWS4-X509-ECDSA-SHA256",
      sourceIdentity: "CN=workload-1",
      defaultRoleSessionName: ids.leaf.serial.toString(16).padStart(Math.ceil(ids.leaf.serial.toString(16).length / 2) * 2, "0"),
      validNow: true,
      warnings: [],
    });
    expect(report.subject).toContain("CN=workload-1");
    expect(report.issuer).toContain("CN=Test Root CA");
    expect(Buffer.from(report.certificateData, "base64")).toEqual(Buffer.from(ids.leaf.certificateDer));
    expect(report.sessionTags).toEqual({
      "x509Subject/CN": "workload-1",
      "x509Subject/OU": "Security/Engineering",
      "x509Subject/O": "Example",
      "x509Subject/C": "US",
      "x509Issuer/CN": "Test Root CA",
      "x509SAN/DNS": "workload-1.example.com",
      "x509SAN/URI": "spiffe://example.com/workload-1",
    });
    expect(new Date(report.notAfter).getTime()).toBeGreaterThan(Date.now());
  });

  it("RSA: supportedAlgorithms are aws_signing_helper's RSASHA256, RSASHA384, RSASHA512", async () => {
    const rsa = await makeIdentity({ rsa: true });
    try {
      const report = JSON.parse((await runCli(["read-certificate-data", "--certificate", rsa.cert])).stdout);
      expect(report).toMatchObject({
        keyType: "RSA",
        supportedAlgorithms: ["RSASHA256", "RSASHA384", "RSASHA512"],
        signingAlgorithm: "AWS4-X509-RSA-SHA256",
      });
    } finally {
      await rsa.cleanup();
    }
  });

  it("reads DER and the first certificate of a combined PEM", async () => {
    const der = join(ids.dir, "cert.der");
    await writeFile(der, ids.leaf.certificateDer);
    for (const file of [der, ids.combined]) {
      const r = await runCli(["read-certificate-data", "--certificate", file]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).serialNumber).toBe(ids.leaf.serial.toString());
    }
  });

  it("warns about what Roles Anywhere would refuse: CA certificate, SHA-1, no digitalSignature, bad tag characters, expiry", async () => {
    const ca = await createTestCa();
    const bad = await issueTestCertificate({
      issuer: ca,
      subject: { CN: "svc (prod)" },
      ca: true,
      keyUsage: ["keyCertSign"],
      signatureHash: "SHA-1",
      notBefore: new Date("2020-01-01T00:00:00Z"),
      notAfter: new Date("2021-01-01T00:00:00Z"),
    });
    const file = join(ids.dir, "bad.pem");
    await writeFile(file, bad.certificatePem);
    const r = await runCli(["read-certificate-data", "--certificate", file]);
    expect(r.code).toBe(0);
    const { warnings, validNow } = JSON.parse(r.stdout);
    expect(validNow).toBe(false);
    const text = warnings.join("\n");
    expect(text).toMatch(/expired at 2021-01-01T00:00:00Z/);
    expect(text).toMatch(/CA certificate/);
    expect(text).toMatch(/lacks digitalSignature/);
    expect(text).toMatch(/signed with SHA-1/);
    expect(text).toMatch(/tag x509Subject\/CN has characters STS refuses/);
  });

  it("errors: missing flag (2), missing file (1), not a certificate (1)", async () => {
    expect(await runCli(["read-certificate-data"])).toMatchObject({ code: 2, stdout: "" });
    const missing = await runCli(["read-certificate-data", "--certificate", join(ids.dir, "nope.pem")]);
    expect(missing).toMatchObject({ code: 1, stdout: "" });
    expect(missing.stderr).toMatch(/cannot read the --certificate file .*nope\.pem: it does not exist/);
    const garbage = join(ids.dir, "garbage.bin");
    await writeFile(garbage, "not a certificate at all");
    const notCert = await runCli(["read-certificate-data", "--certificate", garbage]);
    expect(notCert).toMatchObject({ code: 1, stdout: "" });
    expect(notCert.stderr).toMatch(/\[ERR_INVALID_CERTIFICATE\]$/m);
  });
});

describe("session tag mapping", () => {
  it("maps the first SAN directory name to x509SAN/Name/*", async () => {
    const cert = await issueTestCertificate({
      issuer: ids.ca,
      subject: { CN: "a" },
      san: { directoryName: { CN: "dir-cn", O: "DirOrg" } },
    });
    expect(mapSessionTags(parseCertificate(cert.certificateDer))).toMatchObject({
      "x509SAN/Name/CN": "dir-cn",
      "x509SAN/Name/O": "DirOrg",
    });
  });

  it("source identity: CN= prefix up to 61 characters, bare CN for 62-64, else ID=<even-length hex serial>", async () => {
    const withCn = (cn: string) =>
      issueTestCertificate({ issuer: ids.ca, subject: { CN: cn } }).then((c) => sourceIdentity(parseCertificate(c.certificateDer)));
    expect(await withCn("a".repeat(61))).toBe(`CN=${"a".repeat(61)}`);
    expect(await withCn("b".repeat(62))).toBe("b".repeat(62));
    const noCn = await issueTestCertificate({ issuer: ids.ca, subject: { O: "Only" }, serial: 0x123n });
    expect(sourceIdentity(parseCertificate(noCn.certificateDer))).toBe("ID=0123");
  });

  it("flags over-long and invalid values, and accepts every allowed character", async () => {
    const long = await issueTestCertificate({ issuer: ids.ca, subject: { CN: "ok-value_1.2:3/4=5+6@7 8", OU: "x".repeat(257) } });
    const mapped = mapCertificateToTags(parseCertificate(long.certificateDer));
    expect(mapped.failures.subject).toEqual(["OU"]);
    expect(mapped.tags["x509Subject/CN"]).toBe("ok-value_1.2:3/4=5+6@7 8");
  });
});

describe("read-certificate-data: ML-DSA certificates", () => {
  const sets = [
    ["ML-DSA-44", ml_dsa44],
    ["ML-DSA-65", ml_dsa65],
    ["ML-DSA-87", ml_dsa87],
  ] as const;
  it.each(sets)(
    "%s: key type and supportedAlgorithms are the parameter set (as aws_signing_helper prints), AWS4-X509-MLDSA, no 'cannot sign' warning",
    async (set, dsa) => {
      const ca = mlDsaCa();
      const certificate = ca.issue(set, dsa.keygen(new Uint8Array(32).fill(7)).publicKey, `pq-${set.toLowerCase()}`);
      const file = join(ids.dir, `${set}.pem`);
      await writeFile(file, certificate);
      const r = await runCli(["read-certificate-data", "--certificate", file]);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      const report = JSON.parse(r.stdout);
      expect(report).toMatchObject({
        keyType: set,
        keyDetails: set,
        supportedAlgorithms: [set],
        signingAlgorithm: "AWS4-X509-MLDSA",
        validNow: true,
        warnings: [],
      });
      expect(report.sessionTags["x509Subject/CN"]).toBe(`pq-${set.toLowerCase()}`);
    },
  );

  it("an unusable key type still warns, naming the key types Roles Anywhere takes", async () => {
    const ed = await issueTestCertificate({ issuer: ids.ca, subject: { CN: "ed" }, key: { type: "Ed25519" } });
    const file = join(ids.dir, "ed25519.pem");
    await writeFile(file, ed.certificatePem);
    const report = JSON.parse((await runCli(["read-certificate-data", "--certificate", file])).stdout);
    expect(report).toMatchObject({ keyType: "Ed25519", supportedAlgorithms: [], signingAlgorithm: "" });
    expect(report.warnings).toContain("Roles Anywhere cannot use Ed25519 keys; issue the certificate for an RSA, EC or ML-DSA key");
  });
});
