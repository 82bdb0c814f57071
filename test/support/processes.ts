/**
 * Running the built bin (`dist/cli.cjs`) and the AWS CLI as real processes, with a clean
 * environment, for the tests that need separate processes.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

export const BIN = resolve(import.meta.dirname, "../../dist/cli.cjs");
export const hasBin = existsSync(BIN);
export const hasAws = (() => {
  try {
    execFileSync("aws", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ProcessHooks {
  /** Called with all output so far each time stdout grows. */
  onStdout?: (text: string, child: ChildProcess) => void;
  /** Called with all output so far each time stderr grows. */
  onStderr?: (text: string, child: ChildProcess) => void;
  onSpawn?: (child: ChildProcess) => void;
}

/** Runs `command` with only PATH, HOME and `env` set, and resolves when it has exited. */
export function runProcess(command: string, args: string[], env: Record<string, string>, hooks: ProcessHooks = {}): Promise<ProcessResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    hooks.onSpawn?.(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c: Buffer) => {
      stdout += c.toString();
      hooks.onStdout?.(stdout, child);
    });
    child.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString();
      hooks.onStderr?.(stderr, child);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolveRun({ code, signal, stdout, stderr }));
  });
}

/**
 * Writes an AWS config file with profile `ra` whose credential_process runs the built bin with
 * `args` (by absolute paths), and returns the environment that makes the AWS CLI use only it.
 */
export async function awsCliEnv(dir: string, args: readonly string[]): Promise<Record<string, string>> {
  const config = join(dir, "aws-config");
  const quoted = args.map((a) => (/[\s"]/.test(a) ? `"${a}"` : a)).join(" ");
  await writeFile(config, `[profile ra]\nregion = us-east-1\ncredential_process = ${process.execPath} ${BIN} ${quoted}\n`);
  return {
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-such-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  };
}
