/**
 * Secrets never leak: for failures and successes of the provider, the one-shot function
 * and the CLI with --debug, every error (message, stack, cause chain, JSON.stringify,
 * util.inspect) and every logger / stderr line is free of the private key, the passphrase,
 * the secret access key and the session token used.
 *
 * The identity itself is meant to hold the secret key and token (that is what the SDK
 * signs with), so `util.inspect(identity)` is only checked to be the plain SDK shape —
 * accessKeyId, secretAccessKey, sessionToken, expiration, accountId — with no key
 * material, passphrase or certificate attached.
 */
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fromRolesAnywhere, getRolesAnywhereCredentials } from "../../src";
import { main } from "../../src/cli/main";
import { ARNS, testLeaf } from "../support/fixtures";
import { type CreateSessionStub, type StubReply, createSessionBody, fakeCredentials, startCreateSessionStub } from "../support/stubServers";
import type { TestCert } from "../support/pki";
import { guardUnhandledRejections, instantRetries } from "../support/guards";
import { bodyWithCredentials } from "../support/providerInit";
import { expectNoSecrets, keySecrets, recordingLogger, renderings } from "../support/secretScan";

guardUnhandledRejections();

const PASSPHRASE = "correct-horse-battery-staple-42";
let leaf: TestCert;
let other: TestCert;
let encryptedKeyPem: string;
let dir: string;
let stub: CreateSessionStub;
/** Secrets the stub handed out in bodies (good or bad). */
const issued: string[] = [];

beforeAll(async () => {
  [leaf, other] = await Promise.all([testLeaf(), testLeaf()]);
  encryptedKeyPem = createPrivateKey(leaf.key.privateKeyPem).export({
    type: "pkcs8",
    format: "pem",
    cipher: "aes-256-cbc",
    passphrase: PASSPHRASE,
  }) as string;
  dir = mkdtempSync(join(tmpdir(), "ra-secrets-"));
  writeFileSync(join(dir, "cert.pem"), leaf.certificatePem);
  writeFileSync(join(dir, "key.pem"), leaf.key.privateKeyPem);
  writeFileSync(join(dir, "encrypted.pem"), encryptedKeyPem);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  stub = await startCreateSessionStub();
  const issue = stub.reply;
  stub.reply = async (request, index) => record(await issue(request, index));
});
afterEach(async () => {
  await stub.close();
});

const record = (reply: StubReply): StubReply => {
  const credentials = (JSON.parse(reply.body) as { credentialSet?: { credentials?: Record<string, string> }[] }).credentialSet?.[0]
    ?.credentials;
  if (credentials)
    issued.push(...[credentials.secretAccessKey, credentials.sessionToken].filter((v): v is string => typeof v === "string"));
  return reply;
};

const secretsNow = (): string[] => [
  ...keySecrets(leaf.key.privateKeyPem, leaf.certificatePem),
  ...keySecrets(other.key.privateKeyPem, other.certificatePem),
  ...keySecrets(encryptedKeyPem),
  PASSPHRASE,
  ...issued,
];
const init = (extra = {}) => ({
  ...ARNS,
  endpoint: stub.url,
  certificate: leaf.certificatePem,
  privateKey: leaf.key.privateKeyPem,
  maxRetries: 1,
  timeout: 30_000, // a bound, never reached: the stub answers every request
  ...extra,
});

/** Runs `call`, returning every rendering of what it threw plus the logger's lines. */
const observe = async (call: (logger: ReturnType<typeof recordingLogger>) => Promise<unknown>): Promise<string[]> => {
  const lines: string[] = [];
  const outcome = await call(recordingLogger(lines)).then(
    () => [],
    (error: unknown) => renderings(error),
  );
  return [...lines, ...outcome];
};

const secretBody = (credentials: Record<string, unknown>): StubReply => record({ status: 201, body: bodyWithCredentials(credentials) });
const truncated = (reply: StubReply): StubReply => ({ ...reply, body: reply.body.slice(0, -12) });
const future = "2099-01-01T00:00:00Z";
const withSecrets = () => ({
  accessKeyId: "ASIAEXAMPLEEXAMPLE01",
  secretAccessKey: `SECRET${crypto.randomUUID().replace(/-/g, "")}`,
  sessionToken: `TOKEN${crypto.randomUUID().replace(/-/g, "")}`,
});

