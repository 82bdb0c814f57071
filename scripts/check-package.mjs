#!/usr/bin/env node
// `npm run check:package`: publint and are-the-types-wrong (every module resolution, node10
// included) on the package as `npm pack` makes it. Builds dist/ first when it is missing or stale;
// the tools' own `npm pack` runs skip the lifecycle scripts, or `prepack` would rebuild it once per tool.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIfStale } from "./dist-status.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
buildIfStale(root, { log: (line) => console.log(line) });
const env = { ...process.env, npm_config_ignore_scripts: "true" };
const windows = process.platform === "win32";
for (const [tool, args] of [
  ["publint", ["--strict"]],
  ["attw", ["--pack", "."]],
]) {
  const run = spawnSync(join(root, "node_modules", ".bin", windows ? `${tool}.cmd` : tool), args, {
    cwd: root,
    env,
    stdio: "inherit",
    shell: windows,
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
