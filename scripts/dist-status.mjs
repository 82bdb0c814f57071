// Whether the built package (dist/) is there and newer than src/, and a build when it is not.
// Used by npm's `prepare` script (scripts/prepare.mjs), `npm run lab` and the test suite's setup.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The built files everything else expects: the library and the emulator (imported), and the CLI (`node dist/cli.cjs`). */
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

/**
 * Runs `npm run build` in `root` unless dist/ is fresh. Returns the status found before building.
 * @param {string} root the repository root
 * @param {{ log?: (line: string) => void, quiet?: boolean }} [options] `quiet` hides the build's own output
 * @returns {"missing" | "stale" | "fresh"}
 */
export function buildIfStale(root, { log = () => {}, quiet = false } = {}) {
  const status = distStatus(root);
  if (status === "fresh") return status;
  log(`dist/ is ${status === "missing" ? `missing (${DIST_ENTRIES.join(", ")} needed)` : "older than src/"}: running npm run build`);
  const windows = process.platform === "win32";
  const build = spawnSync(windows ? "npm.cmd" : "npm", ["run", "build"], {
    cwd: root,
    stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
    shell: windows,
  });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? build.signal})`);
  return status;
}
