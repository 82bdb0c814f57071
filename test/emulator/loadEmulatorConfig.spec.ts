import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadEmulatorConfig, startEmulator } from "../../src/emulator";
import { RolesAnywhereError } from "../../src/errors";
import { createTestCa, createTestCrl, type TestCert } from "../support/pki";

let ca: TestCert;
let crlPem: string;
beforeAll(async () => {
  ca = await createTestCa();
  crlPem = await createTestCrl({ issuer: ca, revokedSerials: [5n] });
});

const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "rolesanywhere.amazonaws.com" }, Action: "sts:*" }] };

describe("loadEmulatorConfig", () => {
  it("takes inline PEMs and policy objects, and the result starts an emulator with those ARNs", async () => {
    const options = loadEmulatorConfig(
      JSON.stringify({
        accountId: "111122223333",
        region: "eu-west-1",
        trustAnchors: [{ id: "TA", certificates: [ca.certificatePem], crls: [crlPem] }],
        profiles: [{ id: "P", roleArns: ["arn:aws:iam::111122223333:role/R"], durationSeconds: 900 }],
        roles: [{ name: "R", trustPolicy: policy, maxSessionDuration: 7200 }],
        clockSkewSeconds: 60,
      }),
    );
    expect(options.accountId).toBe("111122223333");
    expect(options.trustAnchors![0]!.crls).toEqual([{ crl: crlPem }]);
    const emu = await startEmulator(options);
    try {
      expect(emu.arns).toEqual({
        trustAnchors: { TA: "arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/TA" },
        profiles: { P: "arn:aws:rolesanywhere:eu-west-1:111122223333:profile/P" },
        roles: { R: "arn:aws:iam::111122223333:role/R" },
      });
      expect(emu.state.trustAnchors.get("TA")!.crls).toHaveLength(1);
      expect(emu.state.roles.get("R")!.maxSessionDuration).toBe(7200);
    } finally {
      await emu.close();
    }
  });

  it("reads certificate, CRL and trust-policy file paths through the injected readFile", () => {
    const files: Record<string, string> = { "ca.pem": ca.certificatePem, "crl.pem": crlPem, "policy.json": JSON.stringify(policy) };
    const read: string[] = [];
    const options = loadEmulatorConfig(
      {
        trustAnchors: [{ certificate: "ca.pem", crls: [{ id: "C1", crl: "crl.pem", enabled: false }] }],
        roles: [{ name: "R", trustPolicy: "policy.json" }],
      },
      { readFile: (p) => (read.push(p), files[p]!) },
    );
    expect(read).toEqual(["ca.pem", "crl.pem", "policy.json"]);
    expect(options.trustAnchors![0]).toEqual({ certificates: [ca.certificatePem], crls: [{ id: "C1", crl: crlPem, enabled: false }] });
    expect(options.roles![0]!.trustPolicy).toBe(JSON.stringify(policy));
  });

  it("reads a profile's attributeMappings", () => {
    const options = loadEmulatorConfig({
      profiles: [{ roleArns: [], attributeMappings: [{ certificateField: "x509Issuer", mappingRules: [{ specifier: "O" }] }] }],
    });
    expect(options.profiles![0]!.attributeMappings).toEqual([{ certificateField: "x509Issuer", mappingRules: [{ specifier: "O" }] }]);
  });

  it("pins the clock with now", () => {
    const options = loadEmulatorConfig({ now: "2026-11-25T01:44:59Z" });
    expect(options.now!().toISOString()).toBe("2026-11-25T01:44:59.000Z");
  });

  it.each([
    ["not JSON", "{", /not valid JSON/],
    ["an unknown key", { trustAnchor: [] }, /unknown key "trustAnchor"/],
    ["a file path without readFile", { trustAnchors: [{ certificates: ["ca.pem"] }] }, /no readFile/],
    ["a wrong type", { profiles: [{ roleArns: "arn" }] }, /profiles\[0\]\.roleArns must be an array/],
    ["a non-number port", { port: "80" }, /port must be a number/],
  ])("refuses %s with ERR_INVALID_OPTION", (_name, input, message) => {
    const attempt = () => loadEmulatorConfig(input);
    expect(attempt).toThrow(RolesAnywhereError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTION" }));
  });
});

describe("examples/emulator/emulator.json", () => {
  it("loads (with the lab CA) and starts an emulator with the lab's ARNs and the Only-Thule policy", async () => {
    const dir = new URL("../../examples/emulator/", import.meta.url);
    const options = loadEmulatorConfig(readFileSync(new URL("emulator.json", dir), "utf8"), {
      readFile: (p) => (p === "pki/ca.crt" ? ca.certificatePem : readFileSync(new URL(p, dir), "utf8")),
    });
    const emu = await startEmulator(options);
    try {
      expect(emu.arns.trustAnchors).toEqual({ TA: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/TA" });
      expect(Object.keys(emu.arns.roles)).toEqual(["Lab-IAM-Anywhere-All", "Lab-IAM-Anywhere-Only-Thule"]);
      expect(JSON.stringify(emu.state.roles.get("Lab-IAM-Anywhere-Only-Thule")!.trustPolicy)).toContain("DavianThule");
    } finally {
      await emu.close();
    }
  });
});

describe("startEmulator option checks", () => {
  it.each([
    ["a profile duration out of range", { profiles: [{ roleArns: [], durationSeconds: 100 }] }, /900 to 43200/],
    ["a bad account id", { accountId: "12" }, /12 digits/],
    ["three anchor certificates", "three", /at most 2/],
    ["a trust anchor without a certificate", { trustAnchors: [{ certificates: "nope" }] }, /no certificate found/],
    ["an unknown mapping field", { profiles: [{ roleArns: [], attributeMappings: [{ certificateField: "x509Foo", mappingRules: [] }] }] }, /certificateField/],
    ["a trust policy that is not JSON", { roles: [{ name: "R", trustPolicy: "{nope" }] }, /not valid JSON/],
  ])("refuses %s", async (_name, options, message) => {
    const opts = options === "three" ? { trustAnchors: [{ certificates: [ca.certificatePem, ca.certificatePem, ca.certificatePem] }] } : options;
    await expect(startEmulator(opts as never)).rejects.toThrow(message);
  });
});
