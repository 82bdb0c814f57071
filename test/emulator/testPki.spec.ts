/**
 * createTestPki(): a CA and leaves the emulator and Roles Anywhere accept, checked with three
 * independent readers (node:crypto, this package's parser, the openssl CLI) and end to end.
 */
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type FromRolesAnywhereInit, fromRolesAnywhere } from "../../src";
import { parseCertificate } from "../../src/certificate/certificate";
import { leafProblems } from "../../src/certificate/leafRequirements";
import { decodePem } from "../../src/encoding/pem";
import { createTestPki } from "../../src/emulator";
import { encodeTime } from "../../src/emulator/testPki/certificateTemplate";
import { hasOpenssl, openssl, tempDir, writeFile } from "../support/opensslTool";
import { rejection } from "../support/rejection";
import { startTestEmulator } from "../support/testEmulator";

const info = (pem: string) => parseCertificate(decodePem(pem)[0]!.der);

/** The access key ids an emulator trusting `caPem` hands out to each identity (certificate and key options). */
const accessKeysFrom = async (caPem: string, identities: readonly Partial<FromRolesAnywhereInit>[]): Promise<string[]> => {
  const { emulator } = await startTestEmulator({ trustAnchors: [{ id: "TA", certificates: [caPem] }] });
  try {
    const keys: string[] = [];
    for (const identity of identities) {
      const init = {
        trustAnchorArn: emulator.arns.trustAnchors.TA!,
        profileArn: emulator.arns.profiles.PROFILE!,
        roleArn: emulator.arns.roles["test-role"]!,
        endpoint: emulator.url,
        ...identity,
      };
      keys.push((await fromRolesAnywhere(init as FromRolesAnywhereInit)()).accessKeyId);
    }
    return keys;
  } finally {
    await emulator.close();
  }
};

