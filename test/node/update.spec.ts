import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setProfileCredentials } from "../../src/node/credentialsFile";
import { runUpdateLoop, type LoopCredentials } from "../../src/node/updateLoop";
import { credentialsFilePath } from "../../src/node/cli/commands/update";
import {
  type IdentityFiles,
  type StubServer,
  SECRET_ACCESS_KEY,
  SESSION_TOKEN,
  hasNoSecrets,
  makeIdentity,
  runCli,
  sessionArgs,
  startCreateSessionStub,
} from "./support";

let ids: IdentityFiles;
let stub: StubServer;

beforeAll(async () => {
  ids = await makeIdentity();
  stub = await startCreateSessionStub();
});
afterAll(async () => {
  await stub.close();
  await ids.cleanup();
});

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
    expect(setProfileCredentials("", "default", CREDS)).toBe("[default]\naws_access_key_id = AKNEW\naws_secret_access_key = SECRETNEW\naws_session_token = TOKENNEW\n");
    expect(setProfileCredentials("[a]\r\nx = 1\r\n", "b", CREDS)).toBe(
      "[a]\r\nx = 1\r\n\r\n[b]\r\naws_access_key_id = AKNEW\r\naws_secret_access_key = SECRETNEW\r\naws_session_token = TOKENNEW\r\n",
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

  it("sleeps until 5 minutes before expiry, retries failures with backoff and keeps going", async () => {
    const controller = new AbortController();
    const sleeps: number[] = [];
    const written: string[] = [];
    const results: Array<() => LoopCredentials> = [
      () => creds(60, "A"),
      () => {
        throw new Error("throttled");
      },
      () => {
        throw new Error("throttled again");
      },
      () => creds(60, "B"),
    ];
    const reports: string[] = [];
    await runUpdateLoop({
      once: false,
      signal: controller.signal,
      now: () => NOW,
      fetchCredentials: async () => results.shift()!(),
      write: async (c) => void written.push(c.accessKeyId),
      report: (line) => reports.push(line),
      sleep: async (ms) => {
        sleeps.push(ms);
        if (results.length === 0) controller.abort();
      },
    });
    expect(written).toEqual(["A", "B"]);
    expect(sleeps).toEqual([55 * 60_000, 5_000, 10_000, 55 * 60_000]);
    expect(reports[1]).toMatch(/refresh failed \(attempt 1\), retrying in 5 s: throttled/);
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
    const file = join(ids.dir, "credentials-keep");
    await writeFile(file, "# keep me\n[default]\naws_access_key_id = OTHER\nregion = eu-west-1\n", { mode: 0o644 });
    const r = await runCli(["update", ...sessionArgs(ids, stub.url), "--profile", "ra", "--once"], {
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
    const file = join(ids.dir, "new-dir", "credentials");
    const r = await runCli(["update", ...sessionArgs(ids, stub.url), "--once"], { env: { AWS_SHARED_CREDENTIALS_FILE: file } });
    expect(r.code).toBe(0);
    expect(await readFile(file, "utf8")).toMatch(/^\[default\]\naws_access_key_id = ASIA/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("concurrent runs on one file do not corrupt it or lose a profile", async () => {
    const file = join(ids.dir, "credentials-concurrent");
    await writeFile(file, "# shared\n[keep]\nx = 1\n");
    const profiles = Array.from({ length: 8 }, (_, i) => `p${i}`);
    const results = await Promise.all(
      profiles.map((p) => runCli(["update", ...sessionArgs(ids, stub.url), "--profile", p, "--once"], { env: { AWS_SHARED_CREDENTIALS_FILE: file } })),
    );
    expect(results.map((r) => r.code)).toEqual(profiles.map(() => 0));
    const text = await readFile(file, "utf8");
    expect(text.startsWith("# shared\n[keep]\nx = 1\n")).toBe(true);
    for (const p of profiles) {
      expect(text).toMatch(new RegExp(`\\[${p}\\]\\naws_access_key_id = ASIA\\w+\\naws_secret_access_key = \\S+\\naws_session_token = \\S+\\n`));
    }
    expect(text.match(/^\[/gm)).toHaveLength(profiles.length + 1);
    expect(results.every((r) => hasNoSecrets(r.stderr))).toBe(true);
  });

  it("reports an unwritable file path as a runtime error (exit 1)", async () => {
    const file = join(ids.cert, "credentials"); // parent is a regular file
    const r = await runCli(["update", ...sessionArgs(ids, stub.url), "--once"], { env: { AWS_SHARED_CREDENTIALS_FILE: file } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^roles-anywhere update: cannot write the credentials file .*AWS_SHARED_CREDENTIALS_FILE/);
    expect(hasNoSecrets(r.stderr)).toBe(true);
  });

  it("finds the file from AWS_SHARED_CREDENTIALS_FILE (with ~) or HOME", () => {
    expect(credentialsFilePath({ HOME: "/home/u" }, "/cwd")).toBe("/home/u/.aws/credentials");
    expect(credentialsFilePath({ HOME: "/home/u", AWS_SHARED_CREDENTIALS_FILE: "~/creds" }, "/cwd")).toBe("/home/u/creds");
    expect(credentialsFilePath({ HOME: "/home/u", AWS_SHARED_CREDENTIALS_FILE: "rel/creds" }, "/cwd")).toBe("/cwd/rel/creds");
  });
});

describe("credentials file lock", () => {
  it("takes over a lock left by a process that no longer exists", async () => {
    const { updateFileAtomically } = await import("../../src/node/atomicFile");
    const file = join(ids.dir, "credentials-stale-lock");
    await writeFile(`${file}.lock`, "2147483646"); // no such pid
    await updateFileAtomically(file, () => "[x]\n", { lockTimeoutMs: 5_000 });
    expect(await readFile(file, "utf8")).toBe("[x]\n");
    await expect(stat(`${file}.lock`)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("gives up with a clear error while a live process holds the lock", async () => {
    const { updateFileAtomically } = await import("../../src/node/atomicFile");
    const file = join(ids.dir, "credentials-held-lock");
    await writeFile(`${file}.lock`, String(process.pid));
    await expect(updateFileAtomically(file, () => "x", { lockTimeoutMs: 0 })).rejects.toThrow(/is held by another process/);
  });
});
