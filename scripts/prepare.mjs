#!/usr/bin/env node
// npm's `prepare` script: builds dist/ when it is missing or older than src/. npm runs it after
// `npm ci` / `npm install` in a clone, when installing the package from git, and on `npm pack`
// (after `prepack`, which always rebuilds, so then there is nothing left to do). Never runs when
// the package is installed from the registry or from a tarball: those ship dist/.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIfStale } from "./dist-status.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
try {
  buildIfStale(root, { log: (line) => console.log(`prepare: ${line}`) });
} catch (error) {
  console.error(`prepare: ${error.message}`);
  process.exit(1);
}
