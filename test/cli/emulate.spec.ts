import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestCa, issueTestCertificate } from "../support/pki";
import { RolesAnywhereError } from "../../src/errors";
import { type IdentityFiles, SECRET_ACCESS_KEY, hasNoSecrets, makeIdentity, runCli, startCli } from "../support/cli";

const TA = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/TA";
const PROFILE = "arn:aws:rolesanywhere:us-east-1:123456789012:profile/PROFILE";
const ROLE = "arn:aws:iam::123456789012:role/App";

let ids: IdentityFiles;
let config: string;

beforeAll(async () => {
  ids = await makeIdentity();
  await writeFile(join(ids.dir, "ca.pem"), ids.ca.certificatePem);
  config = join(ids.dir, "emulator.json");
  await writeFile(
    config,
    JSON.stringify({
      trustAnchors: [{ id: "TA", name: "lab-ca", certificates: ["ca.pem"] }],
      profiles: [{ id: "PROFILE", name: "lab", roleArns: [ROLE] }],
      roles: [{ name: "App" }],
    }),
  );
});
afterAll(async () => {
  await ids.cleanup();
});

const args = (cert: string, key: string, endpoint: string) => [
  "--certificate",
  cert,
  "--private-key",
  key,
  "--trust-anchor-arn",
  TA,
  "--profile-arn",
  PROFILE,
  "--role-arn",
  ROLE,
  "--endpoint",
  endpoint,
];

