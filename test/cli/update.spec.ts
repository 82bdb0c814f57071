import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import { main } from "../../src/cli/main";
import { setProfileCredentials } from "../../src/cli/update/credentialsFile";
import { runUpdateLoop, type LoopCredentials } from "../../src/cli/update/updateLoop";
import { credentialsFilePath } from "../../src/cli/commands/update";
import {
  SECRET_ACCESS_KEY,
  SESSION_TOKEN,
  hasNoSecrets,
  makeIdentity,
  runCli,
  sessionArgs,
  sessionBody,
  startCreateSessionStub,
  useIdentityAndStub,
} from "../support/cli";

const fixture = useIdentityAndStub();

const CREDS = { accessKeyId: "AKNEW", secretAccessKey: "SECRETNEW", sessionToken: "TOKENNEW" };

describe("setProfileCredentials", () => {
  it("replaces only the three keys of the section, keeping comments, other keys and sections", () => {
    const before = [
      "# my credentials",
      "[default]",
      "aws_access_key_id = OLD",
      "; a comment inside",
      "aws_secret_access_key=OLDSECRET",
      "region = eu-west-1",
      "aws_session_token = OLDTOKEN",
      "",
      "# next section",
      "[other]",
      "aws_access_key_id = KEEP",
      "aws_secret_access_key = KEEPSECRET",
      "",
    ].join("\n");
    expect(setProfileCredentials(before, "default", CREDS)).toBe(
      [
        "# my credentials",
        "[default]",
        "aws_access_key_id = AKNEW",
        "; a comment inside",
        "aws_secret_access_key = SECRETNEW",
        "region = eu-west-1",
        "aws_session_token = TOKENNEW",
        "",
        "# next section",
        "[other]",
        "aws_access_key_id = KEEP",
        "aws_secret_access_key = KEEPSECRET",
        "",
      ].join("\n"),
    );
  });

  it("adds missing keys at the end of the section (before a following comment) and drops duplicates", () => {
    const before = "[ra]\nregion = us-east-1\naws_access_key_id = A\naws_access_key_id = B\n\n# about other\n[other]\nx = 1\n";
    expect(setProfileCredentials(before, "ra", CREDS)).toBe(
      "[ra]\nregion = us-east-1\naws_access_key_id = AKNEW\naws_secret_access_key = SECRETNEW\naws_session_token = TOKENNEW\n\n# about other\n[other]\nx = 1\n",
    );
  });

  it("appends an absent section, creates an empty file's content, keeps CRLF", () => {
    expect(setProfileCredentials("", "default", CREDS)).toBe(
      "[default]\naws_access_key_id = AKNEW\naws_secret_access_key = SECRETNEW\naws_session_token = TOKENNEW\n",
    );
    expect(setProfileCredentials("[a]\r\nx = 1\r\n", "b", CREDS)).toBe(
      "[a]\r\nx = 1\r\n\r\n[b]\r\naws_access_key_id = AKNEW\r\naws_secret_access_key = SECRETNEW\r\naws_session_token = TOKENNEW\r\n",
    );
  });

  it.each([
    ["a session token with a line break", { ...CREDS, sessionToken: 'TOKEN\n[evil]\ncredential_process = sh -c "id"' }],
    ["a secret with a CR", { ...CREDS, secretAccessKey: "SECRET\rx" }],
    ["an access key id with a NUL", { ...CREDS, accessKeyId: "AK\u0000" }],
    ["a value with a Unicode line separator", { ...CREDS, sessionToken: "TOKEN\u2028x" }],
    ["an empty value", { ...CREDS, accessKeyId: "" }],
  ])("refuses %s, whatever parsed it (security: no INI injection)", (_name, credentials) => {
    expect(() => setProfileCredentials("[default]\n", "default", credentials)).toThrow(
      expect.objectContaining({ code: "ERR_BAD_RESPONSE" }),
    );
  });

  it.each([["ra\n[evil]"], ["ra\r"], ["ra\u0007"], ["[ra]"], [""]])("refuses the profile name %j", (profile) => {
    expect(() => setProfileCredentials("", profile, CREDS)).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTION" }));
  });

  it("security: drops the indented continuation lines of a replaced value (the AWS CLI would append them to the token)", () => {
    const before = [
      "[default]",
      "aws_session_token = OLDTOKEN",
      "  CONTINUED",
      "",
      "  # a comment stays",
      "\tMORE",
      "region = eu-west-1",
      "s3 =",
      "  max_concurrent_requests = 10",
      "aws_access_key_id = OLD",
      "  [evil]",
      "[other]",
      "aws_session_token = KEEP",
      "  KEEPCONTINUED",
      "",
    ].join("\n");
    expect(setProfileCredentials(before, "default", CREDS)).toBe(
      [
        "[default]",
        "aws_session_token = TOKENNEW",
        "",
        "  # a comment stays",
        "region = eu-west-1",
        "s3 =",
        "  max_concurrent_requests = 10",
        "aws_access_key_id = AKNEW",
        "aws_secret_access_key = SECRETNEW",
        "[other]",
        "aws_session_token = KEEP",
        "  KEEPCONTINUED",
        "",
      ].join("\n"),
    );
  });

  it("is idempotent", () => {
    const once = setProfileCredentials("[x]\nfoo = bar\n", "x", CREDS);
    expect(setProfileCredentials(once, "x", CREDS)).toBe(once);
  });
});

