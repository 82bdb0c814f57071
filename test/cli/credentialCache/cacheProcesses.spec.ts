/**
 * `credential-process --cache` across real processes of the built bin: many concurrent misses make
 * one request, a lock holder killed mid-fetch does not block the others, and the AWS CLI uses the
 * cache through credential_process.
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../src/emulator";
import { type IdentityFiles, emulatorFlags, makeIdentity, sessionArgs, sessionBody, startCreateSessionStub } from "../../support/cli";
import { BIN, awsCliEnv, hasAws, hasBin, runProcess } from "../../support/processes";
import { closeServer, listen, readBody } from "../../support/stubServers";

/** Whether python3 runs here (it makes a non-blocking pipe, which Node cannot). */
const hasPython = spawnSync("python3", ["-c", "pass"]).status === 0;

/** The built package's dist/ directory, with a trailing separator. */
const DIST = dirname(BIN) + sep;

let ids: IdentityFiles;
let scratch: string;

beforeAll(async () => {
  ids = await makeIdentity();
  scratch = await mkdtemp(join(tmpdir(), "ra-cache-procs-"));
});
afterAll(async () => {
  await ids?.cleanup();
  await rm(scratch, { recursive: true, force: true });
});

const credentialProcess = (endpoint: string, cacheDir: string, extra: string[] = []) => [
  BIN,
  "credential-process",
  ...sessionArgs(ids, endpoint),
  "--cache",
  "--cache-dir",
  cacheDir,
  ...extra,
];

