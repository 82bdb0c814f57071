/**
 * vitest globalSetup (to be listed in vitest.config.ts `test.globalSetup`): builds `dist/` once
 * before the run when `dist/cli.cjs` is missing or older than any file under `src/`, so the
 * subprocess tests always exercise the current code. CI builds first, so this is then a no-op.
 * @internal
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const cli = join(root, "dist", "cli.cjs");
  if (existsSync(cli) && statSync(cli).mtimeMs >= newestMtime(join(root, "src"))) return;
  execFileSync("npx", ["tsup"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
}
