/**
 * vitest globalSetup (listed in vitest.config.ts `test.globalSetup`): builds `dist/` once before
 * the run when an entry of it is missing or older than any file under `src/`, so the subprocess
 * tests always exercise the current code. After `npm ci` (whose `prepare` script builds) or in CI,
 * this is a no-op.
 * @internal
 */
import { resolve } from "node:path";
import { buildIfStale } from "../scripts/dist-status.mjs";

const root = resolve(import.meta.dirname, "..");

export default function setup(): void {
  buildIfStale(root, { quiet: true });
}