describe("runUpdateLoop", () => {
  const creds = (minutes: number, id = "K"): LoopCredentials => ({
    accessKeyId: id,
    secretAccessKey: "s",
    sessionToken: "t",
    expiration: new Date(Date.UTC(2026, 0, 1, 0, minutes)),
  });
  const NOW = new Date(Date.UTC(2026, 0, 1, 0, 0));

  it("sleeps until the drawn refresh point, retries failures with full-jitter backoff and keeps going", async () => {
    const controller = new AbortController();
    const sleeps: number[] = [];
    const written: string[] = [];
    const results: Array<() => LoopCredentials> = [
      () => creds(60, "A"),
      () => {
        throw new RolesAnywhereError("ERR_THROTTLED", "throttled");
      },
      () => {
        throw new RolesAnywhereError("ERR_NETWORK", "network down");
      },
      () => creds(60, "B"),
    ];
    const reports: string[] = [];
    const draws = [0, 0.6, 0.6, 0.5]; // refresh point of A, two retries, refresh point of B
    await runUpdateLoop({
      once: false,
      signal: controller.signal,
      now: () => NOW,
      random: () => draws.shift()!,
      fetchCredentials: async () => results.shift()!(),
      write: async (c) => void written.push(c.accessKeyId),
      report: (line) => reports.push(line),
      sleep: async (ms) => {
        sleeps.push(ms);
        if (results.length === 0) controller.abort();
      },
    });
    expect(written).toEqual(["A", "B"]);
    // 5 minutes before expiry (random 0), 0.6 × 5 s, 0.6 × 10 s, 10 minutes before expiry (random 0.5)
    expect(sleeps).toEqual([55 * 60_000, 3_000, 6_000, 50 * 60_000]);
    expect(reports[1]).toMatch(/refresh failed \(attempt 1\) \[ERR_THROTTLED\], retrying in 3 s: throttled/);
    expect(reports[2]).toMatch(/refresh failed \(attempt 2\) \[ERR_NETWORK\], retrying in 6 s: network down/);
  });

  it("spreads refresh points between 15 and 5 minutes before expiry, and never sleeps through the written credentials' expiry", async () => {
    const controller = new AbortController();
    const sleeps: number[] = [];
    let time = NOW.getTime();
    let calls = 0;
    await runUpdateLoop({
      once: false,
      signal: controller.signal,
      now: () => new Date(time),
      random: () => 0.999,
      fetchCredentials: async () => {
        if (++calls === 1) return creds(60);
        throw new RolesAnywhereError("ERR_THROTTLED", "throttled");
      },
      write: async () => {},
      report: () => undefined,
      sleep: async (ms) => {
        sleeps.push(ms);
        time += ms;
        if (sleeps.length === 12) controller.abort();
      },
    });
    expect(sleeps[0]).toBeGreaterThanOrEqual(45 * 60_000);
    expect(sleeps[0]).toBeLessThan(45.1 * 60_000);
    let at = NOW.getTime() + sleeps[0]!;
    for (const ms of sleeps.slice(1)) {
      const left = NOW.getTime() + 60 * 60_000 - at;
      expect(ms).toBeLessThanOrEqual(Math.max(1_000, left / 2));
      at += ms;
    }
    expect(at).toBeLessThan(NOW.getTime() + 60 * 60_000);
  });

  it("retries every transient code: throttling, timeout, network, service, file", async () => {
    const codes = ["ERR_THROTTLED", "ERR_TIMEOUT", "ERR_NETWORK", "ERR_SERVICE", "ERR_FILE"] as const;
    const controller = new AbortController();
    const failures: Array<() => never> = codes.map((code) => () => {
      throw new RolesAnywhereError(code, "transient");
    });
    const reports: string[] = [];
    await runUpdateLoop({
      once: false,
      signal: controller.signal,
      now: () => NOW,
      fetchCredentials: async () => failures.shift()!(),
      write: async () => {},
      report: (line) => reports.push(line),
      sleep: async () => {
        if (failures.length === 0) controller.abort();
      },
    });
    expect(reports.map((r) => /\[(ERR_\w+)\], retrying/.exec(r)?.[1])).toEqual([...codes]);
  });

  it.each([["ERR_REGION_MISMATCH"], ["ERR_KEY_MISMATCH"], ["ERR_INVALID_ARN"], ["ERR_ACCESS_DENIED"], ["ERR_BAD_PASSPHRASE"]] as const)(
    "stops at once on the permanent error %s (no sleep, no retry)",
    async (code) => {
      let calls = 0;
      let sleeps = 0;
      const reports: string[] = [];
      const controller = new AbortController(); // ends a (wrongly) retrying loop instead of spinning
      await expect(
        runUpdateLoop({
          once: false,
          signal: controller.signal,
          now: () => NOW,
          fetchCredentials: async () => {
            calls++;
            throw new RolesAnywhereError(code, "configuration problem");
          },
          write: async () => {},
          report: (line) => reports.push(line),
          sleep: async () => {
            sleeps++;
            controller.abort();
          },
        }),
      ).rejects.toMatchObject({ code });
      expect({ calls, sleeps }).toEqual({ calls: 1, sleeps: 0 });
      expect(reports).toEqual([`refresh failed [${code}]; not retrying: the error will repeat until the configuration is fixed`]);
    },
  );

  it("an error without a code is not retried either", async () => {
    let sleeps = 0;
    const controller = new AbortController();
    await expect(
      runUpdateLoop({
        once: false,
        signal: controller.signal,
        now: () => NOW,
        fetchCredentials: async () => Promise.reject(new TypeError("bug")),
        write: async () => {},
        report: () => {},
        sleep: async () => {
          sleeps++;
          controller.abort();
        },
      }),
    ).rejects.toThrow("bug");
    expect(sleeps).toBe(0);
  });

  it("with once: returns after one write, throws on failure", async () => {
    let sleeps = 0;
    const base = { once: true, now: () => NOW, report: () => {}, sleep: async () => void sleeps++ };
    await runUpdateLoop({ ...base, fetchCredentials: async () => creds(60), write: async () => {} });
    await expect(
      runUpdateLoop({ ...base, fetchCredentials: async () => Promise.reject(new Error("denied")), write: async () => {} }),
    ).rejects.toThrow("denied");
    expect(sleeps).toBe(0);
  });
});