describe("emulate + credential-process against the emulator (full signature and trust verification)", () => {
  it("emulate prints URLs and ARNs; credential-process and export get credentials from it", async () => {
    const emu = await startCli(["emulate", "--config", config, "--debug"]);
    try {
      const cp = await runCli(["credential-process", ...args(ids.cert, ids.key, emu.url)]);
      expect(cp.stderr).toBe("");
      expect(cp.code).toBe(0);
      expect(JSON.parse(cp.stdout).AccessKeyId).toMatch(/^ASIA/);
      const rsa = await makeIdentity({ rsa: true });
      await writeFile(rsa.cert, (await issueTestCertificate({ issuer: ids.ca, subject: { CN: "rsa" }, key: rsa.leaf.key })).certificatePem);
      const ex = await runCli(["export", ...args(rsa.cert, rsa.key, emu.url)]);
      await rsa.cleanup();
      expect(ex.stderr).toBe("");
      expect(ex.stdout).toMatch(/^export AWS_ACCESS_KEY_ID="ASIA/);
    } finally {
      const r = await emu.stop();
      expect(r.code).toBe(0);
      const printed = JSON.parse(r.stdout);
      expect(printed).toMatchObject({ url: emu.url, arns: { trustAnchors: { TA }, profiles: { PROFILE }, roles: { App: ROLE } } });
      expect(printed.stsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(r.stderr).toMatch(/\[emulator\] CreateSession 201/);
      expect(hasNoSecrets(r.stderr)).toBe(true);
    }
  });

  it("a certificate from another CA is refused: exit 1, the service's message, nothing on stdout", async () => {
    const emu = await startCli(["emulate", "--config", config]);
    try {
      const otherCa = await createTestCa({ commonName: "Other CA" });
      const stranger = await issueTestCertificate({ issuer: otherCa, subject: { CN: "stranger" } });
      await writeFile(join(ids.dir, "stranger.pem"), stranger.certificatePem);
      await writeFile(join(ids.dir, "stranger-key.pem"), stranger.key.privateKeyPem, { mode: 0o600 });
      const r = await runCli(["credential-process", ...args(join(ids.dir, "stranger.pem"), join(ids.dir, "stranger-key.pem"), emu.url)]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^roles-anywhere credential-process: .*Untrusted signing certificate.*\[ERR_ACCESS_DENIED\]\n$/i);
      expect(r.stderr).not.toContain(SECRET_ACCESS_KEY);
    } finally {
      await emu.stop();
    }
  });

  it("emulate on a busy port says so and how to fix it (exit 1); so does startEmulator, typed", async () => {
    const first = await startCli(["emulate", "--config", config]);
    try {
      const port = new URL(first.url).port;
      const busy = await runCli(["emulate", "--config", config, "--port", port]);
      expect(busy).toMatchObject({ code: 1, stdout: "" });
      expect(busy.stderr).toMatch(
        new RegExp(
          `^roles-anywhere emulate: 127\\.0\\.0\\.1:${port} is already in use: stop the other server or pass another --port \\(0 picks a free one\\)\\. \\[ERR_INVALID_OPTION\\]\\n$`,
        ),
      );
      const { startEmulator } = await import("../../src/emulator");
      const error = await startEmulator({ port: Number(port) }).then(
        () => undefined,
        (caught: unknown) => caught as RolesAnywhereError,
      );
      expect(error).toBeInstanceOf(RolesAnywhereError);
      expect(error?.code).toBe("ERR_INVALID_OPTION");
      expect(error?.message).toBe(`127.0.0.1:${port} is already in use: stop the other server or pass another port (0 picks a free one).`);
    } finally {
      await first.stop();
    }
  });

  it("emulate: half the admin credentials is a usage error; a broken config a runtime error", async () => {
    const half = await runCli(["emulate", "--admin-access-key-id", "AKIAEMULATORADMIN000"]);
    expect(half).toMatchObject({ code: 2, stdout: "" });
    expect(half.stderr).toMatch(/give both --admin-access-key-id and --admin-secret-access-key/);
    const bad = join(ids.dir, "bad-emulator.json");
    await writeFile(bad, JSON.stringify({ trustAnchor: [] }));
    const broken = await runCli(["emulate", "--config", bad]);
    expect(broken).toMatchObject({ code: 1, stdout: "" });
    expect(broken.stderr).toMatch(/^roles-anywhere emulate: .*unknown key "trustAnchor"/);
  });

  it("emulate --throttle: CreateSession over the quota is refused with 429, which credential-process reports as ERR_THROTTLED", async () => {
    const emu = await startCli(["emulate", "--config", config, "--throttle", "0.001:1", "--debug"]);
    try {
      const first = await runCli(["credential-process", ...args(ids.cert, ids.key, emu.url)]);
      expect(first.code).toBe(0);
      const second = await runCli(["credential-process", ...args(ids.cert, ids.key, emu.url)]);
      expect(second).toMatchObject({ code: 1, stdout: "" });
      expect(second.stderr).toMatch(/ERR_THROTTLED|Rate exceeded/);
    } finally {
      const r = await emu.stop();
      expect(r.stderr).toMatch(/\[emulator\] CreateSession 201/);
      expect(r.stderr).toMatch(/\[emulator\] CreateSession 429/);
    }
    const bad = await runCli(["emulate", "--throttle", "fast"]);
    expect(bad).toMatchObject({ code: 2, stdout: "" });
    expect(bad.stderr).toMatch(/--throttle must be RATE or RATE:BURST/);
  });

  it("emulate with no config and a state file prints the admin credentials it was given and writes the state", async () => {
    const state = join(ids.dir, "cli-state.json");
    const emu = await startCli([
      "emulate",
      "--state",
      state,
      "--admin-access-key-id",
      "AKIAEMULATORADMIN000",
      "--admin-secret-access-key",
      "cli-admin-secret",
    ]);
    const saved = JSON.parse(await readFile(state, "utf8")) as { version: number };
    expect(saved.version).toBe(1);
    const r = await emu.stop();
    const printed = JSON.parse(r.stdout) as { adminCredentials: unknown; stateFile: string; arns: unknown };
    expect(printed.adminCredentials).toEqual({ accessKeyId: "AKIAEMULATORADMIN000", secretAccessKey: "cli-admin-secret" });
    expect(printed.stateFile).toBe(state);
    expect(printed.arns).toEqual({ trustAnchors: {}, profiles: {}, roles: {} });
  });
});