describe.skipIf(!hasBin)(
  `credential-process --cache as processes${hasBin ? "" : " (skipped: dist/cli.cjs missing; run npm run build)"}`,
  () => {
    it("50 concurrent processes on an empty cache make exactly 1 CreateSession and print the same credentials", async () => {
      const stub = await startCreateSessionStub();
      const cacheDir = join(scratch, "fifty");
      try {
        const results = await Promise.all(
          Array.from({ length: 50 }, () => runProcess(process.execPath, credentialProcess(stub.url, cacheDir), {})),
        );
        expect(results.map((r) => r.code)).toEqual(Array(50).fill(0));
        expect(stub.requests).toHaveLength(1);
        expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
        expect(JSON.parse(results[0]!.stdout).AccessKeyId).toBe("ASIASTUBACCESSKEY001");
        expect(results.map((r) => r.stderr).filter(Boolean)).toEqual([]);
        expect((await readdir(cacheDir)).sort()).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
      } finally {
        await stub.close();
      }
    });

    it("a hit loads two files of the package (the bin and its cache fast path) and prints what the miss printed", async () => {
      const stub = await startCreateSessionStub();
      const cacheDir = join(scratch, "fast-path");
      // Preloaded into the process: at exit, prints which files of dist/ were loaded, by Node's
      // loader (require.cache) or by the bin's code-cache loader (which opens them with fs.openSync).
      const probe = join(scratch, "loaded-files.cjs");
      await writeFile(
        probe,
        [
          `const dist = ${JSON.stringify(DIST)};`,
          `const fs = require("node:fs");`,
          `const opened = [];`,
          `const openSync = fs.openSync;`,
          `fs.openSync = function (path, ...rest) { if (typeof path === "string" && path.startsWith(dist) && path.endsWith(".cjs")) opened.push(path); return openSync.call(this, path, ...rest); };`,
          `process.on("exit", () => process.stderr.write("LOADED " + JSON.stringify([...Object.keys(require.cache).filter((f) => f.startsWith(dist)), ...opened])));`,
        ].join("\n"),
      );
      try {
        const miss = await runProcess(process.execPath, credentialProcess(stub.url, cacheDir), {});
        const hit = await runProcess(process.execPath, ["--require", probe, ...credentialProcess(stub.url, cacheDir)], {});
        expect(miss.code).toBe(0);
        expect(hit).toMatchObject({ code: 0, stdout: miss.stdout });
        expect(stub.requests).toHaveLength(1);
        const loaded = JSON.parse(hit.stderr.slice(hit.stderr.indexOf("LOADED ") + 7)) as string[];
        expect(loaded.map((file) => file.slice(DIST.length)).sort()).toEqual(["cli.cjs", "cli/cacheHit.cjs"]);
      } finally {
        await stub.close();
      }
    });

    it.skipIf(!existsSync("/dev/full"))(
      "a hit whose stdout cannot be written exits 1 with one line, and the full CLI never runs",
      async () => {
        const stub = await startCreateSessionStub();
        const cacheDir = join(scratch, "full-disk");
        try {
          expect((await runProcess(process.execPath, credentialProcess(stub.url, cacheDir), {})).code).toBe(0);
          const full = openSync("/dev/full", "w");
          try {
            const r = spawnSync(process.execPath, [...credentialProcess(stub.url, cacheDir), "--debug"], {
              stdio: ["ignore", full, "pipe"],
              env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
              encoding: "utf8",
            });
            expect(r.status).toBe(1);
            expect(r.stderr).toMatch(/\nroles-anywhere credential-process: cannot write the credentials to stdout \(ENOSPC\)\n$/);
            // The fast path's trace only: the full CLI (which would print its own "started" line) did not run.
            expect(r.stderr.match(/credential-process started/g)).toHaveLength(1);
            expect(stub.requests).toHaveLength(1);
          } finally {
            closeSync(full);
          }
        } finally {
          await stub.close();
        }
      },
    );

    it.skipIf(!hasPython)(
      "a full non-blocking stdout pipe: the output is queued and the bin waits for it before exiting (hit and miss)",
      async () => {
        const stub = await startCreateSessionStub();
        const cacheDir = join(scratch, "full-pipe");
        // Python makes the pipe: its write end non-blocking and already full, so the bin's first write fails with EAGAIN.
        const script = [
          "import os, fcntl, subprocess, sys, time",
          "r, w = os.pipe()",
          "fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)",
          "n = 0",
          "try:\n    while True: n += os.write(w, b'x')\nexcept BlockingIOError: pass",
          "p = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.DEVNULL)",
          "os.close(w)",
          "time.sleep(0.5)",
          "data = b''",
          "while True:\n    c = os.read(r, 65536)\n    if not c: break\n    data += c",
          "p.wait()",
          "sys.stdout.write(str(p.returncode) + ' ' + data[n:].decode())",
        ].join("\n");
        try {
          for (const round of ["miss", "hit"]) {
            const r = await runProcess("python3", ["-c", script, process.execPath, ...credentialProcess(stub.url, cacheDir)], {});
            expect(r.stdout, round).toMatch(/^0 \{"Version":1,"AccessKeyId":"ASIA/);
          }
          expect(stub.requests).toHaveLength(1);
        } finally {
          await stub.close();
        }
      },
    );

    it("a lock holder killed mid-fetch does not block the waiting process: it breaks the lock and fetches", async () => {
      // CreateSession gets no answer until the lock holder is dead (its retries hang too); then it does.
      let holding = true;
      let answered = 0;
      let holderMidFetch!: () => void;
      const midFetch = new Promise<void>((resolve) => (holderMidFetch = resolve));
      const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
        if (holding) return holderMidFetch();
        await readBody(req);
        answered++;
        res.writeHead(201, { "Content-Type": "application/json" });
        res.end(sessionBody({ accessKeyId: "ASIAAFTERTHEKILL0001" }));
      });
      const url = await listen(server);
      const cacheDir = join(scratch, "killed");
      try {
        let holder: ChildProcess | undefined;
        const holderDone = runProcess(process.execPath, credentialProcess(url, cacheDir), {}, { onSpawn: (child) => (holder = child) });
        await midFetch;
        let waiterWaiting!: () => void;
        const waiting = new Promise<void>((resolve) => (waiterWaiting = resolve));
        const waiterDone = runProcess(
          process.execPath,
          credentialProcess(url, cacheDir, ["--debug"]),
          {},
          {
            onStderr: (text) => text.includes("waiting for another process") && waiterWaiting(),
          },
        );
        await waiting;
        holder!.kill("SIGKILL");
        holding = false;
        expect((await holderDone).signal).toBe("SIGKILL");
        const waiter = await waiterDone;
        expect(waiter.code).toBe(0);
        expect(JSON.parse(waiter.stdout).AccessKeyId).toBe("ASIAAFTERTHEKILL0001");
        expect(waiter.stderr).toContain(`breaking the cache lock: its holder (pid ${holder!.pid}) is gone`);
        expect(answered).toBe(1);
        expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
      } finally {
        await closeServer(server);
      }
    });

    describe.skipIf(!hasAws)(`the AWS CLI [needs:aws]${hasAws ? "" : " (skipped: aws CLI not installed)"}`, () => {
      let emu: Emulator;
      let createSessions = 0;
      const ROLE = "arn:aws:iam::123456789012:role/App";
      beforeAll(async () => {
        emu = await startEmulator({
          trustAnchors: [{ id: "TA", name: "ca", certificates: [ids.ca.certificatePem] }],
          profiles: [{ id: "PROFILE", name: "p", roleArns: [ROLE] }],
          roles: [{ name: "App" }],
          onEvent: (event) => {
            if (event.operation === "CreateSession") createSessions++;
          },
        });
      });
      afterAll(async () => {
        await emu?.close();
      });

      it("[needs:aws] aws sts get-caller-identity through credential_process … --cache: 3 commands in a row and 4 at once, 1 CreateSession", async () => {
        const cacheDir = join(scratch, "aws");
        const env = await awsCliEnv(scratch, [
          "credential-process",
          "--certificate",
          ids.cert,
          "--private-key",
          ids.key,
          ...emulatorFlags(emu, ROLE),
          "--cache",
          "--cache-dir",
          cacheDir,
        ]);
        const aws = () =>
          runProcess("aws", ["sts", "get-caller-identity", "--profile", "ra", "--endpoint-url", emu.stsUrl, "--output", "json"], env);
        const results = [await aws(), await aws(), await aws(), ...(await Promise.all([aws(), aws(), aws(), aws()]))];
        for (const r of results) {
          expect(r.stderr).toBe("");
          expect(r.code).toBe(0);
          expect(JSON.parse(r.stdout).Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/App\/[0-9a-f]+$/);
        }
        expect(createSessions).toBe(1);
      });
    });
  },
);
