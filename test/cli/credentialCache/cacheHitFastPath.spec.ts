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
import { hasNoSecrets, runCli, runCliAsBin, sessionArgs, useIdentityAndStub } from "../../support/cli";

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

    const miss = await fast([...base(), "--debug", "--role-session-name", "nobody-stored-this"]);
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

describe("what the fast path does after the lookup", () => {
  it("hands a hit over when the session is too short for the margin: the full CLI warns about it, every run", async () => {
    // Stored with a small margin; the stub's credentials last an hour whatever the duration asked.
    expect((await runCli([...base(), "--session-duration", "900", "--cache-min-remaining", "60"])).code).toBe(0);
    expect((await fast([...base(), "--session-duration", "900", "--cache-min-remaining", "60"])).served).toBe(true);
    const short = [...base(), "--session-duration", "900"];
    const requestsBefore = fixture.stub.requests.length;
    expect(await fast(short)).toEqual({ served: false, stdout: "", stderr: "" });
    const bin = await runCliAsBin(short);
    expect(bin).toMatchObject({ code: 0, fastPath: false });
    expect(bin.stderr.match(/--cache cannot help/g)).toHaveLength(1);
    expect(fixture.stub.requests.length).toBe(requestsBefore);
  });

  it("once the credentials are written, answers true whatever else fails: a failed --debug line does not make the full CLI print them again", async () => {
    let stdout = "";
    const served = await serveCacheHit([...base(), "--debug"], {
      env: {},
      cwd: process.cwd(),
      stdout: { write: (s: string) => ((stdout += s), true) },
      stderr: {
        write: () => {
          throw Object.assign(new Error("EIO: i/o error, write"), { code: "EIO" });
        },
      },
      nowMs: Date.now,
    });
    expect(served).toBe(true);
    expect(stdout.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("a failed write of the credentials rejects (the bin exits 1) instead of handing over", async () => {
    const failing = serveCacheHit(base(), {
      env: {},
      cwd: process.cwd(),
      stdout: {
        write: () => {
          throw Object.assign(new Error("EIO: i/o error, write"), { code: "EIO" });
        },
      },
      stderr: { write: () => true },
      nowMs: Date.now,
    });
    await expect(failing).rejects.toMatchObject({ code: "EIO" });
  });

  it("--debug lines go through the redactor: a password never shows, even where it is part of a path", async () => {
    const secret = basename(scratch); // the password happens to be the name of the cache's parent folder
    const r = await fast([...base(), "--debug", "--pkcs8-password", secret]);
    expect(r.served).toBe(true);
    expect(r.stderr).toContain("[redacted]");
    expect(r.stderr).not.toContain(secret);
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
