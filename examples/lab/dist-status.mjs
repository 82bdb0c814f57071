// Whether the built package (dist/) that run-lab.mjs loads is there and newer than src/.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The built files the lab uses: the library and the emulator (imported), and the CLI (`node dist/cli.cjs`). */
export const DIST_ENTRIES = Object.freeze(["index.js", "emulator.js", "cli.cjs"]);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * "missing" when a file of DIST_ENTRIES is absent from `<root>/dist`, "stale" when any file under
 * `<root>/src` is newer than the oldest of them, else "fresh".
 * @param {string} root the repository root
 * @returns {"missing" | "stale" | "fresh"}
 */
export function distStatus(root) {
  const entries = DIST_ENTRIES.map((f) => join(root, "dist", f));
  if (entries.some((f) => !existsSync(f))) return "missing";
  const src = join(root, "src");
  if (existsSync(src) && newestMtime(src) > Math.min(...entries.map((f) => statSync(f).mtimeMs))) return "stale";
  return "fresh";
}
