/**
 * Certificates Roles Anywhere refuses as the signing certificate (X.509 v1, a CA, keyUsage
 * without digitalSignature, SHA-1, an empty subject) are refused locally with the real reason,
 * by the library and by credential-process, before any request; read-certificate-data reports
 * the same problems as warnings.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { type FromRolesAnywhereInit, fromRolesAnywhere } from "../../src";
import { parseCertificate } from "../../src/certificate/certificate";
import { leafProblems } from "../../src/certificate/leafRequirements";
import { runCli, sessionArgs, useIdentityAndStub } from "../support/cli";
import { ARNS, testCa } from "../support/fixtures";
import { type IssueTestCertificateOptions, issueTestCertificate } from "../support/pki";
import { rejection } from "../support/rejection";

const issue = async (options: Omit<IssueTestCertificateOptions, "issuer">) =>
  issueTestCertificate({ issuer: await testCa(), subject: { CN: "workload" }, ...options });

const CASES: [string, Omit<IssueTestCertificateOptions, "issuer">, RegExp][] = [
  [
    "an X.509 v1 certificate",
    { version: 1 },
    /it is X\.509 version 1; Roles Anywhere requires version 3\. Issue it as X\.509 v3 .*-extfile/,
  ],
  ["a CA certificate", { ca: true, keyUsage: ["digitalSignature", "keyCertSign"] }, /it is a CA certificate \(basicConstraints cA=true\)/],
  ["keyUsage without digitalSignature", { keyUsage: ["keyEncipherment"] }, /its keyUsage lacks digitalSignature/],
  ["a SHA-1 signature", { signatureHash: "SHA-1" }, /it is signed with SHA-1; Roles Anywhere requires SHA-256 or stronger/],
  ["an empty subject", { subject: {}, san: { dns: ["workload.example.com"] } }, /its subject is empty/],
];

describe("leaf requirements", () => {
  it("a v3 end-entity certificate with digitalSignature, SHA-256 and a subject has none", async () => {
    expect(leafProblems(parseCertificate((await issue({})).certificateDer))).toEqual([]);
    expect(leafProblems(parseCertificate((await issue({ keyUsage: null })).certificateDer))).toEqual([]); // no keyUsage: no restriction
  });

  it.each(CASES)("the library refuses %s before any request (ERR_INVALID_CERTIFICATE)", async (_name, options, message) => {
    const leaf = await issue(options);
    const fetch = vi.fn();
    const init = { ...ARNS, certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem, fetch } as FromRolesAnywhereInit;
    const error = await rejection(fromRolesAnywhere(init)());
    expect(error.code).toBe("ERR_INVALID_CERTIFICATE");
    expect(error.message).toMatch(/^Roles Anywhere would refuse the certificate \(serial [0-9A-F]+\): /);
    expect(error.message).toMatch(message);
    expect(fetch).not.toHaveBeenCalled();
  });

  describe("CLI", () => {
    const fixture = useIdentityAndStub();

    it("credential-process refuses an X.509 v1 certificate with the reason, without calling the service", async () => {
      const leaf = await issue({ version: 1 });
      const cert = join(fixture.ids.dir, "v1.pem");
      const key = join(fixture.ids.dir, "v1.key");
      await writeFile(cert, leaf.certificatePem);
      await writeFile(key, leaf.key.privateKeyPem, { mode: 0o600 });
      const before = fixture.stub.requests.length;
      const r = await runCli(["credential-process", ...sessionArgs({ cert, key }, fixture.stub.url)]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/X\.509 version 1; Roles Anywhere requires version 3.*\[ERR_INVALID_CERTIFICATE\]/);
      expect(r.stderr).not.toMatch(/Untrusted|intermediates/);
      expect(fixture.stub.requests.length).toBe(before);

      const report = await runCli(["read-certificate-data", "--certificate", cert]);
      expect(report.code).toBe(0);
      expect(JSON.parse(report.stdout).warnings).toContainEqual(
        expect.stringMatching(/^it is X\.509 version 1; Roles Anywhere requires version 3\. Issue it as X\.509 v3/),
      );
    });
  });
});