describe("update command", () => {
  it("writes the profile with mode 0600, keeping other sections and comments", async () => {
    const file = join(fixture.ids.dir, "credentials-keep");
    await writeFile(file, "# keep me\n[default]\naws_access_key_id = OTHER\nregion = eu-west-1\n", { mode: 0o644 });
    const r = await runCli(["update", ...sessionArgs(fixture.ids, fixture.stub.url), "--profile", "ra", "--once"], {
      env: { AWS_SHARED_CREDENTIALS_FILE: file },
    });
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const text = await readFile(file, "utf8");
    expect(text).toMatch(
      new RegExp(
        `^# keep me\\n\\[default\\]\\naws_access_key_id = OTHER\\nregion = eu-west-1\\n\\n\\[ra\\]\\naws_access_key_id = ASIASTUBACCESSKEY\\d{3}\\naws_secret_access_key = ${SECRET_ACCESS_KEY.replace(/[/+]/g, "\\$&")}\\naws_session_token = ${SESSION_TOKEN}\\n$`,
      ),
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("creates a missing file and parent directory (default profile)", async () => {
    const file = join(fixture.ids.dir, "new-dir", "credentials");
    const r = await runCli(["update", ...sessionArgs(fixture.ids, fixture.stub.url), "--once"], {
      env: { AWS_SHARED_CREDENTIALS_FILE: file },
    });
    expect(r.code).toBe(0);
    expect(await readFile(file, "utf8")).toMatch(/^\[default\]\naws_access_key_id = ASIA/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("concurrent runs on one file do not corrupt it or lose a profile", async () => {
    const file = join(fixture.ids.dir, "credentials-concurrent");
    await writeFile(file, "# shared\n[keep]\nx = 1\n");
    const profiles = Array.from({ length: 8 }, (_, i) => `p${i}`);
    const results = await Promise.all(
      profiles.map((p) =>
        runCli(["update", ...sessionArgs(fixture.ids, fixture.stub.url), "--profile", p, "--once"], {
          env: { AWS_SHARED_CREDENTIALS_FILE: file },
        }),
      ),
    );
    expect(results.map((r) => r.code)).toEqual(profiles.map(() => 0));
    const text = await readFile(file, "utf8");
    expect(text.startsWith("# shared\n[keep]\nx = 1\n")).toBe(true);
    for (const p of profiles) {
      expect(text).toMatch(
        new RegExp(`\\[${p}\\]\\naws_access_key_id = ASIA\\w+\\naws_secret_access_key = \\S+\\naws_session_token = \\S+\\n`),
      );
    }
    expect(text.match(/^\[/gm)).toHaveLength(profiles.length + 1);
    expect(results.every((r) => hasNoSecrets(r.stderr))).toBe(true);
  });

  it("reports an unwritable file path as a runtime error (exit 1)", async () => {
    const file = join(fixture.ids.cert, "credentials"); // parent is a regular file
    const r = await runCli(["update", ...sessionArgs(fixture.ids, fixture.stub.url), "--once"], {
      env: { AWS_SHARED_CREDENTIALS_FILE: file },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^roles-anywhere update: cannot write the credentials file .*AWS_SHARED_CREDENTIALS_FILE/);
    expect(hasNoSecrets(r.stderr)).toBe(true);
  });

  it("without --once: a region mismatch ends the command with exit 2 instead of retrying", async () => {
    const file = join(fixture.ids.dir, "credentials-region");
    const r = await runUntilRetry(["update", ...sessionArgs(fixture.ids, fixture.stub.url), "--region", "eu-west-1"], file);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/retrying in/);
    // The option checks run before the loop starts: one error line, nothing retried.
    expect(r.stderr).toMatch(/^roles-anywhere update: --region is eu-west-1 but .*\[ERR_REGION_MISMATCH\]\n$/);
  });

  it("without --once: a bad ARN exits 2, a certificate/key mismatch exits 1, neither is retried", async () => {
    const other = await makeIdentity();
    try {
      const badArn = await runUntilRetry(
        ["update", ...sessionArgs(fixture.ids, fixture.stub.url), "--role-arn", "arn:aws:iam::123456789012:user/x"],
        join(fixture.ids.dir, "c-arn"),
      );
      expect(badArn.code).toBe(2);
      expect(badArn.stderr).toMatch(/\[ERR_INVALID_ARN\]\n$/);
      const mismatch = await runUntilRetry(
        ["update", ...sessionArgs({ cert: fixture.ids.cert, key: other.key }, fixture.stub.url)],
        join(fixture.ids.dir, "c-key"),
      );
      expect(mismatch.code).toBe(1);
      expect(mismatch.stderr).toMatch(/\[ERR_KEY_MISMATCH\]\n$/);
      for (const r of [badArn, mismatch]) expect(r.stderr).not.toMatch(/retrying in/);
    } finally {
      await other.cleanup();
    }
  });

  it("without --once: throttling is retried, with its code in the log line", async () => {
    const throttled = await startCreateSessionStub(() => ({
      status: 429,
      body: JSON.stringify({ message: "Rate exceeded" }),
      headers: { "X-Amzn-ErrorType": "ThrottlingException", "Retry-After": "0" },
    }));
    try {
      const r = await runUntilRetry(["update", ...sessionArgs(fixture.ids, throttled.url)], join(fixture.ids.dir, "c-throttled"));
      expect(r.code).toBe(0); // stopped by the test's abort after the first retry line
      expect(r.stderr).toMatch(/^roles-anywhere update: \[default\] refresh failed \(attempt 1\) \[ERR_THROTTLED\], retrying in [1-5] s: /);
      expect(hasNoSecrets(r.stderr)).toBe(true);
    } finally {
      await throttled.close();
    }
  });

  it("security: a session token that injects a credential_process profile is refused end to end, the file left as it was", async () => {
    const file = join(fixture.ids.dir, "credentials-injection");
    const before = "[default]\nregion = eu-west-1\n";
    await writeFile(file, before, { mode: 0o600 });
    const hostile = await startCreateSessionStub(() => {
      const body = JSON.parse(sessionBody()) as { credentialSet: { credentials: { sessionToken: string } }[] };
      body.credentialSet[0]!.credentials.sessionToken = `${SESSION_TOKEN}\n[evil]\ncredential_process = sh -c "touch /tmp/roles-anywhere-pwned"`;
      return { status: 201, body: JSON.stringify(body) };
    });
    try {
      const r = await runCli(["update", ...sessionArgs(fixture.ids, hostile.url), "--once"], {
        env: { AWS_SHARED_CREDENTIALS_FILE: file },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/sessionToken holds characters other than base64/);
      expect(await readFile(file, "utf8")).toBe(before);
      expect(r.stderr).not.toMatch(/evil|credential_process/);
      expect(hasNoSecrets(r.stderr)).toBe(true);
    } finally {
      await hostile.close();
    }
  });

  it("finds the file from AWS_SHARED_CREDENTIALS_FILE (with ~) or HOME", () => {
    expect(credentialsFilePath({ HOME: "/home/u" }, "/cwd")).toBe("/home/u/.aws/credentials");
    expect(credentialsFilePath({ HOME: "/home/u", AWS_SHARED_CREDENTIALS_FILE: "~/creds" }, "/cwd")).toBe("/home/u/creds");
    expect(credentialsFilePath({ HOME: "/home/u", AWS_SHARED_CREDENTIALS_FILE: "rel/creds" }, "/cwd")).toBe("/cwd/rel/creds");
  });
});

describe("security: update and a symlinked credentials file", () => {
  it("writes through the link (and a chain of links) to the target, atomically; the links stay links", async () => {
    const { lstat, mkdir, readdir, readlink, symlink } = await import("node:fs/promises");
    const dotfiles = join(fixture.ids.dir, "dotfiles");
    const home = join(fixture.ids.dir, "home-aws");
    await mkdir(dotfiles, { recursive: true });
    await mkdir(home, { recursive: true });
    const target = join(dotfiles, "aws-credentials");
    await writeFile(target, "# tracked in git\n[keep]\nx = 1\n", { mode: 0o600 });
    const middle = join(home, "middle");
    await symlink("../dotfiles/aws-credentials", middle); // relative, resolved from the link's directory
    const link = join(home, "credentials");
    await symlink(middle, link);
    const r = await runCli(["update", ...sessionArgs(fixture.ids, fixture.stub.url), "--once"], {
      env: { AWS_SHARED_CREDENTIALS_FILE: link },
    });
    expect(r.code).toBe(0);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect((await lstat(middle)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(middle);
    const text = await readFile(target, "utf8");
    expect(text).toMatch(/^# tracked in git\n\[keep\]\nx = 1\n\n\[default\]\naws_access_key_id = ASIA/);
    expect(await readFile(link, "utf8")).toBe(text);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await readdir(dotfiles)).sort()).toEqual(["aws-credentials"]); // no temporary or lock file left
    expect((await readdir(home)).sort()).toEqual(["credentials", "middle"]);
  });

  it("creates the target of a dangling link", async () => {
    const { lstat, symlink } = await import("node:fs/promises");
    const target = join(fixture.ids.dir, "dangling-target");
    const link = join(fixture.ids.dir, "dangling-link");
    await symlink(target, link);
    const r = await runCli(["update", ...sessionArgs(fixture.ids, fixture.stub.url), "--once"], {
      env: { AWS_SHARED_CREDENTIALS_FILE: link },
    });
    expect(r.code).toBe(0);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(target, "utf8")).toMatch(/^\[default\]\naws_access_key_id = ASIA/);
  });

  it("refuses a link loop with a clear error", async () => {
    const { symlink } = await import("node:fs/promises");
    const a = join(fixture.ids.dir, "loop-a");
    const b = join(fixture.ids.dir, "loop-b");
    await symlink(b, a);
    await symlink(a, b);
    const r = await runCli(["update", ...sessionArgs(fixture.ids, fixture.stub.url), "--once"], {
      env: { AWS_SHARED_CREDENTIALS_FILE: a },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write the credentials file .*loop-a: its symbolic links form a loop/);
  });
});

describe("credentials file lock", () => {
  it("takes over a lock left by a process that no longer exists", async () => {
    const { updateFileAtomically } = await import("../../src/cli/update/atomicFile");
    const file = join(fixture.ids.dir, "credentials-stale-lock");
    await writeFile(`${file}.lock`, "2147483646"); // no such pid
    await updateFileAtomically(file, () => "[x]\n", { lockTimeoutMs: 5_000 });
    expect(await readFile(file, "utf8")).toBe("[x]\n");
    await expect(stat(`${file}.lock`)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("gives up with a clear error while a live process holds the lock", async () => {
    const { updateFileAtomically } = await import("../../src/cli/update/atomicFile");
    const file = join(fixture.ids.dir, "credentials-held-lock");
    await writeFile(`${file}.lock`, String(process.pid));
    await expect(updateFileAtomically(file, () => "x", { lockTimeoutMs: 0 })).rejects.toThrow(/is held by another process/);
  });
});

/**
 * Runs `update` (no --once) in-process and aborts it as soon as it logs a retry, so a
 * regression that retries a permanent error ends the test instead of hanging it.
 */
async function runUntilRetry(argv: string[], file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const controller = new AbortController();
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: {
      write: (s: string) => {
        stderr += s;
        if (/retrying in/.test(s)) controller.abort();
        return true;
      },
    },
    env: { AWS_SHARED_CREDENTIALS_FILE: file },
    signal: controller.signal,
    terminal: async () => undefined,
  });
  return { code, stdout, stderr };
}