describe("createTestPki", () => {
  it.each(["EC", "RSA"] as const)(
    "%s: a v3 CA (cA, keyCertSign) and a v3 leaf (digitalSignature, clientAuth) it signed",
    async (keyType) => {
      const pki = await createTestPki({ keyType, subject: { CN: "workload-1", O: "Example", OU: "Payments", C: "DE" } });
      const ca = new X509Certificate(pki.caPem);
      const leaf = new X509Certificate(pki.leafPem);
      expect(ca.ca).toBe(true);
      expect(leaf.ca).toBe(false);
      expect(ca.verify(ca.publicKey)).toBe(true);
      expect(leaf.verify(ca.publicKey)).toBe(true);
      expect(leaf.checkIssued(ca)).toBe(true);
      expect(leaf.keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]);
      expect(leaf.subject.split("\n")).toEqual(["C=DE", "O=Example", "OU=Payments", "CN=workload-1"]);
      expect(leaf.publicKey.asymmetricKeyType).toBe(keyType === "EC" ? "ec" : "rsa");

      const parsed = info(pki.leafPem);
      expect(parsed.version).toBe(3);
      expect(parsed.keyUsage?.digitalSignature).toBe(true);
      expect(parsed.basicConstraints?.ca).toBe(false);
      expect(parsed.signatureHash).toBe("SHA-256");
      expect(parsed.serialHex).toBe(pki.leafSerialHex.toUpperCase()); // the session-name form is lower case
      expect(leafProblems(parsed)).toEqual([]);
      const parsedCa = info(pki.caPem);
      expect(parsedCa.keyUsage?.keyCertSign).toBe(true);
      expect(parsedCa.basicConstraints?.ca).toBe(true);
      expect(pki.leafKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    },
  );

  it.skipIf(!hasOpenssl)("openssl verifies the leaf against the CA for the TLS-client purpose", async () => {
    const pki = await createTestPki();
    const tmp = tempDir();
    try {
      const out = openssl([
        "verify",
        "-purpose",
        "sslclient",
        "-CAfile",
        writeFile(tmp.path("ca.pem"), pki.caPem),
        writeFile(tmp.path("leaf.pem"), pki.leafPem),
      ]).toString();
      expect(out).toMatch(/leaf\.pem: OK/);
      expect(openssl(["pkey", "-in", writeFile(tmp.path("leaf.key"), pki.leafKeyPem), "-noout"]).toString()).toBe("");
    } finally {
      tmp.cleanup();
    }
  });

  it.skipIf(!hasOpenssl)(
    "the docs' openssl recipe makes a CA and a leaf the emulator accepts (README and examples/emulator agree)",
    async () => {
      // Every doc that carries the recipe (the emulator README, and the top-level README or docs/) carries the same one.
      const root = fileURLToPath(new URL("../../", import.meta.url));
      const docs = [
        "README.md",
        "examples/emulator/README.md",
        ...(existsSync(`${root}docs`) ? readdirSync(`${root}docs`).map((name) => `docs/${name}`) : []),
      ];
      const recipes = docs
        .filter((file) => file.endsWith(".md") && existsSync(`${root}${file}`))
        .map((file) => /<!-- recipe:openssl [^>]*-->\n```sh\n([\s\S]*?)```/.exec(readFileSync(`${root}${file}`, "utf8"))?.[1])
        .filter((found): found is string => found !== undefined);
      expect(recipes.length).toBeGreaterThanOrEqual(1);
      const script = recipes[0]!;
      for (const other of recipes) expect(other).toBe(script);
      const tmp = tempDir();
      try {
        execFileSync("bash", ["-euo", "pipefail", "-c", script], { cwd: tmp.dir, stdio: "pipe" });
        const parsed = info(readFileSync(tmp.path("leaf.pem"), "utf8"));
        expect(parsed.version).toBe(3);
        expect(leafProblems(parsed)).toEqual([]);
        const keys = await accessKeysFrom(readFileSync(tmp.path("ca.pem"), "utf8"), [
          { certificateFile: tmp.path("leaf.pem"), privateKeyFile: tmp.path("leaf.key") },
        ]);
        expect(keys).toEqual([expect.stringMatching(/^ASIA/)]);
      } finally {
        tmp.cleanup();
      }
    },
  );

  it("its certificates get credentials from the emulator, the first leaf and one issued later", async () => {
    const pki = await createTestPki();
    const second = await pki.issueLeaf({ CN: "workload-2" });
    expect(second.serialHex).not.toBe(pki.leafSerialHex);
    const keys = await accessKeysFrom(pki.caPem, [
      { certificate: pki.leafPem, privateKey: pki.leafKeyPem },
      { certificate: second.certificatePem, privateKey: second.privateKeyPem },
    ]);
    expect(keys).toEqual([expect.stringMatching(/^ASIA/), expect.stringMatching(/^ASIA/)]);
  });

  it("is valid from an hour before `now` for `validityDays`", async () => {
    const now = new Date("2031-03-04T05:06:07.890Z");
    const parsed = info((await createTestPki({ now, validityDays: 2 })).leafPem);
    expect(parsed.notBefore.toISOString()).toBe("2031-03-04T04:06:07.000Z");
    expect(parsed.notAfter.toISOString()).toBe("2031-03-06T05:06:07.000Z");
  });

  it("writes UTCTime through 2049 and GeneralizedTime from 2050", () => {
    expect(new TextDecoder().decode(encodeTime(new Date("2049-12-31T23:59:59Z")).subarray(2))).toBe("491231235959Z");
    expect(encodeTime(new Date("2049-12-31T23:59:59Z"))[0]).toBe(0x17);
    expect(new TextDecoder().decode(encodeTime(new Date("2050-01-01T00:00:00Z")).subarray(2))).toBe("20500101000000Z");
    expect(encodeTime(new Date("2050-01-01T00:00:00Z"))[0]).toBe(0x18);
  });

  it.each([
    [{ keyType: "Ed25519" }, /keyType must be "EC" or "RSA"/],
    [{ validityDays: 0 }, /validityDays must be a whole number from 1 to 3650/],
    [{ subject: {} }, /subject must have at least one attribute/],
    [{ subject: { CN: "x", EMAIL: "a@b" } }, /subject\.EMAIL is not supported/],
    [{ caSubject: { C: "Germany" } }, /caSubject\.C must be a two-letter country code/],
    [{ now: new Date(Number.NaN) }, /now must be a valid Date/],
  ])("refuses %j with ERR_INVALID_OPTION", async (options, message) => {
    const error = await rejection(createTestPki(options as Parameters<typeof createTestPki>[0]));
    expect(error.code).toBe("ERR_INVALID_OPTION");
    expect(error.message).toMatch(message);
  });
});