describe("no secrets in errors or logs", () => {
  it.each([
    ["a missing field", () => secretBody({ ...withSecrets(), sessionToken: undefined, expiration: future })],
    ["an expiration in the past", () => secretBody({ ...withSecrets(), expiration: "2001-01-01T00:00:00Z" })],
    ["a non-ISO expiration", () => secretBody({ ...withSecrets(), expiration: "next tuesday" })],
    ["truncated JSON", () => truncated(secretBody({ ...withSecrets(), expiration: future }))],
    ["a 500 storm", () => ({ status: 500, body: '{"message":"boom"}' })],
    [
      "403 Invalid signature with a skewed Date",
      () => ({
        status: 403,
        body: '{"message":"Invalid signature"}',
        headers: { "x-amzn-errortype": "AccessDeniedException", date: "Wed, 25 Nov 2020 10:00:00 GMT" },
      }),
    ],
  ])("CreateSession answering %s", async (_name, reply) => {
    stub.reply = reply;
    const texts = await observe((logger) => getRolesAnywhereCredentials({ ...init({ logger }), ...instantRetries() } as never));
    expect(texts.length).toBeGreaterThan(0);
    expectNoSecrets(texts, secretsNow());
  });

  it.each([
    ["a key that does not match the certificate", () => init({ privateKey: other.key.privateKeyPem })],
    ["a damaged key", () => init({ privateKey: leaf.key.privateKeyPem.replace(/\n(.{10})/, "\n!!$1") })],
    [
      "a DER key cut short",
      () =>
        init({
          privateKey: new Uint8Array(createPrivateKey(leaf.key.privateKeyPem).export({ type: "pkcs8", format: "der" })).subarray(0, 40),
        }),
    ],
    ["an encrypted key without its passphrase", () => init({ privateKey: encryptedKeyPem })],
    ["an encrypted key with a wrong passphrase", () => init({ privateKey: encryptedKeyPem, passphrase: `${PASSPHRASE}-wrong` })],
    ["an encrypted key with its passphrase", () => init({ privateKey: encryptedKeyPem, passphrase: PASSPHRASE })],
    ["a refused connection", () => init({ endpoint: "http://127.0.0.1:1" })],
  ])("input: %s", async (_name, options) => {
    const texts = await observe(async (logger) => fromRolesAnywhere({ ...options(), logger, ...instantRetries() } as never)());
    expectNoSecrets(texts, [...secretsNow(), `${PASSPHRASE}-wrong`]);
  });

  it("a successful refresh, a forced refresh and a failing background refresh, logged at debug", async () => {
    let time = Date.now();
    const lines: string[] = [];
    const provider = fromRolesAnywhere({
      ...init({ logger: recordingLogger(lines), now: () => new Date(time) }),
      ...instantRetries(),
    } as never);
    const identity = await provider();
    await provider({ forceRefresh: true });
    stub.reply = () => ({ status: 500, body: `{"message":"boom"}` });
    time += 56 * 60_000;
    await provider();
    await expect.poll(() => lines.some((line) => line.includes("still serving the cached ones"))).toBe(true);
    expectNoSecrets(lines, [...secretsNow(), identity.secretAccessKey, identity.sessionToken]);
  });

  it("the CLI credential-process --debug: stderr is clean, stdout carries the credentials by design", async () => {
    let stdout = "";
    let stderr = "";
    const argv = (password: string) => [
      "credential-process",
      "--certificate",
      join(dir, "cert.pem"),
      "--private-key",
      join(dir, "encrypted.pem"),
      "--pkcs8-password",
      password,
      "--trust-anchor-arn",
      ARNS.trustAnchorArn,
      "--profile-arn",
      ARNS.profileArn,
      "--role-arn",
      ARNS.roleArn,
      "--endpoint",
      stub.url,
      "--debug",
    ];
    const code = await main(argv(PASSPHRASE), {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: {},
    });
    const failed = await main(argv(`${PASSPHRASE}-wrong`), {
      stdout: { write: () => undefined },
      stderr: { write: (s: string) => (stderr += s) },
      env: {},
    });
    expect(stderr.length).toBeGreaterThan(0);
    expectNoSecrets([stderr], [...secretsNow(), `${PASSPHRASE}-wrong`]);
    expect(code).toBe(0);
    expect(issued).toContain((JSON.parse(stdout) as { SecretAccessKey: string }).SecretAccessKey);
    expect(failed).not.toBe(0);
  });
});

describe("the scanner", () => {
  it("finds a planted leak (so the tests above can fail)", () => {
    const [line] = keySecrets(leaf.key.privateKeyPem, leaf.certificatePem);
    expect(() => expectNoSecrets([`oops ${line}`], secretsNow())).toThrow();
    expect(() => expectNoSecrets([inspect(new Error("x", { cause: new Error(PASSPHRASE) }))], secretsNow())).toThrow();
  });
});

describe("the identity", () => {
  it("is the plain SDK shape: util.inspect and JSON.stringify show only its five fields, no key material", async () => {
    const identity = await getRolesAnywhereCredentials(init({ privateKey: leaf.key.privateKeyPem }));
    expect(Object.keys(identity).sort()).toEqual(["accessKeyId", "accountId", "expiration", "secretAccessKey", "sessionToken"]);
    const shown = `${inspect(identity, { depth: null, showHidden: true })}\n${JSON.stringify(identity)}`;
    expect(shown).toContain(identity.secretAccessKey);
    expectNoSecrets([shown], [...keySecrets(leaf.key.privateKeyPem, leaf.certificatePem), PASSPHRASE, leaf.certificatePem.split("\n")[1]!]);
  });
});
