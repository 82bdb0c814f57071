import { describe, expect, it, vi } from "vitest";
import { type FromRolesAnywhereInit, getRolesAnywhereCredentials } from "../../src";
import { MAX_PATH_VALUE_LENGTH, contentInsteadOfPath } from "../../src/options/pathValue";
import { ARNS, testLeaf } from "../support/fixtures";
import { rejection } from "../support/rejection";

describe("contentInsteadOfPath", () => {
  it.each([
    ["PEM text", "-----BEGIN PRIVATE KEY-----\nMIIE", 'it contains "-----BEGIN"'],
    ["a line break", "/etc/pki/a\nb", "it contains a line break"],
    ["a value longer than a path", "a".repeat(MAX_PATH_VALUE_LENGTH + 1), `it is ${MAX_PATH_VALUE_LENGTH + 1} characters long`],
  ])("names why %s is not a path", (_name, value, reason) => {
    expect(contentInsteadOfPath(value)).toBe(reason);
  });

  it.each(["/etc/pki/workload.key", "key.pem", "C:\\keys\\workload.key", "a".repeat(MAX_PATH_VALUE_LENGTH)])(
    "takes %s for a path",
    (value) => {
      expect(contentInsteadOfPath(value)).toBeUndefined();
    },
  );
});

describe("content where a path belongs", () => {
  it.each(["privateKeyFile", "certificateFile", "certificateChainFile"] as const)(
    "%s holding PEM is refused without echoing it",
    async (name) => {
      const leaf = await testLeaf();
      const secretLine = leaf.key.privateKeyPem.split("\n")[1]!;
      const init = {
        ...ARNS,
        certificate: leaf.certificatePem,
        privateKey: leaf.key.privateKeyPem,
        [name]: leaf.key.privateKeyPem,
      } as FromRolesAnywhereInit;
      if (name === "certificateFile") delete (init as { certificate?: string }).certificate;
      if (name === "privateKeyFile") delete (init as { privateKey?: string }).privateKey;
      const error = await rejection(getRolesAnywhereCredentials({ ...init, fetch: vi.fn() }));
      expect(error.code).toBe("ERR_INVALID_OPTION");
      expect(error.message).toMatch(new RegExp(`${name} looks like certificate or key content, not a path \\(it contains "-----BEGIN"\\)`));
      expect(JSON.stringify({ m: error.message, c: String(error.cause) })).not.toContain(secretLine);
    },
  );
});
