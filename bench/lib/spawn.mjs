// Runs a child process to completion and times it (spawn → exit), without a shell.
import { spawn } from "node:child_process";

/**
 * Runs `command args` and resolves with `{ ms, code, stdout, stderr }`; `ms` is the wall time
 * from spawn to exit as seen by the parent. Rejects when the process exits non-zero.
 */
export const run = (command, args, { cwd, env } = {}) =>
  new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - start;
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (code !== 0) reject(new Error(`${command} ${args[0] ?? ""} exited ${code}: ${stderr.trim().slice(0, 300)}`));
      else resolve({ ms, code, stdout, stderr });
    });
  });
