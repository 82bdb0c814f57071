/** The bin's output: written synchronously to fd 1 and 2, complete through pipes, quiet on a closed pipe. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, hasBin, runProcess } from "../support/processes";
import { runCli } from "../support/cli";

describe.skipIf(!hasBin)(`dist/cli.cjs output${hasBin ? "" : " (skipped: dist/cli.cjs missing; run npm run build)"}`, () => {
  it("delivers the whole output through a pipe, stdout and stderr apart, as the in-process CLI produces it", async () => {
    const help = await runProcess(process.execPath, [BIN, "credential-process", "--help"], {});
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toBe((await runCli(["credential-process", "--help"])).stdout);
    const usage = await runProcess(process.execPath, [BIN, "cache"], {});
    expect(usage).toMatchObject({ code: 2, stdout: "" });
    expect(usage.stderr).toBe((await runCli(["cache"])).stderr);
  });

  it("ends quietly with exit 0 when stdout is a closed pipe (roles-anywhere … | head -1)", async () => {
    const child = spawn(process.execPath, [BIN, "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(stderr).toBe("");
  });

  it("runs through a symbolic link (node_modules/.bin) with --preserve-symlinks-main too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ra-bin-link-"));
    try {
      const link = join(dir, "roles-anywhere");
      symlinkSync(BIN, link);
      const expected = await runProcess(process.execPath, [BIN, "--version"], {});
      for (const args of [[link], ["--preserve-symlinks-main", link]]) {
        const result = await runProcess(process.execPath, [...args, "--version"], {});
        expect(result, args.join(" ")).toMatchObject({ code: 0, stderr: "", stdout: expected.stdout });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
