#!/usr/bin/env node
/**
 * Installs the JavaScript runtimes the cross-runtime tests use — Node 22, 24 and 26, Bun, Deno
 * and workerd (through miniflare) — from the npm registry into `.runtimes/<name>/`, an ignored
 * folder: they are never dependencies of the package.
 *
 *   node scripts/runtimes.mjs            install (or check) every runtime
 *   node scripts/runtimes.mjs node24 bun install (or check) the named ones
 *   node scripts/runtimes.mjs --list     print the names and pinned packages, install nothing
 *   node scripts/runtimes.mjs --path node22   install (or check) one and print its binary's path
 *
 * Each runtime comes from a package that carries its binary, installed with `--ignore-scripts`,
 * so no install script can download anything from elsewhere. Idempotent: a runtime whose
 * `.runtimes/<name>/runtime.json` matches the pinned package and whose binary answers
 * `--version` is left alone. On success it prints one line per runtime (name, version, binary);
 * on failure it prints what failed and exits 1. The tests read `runtime.json` to find the binaries.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const runtimesDir = join(root, ".runtimes");

/** npm's platform/arch spelling → each project's package-name spelling. */
const platformKey = `${process.platform}-${process.arch}`;
const BUN = { "linux-x64": "linux-x64", "linux-arm64": "linux-aarch64", "darwin-x64": "darwin-x64", "darwin-arm64": "darwin-aarch64" };
const DENO = {
  "linux-x64": "linux-x64-glibc",
  "linux-arm64": "linux-arm64-glibc",
  "darwin-x64": "darwin-x64",
  "darwin-arm64": "darwin-arm64",
};
const WORKERD = { "linux-x64": "linux-64", "linux-arm64": "linux-arm64", "darwin-x64": "darwin-64", "darwin-arm64": "darwin-arm64" };

/** Pinned versions: CI tests exactly these; docs/runtimes.md lists them. */
export const RUNTIMES = {
  node22: { package: `node-${platformKey}`, version: "22.23.5", bin: (p) => `node_modules/${p}/bin/node` },
  node24: { package: `node-${platformKey}`, version: "24.22.3", bin: (p) => `node_modules/${p}/bin/node` },
  node26: { package: `node-${platformKey}`, version: "26.12.1", bin: (p) => `node_modules/${p}/bin/node` },
  bun: { package: `@oven/bun-${BUN[platformKey]}`, version: "1.4.5", bin: (p) => `node_modules/${p}/bin/bun` },
  deno: { package: `@deno/${DENO[platformKey]}`, version: "2.9.6", bin: (p) => `node_modules/${p}/deno` },
  // miniflare pulls workerd, whose binary lives in the platform package; miniflare itself runs
  // on Node >= 22, so the tests start it with the node24 runtime.
  workerd: {
    package: "miniflare",
    version: "4.20260730.0",
    bin: () => `node_modules/@cloudflare/workerd-${WORKERD[platformKey]}/bin/workerd`,
    needs: "node24",
  },
};

const fail = (message) => {
  console.error(`runtimes: ${message}`);
  process.exit(1);
};

const versionOf = (binary) =>
  execFileSync(binary, ["--version"], { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] })
    .trim()
    .split("\n")[0];

const readJson = (path) => {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
};

/** Installs one runtime unless it is already there; returns its runtime.json record. */
const install = (name) => {
  const spec = RUNTIMES[name];
  if (!BUN[platformKey]) fail(`no runtime packages for ${platformKey}; supported: ${Object.keys(BUN).join(", ")}.`);
  const dir = join(runtimesDir, name);
  const recordPath = join(dir, "runtime.json");
  const binary = join(dir, spec.bin(spec.package));
  const wanted = { package: spec.package, version: spec.version };
  const record = readJson(recordPath);
  if (record?.package === wanted.package && record.version === wanted.version && existsSync(binary)) {
    try {
      versionOf(binary);
      return record;
    } catch {
      // Broken install: start again below.
    }
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ private: true, dependencies: { [spec.package]: spec.version } }, null, 2)}\n`,
  );
  console.error(`runtimes: installing ${spec.package}@${spec.version} into ${relative(root, dir)}/`);
  try {
    execFileSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--omit=dev", "--loglevel=error"], {
      cwd: dir,
      stdio: ["ignore", 2, 2],
      timeout: 600_000,
    });
  } catch (error) {
    fail(
      `npm install ${spec.package}@${spec.version} failed (${error.message.split("\n")[0]}). The runtimes come from the npm registry only: check that it is reachable.`,
    );
  }
  if (!existsSync(binary)) fail(`${spec.package}@${spec.version} installed, but its binary ${relative(root, binary)} is missing.`);
  let version;
  try {
    version = versionOf(binary);
  } catch (error) {
    fail(`${relative(root, binary)} --version failed: ${error.message.split("\n")[0]}`);
  }
  // Paths relative to the runtime's folder, so a moved checkout keeps working.
  const result = { ...wanted, binary: spec.bin(spec.package), reported: version, ...(spec.needs ? { needs: spec.needs } : {}) };
  writeFileSync(recordPath, `${JSON.stringify(result, null, 2)}\n`);
  return result;
};

const main = () => {
  const args = process.argv.slice(2);
  if (args.includes("--list")) {
    for (const [name, spec] of Object.entries(RUNTIMES)) console.log(`${name}\t${spec.package}@${spec.version}`);
    return;
  }
  if (args[0] === "--path") {
    if (args.length !== 2 || !(args[1] in RUNTIMES)) fail(`--path takes one runtime name: ${Object.keys(RUNTIMES).join(", ")}.`);
    if (RUNTIMES[args[1]].needs) install(RUNTIMES[args[1]].needs);
    console.log(join(runtimesDir, args[1], install(args[1]).binary));
    return;
  }
  const unknown = args.filter((arg) => !(arg in RUNTIMES));
  if (unknown.length > 0) fail(`unknown runtime ${unknown.join(", ")}; known: ${Object.keys(RUNTIMES).join(", ")}.`);
  const names = args.length > 0 ? args : Object.keys(RUNTIMES);
  // A runtime that another one needs (miniflare runs on node24) is installed first.
  const ordered = [...new Set(names.flatMap((name) => (RUNTIMES[name].needs ? [RUNTIMES[name].needs, name] : [name])))];
  for (const name of ordered) {
    const record = install(name);
    console.log(`${name}\t${record.reported}\t${join(".runtimes", name, record.binary)}`);
  }
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
