import { describe, expect, it } from "vitest";
import { decodeCacheEntry, encodeCacheEntry } from "../../../src/cli/credentialCache/cacheEntry";
import { type CacheKeyFields, cacheKeyText, isCacheFileName } from "../../../src/cli/credentialCache/cacheKey";
import { credentialFieldProblem } from "../../../src/response/credentialFields";

const NOW = Date.parse("2026-01-01T00:00:00Z");
const KEY = "a".repeat(64);
const CREDENTIALS = Object.freeze({
  accessKeyId: "ASIAEXAMPLEKEY000001",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE+token/value==",
  expiration: new Date(NOW + 3_600_000),
  accountId: "123456789012",
});

/** An encoded entry with `change` applied to its parsed JSON. */
const tampered = (change: (json: { format: unknown; key: unknown; credentials: Record<string, unknown> }) => void): string => {
  const json = JSON.parse(encodeCacheEntry(KEY, CREDENTIALS));
  change(json);
  return JSON.stringify(json);
};

describe("cache entries", () => {
  it("round-trip the credentials and the account, and hold no more than that", () => {
    const text = encodeCacheEntry(KEY, CREDENTIALS);
    expect(decodeCacheEntry(text, KEY, NOW)).toEqual({ credentials: CREDENTIALS });
    expect(Object.keys(JSON.parse(text))).toEqual(["format", "key", "credentials"]);
    expect(Object.keys(JSON.parse(text).credentials)).toEqual([
      "accessKeyId",
      "secretAccessKey",
      "sessionToken",
      "expiration",
      "accountId",
    ]);
    expect(text).not.toMatch(/PRIVATE KEY|BEGIN/);
  });

  it.each([
    ["truncated", encodeCacheEntry(KEY, CREDENTIALS).slice(0, 80), /not JSON/],
    ["empty", "", /not JSON/],
    ["another format", tampered((j) => (j.format = "something-else/1")), /format/],
    ["another key's entry", tampered((j) => (j.key = "b".repeat(64))), /another key/],
    ["a lower-case access key id", tampered((j) => (j.credentials.accessKeyId = "asiaexamplekey000001")), /accessKeyId/],
    ["a missing secret", tampered((j) => delete j.credentials.secretAccessKey), /secretAccessKey/],
    ["a token with a line break", tampered((j) => (j.credentials.sessionToken = "abc\n[default]")), /sessionToken/],
    ["a token with a space", tampered((j) => (j.credentials.sessionToken = "abc def")), /sessionToken/],
    ["a numeric expiration", tampered((j) => (j.credentials.expiration = NOW + 3_600_000)), /expiration/],
    ["an expiration with an offset", tampered((j) => (j.credentials.expiration = "2026-01-01T01:00:00+01:00")), /expiration/],
    [
      "an expiration a day away",
      tampered((j) => (j.credentials.expiration = new Date(NOW + 86_400_000).toISOString())),
      /later than any session/,
    ],
    ["an account that is not 12 digits", tampered((j) => (j.credentials.accountId = "12345")), /accountId/],
    ["credentials that are an array", tampered((j) => (j.credentials = [] as unknown as Record<string, unknown>)), /accessKeyId/],
  ])("refuse %s, naming the problem without the secret", (_name, text, problem) => {
    const decoded = decodeCacheEntry(text, KEY, NOW);
    expect(decoded).toEqual({ problem: expect.stringMatching(problem) });
    expect(JSON.stringify(decoded)).not.toContain(CREDENTIALS.secretAccessKey);
    expect(JSON.stringify(decoded)).not.toContain("abc");
  });
});

describe("credential field rules", () => {
  it("accept what AWS and the emulator issue", () => {
    expect(credentialFieldProblem(CREDENTIALS)).toBeUndefined();
  });

  it.each([
    [{ ...CREDENTIALS, accessKeyId: "ASIA" }, /accessKeyId/],
    [{ ...CREDENTIALS, accessKeyId: 42 }, /accessKeyId/],
    [{ ...CREDENTIALS, secretAccessKey: "" }, /secretAccessKey/],
    [{ ...CREDENTIALS, secretAccessKey: "x".repeat(1025) }, /secretAccessKey/],
    [{ ...CREDENTIALS, sessionToken: 'a"b' }, /sessionToken/],
    [{ ...CREDENTIALS, sessionToken: "a\\b" }, /sessionToken/],
    [{ ...CREDENTIALS, sessionToken: "a\u0000b" }, /sessionToken/],
  ])("refuse a malformed field (%#)", (values, problem) => {
    expect(credentialFieldProblem(values)).toMatch(problem);
  });
});

describe("cache keys", () => {
  const base: CacheKeyFields = {
    endpoint: "https://rolesanywhere.us-east-1.amazonaws.com",
    region: "us-east-1",
    trustAnchorArn: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/TA",
    profileArn: "arn:aws:rolesanywhere:us-east-1:123456789012:profile/P",
    roleArn: "arn:aws:iam::123456789012:role/R",
    durationSeconds: 3600,
    leafSha256: "0".repeat(64),
  };

  it.each<[string, Partial<CacheKeyFields>]>([
    ["endpoint", { endpoint: "http://127.0.0.1:1" }],
    ["trust anchor", { trustAnchorArn: `${base.trustAnchorArn}2` }],
    ["profile", { profileArn: `${base.profileArn}2` }],
    ["role", { roleArn: `${base.roleArn}2` }],
    ["session name", { roleSessionName: "ci" }],
    ["duration", { durationSeconds: 7200 }],
    ["certificate", { leafSha256: "1".repeat(64) }],
  ])("change with the %s", (_name, change) => {
    expect(cacheKeyText({ ...base, ...change })).not.toBe(cacheKeyText(base));
  });

  it("cannot be forged by moving text between fields", () => {
    expect(cacheKeyText({ ...base, roleArn: "a", roleSessionName: "b,c" })).not.toBe(
      cacheKeyText({ ...base, roleArn: "a,b", roleSessionName: "c" }),
    );
  });

  it("name only the cache's own files", () => {
    const key = "0123456789abcdef".repeat(4);
    expect(isCacheFileName(`${key}.json`)).toBe("entry");
    expect(isCacheFileName(`.${key}.json.4242.abc123.tmp`)).toBe("debris");
    expect(isCacheFileName(`${key}.lock.4242-x-y.stale`)).toBe("debris");
    expect(isCacheFileName(`${key}.lock`)).toBeUndefined();
    expect(isCacheFileName("config.json")).toBeUndefined();
    expect(isCacheFileName(`${key.toUpperCase()}.json`)).toBeUndefined();
  });
});
