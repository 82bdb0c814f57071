/**
 * The credential-process cache fast path (src/cli/credentialCache/cacheHitFastPath.ts) answers
 * exactly when the full command would answer from the cache, silently, with the same output; in
 * every other case it prints nothing and leaves the run to the full CLI.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveCacheHit } from "../../../src/cli/credentialCache/cacheHitFastPath";
import { cacheRequested } from "../../../src/cli/credentialCache/cacheRequested";
import { CACHE_ENV } from "../../../src/cli/credentialCache/cacheSettings";
import { hasNoSecrets, runCli, sessionArgs, useIdentityAndStub } from "../../support/cli";

const fixture = useIdentityAndStub();
let scratch: string;
let dir: string;

const base = () => ["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url), "--cache", "--cache-dir", dir];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "ra-fast-path-"));
  dir = join(scratch, "cache");
  expect((await runCli(base())).code).toBe(0); // the one miss: stores the entry
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Runs the fast path with captured streams. */
const fast = async (argv: string[], env: Record<string, string> = {}, cwd = process.cwd()) => {
  let stdout = "";
  let stderr = "";
  const served = await serveCacheHit(argv, {
    env,
    cwd,
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    nowMs: Date.now,
  });
  return { served, stdout, stderr };
};

const without = (argv: string[], flag: string) => {
  const at = argv.indexOf(flag);
  return [...argv.slice(0, at), ...argv.slice(at + 2)];
};

type Variant = [name: string, argv: () => string[], env?: Record<string, string>, cwd?: () => string];

const VARIANTS: Variant[] = [
  ["the command line that stored the entry", base],
  ["env ROLES_ANYWHERE_CACHE=1 instead of --cache", () => base().filter((a) => a !== "--cache"), { [CACHE_ENV]: "1" }],
  [
    "relative certificate and key paths",
    () => base().map((a) => (a.startsWith(fixture.ids.dir) ? basename(a) : a)),
    {},
    () => fixture.ids.dir,
  ],
  ["--cache=true and --flag=value forms", () => [...base().filter((a) => a !== "--cache"), "--cache=true", `--cache-min-remaining=600`]],
  ["a key password flag (the key is not loaded on a hit)", () => [...base(), "--pkcs8-password", "not-needed"]],
  ["--help", () => [...base(), "--help"]],
  ["an unknown flag", () => [...base(), "--bogus"]],
  ["a positional argument", () => [...base(), "--", "extra"]],
  ["no --role-arn", () => without(base(), "--role-arn")],
  ["a missing key file", () => [...without(base(), "--private-key"), "--private-key", join(scratch, "missing.pem")]],
  ["--cache=false", () => [...base().filter((a) => a !== "--cache"), "--cache=false"]],
  ["env ROLES_ANYWHERE_CACHE=yes (a usage error)", () => base().filter((a) => a !== "--cache"), { [CACHE_ENV]: "yes" }],
  ["a store flag of aws_signing_helper", () => [...base(), "--cert-selector", "Key=x"]],
  ["another region (another entry: a miss)", () => [...base(), "--region", "us-east-1", "--role-session-name", "other"]],
  ["a session duration out of range", () => [...base(), "--session-duration", "10"]],
  ["a margin the entry does not meet", () => [...base(), "--cache-min-remaining", "43200"]],
  ["a bad --cache-min-remaining", () => [...base(), "--cache-min-remaining", "30"]],
  ["another command", () => ["export", ...base().slice(1)]],
];

describe("the cache fast path agrees with the full credential-process", () => {
  it.each(VARIANTS)("%s", async (_name, argv, env = {}, cwd = () => process.cwd()) => {
    const requestsBefore = fixture.stub.requests.length;
    const quick = await fast(argv(), env, cwd());
    const full = await runCli(argv(), { env, cwd: cwd() });
    const fullFromCache =
      full.code === 0 && full.stdout.startsWith('{"Version":1,') && full.stderr === "" && fixture.stub.requests.length === requestsBefore;
    expect(quick.served).toBe(fullFromCache);
    if (quick.served) expect(quick.stdout).toBe(full.stdout);
    else expect(quick.stdout).toBe("");
    // Errors and warnings are the full CLI's to give: without --debug the fast path is silent.
    expect(quick.stderr).toBe("");
  });

  it("serves the base case, and the other answers above include both outcomes", async () => {
    expect((await fast(base())).served).toBe(true);
    expect((await fast([...base(), "--bogus"])).served).toBe(false);
  });

  it("--debug traces its phases (paths and times, no secrets), and says why it hands over", async () => {
    const hit = await fast([...base(), "--debug"]);
    expect(hit.served).toBe(true);
    const lines = hit.stderr.trim().split("\n");
    expect(lines[0]).toMatch(/^\[debug \+[\d.]+ms cpu [\d.]+ms\] roles-anywhere: credential-process started/);
    expect(hit.stderr).toContain(`cache entry ${dir}/`);
    expect(hit.stderr).toMatch(/cache hit: valid until /);
    expect(lines.at(-1)).toMatch(/credentials printed$/);
    expect(hasNoSecrets(hit.stderr)).toBe(true);

    const miss = await fast([...base(), "--debug", "--cache-min-remaining", "43200"]);
    expect(miss).toMatchObject({ served: false, stdout: "" });
    expect(miss.stderr).toMatch(/cache fast path: no fresh entry; the full CLI takes over/);
    const refused = await fast([...base(), "--debug", "--pkcs8-password", "hunter2-secret", "--bogus"]);
    expect(refused.served).toBe(false);
    expect(refused.stderr).not.toContain("hunter2-secret");
  });

  it("a cache directory that may not be used is handed over (the full CLI warns)", async () => {
    const other = join(scratch, "not-a-dir");
    await writeFile(other, "x");
    const r = await fast([...base().slice(0, -1), other, "--debug"]);
    expect(r).toMatchObject({ served: false, stdout: "" });
    expect(r.stderr).toMatch(/cache fast path: the cache directory may not be used/);
  });
});

describe("cacheRequested (whether the bin tries the fast path)", () => {
  it.each([
    [["credential-process", "--cache"], {}, true],
    [["credential-process", "--cache=false"], {}, true],
    [["credential-process"], { [CACHE_ENV]: "1" }, true],
    [["credential-process"], { [CACHE_ENV]: " " }, false],
    [["credential-process"], {}, false],
    [["serve", "--cache"], {}, false],
    [["credential-process", "--cache-dir", "/tmp/x"], {}, false],
  ])("%j with %j: %s", (argv, env, expected) => {
    expect(cacheRequested(argv, env)).toBe(expected);
  });
});
